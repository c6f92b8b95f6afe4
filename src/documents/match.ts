// Matching analysed documents to checklist items, with the item's own rules (recency, tax year, counts).
//
// Field type ← document types (my choice):
//   PAY_STUB ← PAY_STUB; W2 ← W2; BANK_STATEMENT ← BANK_STATEMENT; ID ← DRIVERS_LICENSE, STATE_ID, PASSPORT;
//   TAX_RETURN ← TAX_RETURN_1040, SCHEDULE_C, SCHEDULE_E (COMPLETED if valid) and FORM_1099 (only NEEDS_REVIEW:
//   a 1099 is an information return, not a tax return); FILE ← any recognised document.
//   Other field types (TEXT, EIN, ADDRESS…) are values stated by the lead and are not filled from documents here.
// A document may fill several items (e.g. an ID item in two groups); when several segments of one file fit an item,
// the best verdict wins. Whether to overwrite an item that is already COMPLETED is the caller's decision.
import type { ChecklistItemInput, DocumentAnalysis, DocumentType, ItemMatch, AnalyzedSegment, MatchStatus } from './types';
import { TYPE_LABELS } from './labels';

export const ACCEPTS: Record<string, DocumentType[]> = {
  PAY_STUB: ['PAY_STUB'],
  W2: ['W2'],
  BANK_STATEMENT: ['BANK_STATEMENT'],
  ID: ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'],
  TAX_RETURN: ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E', 'FORM_1099'],
  FILE: ['W2', 'PAY_STUB', 'BANK_STATEMENT', 'DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT', 'TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E', 'FORM_1099', 'W9', 'UTILITY_BILL', 'INVOICE', 'RECEIPT'],
};

/** Accepted, but only as a lead for a human to look at. */
const REVIEW_ONLY: Partial<Record<string, DocumentType[]>> = { TAX_RETURN: ['FORM_1099'] };

/** Failing document rules that make the document unusable for the item. The others only ask for a human look. */
const HARD_RULES = new Set(['not_expired', 'ssn_format', 'ein_format', 'paystub_arithmetic', 'not_placeholder_name', 'tin_present', 'zip_format', 'dates_plausible']);

/** The date a recency rule ("within 30 days") is measured on. */
const RECENCY_FIELD: Partial<Record<DocumentType, string[]>> = {
  PAY_STUB: ['payDate', 'payPeriodEnd'],
  BANK_STATEMENT: ['periodEnd', 'statementDate'],
  UTILITY_BILL: ['statementDate', 'dueDate'],
};

export interface MatchOptions {
  /** The item the lead was asked for when sending this file: a file that fills nothing gets "wrong type" on it. */
  expectedItemId?: string;
  /** Documents already accepted for each item by earlier files (for "two most recent pay stubs" style rules). */
  alreadyAccepted?: Record<string, number>;
}

interface Verdict {
  status: MatchStatus;
  reason: string | null;
}

function daysBetween(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / 86400_000);
}

function wordNumber(s: string): number | null {
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  return ({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, twelve: 12 } as Record<string, number>)[s.toLowerCase()] ?? null;
}

