// Matching analysed documents to checklist items, with the item's own rules (recency, tax year, counts).
//
// Field type ← document types (my choice):
//   PAY_STUB ← PAY_STUB; W2 ← W2; BANK_STATEMENT ← BANK_STATEMENT; ID ← DRIVERS_LICENSE, STATE_ID, PASSPORT;
//   TAX_RETURN ← TAX_RETURN_1040, SCHEDULE_C, SCHEDULE_E (COMPLETED if valid) and FORM_1099 (only NEEDS_REVIEW:
//   a 1099 is an information return, not a tax return); FILE ← the types its label or rules name ("Utility bill",
//   "Proof of address", "SSA-1099"; a named 1099 form must be that form). A FILE item that names none ("Divorce
//   decree") takes a file sent for it, whatever it is, and a document of no known type whose text has the item's
//   words, for a person to check. Before, a FILE item took any document: the first pay stub completed it.
//   Other field types (TEXT, EIN, ADDRESS…) are values stated by the lead and are not filled from documents here.
// A document may fill several items (e.g. an ID item in two groups); when several segments of one file fit an item,
// the best verdict wins. Whether to overwrite an item that is already COMPLETED is the caller's decision.
// Items that need several documents ("three consecutive months", "two most recent pay stubs") are judged on every
// document accepted so far: the item's value keeps them (DocumentItemValue) and the caller passes them back.
import type { ChecklistItemInput, DocumentAnalysis, DocumentType, ItemMatch, AnalyzedSegment, LeadIdentity, MatchStatus } from './types';
import { TYPE_LABELS } from './labels';
import { businessAccountProblem } from './business-account';
import { periodOf } from './extract/index';

export const ACCEPTS: Record<string, DocumentType[]> = {
  PAY_STUB: ['PAY_STUB'],
  W2: ['W2'],
  BANK_STATEMENT: ['BANK_STATEMENT'],
  ID: ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'],
  TAX_RETURN: ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E', 'FORM_1099'],
};

