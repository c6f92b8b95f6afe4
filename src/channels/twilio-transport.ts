import type { Logger } from 'pino';
import twilio from 'twilio';
import { maskAddress } from '../log';
import {
  AmbiguousSendError,
  ChannelOptOutError,
  neverConnected,
  PermanentSendError,
  RateLimitedError,
  TransientSendError,
  type ChannelSendError,
} from './errors';
import type { OutboundEnvelope, SendResult, Transport } from './transport';
import { rebaseUrl } from './twilio-media';
import { TWILIO_OPT_OUT_CODE } from './twilio-webhook';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];
type RequestClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

/**
 * The SDK's own HTTP client (axios + qs, so the wire format is the real one) with every request's origin replaced
 * by TWILIO_API_BASE_URL. Rewriting here rather than setting `client.api.baseUrl` covers every domain, survives
 * TWILIO_REGION/TWILIO_EDGE (which would otherwise mangle "127.0.0.1"), and also covers next-page URLs.
 */
export class RebasingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    opts: RequestClientOptions = {},
  ) {
    super({ ...opts, autoRetry: false });
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: rebaseUrl(opts.uri, this.baseUrl) });
  }
}

/** OutboundEnvelope plus what only SMS uses. */
export interface SmsEnvelope extends OutboundEnvelope {
  /** Public URLs Twilio fetches and attaches (MMS). */
  mediaUrls?: string[];
}

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** One of the two: a number of the account, or a Messaging Service (takes precedence). */
  fromNumber?: string;
  messagingServiceSid?: string;
  /** PUBLIC_BASE_URL; the status callback goes to `${publicBaseUrl}/webhooks/twilio/status`. */
  publicBaseUrl?: string;
  /** TWILIO_API_BASE_URL (tests, proxies). */
  apiBaseUrl?: string;
  /** Per request, default 15 s. A timeout is an ambiguous failure: keep it well under the activity timeout. */
  timeoutMs?: number;
  log?: Logger;
  /** Injected client (tests); built from the options otherwise. */
  client?: twilio.Twilio;
}

export const TWILIO_STATUS_CALLBACK_PATH = '/webhooks/twilio/status';

export function createTwilioClient(opts: Pick<TwilioTransportOptions, 'accountSid' | 'authToken' | 'apiBaseUrl' | 'timeoutMs'>): twilio.Twilio {
  const clientOpts: RequestClientOptions = { timeout: opts.timeoutMs ?? 15_000, autoRetry: false };
  const httpClient = opts.apiBaseUrl ? new RebasingRequestClient(opts.apiBaseUrl, clientOpts) : new twilio.RequestClient(clientOpts);
  return twilio(opts.accountSid, opts.authToken, { httpClient, autoRetry: false });
}

