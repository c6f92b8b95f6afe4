/**
 * One local HTTP server standing in for Twilio (Messages API, message list, MMS media and its CDN redirect),
 * Postmark (/email, outbound message search) and Anthropic (/v1/messages, non-streaming), so tests run the real SDKs
 * offline. Point them at `fake.base`: TWILIO_API_BASE_URL, POSTMARK_API_BASE_URL, ANTHROPIC_BASE_URL.
 *
 *   const fake = await startFakeUpstreams();
 *   fake.optedOut.add('+15125550199');                      // next SMS to it: 400 / 21610
 *   fake.inactiveEmails.add('dana@example.com');            // next email to it: 422 / 406
 *   fake.failNext({ service: 'twilio', status: 500, commit: true }); // stored, then 500: "maybe sent"
 *   fake.failNext({ service: 'postmark', hang: true });     // never answers: client timeout
 *   fake.anthropicQueue.push(toolUseMessage('request_document', { type: 'paystub' }), textMessage('Thanks!'));
 *   ...
 *   await fake.close();
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeService = 'twilio' | 'media' | 'cdn' | 'postmark' | 'anthropic' | 'unknown';

export interface FakeCall {
  service: FakeService;
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  /** Form params (Twilio; a repeated key becomes an array), parsed JSON (Postmark, Anthropic), else the raw text. */
  body: any;
  /** Status answered; 0 while held (hang). */
  status: number;
  at: number;
}

export interface FakeFailure {
  service: Exclude<FakeService, 'unknown'>;
  /** Answer with this status (and body) instead of the normal answer. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer: the client's timeout fires. */
  hang?: boolean;
  /** Do the real work first (the message is stored), then fail: the "maybe sent" case. */
  commit?: boolean;
  match?: (call: FakeCall) => boolean;
  /** How many requests this applies to (default 1). */
  times?: number;
}

export interface FakeTwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  direction: 'outbound-api';
  num_media: string;
  num_segments: string;
  media_urls: string[];
  status_callback: string | null;
  error_code: number | null;
  error_message: string | null;
  date_created: Date;
  date_sent: Date | null;
}

export interface FakeMedia {
  accountSid: string;
  messageSid: string;
  mediaSid: string;
  bytes: Uint8Array;
  contentType: string;
  /** 404 this many times before serving (media not stored yet). */
  notFoundTimes: number;
  /** 307 to the CDN path (as api.twilio.com does) instead of serving directly. */
  redirect: boolean;
}

export interface FakePostmarkEmail extends Record<string, unknown> {
  MessageID: string;
  ReceivedAt: string;
}

export interface AnthropicContentBlock {
  type: string;
  [k: string]: unknown;
}
export interface AnthropicScriptedMessage {
  content: AnthropicContentBlock[];
  stop_reason?: string;
  model?: string;
  usage?: { input_tokens: number; output_tokens: number };
}
export interface AnthropicScriptedError {
  error: { status: number; type?: string; message?: string; headers?: Record<string, string> };
}
export type AnthropicScript = AnthropicScriptedMessage | AnthropicScriptedError | ((request: any) => AnthropicScriptedMessage | AnthropicScriptedError);

export interface FakeUpstreams {
  base: string;
  calls: FakeCall[];
  callsTo(service: FakeService): FakeCall[];
  /** Twilio: numbers that have texted STOP (create -> 400 / 21610). */
  optedOut: Set<string>;
  /** Postmark: inactive addresses (send -> 422 / ErrorCode 406). Compared lower-cased. */
  inactiveEmails: Set<string>;
  twilioMessages: FakeTwilioMessage[];
  postmarkEmails: FakePostmarkEmail[];
  anthropicQueue: AnthropicScript[];
  /** When set, Twilio requests must carry these credentials (401 / 20003 otherwise). */
  twilioAuth?: { accountSid: string; authToken: string };
  /** When set, Postmark requests must carry this server token (401 / ErrorCode 10 otherwise). */
  postmarkToken?: string;
  failNext(failure: FakeFailure): void;
  /** Registers an MMS media file; `twilioUrl` is what Twilio posts as MediaUrlN. */
  addTwilioMedia(m: Partial<FakeMedia> & { accountSid: string; messageSid: string; bytes: Uint8Array }): { mediaSid: string; twilioUrl: string };
  /** Clears calls, stored messages, sets, queues and scripted failures. */
  reset(): void;
  close(): Promise<void>;
}

/** A base URL on which nothing listens (connection refused). Port 1 would not do: fetch refuses "bad ports" itself. */
export async function unusedBaseUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Anthropic builders