/** Document types named in words, as a FILE item's label or rules name them. */
const NAMED_TYPES: [RegExp, DocumentType[]][] = [
  [/\bW-?2s?\b/i, ['W2']],
  [/\b(pay\s*-?stubs?|pay\s*slips?|payslips?|check\s+stubs?|(pay|earnings)\s+statements?)\b/i, ['PAY_STUB']],
  [/\b(bank|account)\s+statements?\b/i, ['BANK_STATEMENT']],
  [/\bdriver'?s?\s+licen[cs]es?\b/i, ['DRIVERS_LICENSE']],
  [/\b(state\s+ID|identification\s+card)s?\b/i, ['STATE_ID']],
  [/\bpassports?\b/i, ['PASSPORT']],
  [/\b((photo|picture|government(-issued)?)\s+ID|proof\s+of\s+identity)\b/i, ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT']],
  [/\btax\s+returns?\b/i, ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E']],
  [/\b1040\b/i, ['TAX_RETURN_1040']],
  [/\bschedule\s+C\b/i, ['SCHEDULE_C']],
  [/\bschedule\s+E\b/i, ['SCHEDULE_E']],
  [/\b1099s?\b|\bsocial\s+security\s+(benefits?|award)\b/i, ['FORM_1099']],
  [/\bW-?9s?\b/i, ['W9']],
  [/\b(utility|electric(ity)?|gas|water|phone|internet|cable)\s+bills?\b/i, ['UTILITY_BILL']],
  [/\bproof\s+of\s+(address|residence|residency)\b/i, ['UTILITY_BILL', 'BANK_STATEMENT']],
  [/\binvoices?\b/i, ['INVOICE']],
  [/\breceipts?\b/i, ['RECEIPT']],
];

/** The document types an item takes: by its field type, or for a FILE item those its label and rules name. */
export function acceptedTypes(item: Pick<ChecklistItemInput, 'fieldType' | 'label' | 'validationRules'>): DocumentType[] {
  if (item.fieldType !== 'FILE') return ACCEPTS[item.fieldType] ?? [];
  const words = [item.label, ...item.validationRules].join('\n');
  return [...new Set(NAMED_TYPES.flatMap(([re, types]) => (re.test(words) ? types : [])))];
}

/** The 1099 forms an item names ("SSA-1099", "1099-R"; capitals, so "1099s" is no 1099-S), as extracted variants. */
function named1099s(item: ChecklistItemInput): string[] {
  const words = [item.label, ...item.validationRules].join('\n');
  const out = [...words.matchAll(/\b1099-?(NEC|MISC|INT|DIV|R|G|K|B|SA|S|C|Q|OID|PATR|LTC)\b/g)].map((m) => m[1]!.toUpperCase());
  if (/\bSSA-?1099\b|\bsocial\s+security\s+(benefits?|award)\b/i.test(words)) out.push('SSA');
  return out;
}

/** Words that say nothing of what a document is ("a copy of your signed …"). */
const FILLER = new Set(['the', 'and', 'for', 'your', 'our', 'any', 'all', 'with', 'from', 'copy', 'copies', 'document', 'documents', 'file', 'files', 'proof', 'signed', 'recent', 'most', 'last', 'current', 'other', 'additional', 'latest', 'full', 'front', 'back', 'page', 'pages', 'photo', 'scan']);

/** The label's telling words, each cut to a stem a form of it starts with ("Voided check" → void, check). */
function tellingWords(label: string): string[] {
  return (label.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !FILLER.has(w)).map((w) => (w.length > 5 ? w.replace(/(ing|ed|es|s)$/, '') : w));
}

/** Whether a document's text names what the item is: at least half its telling words (and one) start words in it. */
function mentions(text: string, label: string): boolean {
  const stems = tellingWords(label);
  const lower = text.toLowerCase();
  const found = stems.filter((stem) => new RegExp(`\\b${stem}`).test(lower)).length;
  return found > 0 && found * 2 >= stems.length;
}

/** Accepted, but only as a lead for a human to look at. */
const REVIEW_ONLY: Partial<Record<string, DocumentType[]>> = { TAX_RETURN: ['FORM_1099'] };

/** Failing document rules that make the document unusable for the item. The others only ask for a human look. */
export const HARD_RULES = new Set(['not_expired', 'ssn_format', 'ein_format', 'paystub_arithmetic', 'not_placeholder_name', 'tin_present', 'zip_format', 'dates_plausible']);


/** A document accepted for an item: what the item keeps of it to judge later files against. */
export interface AcceptedDocument {
  documentType: DocumentType;
  pages: number[];
  fields: Record<string, unknown>;
  summary: string;
}

/**
 * The value of an item filled by documents: the best document of the latest file at the top level (what the item
 * shows), and every document accepted for the item so far, earliest first.
 */
export interface DocumentItemValue extends AcceptedDocument {
  documents: AcceptedDocument[];
}

/** The accepted documents kept in an item's stored value; none for values of any other shape. */
export function acceptedDocuments(value: unknown): AcceptedDocument[] {
  const documents = (value as Partial<DocumentItemValue> | null)?.documents;
  return Array.isArray(documents) ? documents : [];
}

export interface MatchOptions {
  /** The item the lead was asked for when sending this file: a file that fills nothing gets "wrong type" on it. */
  expectedItemId?: string;
  /** Documents accepted for each item by earlier files (read back with acceptedDocuments). */
  accepted?: Record<string, AcceptedDocument[]>;
  /** How many documents earlier files gave each item, for callers that do not keep them (`accepted` wins). */
  alreadyAccepted?: Record<string, number>;
  /** Whose documents these are: a business bank statement must be in the business's name. */
  lead?: LeadIdentity;
  /** Each document's text, by segment index: a FILE item of no known type takes a document whose text names it. */
  texts?: string[];
}

interface Verdict {
  status: MatchStatus;
  reason: string | null;
}

/** What an item asks of its documents as a set: how many, and whether they must be consecutive months. */
interface ItemNeeds {
  count: number;
  consecutiveMonths: boolean;
}

function daysBetween(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / 86400_000);
}

function isoDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86400_000).toISOString().slice(0, 10);
}

