// Matching analysed documents to checklist items, with the item's own rules (recency, tax year, counts).
//
// Field type ← document types (my choice):
//   PAY_STUB ← PAY_STUB; W2 ← W2; BANK_STATEMENT ← BANK_STATEMENT; ID ← DRIVERS_LICENSE, STATE_ID, PASSPORT;
//   TAX_RETURN ← TAX_RETURN_1040, SCHEDULE_C, SCHEDULE_E (COMPLETED if valid) and FORM_1099 (only NEEDS_REVIEW:
//   a 1099 is an information return, not a tax return); FILE ← the types its label names ("Utility bill", "Proof of
//   address", "SSA-1099"; a named 1099 form must be that form; file-items.ts). Where the label names something of no
//   known type ("Divorce decree", "Utility bill or lease agreement"), the item also takes an unrecognised document
//   sent for it, and sends one whose text names it (every telling word; only the item it names best) to a person.
//   With Claude configured the model is offered those items and may name one: with a title line of the document
//   naming it too, no person needs to look.
//   Before, a FILE item took any document: the lead's first pay stub completed it.
//   Other field types (TEXT, EIN, ADDRESS…) are values stated by the lead and are not filled from documents here.
// A document may fill several items (e.g. an ID item in two groups); when several segments of one file fit an item,
// the best verdict wins. Whether to overwrite an item that is already COMPLETED is the caller's decision.
// Items that need several documents ("three consecutive months", "two most recent pay stubs") are judged on every
// document accepted so far: the item's value keeps them (DocumentItemValue) and the caller passes them back.
import type { ChecklistItemInput, DocumentAnalysis, DocumentType, ItemMatch, AnalyzedSegment, LeadIdentity, MatchStatus } from './types';
import { TYPE_LABELS } from './labels';
import { businessAccountProblem } from './business-account';
import { periodOf } from './extract/index';
import { fileItemKinds, mentionScore, named1099s, titledAs } from './file-items';

export const ACCEPTS: Record<string, DocumentType[]> = {
  PAY_STUB: ['PAY_STUB'],
  W2: ['W2'],
  BANK_STATEMENT: ['BANK_STATEMENT'],
  ID: ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'],
  TAX_RETURN: ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E', 'FORM_1099'],
};

/** The document types an item takes: by its field type, or for a FILE item those its label names. */
export function acceptedTypes(item: Pick<ChecklistItemInput, 'fieldType' | 'label'>): DocumentType[] {
  return item.fieldType === 'FILE' ? fileItemKinds(item.label).types : (ACCEPTS[item.fieldType] ?? []);
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
  const forms = seg.type === 'FORM_1099' ? named1099s(item.label) : [];
  const variant = seg.fields.variant as string | null | undefined;
  // A composite statement is each of its forms.
  const variants = (seg.fields.variants as string[] | undefined) ?? (variant ? [variant] : []);
  if (forms.length && !variant) soft.push(`could not read which 1099 form it is; we need the ${forms.map(formName).join(' or ')}`);
  else if (forms.length && !variants.some((v) => forms.includes(v))) hard.push(`the 1099 is a ${variants.map(formName).join(' and ')}; we need the ${forms.map(formName).join(' or ')}`);
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
  // An unrecognised document reaches here only for an item of no known type, which such a document may well be.
  const failed = seg.validation.validationResults.filter((r) => !r.isValid && !(seg.type === 'OTHER' && r.ruleName === 'document_type_recognised'));
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
  const kindsOf = new Map(items.map((item) => [item.id, item.fieldType === 'FILE' ? fileItemKinds(item.label) : null]));
  // Each unrecognised document goes to one item of no known type at most: the one the model took it for (Claude
  // configured), else the one its text names best.
  const open = items.filter((item) => item.status !== 'SKIPPED' && kindsOf.get(item.id)?.others.length);
  const namedBy = analysis.segments.map((seg, i) => {
    if (seg.type !== 'OTHER') return undefined;
    const byModel = open.find((item) => item.label.toLowerCase() === seg.review?.checklistItem?.toLowerCase());
    let byText: { id: string; score: number } | undefined;
    for (const item of open) {
      const score = mentionScore(options.texts?.[i] ?? '', kindsOf.get(item.id)!);
      if (score > (byText?.score ?? 0)) byText = { id: item.id, score };
    }
    const id = byModel?.id ?? byText?.id;
    if (!id) return undefined;
    const label = open.find((item) => item.id === id)!.label;
    // The model's word stands when a title line of the document names the item too; a mention in a sentence does not
    // back it ("the court will enter a divorce decree"), nor can text that tells the model what to answer.
    const titled = byModel && titledAs(options.texts?.[i] ?? '', kindsOf.get(id)!);
    const review = titled ? null : byModel ? `the model took it for this item ("${label}"); a person checks that it is one` : `its text names this item ("${label}"); a person checks that it is one`;
    return { id, review };
  });
  for (const item of items) {
    if (item.status === 'SKIPPED') continue;
    const kinds = kindsOf.get(item.id);
    const segments = analysis.segments.map((seg, i) => ({ seg, i, review: null as string | null }));
    const accepts = kinds ? kinds.types : (ACCEPTS[item.fieldType] ?? []);
    let candidates = segments.filter(({ seg }) => accepts.includes(seg.type));
    if (kinds?.others.length && item.id === options.expectedItemId) {
      // Sent for it: an unrecognised document is taken; one of another known type only goes to a person, and only
      // when nothing else in the file fits.
      const unrecognised = segments.filter(({ seg }) => seg.type === 'OTHER');
      if (unrecognised.length) candidates.push(...unrecognised);
      else if (!candidates.length) candidates = segments.map((c) => ({ ...c, review: `sent for this item, but it reads as a ${TYPE_LABELS[c.seg.type]}; a person checks it` }));
    } else if (kinds?.others.length) {
      candidates.push(...segments.filter(({ i }) => namedBy[i]?.id === item.id).map((c) => ({ ...c, review: namedBy[c.i]!.review })));
    }
    if (!candidates.length) continue;
    const needs = itemNeeds(item);
    const judged = candidates.map(({ seg, i, review }) => {
      const v = verdictFor(item, seg, now, needs, options.lead);
      return { seg, i, v: review && v.status === 'COMPLETED' ? { status: 'NEEDS_REVIEW' as const, reason: review } : v };
    });
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
