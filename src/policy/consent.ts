import type { Channel } from '../../workflows/types';

/**
 * Consent changes read from an inbound message, before the agent sees it. Pure functions, no I/O.
 *
 * What the caller does with the result:
 * - OPT_OUT: record the opt-out for this channel, send consentReply('OPT_OUT') once, then nothing more on that
 *   channel. Sending the confirmation is always right: when Twilio already handled a keyword (default opt-out
 *   handling on long codes, or Advanced Opt-Out with `OptOutType`), it has answered itself and blocks ours with
 *   21610 (ChannelOptOutError, never retried), so the lead gets exactly one confirmation either way.
 * - OPT_IN: only meaningful when the lead is opted out of that channel (otherwise "YES" is an ordinary answer:
 *   hand the message to the agent).
 * - HELP: answer with consentReply('HELP'); the message needs no other reply.
 */
export type ConsentKind = 'OPT_OUT' | 'OPT_IN' | 'HELP';

export interface ConsentMatch {
  kind: ConsentKind;
  /**
   * `keyword`: the whole message is exactly a carrier keyword (what Twilio itself acts on).
   * `phrase`: a keyword with politeness around it ("stop please") or a plain-language request ("stop texting me").
   */
  via: 'keyword' | 'phrase';
}

// Twilio's default English keywords (docs: advanced opt-out), plus the spaced/hyphenated spellings people type.
const OPT_OUT_KEYWORDS = new Set(['stop', 'stopall', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'opt out', 'opt-out']);
const OPT_IN_KEYWORDS = new Set(['start', 'yes', 'unstop']);
const HELP_KEYWORDS = new Set(['help', 'info']);
/** Email has no carrier keywords, and "yes" is an ordinary answer there. */
const EMAIL_OPT_IN = new Set(['start', 'unstop', 'subscribe', 'resubscribe']);

/** Words that do not change what a short message means: "STOP please!!", "ok stop now". */
const FILLER = new Set(['please', 'pls', 'plz', 'now', 'ok', 'okay', 'just', 'thanks', 'thank', 'you', 'thx', 'ty', 'asap', 'already', 'it', 'me', 'sir', 'again']);