function wordNumber(s: string): number | null {
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  return ({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, twelve: 12 } as Record<string, number>)[s.toLowerCase()] ?? null;
}

/** Months counted from year 0, so that December and the next January are consecutive numbers. */
function monthIndex(isoDate: string): number {
  return Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Ascending month indexes → "December 2025, January, February 2026". */
function monthList(months: number[]): string {
  return months
    .map((m, i) => {
      const year = Math.floor(m / 12);
      const next = months[i + 1];
      return next !== undefined && Math.floor(next / 12) === year ? MONTH_NAMES[m % 12]! : `${MONTH_NAMES[m % 12]} ${year}`;
    })
    .join(', ');
}

// ---- Rules on one document ----------------------------------------------------------------------------------

/** Item rules that can be checked on a single document. */
function itemRuleProblems(item: ChecklistItemInput, seg: AnalyzedSegment, now: Date, needs: ItemNeeds, lead: LeadIdentity | undefined): { hard: string[]; soft: string[] } {
  const hard: string[] = [];
  const soft: string[] = [];
  const label = TYPE_LABELS[seg.type];
  const date = periodOf(seg.type, seg.fields);
  for (const rule of item.validationRules) {
    const within = /within\s+(\d+)\s+days/i.exec(rule);
    if (within) {
      const limit = Number(within[1]);
      if (!date) soft.push(`could not find the date on the ${label} to check "${rule}"`);
      else {
        const age = daysBetween(date, now);
        // Of N consecutive months only the most recent must be that recent: the others may be up to N-1 months older.
        const tooOld = needs.consecutiveMonths && /most recent/i.test(rule) ? monthIndex(date) < monthIndex(isoDaysBefore(now, limit)) - (needs.count - 1) : age > limit;
        if (tooOld) hard.push(`the ${label} is dated ${date}, ${age} days ago; we need one ${within[0]}`);
      }
    }
    if (/consecutive\s+months/i.test(rule) && !date) soft.push(`could not read the statement period on the ${label} to check "${rule}"`);
    if (/business\s+bank\s+statements?/i.test(rule) && seg.type === 'BANK_STATEMENT') {
      const p = businessAccountProblem(seg.fields.accountHolder, lead);
      if (p) (p.hard ? hard : soft).push(p.reason);
    }
    if (/last tax year/i.test(rule) && (seg.type === 'W2' || seg.type === 'FORM_1099')) {
      const y = seg.fields.taxYear as number | null;
      const expected = now.getUTCFullYear() - 1;
      // Before mid-February last year's W-2 or 1099 (mailed by January 31) may not have come: the one before will do.
      const ok = y === expected || (y === expected - 1 && now.getUTCMonth() === 0) || (y === expected - 1 && now.getUTCMonth() === 1 && now.getUTCDate() < 15);
      if (y === null) soft.push(`could not read the tax year on the ${label}`);
      else if (!ok) hard.push(`the ${label} is for ${y}; we need the one for ${expected}`);
    }
    const years = /last\s+(two|2|three|3)\s+years/i.exec(rule);
    if (years && ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E', 'FORM_1099'].includes(seg.type)) {
      const y = seg.fields.taxYear as number | null;
      const n = wordNumber(years[1]!) ?? 2;
      const oldest = now.getUTCFullYear() - n - (now.getUTCMonth() < 4 ? 1 : 0); // returns are filed by April
      if (y === null) soft.push('could not read the tax year');
      else if (y < oldest) hard.push(`the ${label} is for ${y}; we need the last ${n} years`);
    }
  }
  const forms = seg.type === 'FORM_1099' ? named1099s(item) : [];
  const variant = seg.fields.variant as string | null | undefined;
  if (forms.length && !variant) soft.push(`could not read which 1099 form it is; we need the ${forms.map(formName).join(' or ')}`);
  else if (forms.length && !forms.includes(variant!)) hard.push(`the 1099 is a ${formName(variant!)}; we need the ${forms.map(formName).join(' or ')}`);
  return { hard, soft };
}

function formName(variant: string): string {
  return variant === 'SSA' ? 'SSA-1099' : `1099-${variant}`;
}

function itemNeeds(item: ChecklistItemInput): ItemNeeds {
  const consecutiveMonths = item.validationRules.some((r) => /consecutive\s+months/i.test(r));
  for (const rule of [item.label, ...item.validationRules]) {
    const m = /\b(two|three|four|six|twelve|\d+)\s+(most recent|consecutive|months|pay stubs|statements)/i.exec(rule) ?? /last\s+(two|three|\d+)\s+months/i.exec(rule) ?? /\((two|three|\d+)\s+most recent\)/i.exec(rule);
    if (m) return { count: wordNumber(m[1]!) ?? 1, consecutiveMonths };
  }
  return { count: 1, consecutiveMonths };
}

function verdictFor(item: ChecklistItemInput, seg: AnalyzedSegment, now: Date, needs: ItemNeeds, lead: LeadIdentity | undefined): Verdict {
  // Whether a document is of a type we know says nothing of whether it is the item's, for an item of no known type.
  const untyped = item.fieldType === 'FILE' && !acceptedTypes(item).length;
  const failed = seg.validation.validationResults.filter((r) => !r.isValid && !(untyped && r.ruleName === 'document_type_recognised'));
  const hard = failed.filter((r) => HARD_RULES.has(r.ruleName)).map((r) => r.isValidReason);
  const soft = failed.filter((r) => !HARD_RULES.has(r.ruleName)).map((r) => r.isValidReason);
  const itemRules = itemRuleProblems(item, seg, now, needs, lead);
  hard.push(...itemRules.hard);
  soft.push(...itemRules.soft);
  if ((REVIEW_ONLY[item.fieldType] ?? []).includes(seg.type)) soft.unshift(`a ${TYPE_LABELS[seg.type]} is not a tax return`);
  if (hard.length) return { status: 'INVALID', reason: hard.join('; ') };
  if (soft.length) return { status: 'NEEDS_REVIEW', reason: soft.join('; ') };
  return { status: 'COMPLETED', reason: null };
}

// ---- Rules on the set of accepted documents ------------------------------------------------------------------

/**
 * Complete when N consecutive months are in, the last of them recent enough for the recency rule. Otherwise names
 * what is missing from the N months up to the last finished month (or the latest statement, if later).
 */
function missingMonths(documents: AcceptedDocument[], need: number, recencyDays: number | null, now: Date): string | null {
  const dates = documents.map((d) => periodOf(d.documentType, d.fields)).filter((d): d is string => d !== null).sort();
  const latestIn = new Map(dates.map((d) => [monthIndex(d), d])); // sorted: each month keeps its latest date
  const cutoff = recencyDays === null ? '' : isoDaysBefore(now, recencyDays);
  const run = (end: number) => Array.from({ length: need }, (_, i) => end - need + 1 + i);
  if ([...latestIn].some(([m, d]) => d >= cutoff && run(m).every((x) => latestIn.has(x)))) return null;
  const last = dates.at(-1);
  const window = run(Math.max(last ? monthIndex(last) : 0, monthIndex(now.toISOString()) - 1));
  const have = window.filter((m) => latestIn.has(m));
  return `${have.length} of ${need} months received${have.length ? ` (${monthList(have)})` : ''}; missing ${monthList(window.filter((m) => !latestIn.has(m)))}`;
}

/** Why the accepted documents do not complete the item yet, or null when they do. */
function progressProblem(item: ChecklistItemInput, needs: ItemNeeds, documents: AcceptedDocument[], uncounted: number, now: Date): string | null {
  if (needs.consecutiveMonths && !uncounted) {
    const within = item.validationRules.map((r) => /within\s+(\d+)\s+days/i.exec(r)).find(Boolean);
    return missingMonths(documents, needs.count, within ? Number(within[1]) : null, now);
  }
  // The same pay date (or statement) sent twice is one document.
  const dates = documents.map((d) => periodOf(d.documentType, d.fields));
  const have = new Set(dates.filter((d) => d !== null)).size + dates.filter((d) => d === null).length + uncounted;
  return have >= needs.count ? null : `${have} of ${needs.count} received`;
}

function kept(seg: AnalyzedSegment): AcceptedDocument {
  return { documentType: seg.type, pages: seg.pages, fields: seg.fields, summary: seg.summary };
}

const RANK: Record<MatchStatus, number> = { COMPLETED: 3, NEEDS_REVIEW: 2, INVALID: 1 };

export function matchToChecklist(analysis: DocumentAnalysis, items: ChecklistItemInput[], now: Date, options: MatchOptions = {}): ItemMatch[] {
  const out: ItemMatch[] = [];
  if (analysis.kind === 'rejected') {
    if (options.expectedItemId && items.some((i) => i.id === options.expectedItemId)) {
      out.push({ itemId: options.expectedItemId, status: 'INVALID', value: null, reason: analysis.message, segmentIndex: -1 });
    }
    return out;
  }
  for (const item of items) {
    if (item.status === 'SKIPPED') continue;
    const accepts = acceptedTypes(item);
    let candidates = analysis.segments.map((seg, i) => ({ seg, i })).filter(({ seg }) => accepts.includes(seg.type));
    let unchecked: string | null = null; // why a person must say whether the document is the item
    if (item.fieldType === 'FILE' && !accepts.length) {
      // An item of no known type: what was sent for it, or an unrecognised document that names it.
      if (item.id === options.expectedItemId) candidates = analysis.segments.map((seg, i) => ({ seg, i }));
      else {
        candidates = analysis.segments.map((seg, i) => ({ seg, i })).filter(({ seg, i }) => seg.type === 'OTHER' && mentions(options.texts?.[i] ?? '', item.label));
        unchecked = `it reads like a ${item.label}; a person checks that it is one`;
      }
    }
    if (!candidates.length) continue;
    const needs = itemNeeds(item);
    const judged = candidates.map(({ seg, i }) => ({ seg, i, v: verdictFor(item, seg, now, needs, options.lead) }));
    for (const j of judged) if (unchecked && j.v.status === 'COMPLETED') j.v = { status: 'NEEDS_REVIEW', reason: unchecked };
    judged.sort((a, b) => RANK[b.v.status] - RANK[a.v.status] || b.seg.confidence - a.seg.confidence);
    const best = judged[0]!;
    const documents = [...(options.accepted?.[item.id] ?? []), ...judged.filter((j) => j.v.status === 'COMPLETED').map((j) => kept(j.seg))];
    let { status, reason } = best.v;
    if (needs.count > 1 && status !== 'INVALID') {
      const uncounted = options.accepted ? 0 : (options.alreadyAccepted?.[item.id] ?? 0);
      const progress = progressProblem(item, needs, documents, uncounted, now);
      // "Two most recent pay stubs": one good document is progress, not completion.
      if (progress && status === 'COMPLETED') [status, reason] = ['NEEDS_REVIEW', progress];
      else if (progress && documents.length) reason = `${reason}; ${progress}`;
    }
    const value: DocumentItemValue = { ...kept(best.seg), documents };
    out.push({ itemId: item.id, status, value, reason, segmentIndex: best.i });
  }
  if (options.expectedItemId && !out.some((m) => m.itemId === options.expectedItemId)) {
    const item = items.find((i) => i.id === options.expectedItemId);
    if (item && acceptedTypes(item).length) {
      const got = analysis.segments.map((s) => TYPE_LABELS[s.type]).join(' + ') || 'nothing readable';
      out.push({ itemId: item.id, status: 'INVALID', value: null, reason: `wrong document type: got ${got}, expected ${item.label}`, segmentIndex: -1 });
    }
  }
  return out;
}
