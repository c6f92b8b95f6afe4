import { createHash, timingSafeEqual } from 'node:crypto';
import type { MessageThread } from '../db/schema';
import { resolveMimeType } from '../files/sniff';

// ---------------------------------------------------------------------------------------------------------------
// Authentication

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Postmark does not sign webhooks: the hook URL carries basic-auth credentials (`https://user:pass@host/path`).
 * Compared in constant time (digests of equal length, both fields always compared). An unset user or password
 * never matches. Answer 403 only for this check: 403 is the one status that stops Postmark's retries.
 */
export function checkBasicAuth(header: string | string[] | undefined, user: string | undefined, password: string | undefined): boolean {
  if (!user || !password) return false;
  const h = (Array.isArray(header) ? header[0] : header) ?? '';
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(h);
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const gotUser = colon >= 0 ? decoded.slice(0, colon) : '';
  const gotPass = colon >= 0 ? decoded.slice(colon + 1) : '';
  const userOk = timingSafeEqual(digest(gotUser), digest(user));
  const passOk = timingSafeEqual(digest(gotPass), digest(password));
  return m !== null && colon >= 0 && userOk && passOk;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export interface PostmarkAttachment {
  filename: string;
  /** What the sender's mail client claimed. */
  declaredMimeType: string;
  /** What the bytes are (see sniff.ts); store this one. */
  mimeType: string;
  content: Uint8Array;
  /** Set for inline parts (images in the HTML body, signature logos). */
  contentId: string | null;
}

export interface RejectedAttachment {
  filename: string;
  reason: 'invalid_base64' | 'empty' | 'too_large' | 'too_many';
  /** Decoded bytes, when the content could be decoded. */
  size?: number;
}

export interface PostmarkInboundMessage {
  kind: 'message';
  /** Postmark's id for the inbound message: the dedupe key. Not the RFC Message-ID (that is thread.messageIdHeader). */
  messageId: string;
  from: string;
  fromName: string;
  /** The address it was sent to (OriginalRecipient, else the first To). */
  to: string;
  subject: string;
  /** StrippedTextReply, else TextBody, else the HTML as text. Quoted history removed where Postmark could. */
  text: string;
  textSource: 'stripped' | 'text' | 'html' | 'empty';
  /** The plus-address part (`loans+<leadId>@…`): routes the reply to its lead. Null when there is none. */
  mailboxHash: string | null;
  thread: MessageThread;
  date: string | null;
  attachments: PostmarkAttachment[];
  /** Attachments that could not be used; the message is still accepted so its text is not lost. */
  rejectedAttachments: RejectedAttachment[];
}

export interface PostmarkInvalid {
  kind: 'invalid';
  field: string;
  reason: string;
}

export interface ParsePostmarkOptions {
  /** Per attachment, decoded bytes. Default 25 MB (config MAX_ATTACHMENT_BYTES). */
  maxAttachmentBytes?: number;
  /** Default 20. */
  maxAttachments?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `"Name" <a@b.c>` or `a@b.c` -> `a@b.c`; '' when there is no address. */
export function emailAddressOf(s: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(s);
  const addr = (angle ? angle[1]! : s).trim();
  return /^[^\s@<>",]+@[^\s@<>",]+$/.test(addr) ? addr : '';
}

function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  const want = name.toLowerCase();
  for (const h of headers) {
    if (isObj(h) && typeof h.Name === 'string' && h.Name.toLowerCase() === want && typeof h.Value === 'string') return h.Value.trim() || undefined;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Enough HTML-to-text for a reply body: drops scripts, styles and quoted blocks, keeps line structure. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, '')
    .replace(/<div\s+class="?gmail_quote[\s\S]*$/i, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (whole, ent: string) => {
      const e = ent.toLowerCase();
      if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
      return ENTITIES[e] ?? whole;
    })
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(content: string): Uint8Array | null {
  const compact = content.replace(/\s/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function firstMailboxHash(json: Obj): string | null {
  const top = str(json.MailboxHash).trim();
  if (top) return top;
  for (const list of [json.ToFull, json.CcFull, json.BccFull]) {
    if (!Array.isArray(list)) continue;
    for (const r of list) if (isObj(r) && str(r.MailboxHash).trim()) return str(r.MailboxHash).trim();
  }
  return null;
}

/**
 * A Postmark inbound webhook body as a message, or the reason it is not one (answer 4xx). Tolerant of legacy
 * payloads (no StrippedTextReply, no MessageStream, odd header entries); strict about what identifies the message.
 */
export function parsePostmarkInbound(json: unknown, opts: ParsePostmarkOptions = {}): PostmarkInboundMessage | PostmarkInvalid {
  if (!isObj(json)) return { kind: 'invalid', field: 'body', reason: 'body is not a JSON object' };
  const messageId = str(json.MessageID).trim();
  if (!messageId) return { kind: 'invalid', field: 'MessageID', reason: 'MessageID is missing: not a Postmark inbound webhook' };
  if (json.RecordType !== undefined && json.RecordType !== 'Inbound') {
    return { kind: 'invalid', field: 'RecordType', reason: `a ${str(json.RecordType) || 'non-inbound'} event, not an inbound message` };
  }
  const fromFull = isObj(json.FromFull) ? json.FromFull : {};
  const from = emailAddressOf(str(json.From)) || emailAddressOf(str(fromFull.Email));
  if (!from) return { kind: 'invalid', field: 'From', reason: 'From is missing or not an email address' };
  const toFull = Array.isArray(json.ToFull) && isObj(json.ToFull[0]) ? json.ToFull[0] : {};
  const to = emailAddressOf(str(json.OriginalRecipient)) || emailAddressOf(str(toFull.Email)) || emailAddressOf(str(json.To));

  let text = str(json.StrippedTextReply).trim();
  let textSource: PostmarkInboundMessage['textSource'] = 'stripped';
  if (!text) {
    text = str(json.TextBody).trim();
    textSource = 'text';
  }
  if (!text) {
    text = htmlToText(str(json.HtmlBody));
    textSource = 'html';
  }
  if (!text) textSource = 'empty';

  const maxBytes = opts.maxAttachmentBytes ?? 25 * 1024 * 1024;
  const maxCount = opts.maxAttachments ?? 20;
  const attachments: PostmarkAttachment[] = [];
  const rejectedAttachments: RejectedAttachment[] = [];
  if (json.Attachments !== undefined && json.Attachments !== null && !Array.isArray(json.Attachments)) {
    return { kind: 'invalid', field: 'Attachments', reason: 'Attachments is not a list' };
  }
  for (const [i, a] of ((json.Attachments as unknown[] | undefined) ?? []).entries()) {
    if (!isObj(a)) return { kind: 'invalid', field: `Attachments[${i}]`, reason: 'attachment is not an object' };
    const filename = str(a.Name).trim() || `attachment-${i + 1}`;
    if (attachments.length >= maxCount) {
      rejectedAttachments.push({ filename, reason: 'too_many' });
      continue;
    }
    const content = decodeBase64(str(a.Content));
    if (content === null) {
      rejectedAttachments.push({ filename, reason: 'invalid_base64' });
      continue;
    }
    if (content.byteLength === 0) {
      rejectedAttachments.push({ filename, reason: 'empty' });
      continue;
    }
    if (content.byteLength > maxBytes) {
      rejectedAttachments.push({ filename, reason: 'too_large', size: content.byteLength });
      continue;
    }
    const declaredMimeType = str(a.ContentType).trim();
    attachments.push({
      filename,
      declaredMimeType,
      mimeType: resolveMimeType(content, declaredMimeType),
      content,
      contentId: str(a.ContentID).trim() || null,
    });
  }

  const thread: MessageThread = {};
  const messageIdHeader = header(json.Headers, 'Message-ID');
  const inReplyTo = header(json.Headers, 'In-Reply-To');
  const references = header(json.Headers, 'References');
  if (messageIdHeader) thread.messageIdHeader = messageIdHeader;
  if (inReplyTo) thread.inReplyTo = inReplyTo;
  if (references) thread.references = references.replace(/\s+/g, ' ');

  return {
    kind: 'message',
    messageId,
    from,
    fromName: str(json.FromName).trim() || str(fromFull.Name).trim(),
    to,
    subject: str(json.Subject).trim(),
    text,
    textSource,
    mailboxHash: firstMailboxHash(json),
    thread,
    date: str(json.Date).trim() || null,
    attachments,
    rejectedAttachments,
  };
}
