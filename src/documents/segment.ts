// Splitting a multi-page file into documents. Each page is classified on its own; a page starts a new segment when
// it is confidently a different type, or when it is a one-page form (W-2, 1099, ID) or says "Page 1 of N", or when
// it is dated for another period than the document it follows (three months' statements, two pay stubs in one PDF),
// or for the same period by another issuer (two banks' statements, two employers' stubs).
// Pages with little evidence (instructions, continuation pages) stay with the segment before them, as do the
// instructions printed behind a form, whatever forms they name, and a one-page form's other copies (B, C, 2).
import { classifyText, coverPage, MIN_SCORE } from './classify';
import { TRUNCATED_SSN } from './extract/context';
import { extractFields, periodOf, RECENCY_FIELD } from './extract/index';
import type { DocumentType, PageContent } from './types';

const ONE_PAGE_TYPES: DocumentType[] = ['W2', 'FORM_1099', 'DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT', 'RECEIPT'];

export interface Segment {
  pages: PageContent[];
}

/**
 * The instructions printed on the back of a form ("Notice to Employee" behind a W-2's Copy B, "Instructions for
 * Recipient" behind a 1099): prose that names other forms ("Refer to the Form 1040 instructions"), with no one's
 * SSN or EIN and hardly an amount (a form printed with its instructions on one page has both).
 */
function instructionsPage(text: string): boolean {
  return (
    /^\s*(notice to employee|instructions for (employee|recipient)|general instructions)\b/im.test(text) &&
    // A W-9's page 1 ends in its General Instructions, its SSN in boxes without dashes: its title heads the page.
    // (The instructions name forms too, further down: "file Form W-2c, Corrected Wage and Tax Statement".)
    !FORM_TITLE.test(text.split('\n').slice(0, 3).join('\n')) &&
    !namesATin(text) &&
    (text.match(/\d\.\d{2}\b/g) ?? []).length <= 3
  );
}

/** An EIN or an SSN, whole or truncated, printed on the page: a form's parties, not its instructions. */
const namesATin = (text: string) => /\b\d{2}-\d{7}\b|\b\d{3}-\d{2}-\d{4}\b/.test(text) || TRUNCATED_SSN.test(text);

const FORM_TITLE = /form\s*W-?9\b|request for taxpayer|wage and tax statement|\bform\s*1099-?(NEC|MISC|INT|DIV|R|G|K|B|S|SA|C|Q|OID|PATR|LTC)\b/i;

/**
 * The lines in which a form's copies may differ: which copy it is and whom it is for, and the notes some copies carry
 * ("… a negligence penalty or other sanction may be imposed …", "Safe, accurate, FAST! Use e-file"): captions and
 * prose, never a name or an address line of a few words.
 */
const COPY_CAPTION = /\bcopy\b|\brecords\b|\bfurnished\b|\bfiled with\b|\bfor (recipient|employee|payer|filer|state|city|local)\b/i;
const captionOrProse = (line: string) => COPY_CAPTION.test(line) || line.split(/\s+/).length >= 5;

/**
 * Another copy of a one-page form already read (a W-2's Copies B, C and 2 on pages of their own): the same numbers
 * (at least four), and no short line differs (a name, an address), so two people's forms with the same amounts stay
 * two.
 */
function anotherCopy(text: string, pages: PageContent[]): boolean {
  const numbers = (t: string) => (t.match(/\d[\d,.-]*\d/g) ?? []).sort().join(' ');
  const lines = (t: string) => new Set(t.split('\n').map((l) => l.trim()).filter((l) => l && !captionOrProse(l)));
  if ((text.match(/\d[\d,.-]*\d/g) ?? []).length < 4) return false;
  return pages.some((p) => {
    if (numbers(p.text) !== numbers(text)) return false;
    const [a, b] = [lines(text), lines(p.text)];
    return a.size === b.size && [...a].every((l) => b.has(l));
  });
}

function startsDocument(text: string): boolean {
  return /\bpage\s*1\s*(of|\/)\s*\d+\b/i.test(text);
}

/**
 * "Page 2 of 4" on a page that names no parties' numbers, labelled or not: a later page of the form before it (a
 * brokerage's composite 1099 runs over several). A bank's second 1099-INT, "Page 2 of 2" with its own payer's and
 * recipient's TINs, is a form of its own.
 */
function laterPage(text: string): boolean {
  return (
    /\bpage\s*([2-9]|\d{2,})\s*(of|\/)\s*\d+\b/i.test(text) &&
    !startsDocument(text) &&
    !/(payer|filer|recipient|payee).?s\s*(tin|federal id|identification number)|employer identification number|employee.?s social security number/i.test(text) &&
    !namesATin(text)
  );
}