/** A body as Twilio may store it: smart encoding swaps typographic characters, whitespace may be trimmed. */
function comparableBody(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

export class TwilioTransport implements Transport {
  readonly provider = 'twilio';
  readonly client: twilio.Twilio;
  private readonly opts: TwilioTransportOptions;

  constructor(opts: TwilioTransportOptions) {
    if (!opts.fromNumber && !opts.messagingServiceSid) throw new Error('Twilio transport needs TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID');
    this.opts = opts;
    this.client = opts.client ?? createTwilioClient(opts);
  }

  private get sender(): string {
    return this.opts.messagingServiceSid ?? this.opts.fromNumber!;
  }

  get statusCallbackUrl(): string | undefined {
    return this.opts.publicBaseUrl ? this.opts.publicBaseUrl.replace(/\/+$/, '') + TWILIO_STATUS_CALLBACK_PATH : undefined;
  }

  /**
   * One create call, never retried here (the SDK's 429 auto-retry is off too): the activity decides, using the
   * error class. After an AmbiguousSendError, call findSent() before calling send() again.
   */
  async send(env: SmsEnvelope): Promise<SendResult> {
    if (env.channel !== 'SMS') throw new PermanentSendError(`Twilio transport cannot send ${env.channel}`, { provider: this.provider, channel: env.channel });
    const statusCallback = this.statusCallbackUrl;
    try {
      const m = await this.client.messages.create({
        to: env.to,
        body: env.body,
        ...(this.opts.messagingServiceSid ? { messagingServiceSid: this.opts.messagingServiceSid } : { from: this.opts.fromNumber! }),
        ...(statusCallback ? { statusCallback } : {}),
        ...(env.mediaUrls?.length ? { mediaUrl: env.mediaUrls } : {}),
      });
      this.opts.log?.info(
        { outboxId: env.outboxId, leadId: env.leadId, to: maskAddress(env.to), sid: m.sid, status: m.status, chars: env.body.length },
        'twilio: message accepted',
      );
      return { provider: this.provider, providerMessageId: m.sid, from: m.from ?? this.sender, status: m.status };
    } catch (err) {
      const classified = classifyTwilioError(err);
      this.opts.log?.warn(
        { outboxId: env.outboxId, leadId: env.leadId, to: maskAddress(env.to), error: classified.name, code: classified.providerCode, status: classified.httpStatus },
        'twilio: send failed',
      );
      throw classified;
    }
  }

  /**
   * Resolves "maybe sent": the message of this envelope if Twilio has it, null if it is certainly not there.
   * Lists the recipient's most recent messages and filters client-side on creation time (not `dateSentAfter`:
   * `date_sent` stays empty while a message is queued, and the DateSent filter is day-granular), sender and body.
   */
  async findSent(env: SmsEnvelope, opts: { since?: Date; limit?: number } = {}): Promise<SendResult | null> {
    const since = (opts.since ?? new Date(Date.now() - 24 * 3600_000)).getTime() - 5 * 60_000; // clock skew
    const want = comparableBody(env.body);
    let found;
    try {
      const recent = await this.client.messages.list({ to: env.to, limit: opts.limit ?? 50, pageSize: opts.limit ?? 50 });
      found = recent
        .filter((m) => m.direction?.startsWith('outbound'))
        .filter((m) => (this.opts.messagingServiceSid ? m.messagingServiceSid === this.opts.messagingServiceSid : m.from === this.opts.fromNumber))
        .filter((m) => !m.dateCreated || m.dateCreated.getTime() >= since)
        .filter((m) => comparableBody(m.body ?? '') === want)
        .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))[0];
    } catch (err) {
      throw classifyTwilioError(err);
    }
    this.opts.log?.info({ outboxId: env.outboxId, leadId: env.leadId, found: !!found, sid: found?.sid }, 'twilio: looked up a maybe-sent message');
    return found ? { provider: this.provider, providerMessageId: found.sid, from: found.from ?? this.sender, status: found.status } : null;
  }
}

interface TwilioLikeError {
  status?: unknown;
  code?: unknown;
  moreInfo?: unknown;
  isAxiosError?: unknown;
  message?: unknown;
}

/**
 * SDK errors as channel errors. Provider messages are not copied (they can contain the phone number) and the SDK
 * error is not kept as `cause` (axios errors carry the request config, Authorization header included).
 */
export function classifyTwilioError(err: unknown): ChannelSendError {
  const details = { provider: 'twilio', channel: 'SMS' as const };
  const e = (err ?? {}) as TwilioLikeError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const d = { ...details, httpStatus: status, providerCode: code };
    const more = typeof e.moreInfo === 'string' ? ` (${e.moreInfo})` : '';
    if (code === TWILIO_OPT_OUT_CODE) return new ChannelOptOutError('recipient has opted out of SMS (Twilio 21610); never retry', d);
    if (status === 429 || code === 20429) return new RateLimitedError('Twilio rate limit (429)', d);
    if (status >= 500) return new AmbiguousSendError(`Twilio answered HTTP ${status}: the message may have been created`, d);
    return new PermanentSendError(`Twilio rejected the message (HTTP ${status}${code ? `, code ${code}` : ''})${more}`, d);
  }
  if (neverConnected(err)) return new TransientSendError(`could not connect to Twilio (${String(e.code)})`, { ...details, httpStatus: 0 });
  const sysCode = typeof e.code === 'string' ? e.code : 'unknown';
  if (e.isAxiosError || typeof e.code === 'string') {
    const what = sysCode === 'ECONNABORTED' || sysCode === 'ETIMEDOUT' ? 'timed out' : `failed (${sysCode})`;
    return new AmbiguousSendError(`Twilio request ${what}: the message may have been created`, { ...details, httpStatus: 0 });
  }
  return new AmbiguousSendError(`Twilio request failed: ${typeof e.message === 'string' ? e.message : 'unknown error'}`, { ...details, httpStatus: 0 });
}

/** Options from TWILIO_* variables, or null without credentials (the dev transport is used then). */
export function twilioOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TwilioTransportOptions | null {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  if (!accountSid || !authToken) return null;
  const fromNumber = env.TWILIO_FROM_NUMBER?.trim() || undefined;
  const messagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID?.trim() || undefined;
  if (!fromNumber && !messagingServiceSid) throw new Error('TWILIO_ACCOUNT_SID is set: set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID too');
  return {
    accountSid,
    authToken,
    fromNumber,
    messagingServiceSid,
    publicBaseUrl: env.PUBLIC_BASE_URL?.trim() || undefined,
    apiBaseUrl: env.TWILIO_API_BASE_URL?.trim() || undefined,
  };
}
