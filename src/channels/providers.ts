import type { Logger } from 'pino';
import type { Channel } from '../../workflows/types';
import { DevTransport } from './dev-transport';
import { PostmarkTransport, postmarkOptionsFromEnv } from './postmark-transport';
import type { OutboundEnvelope, SendResult, Transport } from './transport';
import { TwilioTransport, twilioOptionsFromEnv } from './twilio-transport';

/** A transport that can tell whether an earlier, ambiguous attempt went out. */
export interface ResolvableTransport extends Transport {
  findSent(envelope: OutboundEnvelope, opts?: { since?: Date }): Promise<SendResult | null>;
}

export function isResolvable(t: Transport): t is ResolvableTransport {
  return typeof (t as Partial<ResolvableTransport>).findSent === 'function';
}

/**
 * One transport per channel: Twilio and Postmark when their credentials are set, the dev transport otherwise.
 * Throws on half a configuration (a token without a sender), so a typo does not silently fall back to dev.
 */
export function createTransports(env: NodeJS.ProcessEnv, log: Logger): Record<Channel, Transport> {
  const twilioOpts = twilioOptionsFromEnv(env);
  const postmarkOpts = postmarkOptionsFromEnv(env);
  const sms = twilioOpts ? new TwilioTransport({ ...twilioOpts, log }) : new DevTransport(env.TWILIO_FROM_NUMBER?.trim() || '+15005550006', log);
  const email = postmarkOpts ? new PostmarkTransport({ ...postmarkOpts, log }) : new DevTransport(env.POSTMARK_FROM?.trim() || 'agent@localhost', log);
  log.info({ sms: sms.provider, email: email.provider }, 'channel transports');
  return { SMS: sms, EMAIL: email };
}

/**
 * The send step of an outbox activity. On a retry after an ambiguous failure (`checkFirst`, e.g. attempt > 1) the
 * provider is asked first and an earlier send is reported instead of a second message. Errors are the typed
 * channel errors from ./errors.
 */
export async function sendResolvingAmbiguity(
  transport: Transport,
  envelope: OutboundEnvelope,
  opts: { checkFirst: boolean; since?: Date },
): Promise<SendResult & { resolvedFromEarlierAttempt: boolean }> {
  if (opts.checkFirst && isResolvable(transport)) {
    const earlier = await transport.findSent(envelope, { since: opts.since });
    if (earlier) return { ...earlier, resolvedFromEarlierAttempt: true };
  }
  return { ...(await transport.send(envelope)), resolvedFromEarlierAttempt: false };
}