/** Item rules that can be checked on a single document. */
function itemRuleProblems(item: ChecklistItemInput, seg: AnalyzedSegment, now: Date): { hard: string[]; soft: string[] } {
  const hard: string[] = [];
  const soft: string[] = [];
  const label = TYPE_LABELS[seg.type];
  for (const rule of item.validationRules) {
    const within = /within\s+(\d+)\s+days/i.exec(rule);
    if (within) {
      const limit = Number(within[1]);
      const key = (RECENCY_FIELD[seg.type] ?? []).find((k) => typeof seg.fields[k] === 'string');
      if (!key) soft.push(`could not find the date on the ${label} to check "${rule}"`);
      else {
        const age = daysBetween(seg.fields[key] as string, now);
        if (age > limit) hard.push(`the ${label} is dated ${seg.fields[key]}, ${age} days ago; we need one ${within[0]}`);
      }
    }
    if (/last tax year/i.test(rule) && seg.type === 'W2') {
      const y = seg.fields.taxYear as number | null;
      const expected = now.getUTCFullYear() - 1;
      // Before mid-February last year's W-2 may not exist yet: the one before is still acceptable.
      const ok = y === expected || (y === expected - 1 && now.getUTCMonth() === 0) || (y === expected - 1 && now.getUTCMonth() === 1 && now.getUTCDate() < 15);
      if (y === null) soft.push('could not read the tax year on the W-2');
      else if (!ok) hard.push(`the W-2 is for ${y}; we need the one for ${expected}`);
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
  return { hard, soft };
}

function countRequired(item: ChecklistItemInput): number {
  for (const rule of [item.label, ...item.validationRules]) {
    const m = /\b(two|three|four|six|twelve|\d+)\s+(most recent|consecutive|months|pay stubs|statements)/i.exec(rule) ?? /last\s+(two|three|\d+)\s+months/i.exec(rule) ?? /\((two|three|\d+)\s+most recent\)/i.exec(rule);
    if (m) return wordNumber(m[1]!) ?? 1;
  }
  return 1;
}

function verdictFor(item: ChecklistItemInput, seg: AnalyzedSegment, now: Date): Verdict {
  const failed = seg.validation.validationResults.filter((r) => !r.isValid);
  const hard = failed.filter((r) => HARD_RULES.has(r.ruleName)).map((r) => r.isValidReason);
  const soft = failed.filter((r) => !HARD_RULES.has(r.ruleName)).map((r) => r.isValidReason);
  const itemRules = itemRuleProblems(item, seg, now);
  hard.push(...itemRules.hard);
  soft.push(...itemRules.soft);
  if ((REVIEW_ONLY[item.fieldType] ?? []).includes(seg.type)) soft.unshift(`a ${TYPE_LABELS[seg.type]} is not a tax return`);
  if (hard.length) return { status: 'INVALID', reason: hard.join('; ') };
  if (soft.length) return { status: 'NEEDS_REVIEW', reason: soft.join('; ') };
  return { status: 'COMPLETED', reason: null };
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
    const accepts = ACCEPTS[item.fieldType];
    if (!accepts) continue;
    const candidates = analysis.segments.map((seg, i) => ({ seg, i })).filter(({ seg }) => accepts.includes(seg.type));
    if (!candidates.length) continue;
    const judged = candidates.map(({ seg, i }) => ({ seg, i, v: verdictFor(item, seg, now) }));
    judged.sort((a, b) => RANK[b.v.status] - RANK[a.v.status] || b.seg.confidence - a.seg.confidence);
    const best = judged[0]!;
    let { status, reason } = best.v;
    // "Two most recent pay stubs": one good document is progress, not completion.
    const need = countRequired(item);
    if (status === 'COMPLETED' && need > 1) {
      const have = judged.filter((j) => j.v.status === 'COMPLETED').length + (options.alreadyAccepted?.[item.id] ?? 0);
      if (have < need) {
        status = 'NEEDS_REVIEW';
        reason = `${have} of ${need} received`;
      }
    }
    out.push({
      itemId: item.id,
      status,
      value: { documentType: best.seg.type, pages: best.seg.pages, fields: best.seg.fields, summary: best.seg.summary },
      reason,
      segmentIndex: best.i,
    });
  }
  if (options.expectedItemId && !out.some((m) => m.itemId === options.expectedItemId)) {
    const item = items.find((i) => i.id === options.expectedItemId);
    if (item && ACCEPTS[item.fieldType]) {
      const got = analysis.segments.map((s) => TYPE_LABELS[s.type]).join(' + ') || 'nothing readable';
      out.push({ itemId: item.id, status: 'INVALID', value: null, reason: `wrong document type: got ${got}, expected ${item.label}`, segmentIndex: -1 });
    }
  }
  return out;
}
