// What a FILE checklist item asks for, read from its label: a lender writes "Utility bill", "Proof of address",
// "SSA-1099", "Divorce decree" or "Utility bill or lease agreement". The label alone decides; its rules may name
// other documents in passing ("for the account shown on your bank statements").
import type { DocumentType } from './types';

/** Document types named in words. */
const NAMED_TYPES: [RegExp, DocumentType[]][] = [
  [/\bW-?2s?\b/i, ['W2']],
  [/\b(pay\s*-?stubs?|pay\s*slips?|payslips?|check\s+stubs?|(pay|earnings)\s+statements?)\b/i, ['PAY_STUB']],
  [/\b(bank|checking|savings)\s+(account\s+)?statements?\b/i, ['BANK_STATEMENT']],
  [/\bdriver[’'`]?s?\s+licen[cs]es?\b/i, ['DRIVERS_LICENSE']],
  [/\b(state\s+ID|identification\s+card)s?\b/i, ['STATE_ID']],
  [/\bpassports?\b/i, ['PASSPORT']],
  [/\b((photo|picture|government(-issued)?|state(-issued)?|valid)\s+(photo\s+)?ID|ID\s+cards?|copy\s+of\s+(your\s+)?ID|proof\s+of\s+identity|identification)\b|^\s*(photo\s+)?ID\s*$/i, ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT']],
  [/\btax\s+returns?\b/i, ['TAX_RETURN_1040', 'SCHEDULE_C', 'SCHEDULE_E']],
  [/\b1040\b/i, ['TAX_RETURN_1040']],
  [/\bschedule\s+C\b/i, ['SCHEDULE_C']],
  [/\bschedule\s+E\b/i, ['SCHEDULE_E']],
  [/\b1099s?\b|\bsocial\s+security\s+benefit\s+statements?\b/i, ['FORM_1099']],
  [/\bW-?9s?\b/i, ['W9']],
  [/\b(utility|electric(ity)?|gas|water|phone|internet|cable)\s+bills?\b/i, ['UTILITY_BILL']],
  [/\bproof\s+of\s+(address|residence|residency)\b/i, ['UTILITY_BILL', 'BANK_STATEMENT']],
  [/\binvoices?\b/i, ['INVOICE']],
  [/\breceipts?\b/i, ['RECEIPT']],
];

function typesIn(words: string): DocumentType[] {
  return [...new Set(NAMED_TYPES.flatMap(([re, types]) => (re.test(words) ? types : [])))];
}

/** Words that say nothing of what a document is ("a copy of your signed …", "Form 4506-C"). */
const FILLER = new Set(['the', 'and', 'for', 'your', 'our', 'any', 'all', 'with', 'from', 'copy', 'copies', 'document', 'documents', 'file', 'files', 'proof', 'signed', 'recent', 'most', 'last', 'current', 'other', 'additional', 'latest', 'full', 'front', 'back', 'page', 'pages', 'photo', 'scan', 'form', 'forms', 'valid', 'two', 'three', 'years', 'months']);

/** The words of a text that count: three letters or more, or a form's number. */
const wordsOf = (lower: string) => lower.match(/[a-z]{3,}|\d{3,}/g) ?? [];

/** Whether a stem starts a word of the (lower-case) text. */
const startsAWord = (lower: string, stem: string) => new RegExp(`\\b${stem}`).test(lower);

/** The telling words of a label, letters cut to a stem that its forms start with ("Voided check" → void, check). */
function tellingWords(label: string): string[] {
  return wordsOf(label.toLowerCase()).filter((w) => !FILLER.has(w)).map((w) => (w.length > 5 ? w.replace(/(ies|ing|ed|es|s)$/, '') : w));
}

export interface FileItemKinds {
  /** The document types the label names. */
  types: DocumentType[];
  /** The telling words of each alternative that names no type ("lease agreement" in "Utility bill or lease agreement"). */
  others: string[][];
}

export function fileItemKinds(label: string): FileItemKinds {
  const others = label
    .split(/\s+or\s+|[,;]/i)
    .filter((part) => !typesIn(part).length)
    .map(tellingWords)
    .filter((words) => words.length);
  return { types: typesIn(label), others };
}

const VARIANT = '(?:NEC|MISC|INT|DIV|R|G|K|B|SA|S|C|Q|OID|PATR|LTC)';

/**
 * The 1099 forms a label names, as the extractor's variants: "SSA-1099", "1099-R", "1099-INT/DIV". Capitals only,
 * and "1099S" without its hyphen is a plural: "1099s" and "TWO YEARS OF 1099S" name no form.
 */
export function named1099s(label: string): string[] {
  const out = [...label.matchAll(new RegExp(`\\b1099(-?)(${VARIANT}(?:/${VARIANT})*)\\b`, 'g'))]
    .filter((m) => m[1] || m[2] !== 'S')
    .flatMap((m) => m[2]!.split('/'));
  if (/\bSSA-?1099\b|\bsocial\s+security\s+benefit\s+statements?\b/i.test(label)) out.push('SSA');
  return out;
}

/**
 * How well a document's text names what the item is: the number of telling words of the alternative it names in full
 * (every word starts a word of the text), 0 when it names none.
 */
export function mentionScore(text: string, kinds: FileItemKinds): number {
  const lower = text.toLowerCase();
  let best = 0;
  for (const words of kinds.others) {
    if (words.every((w) => startsAWord(lower, w))) best = Math.max(best, words.length);
  }
  return best;
}

/**
 * Whether a line of the document is a heading naming the item: every telling word of an alternative, on a short line
 * or one in capitals ("FINAL DIVORCE DECREE", "COMMERCIAL LEASE AGREEMENT BETWEEN … AND WHITFIELD BAKERY LLC"), not a
 * sentence ("the court will enter a divorce decree"). What backs a model's word.
 */
export function titledAs(text: string, kinds: FileItemKinds): boolean {
  return text.split('\n').some((line) => {
    const lower = line.toLowerCase();
    const words = wordsOf(lower);
    const capitals = !/[a-z]/.test(line);
    if (words.length > (capitals ? 16 : 5)) return false;
    return kinds.others.some((stems) => words.length <= stems.length + (capitals ? 14 : 3) && stems.every((w) => startsAWord(lower, w)));
  });
}

/** The labels of a lead's items still open that name something of no known type: what a model is asked to tell. */
export function itemsOfNoKnownType(items: { label: string; fieldType: string; status: string }[]): string[] {
  return items.filter((i) => i.fieldType === 'FILE' && !['COMPLETED', 'SKIPPED'].includes(i.status) && fileItemKinds(i.label).others.length).map((i) => i.label);
}
