import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';

/** Answer to an inbound SMS webhook (200, `Content-Type: text/xml`): no auto-reply; the agent answers through the API. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Form parameters as a urlencoded body parser gives them (a repeated key becomes an array). */
export type TwilioParams = Record<string, string | string[] | undefined>;

// ---------------------------------------------------------------------------------------------------------------
// Signature

/**
 * The URL Twilio signed: the configured public base plus the request's path and query exactly as received.
 * String concatenation on purpose: `new URL()` re-encodes characters such as `'` and breaks the signature
 * (twilio-node #1183).
 */
export function twilioWebhookUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return publicBaseUrl.replace(/\/+$/, '') + (pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`);
}

function headerValue(h: string | string[] | undefined): string {
  return (Array.isArray(h) ? h[0] : h) ?? '';
}

/** Drops keys whose value is undefined: the signature covers exactly what was posted. */
function postedParams(params: TwilioParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}

function hostOf(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(url);
  return m ? m[1]! : null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function withDefaultPort(url: string): string[] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)((?:[^/?#@]*@)?)(\[[^\]]*\]|[^/?#:]*)(:\d+)?(.*)$/is.exec(url);
  if (!m) return [url];
  const [, scheme, user, host, port, rest] = m;
  const def = scheme!.toLowerCase() === 'https://' ? ':443' : ':80';
  return port ? [url, scheme! + user + host + rest] : [url, scheme! + user + host + def + rest];
}

/**
 * X-Twilio-Signature check over every posted parameter (never a whitelist: Twilio adds parameters without notice).
 * `publicUrl` is PUBLIC_BASE_URL + path + query (see twilioWebhookUrl). Missing header, empty token or a mismatch
 * all give false; the route answers 403.
 *
 * twilio.validateRequest also tries a normalised copy of the URL (`new URL()`), which lower-cases the host. Twilio
 * signs the URL exactly as configured, so when the configured host has capitals only the as-written URL (with or
 * without its default port) is accepted, as in twilio-csharp's vectors.
 */
export function verifyTwilioSignature(
  authToken: string,
  signatureHeader: string | string[] | undefined,
  publicUrl: string,
  params: TwilioParams,
): boolean {
  const signature = headerValue(signatureHeader);
  if (!authToken || !signature) return false;
  const posted = postedParams(params);
  let ok: boolean;
  try {
    ok = twilio.validateRequest(authToken, signature, publicUrl, posted);
  } catch {
    return false; // unparsable URL
  }
  if (!ok) return false;
  const host = hostOf(publicUrl);
  if (host && host !== host.toLowerCase()) {
    return withDefaultPort(publicUrl).some((u) => safeEqual(signature, twilio.getExpectedTwilioSignature(authToken, u, posted)));
  }
  return true;
}

/** For JSON-bodied Twilio webhooks (`bodySHA256` in the query): needs the raw body string, not a parsed object. */
export function verifyTwilioBodySignature(
  authToken: string,
  signatureHeader: string | string[] | undefined,
  publicUrl: string,
  rawBody: string,
): boolean {
  const signature = headerValue(signatureHeader);
  if (!authToken || !signature || !publicUrl.includes('bodySHA256=')) return false;
  try {
    return twilio.validateRequestWithBody(authToken, signature, publicUrl, rawBody);
  } catch {
    return false;
  }
}

/** For tests and local tools: the header Twilio would send. */
export function signTwilioRequest(authToken: string, publicUrl: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, publicUrl, postedParams(params));
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export type TwilioOptOutType = 'STOP' | 'START' | 'HELP';

export interface TwilioMedia {
  url: string;
  contentType: string;
}

export interface TwilioInboundMessage {
  kind: 'message';
  /** Dedupe key (SM… or MM…). */
  messageSid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  /** As posted, e.g. `+15125550199` or `whatsapp:+31612345678`. */
  from: string;
  to: string;
  /** `from`/`to` without a channel prefix such as `whatsapp:`. */
  fromNumber: string;
  toNumber: string;
  /** `whatsapp`, `messenger`… when the address carries a prefix; null for plain SMS/MMS. */
  addressPrefix: string | null;
  body: string;
  media: TwilioMedia[];
  numSegments: number | null;
  /** Present only with Advanced Opt-Out: Twilio already recognised a keyword and answered it. */
  optOutType?: TwilioOptOutType;
  /** WhatsApp location shares. */
  location?: { latitude: number; longitude: number; address?: string; label?: string };
}

export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'receiving',
  'received',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
  'partially_delivered',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

export interface TwilioStatusCallback {
  kind: 'status';
  messageSid: string;
  accountSid: string;
  status: TwilioMessageStatus;
  /** Twilio error code on failed/undelivered (e.g. 21610, 30003…), null otherwise. */
  errorCode: number | null;
  /** ErrorCode 21610: the recipient has opted out (the async path with Messaging Services). */
  optedOut: boolean;
  from: string | null;
  to: string | null;
  /** YYMMDDhhmm from the carrier, no time zone; only on some delivered/undelivered callbacks. */
  rawDlrDoneDate: string | null;
}

export interface TwilioInvalid {
  kind: 'invalid';
  /** The parameter at fault. */
  field: string;
  reason: string;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const ACCOUNT_SID = SID('AC');
const MAX_MEDIA = 10;

function single(params: TwilioParams, key: string): string | undefined | { repeated: true } {
  const v = params[key];
  if (Array.isArray(v)) return v.length === 1 ? v[0] : { repeated: true };
  return v;
}

type Field = { ok: true; value: string | undefined } | { ok: false; invalid: TwilioInvalid };

function field(params: TwilioParams, key: string): Field {
  const v = single(params, key);
  if (typeof v === 'object') return { ok: false, invalid: { kind: 'invalid', field: key, reason: `${key} was posted more than once` } };
  return { ok: true, value: v };
}

function required(params: TwilioParams, key: string, pattern?: RegExp, what?: string): Field {
  const f = field(params, key);
  if (!f.ok) return f;
  if (f.value === undefined || f.value.trim() === '') {
    return { ok: false, invalid: { kind: 'invalid', field: key, reason: `${key} is missing` } };
  }
  if (pattern && !pattern.test(f.value)) {
    return { ok: false, invalid: { kind: 'invalid', field: key, reason: `${key} is not ${what ?? 'valid'}` } };
  }
  return f;
}

function isStatusCallback(params: TwilioParams): boolean {
  const ms = single(params, 'MessageStatus');
  if (typeof ms === 'string' && ms !== '' && ms !== 'received') return true;
  const ss = single(params, 'SmsStatus');
  // Inbound webhooks carry SmsStatus=received; a delivery state without a Body key is a callback.
  return typeof ss === 'string' && ss !== '' && ss !== 'received' && params.Body === undefined;
}

function stripPrefix(address: string): { number: string; prefix: string | null } {
  const m = /^([a-z]+):(.*)$/i.exec(address);
  return m ? { number: m[2]!, prefix: m[1]!.toLowerCase() } : { number: address, prefix: null };
}

/**
 * What a POST to the inbound SMS webhook is: a message (store it, dedupe on messageSid), a status callback posted to
 * the wrong route (update delivery state, never treat as a message), or junk (4xx with the reason).
 * Call only after verifyTwilioSignature.
 */
export function parseTwilioInbound(params: TwilioParams): TwilioInboundMessage | TwilioStatusCallback | TwilioInvalid {
  if (!params || typeof params !== 'object') return { kind: 'invalid', field: 'body', reason: 'not a form body' };
  if (single(params, 'MessageSid') === undefined && single(params, 'SmsMessageSid') === undefined && single(params, 'SmsSid') === undefined) {
    return { kind: 'invalid', field: 'MessageSid', reason: 'MessageSid is missing: not a Twilio messaging webhook' };
  }
  if (isStatusCallback(params)) return parseTwilioStatus(params);

  const sid = field(params, 'MessageSid');
  if (!sid.ok) return sid.invalid;
  // Legacy copies stand in only when the current name is absent.
  const messageSid = sid.value ?? (single(params, 'SmsMessageSid') as string | undefined) ?? (single(params, 'SmsSid') as string | undefined);
  if (!messageSid || !MESSAGE_SID.test(messageSid)) {
    return { kind: 'invalid', field: 'MessageSid', reason: 'MessageSid is not a Twilio message SID' };
  }
  const account = required(params, 'AccountSid', ACCOUNT_SID, 'an account SID (AC + 32 hex)');
  if (!account.ok) return account.invalid;
  const from = required(params, 'From');
  if (!from.ok) return from.invalid;
  const to = required(params, 'To');
  if (!to.ok) return to.invalid;
  const body = field(params, 'Body');
  if (!body.ok) return body.invalid;
  const service = field(params, 'MessagingServiceSid');
  if (!service.ok) return service.invalid;

  const numMediaRaw = field(params, 'NumMedia');
  if (!numMediaRaw.ok) return numMediaRaw.invalid;
  const numMedia = numMediaRaw.value === undefined || numMediaRaw.value === '' ? 0 : Number(numMediaRaw.value);
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA) {
    return { kind: 'invalid', field: 'NumMedia', reason: `NumMedia must be an integer from 0 to ${MAX_MEDIA}` };
  }
  const media: TwilioMedia[] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = required(params, `MediaUrl${i}`, /^https?:\/\//i, 'an http(s) URL');
    if (!url.ok) return url.invalid;
    const type = field(params, `MediaContentType${i}`);
    if (!type.ok) return type.invalid;
    media.push({ url: url.value!, contentType: type.value?.trim() || 'application/octet-stream' });
  }

  const fromAddr = stripPrefix(from.value!);
  const toAddr = stripPrefix(to.value!);
  const msg: TwilioInboundMessage = {
    kind: 'message',
    messageSid,
    accountSid: account.value!,
    messagingServiceSid: service.value?.trim() || null,
    from: from.value!,
    to: to.value!,
    fromNumber: fromAddr.number,
    toNumber: toAddr.number,
    addressPrefix: fromAddr.prefix ?? toAddr.prefix,
    body: body.value ?? '',
    media,
    numSegments: numberOrNull(single(params, 'NumSegments')),
  };
  const optOut = single(params, 'OptOutType');
  if (typeof optOut === 'string' && optOut !== '') {
    const t = optOut.toUpperCase();
    if (t !== 'STOP' && t !== 'START' && t !== 'HELP') return { kind: 'invalid', field: 'OptOutType', reason: 'OptOutType must be STOP, START or HELP' };
    msg.optOutType = t;
  }
  const lat = numberOrNull(single(params, 'Latitude'));
  const lon = numberOrNull(single(params, 'Longitude'));
  if (lat !== null && lon !== null) {
    const address = single(params, 'Address');
    const label = single(params, 'Label');
    msg.location = {
      latitude: lat,
      longitude: lon,
      ...(typeof address === 'string' && address ? { address } : {}),
      ...(typeof label === 'string' && label ? { label } : {}),
    };
  }
  return msg;
}

function numberOrNull(v: string | undefined | { repeated: true }): number | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A POST to /webhooks/twilio/status. Call only after verifyTwilioSignature. */
export function parseTwilioStatus(params: TwilioParams): TwilioStatusCallback | TwilioInvalid {
  const sid = required(params, 'MessageSid', MESSAGE_SID, 'a Twilio message SID');
  if (!sid.ok) return sid.invalid;
  const account = required(params, 'AccountSid', ACCOUNT_SID, 'an account SID (AC + 32 hex)');
  if (!account.ok) return account.invalid;
  let status = field(params, 'MessageStatus');
  if (!status.ok) return status.invalid;
  if (!status.value) status = field(params, 'SmsStatus');
  if (!status.ok) return status.invalid;
  const s = status.value?.trim().toLowerCase();
  if (!s) return { kind: 'invalid', field: 'MessageStatus', reason: 'MessageStatus is missing: not a status callback' };
  if (!(TWILIO_MESSAGE_STATUSES as readonly string[]).includes(s)) {
    return { kind: 'invalid', field: 'MessageStatus', reason: `unknown MessageStatus "${s.slice(0, 40)}"` };
  }
  const errRaw = field(params, 'ErrorCode');
  if (!errRaw.ok) return errRaw.invalid;
  let errorCode: number | null = null;
  if (errRaw.value !== undefined && errRaw.value.trim() !== '') {
    errorCode = Number(errRaw.value);
    if (!Number.isInteger(errorCode)) return { kind: 'invalid', field: 'ErrorCode', reason: 'ErrorCode is not a number' };
  }
  const from = single(params, 'From');
  const to = single(params, 'To');
  const dlr = single(params, 'RawDlrDoneDate');
  return {
    kind: 'status',
    messageSid: sid.value!,
    accountSid: account.value!,
    status: s as TwilioMessageStatus,
    errorCode,
    optedOut: errorCode === TWILIO_OPT_OUT_CODE,
    from: typeof from === 'string' ? from : null,
    to: typeof to === 'string' ? to : null,
    rawDlrDoneDate: typeof dlr === 'string' && dlr ? dlr : null,
  };
}

export const TWILIO_OPT_OUT_CODE = 21610;

// ---------------------------------------------------------------------------------------------------------------
// Delivery state

const RANK: Record<TwilioMessageStatus, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  receiving: 2,
  sent: 3,
  received: 3,
  partially_delivered: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};

const FINAL = new Set<string>(['delivered', 'undelivered', 'failed', 'canceled', 'read']);

/**
 * The delivery state to keep when a callback arrives: callbacks are duplicated and arrive out of order, so state
 * only moves forward (`delivered` never goes back to `sent`); a final state is kept, except `read` after
 * `delivered`. Unknown current values (e.g. the dev transport's) are replaced.
 */
export function mergeDeliveryStatus(current: string | null | undefined, incoming: TwilioMessageStatus): string {
  if (!current || !(current in RANK)) return incoming;
  const cur = current as TwilioMessageStatus;
  if (FINAL.has(cur)) return cur === 'delivered' && incoming === 'read' ? incoming : cur;
  return RANK[incoming] > RANK[cur] ? incoming : cur;
}

// ---------------------------------------------------------------------------------------------------------------
// Media URLs

const MEDIA_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:MM|SM)[0-9a-fA-F]{32})\/Media\/(ME[0-9a-fA-F]{32,40})(?:\.json)?$/;

/**
 * True only for `https://api.twilio.com/2010-04-01/Accounts/<accountSid>/Messages/<messageSid>/Media/ME…`, no
 * port, no credentials, no query. Anything else in a MediaUrl (a forged webhook, an attacker's host) must never be
 * fetched with the account's credentials.
 */
export function isOwnMediaUrl(url: string, accountSid: string, messageSid: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.hostname !== 'api.twilio.com' || u.port !== '' || u.username || u.password || u.search || u.hash) return false;
  const m = MEDIA_PATH.exec(u.pathname);
  return !!m && m[1] === accountSid && m[2] === messageSid;
}
