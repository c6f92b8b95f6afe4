import type { Channel } from '../../workflows/types';

/**
 * What a failed send means for the caller, decided once here so the activity layer never parses provider errors.
 *
 * | class                  | was it sent?      | what to do                                                                 |
 * |------------------------|-------------------|----------------------------------------------------------------------------|
 * | ChannelOptOutError     | no                | mark the lead opted out of the channel; never retry (Twilio 21610)         |
 * | ChannelInactiveError   | no                | mark the channel unusable, switch to the other one; never retry (PM 406)   |
 * | PermanentSendError     | no                | surface to a human; never retry (bad number, invalid request, bad token)   |
 * | RateLimitedError       | no                | retry with backoff (honour retryAfterMs when given)                        |
 * | TransientSendError     | no                | retry (the connection was never made)                                      |
 * | AmbiguousSendError     | maybe             | call the transport's findSent() before any resend; resend only if null     |
 *
 * Every class sets `name` explicitly: Temporal matches `nonRetryableErrorTypes` on the error's name, and class names
 * do not survive minification or re-export reliably.
 */
export type ChannelErrorKind = 'opt_out' | 'inactive' | 'permanent' | 'rate_limited' | 'transient' | 'ambiguous';

export interface ChannelErrorDetails {
  provider: string;
  channel: Channel;
  /** Provider error code (Twilio `code`, Postmark `ErrorCode`) when one was given. */
  providerCode?: number;
  /** HTTP status, 0 when no response arrived. */
  httpStatus?: number;
  cause?: unknown;
}

export abstract class ChannelSendError extends Error {
  abstract readonly kind: ChannelErrorKind;
  /** True when a later attempt may succeed (after backoff, or after findSent() for ambiguous failures). */
  abstract readonly retryable: boolean;
  readonly provider: string;
  readonly channel: Channel;
  readonly providerCode?: number;
  readonly httpStatus?: number;

  constructor(message: string, details: ChannelErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.channel = details.channel;
    this.providerCode = details.providerCode;
    this.httpStatus = details.httpStatus;
  }
}

/** The recipient told the carrier STOP (Twilio 21610, synchronously or in a status callback). */
export class ChannelOptOutError extends ChannelSendError {
  override readonly name = 'ChannelOptOutError';
  readonly kind = 'opt_out' as const;
  readonly retryable = false;
}

/** The address can no longer receive mail (Postmark 406: hard bounce, spam complaint, manual suppression). */
export class ChannelInactiveError extends ChannelSendError {
  override readonly name = 'ChannelInactiveError';
  readonly kind = 'inactive' as const;
  readonly retryable = false;
  constructor(
    message: string,
    details: ChannelErrorDetails,
    readonly recipients: string[] = [],
  ) {
    super(message, details);
  }
}

/** The provider refused the request and will refuse it again (invalid number, invalid email request, bad credentials). */
export class PermanentSendError extends ChannelSendError {
  override readonly name = 'PermanentSendError';
  readonly kind = 'permanent' as const;
  readonly retryable = false;
}

/** 429: nothing was created; retry later. */
export class RateLimitedError extends ChannelSendError {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate_limited' as const;
  readonly retryable = true;
  constructor(
    message: string,
    details: ChannelErrorDetails,
    readonly retryAfterMs?: number,
  ) {
    super(message, details);
  }
}

/** The request never reached the provider (connection refused, DNS failure): retrying cannot duplicate. */
export class TransientSendError extends ChannelSendError {
  override readonly name = 'TransientSendError';
  readonly kind = 'transient' as const;
  readonly retryable = true;
}

/**
 * Timeout, dropped connection or 5xx after the request was sent: the message may have gone out.
 * Resolve with the transport's findSent() before resending, or the lead gets the text twice.
 */
export class AmbiguousSendError extends ChannelSendError {
  override readonly name = 'AmbiguousSendError';
  readonly kind = 'ambiguous' as const;
  readonly retryable = true;
}

/** Names for Temporal's `RetryPolicy.nonRetryableErrorTypes`. */
export const NON_RETRYABLE_SEND_ERRORS = ['ChannelOptOutError', 'ChannelInactiveError', 'PermanentSendError'] as const;

/** Socket-level codes that prove the request never left this machine. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Walks `err.code` and the `cause` chain for a code that means "never connected". */
export function neverConnected(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
