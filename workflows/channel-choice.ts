// Which channel a follow-up goes out on, and why (the reason goes into the action log's input). A pure policy: this
// file runs in the workflow sandbox.

import { CHANNELS, type Channel } from './types';

/** Unanswered follow-ups on one channel before the next one tries another channel. */
export const DEFAULT_SWITCH_AFTER = 2;

export interface ChannelChoiceInput {
  /** Channels that can reach the lead: not opted out, not bounced, address known. */
  usable: readonly Channel[];
  /** The channel of the lead's last message, if any. */
  lastInboundChannel: Channel | null;
  /** Follow-ups sent on each channel since the lead last answered (on any channel). */
  unansweredOnChannel: Partial<Record<Channel, number>>;
  /** The channel an admin asked for when sending a follow-up by hand. */
  requested?: Channel;
  switchAfter?: number;
}

export type ChannelChoice = { channel: Channel; reason: string } | { channel: null; reason: string };

/**
 * The admin's channel if it can be used; else the channel the lead last answered on (or SMS, then email, for a lead
 * who never answered); after `switchAfter` unanswered follow-ups there, the usable channel with fewer unanswered.
 * Never a channel outside `usable`.
 */
export function chooseFollowUpChannel(input: ChannelChoiceInput): ChannelChoice {
  const usable = CHANNELS.filter((c) => input.usable.includes(c));
  if (usable.length === 0) return { channel: null, reason: 'No usable channel: every channel is opted out, bounced or without an address' };

  const notes: string[] = [];
  if (input.requested) {
    if (usable.includes(input.requested)) return { channel: input.requested, reason: `${input.requested} requested by an admin` };
    notes.push(`an admin asked for ${input.requested}, which cannot reach the lead`);
  }

  const last = input.lastInboundChannel;
  let base: Channel;
  if (last && usable.includes(last)) {
    base = last;
    notes.push(`the lead last answered on ${last}`);
  } else {
    base = usable[0];
    notes.push(last ? `the lead last answered on ${last}, which cannot be used now` : 'the lead has not answered yet');
  }

  const switchAfter = input.switchAfter ?? DEFAULT_SWITCH_AFTER;
  const unanswered = (c: Channel) => input.unansweredOnChannel[c] ?? 0;
  const alternative = usable
    .filter((c) => c !== base && unanswered(c) < unanswered(base))
    .sort((a, b) => unanswered(a) - unanswered(b))[0];
  if (unanswered(base) >= switchAfter && alternative) {
    notes.push(`${unanswered(base)} follow-ups on ${base} went unanswered, so switched to ${alternative}`);
    return { channel: alternative, reason: sentence(notes) };
  }
  if (base !== last) notes.push(`using ${base}`);
  return { channel: base, reason: sentence(notes) };
}

function sentence(notes: string[]): string {
  const text = notes.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a follow-up's action log records as its input, the channel's reason included. */
export interface FollowUpLogInput {
  channel: Channel;
  attemptNumber: number;
  adminTriggered: boolean;
  missingItemsCount: number;
  channelReason: string;
}

export function followUpLogInput(choice: { channel: Channel; reason: string }, attempt: { attemptNumber: number; adminTriggered: boolean; missingItemsCount: number }): FollowUpLogInput {
  return { channel: choice.channel, ...attempt, channelReason: choice.reason };
}
