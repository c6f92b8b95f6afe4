import type { Logger } from 'pino';
import { Errors, ServerClient, type Models } from 'postmark';
import { maskAddress } from '../log';
import {
  AmbiguousSendError,
  ChannelInactiveError,
  neverConnected,
  PermanentSendError,
  RateLimitedError,
  TransientSendError,
  type ChannelSendError,
} from './errors';
import { emailAddressOf } from './postmark-webhook';
import type { OutboundEnvelope, SendResult, Transport } from './transport';

/** Threading data for a reply; the ids are RFC Message-IDs from the lead's last email (with angle brackets). */
export interface EmailThreadOptions {
  inReplyTo?: string;
  references?: string;
  /** Overrides the plus-address Reply-To. */
  replyTo?: string;
}

export interface OutboundAttachment {
  filename: string;
  mimeType: string;
  content: Uint8Array;
}

/** OutboundEnvelope plus what only email uses (proposed as optional fields of OutboundEnvelope itself). */
export interface EmailEnvelope extends OutboundEnvelope {
  thread?: EmailThreadOptions;
  attachments?: OutboundAttachment[];
}

export interface PostmarkTransportOptions {
  serverToken: string;
  /** POSTMARK_FROM, e.g. `Acme Lending <loans@acmelending.com>` (a confirmed sender signature). */
  from: string;
  /** POSTMARK_INBOUND_DOMAIN: replies go to `<local>+<leadId>@<inboundDomain>` and come back with MailboxHash. */
  inboundDomain?: string;
  /** Local part of the reply address; default: the From address's local part. */
  replyToLocal?: string;
  /** POSTMARK_API_BASE_URL (tests, proxies): `http://127.0.0.1:4010` or with a path prefix. */
  apiBaseUrl?: string;
  /** Seconds (postmark.js 5.x counts in seconds). Default 20. */
  timeoutSeconds?: number;
  /** Default `outbound`, the transactional stream: one-to-one conversations are not broadcasts. */
  messageStream?: string;
  /** Subject when the envelope has none. */
  defaultSubject?: string;
  log?: Logger;
  client?: ServerClient;
}

/** Postmark counts the 10 MB message limit after base64. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const NOT_CONNECTED = '[not-connected]';

/**
 * postmark.js turns a failed fetch into a PostmarkError carrying only the message, so "never connected" is marked
 * in the message before the cause is lost.
 */
function markingFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, init);
    } catch (err) {
      if (neverConnected(err)) {
        const code = (err as { cause?: { code?: string } }).cause?.code ?? 'connect failed';
        throw new Error(`${NOT_CONNECTED} ${code}`);
      }
      throw err;
    }
  };
}

export function createPostmarkClient(opts: Pick<PostmarkTransportOptions, 'serverToken' | 'apiBaseUrl' | 'timeoutSeconds'>): ServerClient {
  const timeout = opts.timeoutSeconds ?? 20;
  if (!opts.apiBaseUrl) return new ServerClient(opts.serverToken, { timeout, fetch: markingFetch() });
  const u = new URL(opts.apiBaseUrl);
  // The SDK builds `${useHttps ? 'https' : 'http'}://${requestHost}${path}`, so a port or a path prefix fits in requestHost.
  const requestHost = u.host + u.pathname.replace(/\/+$/, '');
  return new ServerClient(opts.serverToken, { useHttps: u.protocol === 'https:', requestHost, timeout, fetch: markingFetch() });
}