/**
 * Who issued a statement or a stub, read on a page that opens one: its opening balance or gross pay, and the
 * issuer's name over an address (its own, or the mailing address under it). Two of the same period from different
 * issuers are two documents. A later page's header, a sub-account's summary or a transaction naming another bank has
 * no address under it.
 */
const ISSUER: Partial<Record<DocumentType, { by: string; starts: string }>> = {
  BANK_STATEMENT: { by: 'bankName', starts: 'beginningBalance' },
  PAY_STUB: { by: 'employerName', starts: 'grossPay' },
};

function issuerOf(type: DocumentType, fields: Record<string, unknown>, text: string): string[] | null {
  const issuer = ISSUER[type];
  const name = issuer && fields[issuer.starts] != null && !/\bcontinued\b/i.test(text) ? fields[issuer.by] : null;
  if (typeof name !== 'string') return null;
  const ls = text.split('\n').filter((l) => l.trim());
  const at = ls.slice(0, 12).findIndex((l) => l.toLowerCase().includes(name.toLowerCase()));
  const letterhead = at >= 0 && ls.slice(at, at + 6).some((l) => /\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b|\bP\.?\s?O\.?\s*BOX\b/i.test(l));
  return letterhead ? nameWords(name) : null;
}

/** A name's telling words, OCR's look-alike letters folded: "FlRST PRAlRIE BANK, N.A." → first, prairie. */
function nameWords(name: string): string[] {
  const common = /^(bank|banks|national|credit|union|federal|savings|trust|financial|the|of|and|na|inc|llc|co|corp|company|group)$/;
  return name.toLowerCase().replace(/l/g, 'i').replace(/0/g, 'o').split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !common.test(w));
}

/** Names of one issuer share a telling word ("Chase", "JPMorgan Chase Bank, N.A."). */
const sameIssuer = (a: string[], b: string[]) => !a.length || !b.length || a.some((w) => b.includes(w));

export function segmentPages(pages: PageContent[], now: Date): Segment[] {
  const segments: { pages: PageContent[]; type: DocumentType | null; period: string | null; issuer: string[] | null }[] = [];
  for (const p of pages) {
    const c = classifyText(p.text);
    const strong = c.type !== 'OTHER' && c.score >= MIN_SCORE + 2 && !instructionsPage(p.text);
    // Only periodic documents (statements, pay stubs, bills) are told apart by their date and issuer; a continuation
    // page that does not repeat the date has none, and its issuer is not asked (a transaction may name another bank).
    const fields = strong && RECENCY_FIELD[c.type] ? extractFields(c.type, [p], now).fields : null;
    const period = fields ? periodOf(c.type, fields) : null;
    const issuer = fields && period ? issuerOf(c.type, fields, p.text) : null;
    const cur = segments[segments.length - 1];
    if (!cur) {
      segments.push({ pages: [p], type: strong ? c.type : null, period, issuer });
      continue;
    }
    // Two banks' statements (two employers' stubs) for the same month, one after the other.
    const otherIssuer = issuer && cur.issuer && !sameIssuer(issuer, cur.issuer);
    if (strong && c.type === cur.type && period && cur.period && (period !== cur.period || otherIssuer)) {
      segments.push({ pages: [p], type: c.type, period, issuer });
      continue;
    }
    // Continuation pages of a multi-page document mention their own form (e.g. "Form W-9 (Rev. 10-2018) Page 2")
    // even when other forms' names score higher (W-9 instructions talk about 1099s).
    const continues = cur.type !== null && !ONE_PAGE_TYPES.includes(cur.type) && (c.scores[cur.type] ?? 0) >= MIN_SCORE && !startsDocument(p.text);
    const newDoc =
      strong &&
      !continues &&
      (cur.type === null
        ? cur.pages.length > 0 && hasOwnTitle(cur.pages)
        : c.type !== cur.type || (ONE_PAGE_TYPES.includes(c.type) && !anotherCopy(p.text, cur.pages) && !laterPage(p.text)) || startsDocument(p.text));
    if (newDoc) segments.push({ pages: [p], type: c.type, period, issuer });
    else {
      cur.pages.push(p);
      if (cur.type === null && strong) cur.type = c.type;
      if (cur.type === c.type) {
        cur.period ??= period;
        cur.issuer ??= issuer;
      }
    }
  }
  return segments.map((s) => ({ pages: s.pages }));
}

/** An untyped leading segment stays separate only if it had real content of its own, or is a cover page. */
function hasOwnTitle(pages: PageContent[]): boolean {
  return pages.some((p) => p.text.replace(/\s+/g, '').length > 400 || coverPage(p.text));
}