/** Lower-case, typographic apostrophes made plain, punctuation and emoji around words dropped, spaces collapsed. */
export function normalizeForConsent(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 'exact': the message is the keyword; 'padded': keywords plus filler ("STOP please!!", "ok stop now"). */
function wholeMessage(norm: string, set: Set<string>): 'exact' | 'padded' | null {
  if (set.has(norm)) return 'exact';
  const words = norm.split(' ');
  if (words.length > 6) return null;
  let keyword = false;
  for (let i = 0; i < words.length; i++) {
    const two = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : '';
    if (two && set.has(two)) {
      keyword = true;
      i++;
    } else if (set.has(words[i]!)) keyword = true;
    else if (!FILLER.has(words[i]!)) return null;
  }
  return keyword ? 'padded' : null;
}

const via = (w: 'exact' | 'padded'): ConsentMatch['via'] => (w === 'exact' ? 'keyword' : 'phrase');

const CONTACT_VERBS = 'text|texting|txt|txting|texts|message|messaging|msg|sms|contact|contacting|bother|bothering|email|emailing|e-mail|e-mailing|mail|mailing|send|sending|reach|reaching|spam|spamming|hit me up';
const MEDIA_NOUNS = 'texts|text messages|text|messages|message|msgs|sms|emails|email|e-mails|mails|notifications|reminders|marketing|contact|communications?';
/** A time or condition after the request makes it scheduling, not revocation: "don't text me before 9". */
const NOT_REVOCATION_TAIL = /^\s*(until|till|til|before|after|between|during|while|at work|right now|today|tonight|tomorrow|this (morning|afternoon|evening|week|weekend)|on (weekends?|sundays?|saturdays?)|so (early|late)|at night|in the morning)\b/;

const PHRASES: RegExp[] = [
  // "stop texting me", "please don't message me again", "do not contact me", "never email me", "quit bothering me"
  new RegExp(`\\b(stop|quit|cease|don'?t|do not|dont|never|no longer)( (ever|again|you|y'all|guys))? (${CONTACT_VERBS})( (any|anymore|more|these|this|those|your|me|us|messages|texts))* (me|us|this (number|phone|email|address))\\b(?<tail>.*)$`),
  // "stop sending me texts", "stop sending messages"
  new RegExp(`\\b(stop|quit|don'?t|do not|dont|never) (send|sending) (me )?(any )?(more )?(${MEDIA_NOUNS})\\b(?<tail>.*)$`),
  // "no more texts", "no more emails please"
  new RegExp(`\\bno (more|further) (${MEDIA_NOUNS})\\b`),
  // "I don't want (any more) texts", "do not want these messages"
  new RegExp(`\\b(don'?t|do not|dont|no longer) (want|wish to (receive|get)|need) (to (receive|get) )?(any )?(more )?(of )?(these |your |this |those )?(${MEDIA_NOUNS})\\b`),
  // "unsubscribe", "unsubscribe me", "how do I unsubscribe" (not "I don't want to unsubscribe")
  /(?<!\b(don'?t|do not|dont|not|never) (want to |wanna |need to |mean to )?)\bunsubscribe\b/,
  // "opt me out", "I want to opt out" (but not "opt out of the insurance")
  /\bopt(-| )?(me )?out\b(?! of (?!(these|this|the|your|all|any) ?(texts?|messages?|sms|emails?|list|mailing|communications?)\b))/,
  // "remove me from this list", "take me off your list", "delete my number"
  new RegExp(`\\b(remove|take|delete|drop|erase) (me|my (number|phone|email|address|info|information|contact)) (from|off)( of)? (your|this|the|ur|all|these)( \\w+)? (list|lists|database|system|texts|messages|${MEDIA_NOUNS})\\b`),
  /\b(remove|delete) my (number|phone number|email|email address|contact info)\b/,
  // "leave me alone", "lose my number", "wrong number" (the person is not the lead)
  /\b(leave me alone|lose my number|wrong (number|person)|stop all (texts|messages|contact))\b/,
];

/** Lines of an email that are footers or links, not the writer's request ("click here to unsubscribe"). */
function dropFooterLines(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((l) => !/(https?:\/\/|www\.|click here|manage (your )?preferences|to unsubscribe|unsubscribe link|you are receiving this)/i.test(l))
    .join('\n');
}

function phraseMatch(norm: string): boolean {
  for (const re of PHRASES) {
    const m = re.exec(norm);
    if (!m) continue;
    const tail = m.groups?.tail;
    if (tail !== undefined && NOT_REVOCATION_TAIL.test(tail)) continue;
    return true;
  }
  return false;
}

/** The consent change in a message, with how it was recognised; null for an ordinary message. */
export function detectConsent(channel: Channel, body: string, subject?: string | null): ConsentMatch | null {
  const text = channel === 'EMAIL' ? dropFooterLines(body ?? '') : (body ?? '');
  const norm = normalizeForConsent(text);
  if (channel === 'SMS') {
    for (const [kind, set] of [['OPT_OUT', OPT_OUT_KEYWORDS], ['OPT_IN', OPT_IN_KEYWORDS], ['HELP', HELP_KEYWORDS]] as const) {
      const w = wholeMessage(norm, set);
      if (w) return { kind, via: via(w) };
    }
    if (norm === 'remove' || norm === 'remove me') return { kind: 'OPT_OUT', via: 'phrase' };
    return phraseMatch(norm) ? { kind: 'OPT_OUT', via: 'phrase' } : null;
  }
  // Email: the subject line alone can be the request ("Unsubscribe" with an empty body).
  const subj = normalizeForConsent((subject ?? '').replace(/^\s*((re|aw|fwd?|sv)\s*:\s*)+/i, ''));
  const bodyKeyword = wholeMessage(norm, OPT_OUT_KEYWORDS);
  if (bodyKeyword) return { kind: 'OPT_OUT', via: via(bodyKeyword) };
  if (norm.length < 40 && wholeMessage(subj, OPT_OUT_KEYWORDS)) return { kind: 'OPT_OUT', via: 'phrase' };
  if (phraseMatch(norm) || phraseMatch(subj)) return { kind: 'OPT_OUT', via: 'phrase' };
  const optIn = wholeMessage(norm, EMAIL_OPT_IN) ?? (norm === '' ? wholeMessage(subj, EMAIL_OPT_IN) : null);
  if (optIn) return { kind: 'OPT_IN', via: via(optIn) };
  return null;
}

/**
 * OPT_OUT for STOP-family keywords and plain-language revocations ("stop texting me"); OPT_IN for START/YES/UNSTOP;
 * HELP for HELP/INFO (SMS); for email, an unsubscribe request (in the body or as the subject). Null otherwise.
 */
export function classifyConsent(channel: Channel, body: string, subject?: string | null): ConsentKind | null {
  return detectConsent(channel, body, subject)?.kind ?? null;
}

export interface ConsentReplyOptions {
  lenderName: string;
  channel?: Channel;
  /** Phone number, email or URL for HELP; without it the reply invites the lead to write back. */
  helpContact?: string;
}

/**
 * CTIA-style texts. The opt-out confirmation is the one message allowed after a revocation (47 CFR
 * 64.1200(a)(12)): it confirms, says how to resume, and carries no marketing. Kept within one GSM-7 segment for
 * a lender name of ordinary length.
 */
export function consentReply(kind: ConsentKind, opts: ConsentReplyOptions): string {
  const name = opts.lenderName.trim() || 'Your lender';
  const email = opts.channel === 'EMAIL';
  switch (kind) {
    case 'OPT_OUT':
      return email
        ? `${name}: You have been unsubscribed and will receive no further emails from us. To resume, reply START.`
        : `${name}: You are unsubscribed and will receive no further messages from us. Reply START to resubscribe.`;
    case 'OPT_IN':
      return email
        ? `${name}: You are resubscribed and will receive emails about your loan application again. Reply STOP to unsubscribe.`
        : `${name}: You are resubscribed to messages about your loan application. Msg&data rates may apply. Reply HELP for help, STOP to opt out.`;
    case 'HELP':
      return opts.helpContact
        ? `${name}: Messages about your loan application. Help: ${opts.helpContact}. Msg&data rates may apply. Reply STOP to opt out.`
        : `${name}: Messages about your loan application. Reply with your question for our team. Msg&data rates may apply. Reply STOP to opt out.`;
  }
}