let toolSeq = 0;

export function textMessage(text: string): AnthropicScriptedMessage {
  return { content: [{ type: 'text', text }], stop_reason: 'end_turn' };
}

export function toolUseMessage(name: string, input: Record<string, unknown>, opts: { text?: string; id?: string } = {}): AnthropicScriptedMessage {
  const content: AnthropicContentBlock[] = [];
  if (opts.text) content.push({ type: 'text', text: opts.text });
  content.push({ type: 'tool_use', id: opts.id ?? `toolu_fake_${++toolSeq}`, name, input });
  return { content, stop_reason: 'tool_use' };
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function anthropicError(status: number, message?: string, headers?: Record<string, string>): AnthropicScriptedError {
  return { error: { status, type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message: message ?? `fake ${status}`, headers } };
}

// ---------------------------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
type Outcome = Reply | 'hang';

const hex = (n: number) => randomBytes(n).toString('hex');
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function basicAuth(h: string | undefined): { user: string; pass: string } | null {
  const m = /^Basic\s+(\S+)$/i.exec(h ?? '');
  if (!m) return null;
  const s = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? null : { user: s.slice(0, i), pass: s.slice(i + 1) };
}

function serviceOf(path: string): FakeService {
  if (/^\/2010-04-01\/Accounts\/[^/]+\/Messages\/[^/]+\/Media\//.test(path)) return 'media';
  if (path.startsWith('/2010-04-01/')) return 'twilio';
  if (path.startsWith('/cdn/')) return 'cdn';
  if (path === '/email' || path.startsWith('/email/') || path.startsWith('/messages/')) return 'postmark';
  if (path.startsWith('/v1/')) return 'anthropic';
  return 'unknown';
}

function dateFilter(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function startFakeUpstreams(opts: { port?: number } = {}): Promise<FakeUpstreams> {
  const held = new Set<http.ServerResponse>();
  const failures: (FakeFailure & { left: number })[] = [];
  const media = new Map<string, FakeMedia>();
  const cdn = new Map<string, FakeMedia>();
  let msgSeq = 0;
  let base = '';

  const fake: FakeUpstreams = {
    base: '',
    calls: [],
    callsTo: (service) => fake.calls.filter((c) => c.service === service),
    optedOut: new Set(),
    inactiveEmails: new Set(),
    twilioMessages: [],
    postmarkEmails: [],
    anthropicQueue: [],
    failNext(f) {
      failures.push({ ...f, left: f.times ?? 1 });
    },
    addTwilioMedia(m) {
      const mediaSid = m.mediaSid ?? `ME${hex(16)}`;
      const entry: FakeMedia = {
        accountSid: m.accountSid,
        messageSid: m.messageSid,
        mediaSid,
        bytes: m.bytes,
        contentType: m.contentType ?? 'image/jpeg',
        notFoundTimes: m.notFoundTimes ?? 0,
        redirect: m.redirect ?? true,
      };
      const path = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.messageSid}/Media/${mediaSid}`;
      media.set(path, entry);
      return { mediaSid, twilioUrl: `https://api.twilio.com${path}` };
    },
    reset() {
      fake.calls.length = 0;
      fake.twilioMessages.length = 0;
      fake.postmarkEmails.length = 0;
      fake.anthropicQueue.length = 0;
      fake.optedOut.clear();
      fake.inactiveEmails.clear();
      failures.length = 0;
      media.clear();
      cdn.clear();
    },
    async close() {
      for (const res of held) res.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  // ----- Twilio ------------------------------------------------------------------------------------------------

  function twilioError(status: number, code: number, message: string): Reply {
    return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  function twilioAuthError(call: FakeCall, accountSid: string): Reply | null {
    const auth = basicAuth(first(call.headers.authorization));
    if (!auth || auth.user !== accountSid) return twilioError(401, 20003, 'Authenticate');
    if (fake.twilioAuth && (auth.user !== fake.twilioAuth.accountSid || auth.pass !== fake.twilioAuth.authToken)) return twilioError(401, 20003, 'Authenticate');
    return null;
  }

  function messageResource(m: FakeTwilioMessage) {
    const uri = `/2010-04-01/Accounts/${m.account_sid}/Messages/${m.sid}.json`;
    return {
      account_sid: m.account_sid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822(m.date_created),
      date_sent: m.date_sent ? rfc2822(m.date_sent) : null,
      date_updated: rfc2822(m.date_created),
      direction: m.direction,
      error_code: m.error_code,
      error_message: m.error_message,
      from: m.from,
      messaging_service_sid: m.messaging_service_sid,
      num_media: m.num_media,
      num_segments: m.num_segments,
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: uri.replace('.json', '/Media.json'), feedback: uri.replace('.json', '/Feedback.json') },
      to: m.to,
      uri,
    };
  }

  function twilio(call: FakeCall): Outcome {
    const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(call.path);
    const one = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(call.path);
    const accountSid = (create ?? one)?.[1];
    if (!accountSid) return twilioError(404, 20404, `The requested resource ${call.path} was not found`);
    const denied = twilioAuthError(call, accountSid);
    if (denied) return denied;

    if (create && call.method === 'POST') {
      const p = (call.body ?? {}) as Record<string, string | string[]>;
      const to = first(p.To);
      const from = first(p.From);
      const service = first(p.MessagingServiceSid);
      const body = first(p.Body) ?? '';
      const mediaUrls = p.MediaUrl === undefined ? [] : Array.isArray(p.MediaUrl) ? p.MediaUrl : [p.MediaUrl];
      if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
      if (!from && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
      if (!body && mediaUrls.length === 0) return twilioError(400, 21602, 'Message body is required.');
      if (fake.optedOut.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
      const now = new Date();
      const m: FakeTwilioMessage = {
        sid: `${mediaUrls.length ? 'MM' : 'SM'}${hex(16)}`,
        account_sid: accountSid,
        to,
        from: from ?? null,
        messaging_service_sid: service ?? null,
        body,
        status: service ? 'accepted' : 'queued',
        direction: 'outbound-api',
        num_media: String(mediaUrls.length),
        num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
        media_urls: mediaUrls,
        status_callback: first(p.StatusCallback) ?? null,
        error_code: null,
        error_message: null,
        date_created: new Date(now.getTime() + msgSeq++), // strictly increasing, so "newest first" is stable
        date_sent: now,
      };
      fake.twilioMessages.push(m);
      return json(201, messageResource(m));
    }
    if (create && call.method === 'GET') {
      const q = call.query;
      const to = first(q.To);
      const from = first(q.From);
      const on = dateFilter(first(q.DateSent));
      const after = dateFilter(first(q['DateSent>']));
      const before = dateFilter(first(q['DateSent<']));
      const pageSize = Math.min(1000, Number(first(q.PageSize) ?? 50) || 50);
      const list = fake.twilioMessages
        .filter((m) => m.account_sid === accountSid)
        .filter((m) => !to || m.to === to)
        .filter((m) => !from || m.from === from)
        .filter((m) => !on || (m.date_sent && m.date_sent.toISOString().slice(0, 10) === on.toISOString().slice(0, 10)))
        .filter((m) => !after || (m.date_sent !== null && m.date_sent >= after))
        .filter((m) => !before || (m.date_sent !== null && m.date_sent <= before))
        .sort((a, b) => b.date_created.getTime() - a.date_created.getTime())
        .slice(0, pageSize);
      const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
      return json(200, {
        messages: list.map(messageResource),
        end: Math.max(0, list.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
      });
    }
    if (one && call.method === 'GET') {
      const m = fake.twilioMessages.find((x) => x.sid === one[2] && x.account_sid === accountSid);
      return m ? json(200, messageResource(m)) : twilioError(404, 20404, `The requested resource ${call.path} was not found`);
    }
    return twilioError(405, 20004, 'Method not allowed');
  }

  function mediaRoute(call: FakeCall): Outcome {
    const m = media.get(call.path.replace(/\.json$/, ''));
    const accountSid = /^\/2010-04-01\/Accounts\/([^/]+)\//.exec(call.path)?.[1] ?? '';
    const denied = twilioAuthError(call, accountSid);
    if (denied) return denied;
    if (!m) return twilioError(404, 20404, `The requested resource ${call.path} was not found`);
    if (m.notFoundTimes > 0) {
      m.notFoundTimes--;
      return twilioError(404, 20404, `The requested resource ${call.path} was not found`);
    }
    if (m.redirect) {
      const token = hex(12);
      cdn.set(token, m);
      return { status: 307, headers: { location: `${base}/cdn/${token}?Expires=${Date.now() + 300_000}&Signature=fake` } };
    }
    return { status: 200, headers: { 'content-type': m.contentType }, body: Buffer.from(m.bytes) };
  }

  function cdnRoute(call: FakeCall): Outcome {
    // Pre-signed URLs (S3 style) refuse a second auth mechanism: credentials must not follow the redirect.
    if (call.headers.authorization) return { status: 400, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>' };
    const m = cdn.get(call.path.slice('/cdn/'.length));
    if (!m) return { status: 403, body: 'expired' };
    return { status: 200, headers: { 'content-type': m.contentType }, body: Buffer.from(m.bytes) };
  }

  // ----- Postmark ----------------------------------------------------------------------------------------------

  function postmark(call: FakeCall): Outcome {
    const token = first(call.headers['x-postmark-server-token']);
    if (!token) return json(401, { ErrorCode: 10, Message: 'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.' });
    if (fake.postmarkToken !== undefined && token !== fake.postmarkToken) return json(401, { ErrorCode: 10, Message: 'The Server API token you provided in the X-Postmark-Server-Token request header was invalid.' });

    if (call.path === '/email' && call.method === 'POST') {
      const b = call.body as Record<string, unknown> | null;
      if (!b || typeof b !== 'object') return json(422, { ErrorCode: 402, Message: 'Received invalid JSON input.' });
      const to = typeof b.To === 'string' ? b.To : '';
      if (!b.From) return json(422, { ErrorCode: 300, Message: "Invalid 'From' address: ''." });
      if (!to.trim()) return json(422, { ErrorCode: 300, Message: 'Zero recipients specified' });
      if (!b.TextBody && !b.HtmlBody) return json(422, { ErrorCode: 300, Message: 'Provide either email TextBody or HtmlBody or both.' });
      const recipients = to.split(',').map((s) => (/<([^>]+)>/.exec(s)?.[1] ?? s).trim().toLowerCase()).filter(Boolean);
      const inactive = recipients.filter((r) => fake.inactiveEmails.has(r));
      if (inactive.length === recipients.length) {
        return json(422, {
          ErrorCode: 406,
          Message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${inactive.join(', ')}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
        });
      }
      const email: FakePostmarkEmail = { ...b, MessageID: randomUUID(), ReceivedAt: new Date().toISOString() };
      fake.postmarkEmails.push(email);
      return json(200, {
        To: to,
        SubmittedAt: email.ReceivedAt,
        MessageID: email.MessageID,
        ErrorCode: 0,
        Message: inactive.length ? `Message OK, but will not deliver to these inactive addresses: ${inactive.join(', ')}` : 'OK',
      });
    }
    if (call.path === '/messages/outbound' && call.method === 'GET') {
      const q = call.query;
      const recipient = first(q.recipient)?.toLowerCase();
      const count = Number(first(q.count) ?? 100);
      const offset = Number(first(q.offset) ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > 500) return json(422, { ErrorCode: 1, Message: 'count must be 1..500' });
      const metaFilters = Object.entries(q)
        .filter(([k]) => k.startsWith('metadata_'))
        .map(([k, v]) => [k.slice('metadata_'.length), first(v)] as const);
      const matches = fake.postmarkEmails
        .filter((e) => !recipient || String(e.To ?? '').toLowerCase().includes(recipient))
        .filter((e) => metaFilters.every(([k, v]) => (e.Metadata as Record<string, string> | undefined)?.[k] === v))
        .slice()
        .reverse();
      return json(200, {
        TotalCount: matches.length,
        Messages: matches.slice(offset, offset + count).map((e) => ({
          MessageID: e.MessageID,
          Tag: e.Tag ?? '',
          To: [{ Email: String(e.To), Name: null }],
          Cc: [],
          Bcc: [],
          Recipients: [String(e.To)],
          ReceivedAt: e.ReceivedAt,
          From: e.From,
          Subject: e.Subject,
          Attachments: [],
          Status: 'Sent',
          TrackOpens: false,
          TrackLinks: 'None',
          Metadata: e.Metadata ?? {},
          MessageStream: e.MessageStream ?? 'outbound',
          Sandboxed: false,
        })),
      });
    }
    return json(404, { ErrorCode: 404, Message: `fake postmark: no route for ${call.method} ${call.path}` });
  }

  // ----- Anthropic ---------------------------------------------------------------------------------------------

  let anthropicSeq = 0;

  function anthropicErr(status: number, type: string, message: string, headers: Record<string, string> = {}): Reply {
    const requestId = `req_fake_${++anthropicSeq}`;
    return json(status, { type: 'error', error: { type, message }, request_id: requestId }, { 'request-id': requestId, ...headers });
  }

  function anthropic(call: FakeCall): Outcome {
    if (call.path !== '/v1/messages' || call.method !== 'POST') return anthropicErr(404, 'not_found_error', `fake anthropic: no route for ${call.method} ${call.path}`);
    if (!call.headers['x-api-key'] && !call.headers.authorization) return anthropicErr(401, 'authentication_error', 'x-api-key header is required');
    const req = call.body as Record<string, unknown> | null;
    if (!req || typeof req !== 'object') return anthropicErr(400, 'invalid_request_error', 'body must be JSON');
    if (req.stream) return anthropicErr(400, 'invalid_request_error', 'fake anthropic supports non-streaming requests only');
    let next = fake.anthropicQueue.shift();
    if (next === undefined) return anthropicErr(500, 'api_error', 'fake upstream: anthropicQueue is empty', { 'x-should-retry': 'false' });
    if (typeof next === 'function') next = next(req);
    if ('error' in next) return anthropicErr(next.error.status, next.error.type ?? 'api_error', next.error.message ?? 'scripted error', next.error.headers);
    const id = `msg_fake_${++anthropicSeq}`;
    const hasTool = next.content.some((b) => b.type === 'tool_use');
    return json(
      200,
      {
        id,
        type: 'message',
        role: 'assistant',
        model: next.model ?? (typeof req.model === 'string' ? req.model : 'claude-fake'),
        content: next.content,
        stop_reason: next.stop_reason ?? (hasTool ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
        usage: next.usage ?? { input_tokens: Math.ceil(JSON.stringify(req.messages ?? '').length / 4), output_tokens: Math.ceil(JSON.stringify(next.content).length / 4) },
      },
      { 'request-id': `req_${id}` },
    );
  }

  // ----- Dispatch ----------------------------------------------------------------------------------------------

  function route(call: FakeCall): Outcome {
    switch (call.service) {
      case 'twilio':
        return twilio(call);
      case 'media':
        return mediaRoute(call);
      case 'cdn':
        return cdnRoute(call);
      case 'postmark':
        return postmark(call);
      case 'anthropic':
        return anthropic(call);
      default:
        return json(404, { error: `fake upstream: no route for ${call.method} ${call.path}` });
    }
  }

  function takeFailure(call: FakeCall): FakeFailure | undefined {
    const i = failures.findIndex((f) => f.service === call.service && (!f.match || f.match(call)));
    if (i < 0) return undefined;
    const f = failures[i]!;
    if (--f.left <= 0) failures.splice(i, 1);
    return f;
  }

  function failureReply(f: FakeFailure): Reply {
    if (f.body !== undefined) return { status: f.status ?? 500, body: f.body, headers: f.headers };
    const status = f.status ?? 500;
    switch (f.service) {
      case 'twilio':
      case 'media':
        return { ...twilioError(status, status === 429 ? 20429 : 20500, status === 429 ? 'Too Many Requests' : 'Internal Server Error'), headers: f.headers };
      case 'postmark':
        return json(status, { ErrorCode: status === 429 ? 429 : 0, Message: status === 429 ? 'Rate limit exceeded' : 'Internal server error' }, f.headers);
      case 'anthropic':
        return anthropicErr(status, ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', `scripted ${status}`, f.headers);
      default:
        return { status, body: `scripted ${status}`, headers: f.headers };
    }
  }

  function send(res: http.ServerResponse, call: FakeCall, reply: Reply) {
    call.status = reply.status;
    const headers: Record<string, string> = { connection: 'close', ...(reply.headers ?? {}) };
    let payload: Buffer | string = '';
    if (Buffer.isBuffer(reply.body)) payload = reply.body;
    else if (typeof reply.body === 'string') payload = reply.body;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let body: unknown = raw === '' ? undefined : raw;
      if (raw && type.includes('application/x-www-form-urlencoded')) body = parseForm(raw);
      else if (raw && type.includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = null;
        }
      }
      const call: FakeCall = {
        service: serviceOf(url.pathname),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: parseForm(url.search.slice(1)),
        headers: req.headers,
        body,
        status: 0,
        at: Date.now(),
      };
      fake.calls.push(call);
      const failure = takeFailure(call);
      if (failure && !failure.commit) {
        if (failure.hang) return void held.add(res);
        return send(res, call, failureReply(failure));
      }
      let outcome: Outcome;
      try {
        outcome = route(call);
      } catch (err) {
        outcome = json(500, { error: `fake upstream crashed: ${(err as Error).message}` });
      }
      if (failure) {
        if (failure.hang) return void held.add(res);
        return send(res, call, failureReply(failure));
      }
      if (outcome === 'hang') return void held.add(res);
      send(res, call, outcome);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.base = base;
  return fake;
}
