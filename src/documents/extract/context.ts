import type { LayoutItem, PageContent } from '../types';
import { lines } from '../parse';

/** What an extractor gets: the segment's text, its lines, and the positioned items of its pages. */
export interface ExtractContext {
  text: string;
  lines: string[];
  /** Lines with their spacing kept: OCR separates columns with runs of spaces. */
  rawLines: string[];
  pages: PageContent[];
  /** Layout of the first page (form extractors read one-page forms). */
  layout: LayoutItem[] | undefined;
  /** The file came from OCR (values are noisier, labels may be misspelt). */
  ocr: boolean;
}

/**
 * Extracted values. `fields` is what the caller stores and shows (identifiers masked to the last 4 digits);
 * `secrets` holds full identifiers for validation only and is never returned by the pipeline.
 */
export interface Extraction {
  fields: Record<string, unknown>;
  secrets: { ssn?: string | null; ein?: string | null; tins?: string[] };
}

/**
 * OCR of wide (typewriter) fonts spaces out punctuation inside numbers: "$ 1, 234, 567. 89", "04- 3523567". Closes
 * the gaps in an amount with cents (so "Suite 5, 250 Oak Ave" and a date's "24, 2019" stay) and after a hyphen
 * between digits.
 */
export function closeNumberGaps(text: string): string {
  return text
    .replace(/(?<![\d,])\d{1,3}(?:, ?\d{3})*\. ?\d{2}(?!\d)/g, (m) => m.replace(/ /g, ''))
    .replace(/(\d)- (\d)/g, '$1-$2');
}

export function makeContext(pages: PageContent[]): ExtractContext {
  const text = pages.map((p) => (p.source === 'ocr' ? closeNumberGaps(p.text) : p.text)).join('\n');
  const first = pages[0];
  return {
    text,
    lines: lines(text),
    rawLines: text.split(/\r?\n/).map((l) => l.replace(/\t/g, '   ').trimEnd()).filter((l) => l.trim()),
    pages,
    layout: first?.layout && first.layout.length ? first.layout : undefined,
    ocr: pages.some((p) => p.source === 'ocr'),
  };
}

/**
 * Not a ZIP+4 ("78704-3012"), which an address puts just before the SSN, unless an SSN's label is just before it, on
 * its line or the one above (an SSN OCR read without its first dash: "Your social security number 41255-0192").
 */
export const NOT_ZIP4 = String.raw`(?!(?<!(?:[Ss]ocial [Ss]ecurity|SOCIAL SECURITY|\bSSN|\bTIN|[Ii]dentifying|IDENTIFYING)[^\n]{0,60}(?:\n[^\n]{0,60})?)\d{5}-\d{4}(?!\d))`;
/** Nine digits as an SSN is printed. */
export const SSN_RE = new RegExp(String.raw`(?<![\d-])${NOT_ZIP4}(\d{3})[- ]?(\d{2})[- ]?(\d{4})(?![\d-])`);
/** An SSN truncated to its last four digits, as employee copies of W-2s and 1099s may print it ("XXX-XX-0192"). */
export const TRUNCATED_SSN = /[X*•]{3}[- ]?[X*•]{2}[- ]?\d{4}/i;
export const SSN_STRICT_RE = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/;
export const EIN_RE = /(?<![\d-])\d{2}-\d{7}(?![\d-])/;
/** Amount with cents or thousands separators, not part of a longer number (41.2167 is hours, not money). */
export const AMOUNT_RE = /(?<![\d.,])\$?[ \t]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})(?![\d])|(?<![\d.,])\$[ \t]?(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d.,])/;
export const AMOUNT_G = new RegExp(AMOUNT_RE.source, 'g');

export function last4(s: string | null | undefined): string | null {
  if (!s) return null;
  const d = s.replace(/\D/g, '');
  return d.length >= 4 ? d.slice(-4) : null;
}

/** An ordinal number ("1st", "21st"), as some company names begin. */
export const ORDINAL = String.raw`\d+(?:st|nd|rd|th)`;
const ORDINAL_START = new RegExp(String.raw`^\s*${ORDINAL}\b`, 'i');

export function cleanName(s: string | null | undefined): string | null {
  if (!s) return null;
  // Digits go, but for an ordinal that begins a company's name ("1st Source Bank").
  const ordinal = ORDINAL_START.exec(s)?.[0] ?? '';
  const v = (ordinal + s.slice(ordinal.length).replace(/[^A-Za-z .,'&-]/g, ' ')).replace(/\s+/g, ' ').replace(/^[\s,.-]+|[\s,]+$/g, '').trim();
  return v.length >= 2 ? v : null;
}

/** The columns of an OCR line (runs of 3+ spaces separate them). */
export function columns(line: string): string[] {
  return line.trim().split(/\s{3,}/).map((c) => c.trim()).filter(Boolean);
}

/** Looks like a typed/printed name or company: mostly capitals (OCR garbage from handwriting is mostly lowercase). */
export function looksLikeName(s: string): boolean {
  const letters = s.replace(/[^A-Za-z]/g, '');
  if (letters.length < 4 || !/^[A-Za-z][A-Za-z&.,' -]+$/.test(s.trim())) return false;
  const upper = s.replace(/[^A-Z]/g, '').length;
  return upper / letters.length >= 0.6 && s.trim().split(/\s+/).length >= 2;
}

/**
 * A form's text without its revision dates ("(Rev. January 2024)", "Form 1099-NEC (Rev. 1-2024)"): the form's
 * edition is not the tax year it reports.
 */
export function withoutRevisions(text: string): string {
  return text.replace(/\(?\brev(?:\.|\s)\s*(?:[a-z]+\.?\s+|\d{1,2}\s*[-/]\s*)?(?:19|20)\d{2}\s*\)?/gi, ' ');
}
