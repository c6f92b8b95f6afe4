// Classification by weighted keyword evidence. Works on the text layer and on (noisy) OCR text alike:
// patterns are loose about spacing and punctuation, and strong title phrases weigh most.
import { SERVICE_ADDRESS } from './parse';
import type { DocumentType } from './types';

interface Signal {
  re: RegExp;
  w: number;
}

const S = (re: RegExp, w: number): Signal => ({ re, w });

// Weight 5+: a title that names the document. 1-3: vocabulary typical of the document.
const SIGNALS: Record<Exclude<DocumentType, 'OTHER'>, Signal[]> = {
  W2: [
    S(/\bW-?2\b.{0,40}wage|wage and tax statement/i, 8),
    S(/\bform\s*W-?2\b/i, 4),
    S(/social security wages/i, 2),
    S(/medicare wages/i, 2),
    S(/wages,? tips,? other comp/i, 2),
    S(/employer identification number/i, 1),
    S(/employee'?s social security number|employee.s social security/i, 1),
  ],
  FORM_1099: [
    S(/\bform\s*1099-?(NEC|MISC|INT|DIV|R|G|K|B|S|SA|C|Q|OID|PATR|LTC)\b/i, 8),
    S(/\b1099-?(NEC|MISC|INT|DIV)\b/i, 3),
    S(/\bSSA-?1099\b|social security benefit statement/i, 8),
    S(/benefits paid in|net benefits for/i, 2),
    S(/(payer|filer).?s\s*(name|TIN)/i, 2),
    S(/(recipient|payee).?s\s*(name|TIN)/i, 2),
    S(/nonemployee compensation|interest income|ordinary dividends|miscellaneous (income|information)/i, 2),
    S(/\brents\b.*\broyalties\b|royalties/i, 1),
  ],
  W9: [
    S(/form\s*W-?9\b/i, 6),
    S(/request for taxpayer/i, 6),
    S(/identification number and certification/i, 4),
    S(/federal tax classification/i, 2),
    S(/exempt payee code|backup withholding/i, 1),
  ],
  PAY_STUB: [
    S(/pay\s*stub|earnings statement|statement of earnings|pay\s*statement/i, 6),
    S(/pay\s*period/i, 3),
    S(/pay\s*date|check\s*date/i, 2),
    S(/net\s*pay/i, 3),
    S(/gross\s*pay|gross\s*earnings|total\s*earnings/i, 2),
    S(/\bYTD\b|year.to.date/i, 1),
    S(/\bdeductions\b/i, 1),
    S(/\bFITWH\b|federal income tax|\bFICA\b|medicare|social security/i, 1),
    S(/direct deposit|non-?negotiable/i, 1),
    S(/\bhourly\b|\bovertime\b|\brate\b.{0,20}\bhours?\b/i, 1),
  ],
  BANK_STATEMENT: [
    S(/bank statement|account statement|statement of account|checking statement|savings statement/i, 6),
    S(/(beginning|opening|previous)\s*balance/i, 3),
    S(/(ending|closing|new)\s*balance/i, 3),
    S(/statement period|statement date/i, 2),
    S(/deposits( and|\s*&)? (other )?(credits|additions)|total deposits/i, 2),
    S(/withdrawals|debits|checks paid/i, 2),
    S(/\bbank\b|credit union|\bN\.?A\.?\b|FDIC/i, 1),
    S(/account (number|#|no)/i, 1),
  ],
  DRIVERS_LICENSE: [
    S(/[DP]RIVER'?S?[\s\S]{0,15}LICEN[CS]E|operator'?s? licen/i, 7),
    S(/commercial driver/i, 3),
    S(/\bDL\b|\bLIC(ENSE)?\s*(NO|#)/i, 2),
    S(/\bCLASS\b\s*[A-DM]\b|\bCLASS\b/i, 1),
    S(/\bENDORS|\bRESTR|\bDONOR\b/i, 1),
    S(/\b(DOB|EXP|ISS)\b/i, 1),
    S(/\b(SEX|HGT|HT|WGT|WT|EYES|HAIR)\b/i, 1),
  ],
  STATE_ID: [
    S(/identification card|\bID\s*CARD\b|photo identification|non-?driver|identicard|state identification\b(?!\s*(?:no\b|num|#|\())/i, 9),
    S(/\bIDN\b|\bID\s*(NO|#)/i, 2),
    S(/NOT FOR REAL ID/i, 1),
  ],
  PASSPORT: [
    S(/\bpassport\b|passeport|pasaporte/i, 6),
    S(/P<[A-Z]{3}[A-Z<]{5,}/, 8),
    S(/nationality|place of birth|date of issue/i, 2),
  ],
  TAX_RETURN_1040: [
    S(/form\s*1040\b|U\.?S\.? individual income tax return/i, 8),
    S(/filing status/i, 2),
    S(/adjusted gross income/i, 2),
    S(/taxable income|standard deduction/i, 1),
    S(/married filing jointly|head of household/i, 2),
  ],
  SCHEDULE_C: [
    S(/schedule\s*C\b/i, 6),
    S(/profit or loss from business/i, 8),
    S(/sole proprietorship/i, 2),
    S(/principal business or profession/i, 3),
    S(/gross receipts or sales/i, 1),
  ],
  SCHEDULE_E: [
    S(/schedule\s*E\b/i, 6),
    S(/supplemental income and loss/i, 8),
    S(/rental real estate/i, 2),
    S(/royalties/i, 1),
  ],
  UTILITY_BILL: [
    S(/utility bill|(electric(ity)?|gas|water|sewer|energy|power) (bill|statement)/i, 6),
    // Phone, internet and cable bills prove an address as well as a power bill does.
    S(/wireless (bill|statement)|phone bill|internet (service|bill)|cable (tv|bill)/i, 5),
    S(/\b(AT&T|Verizon|T-Mobile|Comcast|Xfinity|Spectrum|Cox Communications|Frontier|CenturyLink|Optimum)\b/i, 3),
    S(/data usage|talk (&|and) text|autopay/i, 1),
    S(/\b(internet|wi-?fi|broadband|unlimited|line charges|device payments?)\b/i, 2),
    S(SERVICE_ADDRESS, 3),
    S(/\bkwh\b|\btherms?\b|\bccf\b|\bgallons\b/i, 3),
    // "Prairie Gas Company", "Gas Delivery Charges": a gas or power company's own words.
    S(/\b(gas|electric|water|sewer)\s+(company|delivery|supply|service|charges)\b/i, 3),
    S(/meter (number|read)|usage|bill(ing)? period|service period|bill date/i, 2),
    S(/amount due|total due|due date/i, 1),
    S(/electric|natural gas|water|sewer|power/i, 1),
  ],
  INVOICE: [
    S(/\binvoice\b/i, 6),
    S(/bill to|ship to|remit to/i, 2),
    S(/invoice (number|no|#|date)|\bINV-\d/i, 2),
    S(/due date|balance due|amount due|terms/i, 1),
    S(/sub\s*total/i, 1),
    S(/\bqty\b|quantity|unit price|description/i, 1),
  ],
  RECEIPT: [
    S(/\breceipt\b|\brec\s*eipt\b/i, 4),
    S(/walmart|target|costco|kroger|safeway|walgreens|\bCVS\b|home depot|7-eleven|whole foods|trader joe|amazon\.com|\blowe'?s\b/i, 3),
    S(/thank you for shopping|items sold|\bchange due\b|cash\s*tend|\btend\b/i, 4),
    S(/\bsub\s*total\b/i, 1),
    S(/\b(VISA|MASTERCARD|AMEX|DEBIT)\b.{0,20}\d{4}|[X*]{4,}\d{4}\s+(VISA|MASTERCARD|AMEX|DISCOVER)\b|\bTC#|\bST#|\bOP#|\bTR#/i, 2),
    S(/^\s*\+?\s*tip\b|\bgratuity\b/im, 2),
    // A card slip's copies, a restaurant check's server and table.
    S(/\b(merchant|customer|cardholder)\s+copy\b/i, 3),
    S(/^\s*(server|table|guests?)\s*(:|#|\d)/im, 2),
    S(/\b(order total|grand total|order placed|final details for order)\b/i, 3),
    S(/\bcash\b|\bchange\b/i, 1),
  ],
};

// Negative evidence: a driver-licence *application* form talks about licences but is not one.
const PENALTIES: { type: DocumentType; re: RegExp; w: number }[] = [
  { type: 'DRIVERS_LICENSE', re: /application for|applicant'?s?|DL-?14|form\s*DL/i, w: 8 },
  { type: 'STATE_ID', re: /application for|applicant'?s?|DL-?14/i, w: 8 },
  { type: 'DRIVERS_LICENSE', re: /identification card|\bID\s*CARD\b/i, w: 4 },
  { type: 'W2', re: /form\s*1099|form\s*W-?9\b|request for taxpayer/i, w: 6 },
  // Schedules C, E and SE name "Form 1040" in their titles; Schedules 1-3 are part of the return.
  { type: 'TAX_RETURN_1040', re: /schedule\s*[A-Z]{1,3}\s*\(form\s*1040/i, w: 8 },
  // ADP's "W-2 and Earnings Summary" page comes before the W-2 itself.
  { type: 'W2', re: /\bearnings summary\b/i, w: 6 },
  // "Attach Schedule C", "use Schedule C": a page that refers to a schedule is not that schedule.
  { type: 'SCHEDULE_C', re: /\b(attach|use|see)\s+schedule\s*C\b/i, w: 6 },
  { type: 'SCHEDULE_E', re: /\b(attach|use|see)\s+schedule\s*E\b/i, w: 6 },
  { type: 'FORM_1099', re: /wage and tax statement|request for taxpayer/i, w: 6 },
  { type: 'PAY_STUB', re: /wage and tax statement|form\s*1099|form\s*W-?9/i, w: 6 },
  { type: 'RECEIPT', re: /\binvoice\b|bill to/i, w: 3 },
  // Phone and utility bills print an "invoice number" and a "previous balance", yet they are bills.
  // (An invoice with line items is an invoice, whoever installed the internet.)
  { type: 'INVOICE', re: /^(?![\s\S]*\b(qty|quantity|unit price)\b)[\s\S]*(\b(AT&T|Verizon|T-Mobile|Comcast|Xfinity|Spectrum|Cox Communications|CenturyLink|Optimum)\b|\bkwh\b|\btherms?\b)/i, w: 4 },
  { type: 'UTILITY_BILL', re: /\b(qty|quantity|unit price)\b/i, w: 4 },
  { type: 'BANK_STATEMENT', re: new RegExp(`${SERVICE_ADDRESS.source}|\\bkwh\\b|\\btherms?\\b`, 'i'), w: 4 },
  { type: 'BANK_STATEMENT', re: /\binvoice\b|pay\s*period|net\s*pay/i, w: 3 },
  { type: 'W9', re: /wage and tax statement|\bform\s*1099-?(NEC|MISC|INT|DIV)\b.{0,80}copy\s*B/i, w: 4 },
];

/**
 * A return's schedule or form by its title: any but the 1040 itself and the information returns it quotes, whose
 * numbers start 10 (also as OCR misreads them: "Form 7099 INT", "Form 7040", "1040X"), and Form 4852 (the substitute
 * W-2).
 */
const RETURN_PART = /^\s*(?:form\s*(?![17I][0O]\d\d|4852\b)\d{4}[A-Z]?\b|schedule\s*(?:[A-Z]{1,3}|\d)\s*\(form\s*1040)/im;

const headOf = (text: string, n: number) => text.split('\n').filter((l) => l.trim()).slice(0, n).join('\n');

/** A page of a return that is no return of its own (Schedule B, SE; Forms 8949, 8879): by its title. */
export function returnAttachment(text: string): boolean {
  const head = headOf(text, 3);
  return RETURN_PART.test(head) && !/^\s*schedule\s*[CE]\s*\(/im.test(head);
}

/**
 * A fax's cover sheet or a bundle's list of contents, by a title line near the top ("FAX COVER SHEET", "Contents:"):
 * it names every document and is none. A statement asking to "include this cover sheet" is still a statement.
 */
const COVER_TITLE = /^\s*(?:(?:fax|facsimile)\s+(?:cover\s*(?:sheet|page)?|transmittal(?:\s+sheet)?)|cover\s+sheet|(?:table\s+of\s+)?contents\s*:.*)\s*$/im;
export const coverPage = (text: string) => COVER_TITLE.test(headOf(text, 5));

/** A transaction line: a date, a description, an amount. */
const TRANSACTION = /^[ \t]*\d{1,2}\/\d{1,2}(?:\/\d{2,4})?[ \t]+.*\d\.\d{2}[ \t]*$/gm;

export interface Classification {
  type: DocumentType;
  /** 0..1 */
  confidence: number;
  /** Raw evidence per type (for debugging and segmentation). */
  scores: Partial<Record<DocumentType, number>>;
  /** Score of the winning type. */
  score: number;
}

/** Scores under this are not enough to name a type: the page is OTHER (or a continuation page). */
export const MIN_SCORE = 5;

export function scoreText(text: string): Partial<Record<DocumentType, number>> {
  const t = text.replace(/[\u2018\u2019]/g, "'").replace(/[ \t]+/g, ' ');
  const scores: Partial<Record<DocumentType, number>> = {};
  // A statement's transactions name the billers it paid ("09/14 SPECTRUM INTERNET AUTOPAY 89.99"): no bill's words.
  const untransacted = t.replace(TRANSACTION, '');
  for (const [type, signals] of Object.entries(SIGNALS) as [DocumentType, Signal[]][]) {
    let s = 0;
    for (const sig of signals) if (sig.re.test(type === 'UTILITY_BILL' ? untransacted : t)) s += sig.w;
    scores[type] = s;
  }
  // Cards: physical descriptors and card vocabulary together are specific to licences/IDs even when OCR loses the title.
  const cardTerms = [/(DOB|BIRTH)/i, /EXP(IRES)?\b/i, /\bISS\b/i, /CLASS\b/i, /EYES\b/i, /HAIR\b/i, /\b(HGT|HT)\b/i, /\b(WGT|WT)\b/i, /\bSEX\b/i, /DONOR\b/i, /RESTR/i, /ENDORS/i, /\b(BRO|BRN|BLU|HAZ|GRN|BLK)\b/]
    .filter((re) => re.test(t)).length;
  if (cardTerms >= 3) scores.DRIVERS_LICENSE = (scores.DRIVERS_LICENSE ?? 0) + (cardTerms >= 4 ? 5 : 3);
  // Till receipts: many item lines with a 12-digit UPC and a price.
  const upcLines = (t.match(/\b\d{12}\b[^\n]{0,12}\d+[.,]\d{2}/g) ?? []).length + (t.match(/\b\d{12}\s*[A-Z]?\s*$/gm) ?? []).length;
  if (upcLines >= 3) scores.RECEIPT = (scores.RECEIPT ?? 0) + 5;
  for (const p of PENALTIES) if (p.re.test(t)) scores[p.type] = Math.max(0, (scores[p.type] ?? 0) - p.w);
  // A return's schedules and forms (Schedule B, D, SE; Forms 8949, 8995, 8879) quote the forms they come from ("If you
  // received a Form 1099-INT", "Attach to Form 1040"): by their title, they are none of those.
  const head = headOf(t, 3);
  if (RETURN_PART.test(head)) {
    for (const k of ['FORM_1099', 'W2', 'PAY_STUB'] as const) scores[k] = Math.max(0, (scores[k] ?? 0) - 8);
    if (/^\s*form/im.test(head)) scores.TAX_RETURN_1040 = Math.max(0, (scores.TAX_RETURN_1040 ?? 0) - 8);
  }
  // A faxed page may carry the cover's title above a whole pay stub: strong evidence of a document keeps it.
  if (coverPage(t) && Math.max(0, ...Object.values(scores)) < 12) for (const k of Object.keys(scores) as DocumentType[]) scores[k] = Math.min(scores[k] ?? 0, MIN_SCORE - 1);
  // An application *for* a licence or ID is never the card itself, however much card vocabulary it has.
  if (/application for|applicant|\bDL-?14/i.test(t)) {
    for (const k of ['DRIVERS_LICENSE', 'STATE_ID'] as const) scores[k] = Math.min(scores[k] ?? 0, MIN_SCORE - 1);
  }
  return scores;
}

export function classifyText(text: string): Classification {
  const scores = scoreText(text);
  const ranked = (Object.entries(scores) as [DocumentType, number][]).sort((a, b) => b[1] - a[1]);
  const [topType, top] = ranked[0] ?? ['OTHER', 0];
  const second = ranked[1]?.[1] ?? 0;
  if (top < MIN_SCORE) {
    // Not enough evidence: OTHER, more sure the less any type scored.
    return { type: 'OTHER', confidence: round2(0.9 - (top / MIN_SCORE) * 0.4), scores, score: top };
  }
  const strength = 1 - Math.exp(-top / 6);
  const margin = (top - second) / top;
  return { type: topType, confidence: round2(Math.min(0.99, strength * (0.55 + 0.45 * margin))), scores, score: top };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