/** `Re: ` once, whatever the case of an existing prefix; the original subject keeps Gmail's thread together. */
export function replySubject(subject: string): string {
  const s = subject.trim();
  return /^(re|aw|sv)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/** `Acme <loans@acme.com>` + lead_1 + inbound.acme.com -> `loans+lead_1@inbound.acme.com`. */
export function plusAddress(local: string, leadId: string, inboundDomain: string): string {
  const base = local.split('+')[0]!;
  return `${base}+${leadId}@${inboundDomain.replace(/^@/, '')}`;
}

const angle = (id: string) => (id.trim().startsWith('<') ? id.trim() : `<${id.trim()}>`);

/** References for a reply: the earlier chain plus the message replied to, each id once, oldest first. */
export function referencesFor(inReplyTo: string | undefined, references: string | undefined): string | undefined {
  const ids = (references ?? '').match(/<[^<>\s]+>/g) ?? (references?.trim() ? references.trim().split(/\s+/).map(angle) : []);
  if (inReplyTo) ids.push(angle(inReplyTo));
  const unique = ids.filter((id, i) => ids.indexOf(id) === i);
  return unique.length ? unique.join(' ') : undefined;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Paragraphs on blank lines, line breaks kept: the text body, presented as HTML. */
export function textToHtml(text: string): string {
  const paragraphs = text.trim().split(/\n\s*\n/);
  return paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

export class PostmarkTransport implements Transport {
  readonly provider = 'postmark';
  readonly client: ServerClient;
  private readonly opts: PostmarkTransportOptions;
  private readonly fromAddress: string;

  constructor(opts: PostmarkTransportOptions) {
    this.fromAddress = emailAddressOf(opts.from);
    if (!this.fromAddress) throw new Error('Postmark transport needs POSTMARK_FROM with an email address');
    this.opts = opts;
    this.client = opts.client ?? createPostmarkClient(opts);
  }

  replyToFor(leadId: string): string | undefined {
    if (!this.opts.inboundDomain) return undefined;
    return plusAddress(this.opts.replyToLocal ?? this.fromAddress.split('@')[0]!, leadId, this.opts.inboundDomain);
  }

  /** The request body sent for an envelope (exported for tests and for the timeline). */
  buildMessage(env: EmailEnvelope): Models.Message {
    const inReplyTo = env.thread?.inReplyTo ? angle(env.thread.inReplyTo) : undefined;
    const references = referencesFor(inReplyTo, env.thread?.references);
    const baseSubject = env.subject?.trim() || this.opts.defaultSubject || 'Your loan application';
    const headers: Models.Header[] = [];
    if (inReplyTo) headers.push({ Name: 'In-Reply-To', Value: inReplyTo });
    if (references) headers.push({ Name: 'References', Value: references });
    const replyTo = env.thread?.replyTo ?? this.replyToFor(env.leadId);
    return {
      From: this.opts.from,
      To: env.to,
      ...(replyTo ? { ReplyTo: replyTo } : {}),
      Subject: inReplyTo ? replySubject(baseSubject) : baseSubject,
      TextBody: env.body,
      HtmlBody: textToHtml(env.body),
      MessageStream: this.opts.messageStream ?? 'outbound',
      Metadata: { leadId: env.leadId, outboxId: env.outboxId },
      ...(headers.length ? { Headers: headers } : {}),
      ...(env.attachments?.length
        ? {
            Attachments: env.attachments.map((a) => ({
              Name: a.filename,
              Content: Buffer.from(a.content).toString('base64'),
              ContentType: a.mimeType,
              ContentID: null,
            })),
          }
        : {}),
    };
  }

  /** One API call, no retry here; after an AmbiguousSendError, call findSent() before sending again. */
  async send(env: EmailEnvelope): Promise<SendResult> {
    const details = { provider: this.provider, channel: env.channel };
    if (env.channel !== 'EMAIL') throw new PermanentSendError(`Postmark transport cannot send ${env.channel}`, details);
    const message = this.buildMessage(env);
    const size = Buffer.byteLength(JSON.stringify(message));
    if (size > MAX_MESSAGE_BYTES) throw new PermanentSendError(`email is ${size} bytes after base64, over Postmark's 10 MB limit`, details);
    let res: Models.MessageSendingResponse;
    try {
      res = await this.client.sendEmail(message);
    } catch (err) {
      const classified = classifyPostmarkError(err);
      this.opts.log?.warn(
        { outboxId: env.outboxId, leadId: env.leadId, to: maskAddress(env.to), error: classified.name, code: classified.providerCode, status: classified.httpStatus },
        'postmark: send failed',
      );
      throw classified;
    }
    // With several recipients, inactive ones are skipped with a 200 (postmark.js#87); ours is the only one.
    if (/inactive addresses/i.test(res.Message ?? '') && (res.Message ?? '').toLowerCase().includes(env.to.toLowerCase())) {
      throw new ChannelInactiveError('recipient address is inactive (Postmark 406); switch channel, never retry', { ...details, providerCode: 406, httpStatus: 200 }, [env.to]);
    }
    this.opts.log?.info({ outboxId: env.outboxId, leadId: env.leadId, to: maskAddress(env.to), messageId: res.MessageID, chars: env.body.length }, 'postmark: email accepted');
    return { provider: this.provider, providerMessageId: res.MessageID, from: this.fromAddress, status: 'sent' };
  }

  /**
   * Resolves "maybe sent" through the outbound message search, by the outboxId put in Metadata. Postmark's search
   * can lag a few seconds behind the send: call this after the activity's retry backoff, not immediately.
   */
  async findSent(env: EmailEnvelope): Promise<SendResult | null> {
    let found: Models.OutboundMessage | undefined;
    try {
      const page = await this.client.getOutboundMessages({ recipient: env.to, count: 50, offset: 0, metadata_outboxId: env.outboxId });
      found = page.Messages?.find((m) => m.Metadata?.outboxId === env.outboxId);
    } catch (err) {
      throw classifyPostmarkError(err);
    }
    this.opts.log?.info({ outboxId: env.outboxId, leadId: env.leadId, found: !!found, messageId: found?.MessageID }, 'postmark: looked up a maybe-sent email');
    return found ? { provider: this.provider, providerMessageId: found.MessageID, from: this.fromAddress, status: 'sent' } : null;
  }
}

/** postmark.js errors as channel errors; Postmark's messages can name the recipient, so they are not copied. */
export function classifyPostmarkError(err: unknown): ChannelSendError {
  const base = { provider: 'postmark', channel: 'EMAIL' as const };
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const d = { ...base, providerCode: code, httpStatus: status };
  if (err instanceof Errors.InactiveRecipientsError || code === 406) {
    const recipients = err instanceof Errors.InactiveRecipientsError ? err.recipients : [];
    return new ChannelInactiveError('recipient address is inactive (Postmark 406); switch channel, never retry', d, recipients);
  }
  if (status === 429 || err instanceof Errors.RateLimitExceededError) return new RateLimitedError('Postmark rate limit (429)', d);
  if (status >= 500) return new AmbiguousSendError(`Postmark answered HTTP ${status}: the email may have been accepted`, d);
  if (status === 0) {
    const msg = typeof e.message === 'string' ? e.message : '';
    if (msg.startsWith(NOT_CONNECTED)) return new TransientSendError(`could not connect to Postmark (${msg.slice(NOT_CONNECTED.length).trim()})`, d);
    const what = /timed? ?out|timeout/i.test(msg) ? 'timed out' : 'failed';
    return new AmbiguousSendError(`Postmark request ${what}: the email may have been accepted`, d);
  }
  if (status === 401) return new PermanentSendError('Postmark refused the server token (401): check POSTMARK_SERVER_TOKEN', d);
  return new PermanentSendError(`Postmark rejected the email (HTTP ${status}${code ? `, ErrorCode ${code}` : ''})`, d);
}

/** Options from POSTMARK_* variables, or null without a token (the dev transport is used then). */
export function postmarkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PostmarkTransportOptions | null {
  const serverToken = env.POSTMARK_SERVER_TOKEN?.trim();
  if (!serverToken) return null;
  const from = env.POSTMARK_FROM?.trim();
  if (!from) throw new Error('POSTMARK_SERVER_TOKEN is set: set POSTMARK_FROM (a confirmed sender signature) too');
  return {
    serverToken,
    from,
    inboundDomain: env.POSTMARK_INBOUND_DOMAIN?.trim() || undefined,
    apiBaseUrl: env.POSTMARK_API_BASE_URL?.trim() || undefined,
  };
}
