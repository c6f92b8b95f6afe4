import { extensionFor, resolveMimeType } from '../files/sniff';
import { isOwnMediaUrl, type TwilioInboundMessage } from './twilio-webhook';

export type MediaFetchFailure = 'not_own_url' | 'too_large' | 'not_found' | 'unauthorized' | 'http_error' | 'network' | 'redirect';

export class MediaFetchError extends Error {
  override readonly name = 'MediaFetchError';
  constructor(
    readonly reason: MediaFetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface TwilioMediaOptions {
  accountSid: string;
  authToken: string;
  /** The message the media must belong to: the URL is checked before any credential is sent. */
  messageSid: string;
  /** TWILIO_API_BASE_URL: replaces the origin of the media URL (tests, proxies). */
  apiBaseUrl?: string;
  /** Per-file limit, enforced on Content-Length and again while streaming. */
  maxBytes: number;
  /** Extra attempts after a 404 (media not ready yet), 429, 5xx or network error. Default 2. */
  retries?: number;
  /** Wait before each extra attempt; the last value repeats. Default [1000, 3000] (chatwoot#15499). */
  backoffMs?: number[];
  /** Per attempt, including the redirect and the body. Default 20 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface FetchedMedia {
  bytes: Uint8Array;
  /** As served (the CDN's Content-Type), null when absent. Sniff before trusting it. */
  contentType: string | null;
}

const MAX_REDIRECTS = 5;

/** `https://api.twilio.com/a/b?c` on base `http://127.0.0.1:4010/prefix` -> `http://127.0.0.1:4010/prefix/a/b?c`. */
export function rebaseUrl(url: string, base: string): string {
  const u = new URL(url);
  const b = new URL(base);
  const prefix = b.pathname.replace(/\/+$/, '');
  return `${b.origin}${prefix}${u.pathname}${u.search}`;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Downloads one MMS media file with the account's credentials, only from the account's own media URL for this
 * message. Follows Twilio's 307 to the CDN by hand so the Authorization header goes only to the media URL; retries
 * the 404 Twilio gives while media is still being stored; stops reading past maxBytes.
 */
export async function fetchTwilioMedia(url: string, opts: TwilioMediaOptions): Promise<FetchedMedia> {
  if (!isOwnMediaUrl(url, opts.accountSid, opts.messageSid)) {
    throw new MediaFetchError('not_own_url', 'media URL is not this account\'s Twilio media URL for this message; not fetched');
  }
  const target = opts.apiBaseUrl ? rebaseUrl(url, opts.apiBaseUrl) : url;
  const retries = opts.retries ?? 2;
  const backoff = opts.backoffMs ?? [1000, 3000];
  const sleep = opts.sleep ?? defaultSleep;
  let last: MediaFetchError | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 1000);
    try {
      return await fetchOnce(target, opts);
    } catch (err) {
      last = err instanceof MediaFetchError ? err : new MediaFetchError('network', `media download failed: ${(err as Error).message}`);
      if (!retryable(last)) throw last;
    }
  }
  throw last!;
}

function retryable(e: MediaFetchError): boolean {
  if (e.reason === 'not_found' || e.reason === 'network') return true;
  return e.reason === 'http_error' && (e.status === 429 || (e.status ?? 0) >= 500);
}

async function fetchOnce(start: string, opts: TwilioMediaOptions): Promise<FetchedMedia> {
  const doFetch = opts.fetch ?? fetch;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
  const auth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  let current = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      // Credentials go only to the verified media URL. The redirect target is pre-signed, and S3-style storage
      // rejects a request that carries a second auth mechanism.
      res = await doFetch(current, { method: 'GET', redirect: 'manual', signal, headers: hop === 0 ? { authorization: auth } : {} });
    } catch (err) {
      throw new MediaFetchError('network', `media download failed: ${describe(err)}`);
    }
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      await res.body?.cancel();
      if (!location) throw new MediaFetchError('redirect', `redirect ${res.status} without a Location`, res.status);
      const next = new URL(location, current);
      // The real API redirects to a pre-signed https CDN URL; never follow to another scheme.
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && opts.apiBaseUrl)) {
        throw new MediaFetchError('redirect', `refusing redirect to ${next.protocol} URL`, res.status);
      }
      current = next.toString();
      continue;
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new MediaFetchError('not_found', 'media not found (yet)', 404);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new MediaFetchError('unauthorized', `media download refused (${res.status}): check TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN`, res.status);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new MediaFetchError('http_error', `media download failed with HTTP ${res.status}`, res.status);
    }
    const bytes = await readLimited(res, opts.maxBytes);
    return { bytes, contentType: res.headers.get('content-type') };
  }
  throw new MediaFetchError('redirect', `more than ${MAX_REDIRECTS} redirects`);
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new MediaFetchError('too_large', `media is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new MediaFetchError('too_large', `media exceeds the ${maxBytes}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof MediaFetchError) throw err;
    throw new MediaFetchError('network', `media download interrupted: ${describe(err)}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

export interface InboundMediaFile {
  filename: string;
  /** Sniffed from the bytes; the declared type only refines what bytes cannot tell. */
  mimeType: string;
  /** MediaContentTypeN as posted. */
  declaredMimeType: string;
  content: Uint8Array;
  sourceUrl: string;
}

export interface InboundMediaFailure {
  index: number;
  url: string;
  reason: MediaFetchFailure;
  message: string;
}

export interface DownloadMediaOptions extends Omit<TwilioMediaOptions, 'messageSid'> {
  /** All files of one message together (Twilio's own limit is 5 MB). Default: no total limit beyond maxBytes each. */
  maxTotalBytes?: number;
}

/**
 * Every media item of an inbound MMS as files ready to become documents of the message. Items that cannot be
 * fetched are reported, not thrown, so the text of the message is never lost because of one bad attachment.
 */
export async function downloadInboundMedia(
  msg: Pick<TwilioInboundMessage, 'messageSid' | 'media'>,
  opts: DownloadMediaOptions,
): Promise<{ files: InboundMediaFile[]; failures: InboundMediaFailure[] }> {
  const files: InboundMediaFile[] = [];
  const failures: InboundMediaFailure[] = [];
  let used = 0;
  for (const [index, item] of msg.media.entries()) {
    const remaining = opts.maxTotalBytes === undefined ? Infinity : opts.maxTotalBytes - used;
    const limit = Math.min(opts.maxBytes, remaining);
    if (limit <= 0) {
      failures.push({ index, url: item.url, reason: 'too_large', message: 'the message\'s media total is over the limit' });
      continue;
    }
    try {
      const { bytes } = await fetchTwilioMedia(item.url, { ...opts, messageSid: msg.messageSid, maxBytes: limit });
      used += bytes.byteLength;
      const mimeType = resolveMimeType(bytes, item.contentType);
      files.push({
        filename: `mms-${msg.messageSid.slice(-8)}-${index + 1}.${extensionFor(mimeType)}`,
        mimeType,
        declaredMimeType: item.contentType,
        content: bytes,
        sourceUrl: item.url,
      });
    } catch (err) {
      const e = err instanceof MediaFetchError ? err : new MediaFetchError('network', String(err));
      failures.push({ index, url: item.url, reason: e.reason, message: e.message });
    }
  }
  return { files, failures };
}
