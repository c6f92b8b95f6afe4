import { reviewOutbound } from './guard';
import { redactPii } from './redact';

const MAX_ECHO = 80;

/**
 * Words the lead chose (a file name, a stated business name) that a reply may quote back: personal numbers masked,
 * and nothing the guard would refuse. A lead must not be able to make the agent say "you're approved" by naming a
 * file that way. Returns null when the text cannot be quoted safely; the caller says "your file" instead.
 */
export function quotable(text: string): string | null {
  const masked = redactPii(text).replace(/\s+/g, ' ').trim();
  if (!masked || masked.length > MAX_ECHO || masked !== redactPii(masked) || /\*{3}/.test(masked)) return null;
  return reviewOutbound({ channel: 'SMS', subject: null, body: masked }).ok ? masked : null;
}
