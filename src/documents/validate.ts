// Document-level validation rules. Item-level rules (recency against "within 60 days", wrong type for the item)
// live in match.ts because they depend on the checklist item.
import { REQUIRED_FIELDS } from './extract/index';
import { stateOfZip } from './zip-codes';
import { TRUNCATED_SSN, type Extraction } from './extract/context';
import type { DocumentType, LeadIdentity, Validation, ValidationResult } from './types';

export const MIN_OCR_CONFIDENCE = 50;
export const MIN_CLASSIFICATION_CONFIDENCE = 0.5;
/**
 * OCR confidence from which a W-9 page whose Part I boxes were read is read well enough to call them blank. Below it
 * (handwriting, phone photos), or when the boxes could not be read on their own (no second engine, no Part I heading
 * found), numbers that were not found may still be there: the page goes to a person instead of the lead being told
 * the boxes are empty.
 */
export const BLANK_IS_SURE_AT = 80;

const ID_TYPES: DocumentType[] = ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'];

/** Fields holding a one-line US address ("42 Oak St, Austin, TX 78701"). */
const ADDRESS_FIELDS = ['address', 'serviceAddress', 'employerAddress', 'employeeAddress'];

/** Well-known SSNs that were printed in advertisements or on specimen cards, and obvious fillers. */
const ADVERTISING_SSNS = new Set(['078051120', '219099999', '123456789', '111111111', '222222222', '333333333', '444444444', '555555555', '777777777', '888888888', '987654321', '012345678']);

/** Why an SSN is implausible, or null when its format is sane. Never returns the SSN itself. */
export function ssnProblem(ssn: string): string | null {
  const d = ssn.replace(/\D/g, '');
  if (d.length !== 9) return 'SSN does not have 9 digits';
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return `SSN area number ${area === '000' ? '000' : area === '666' ? '666' : '9xx'} is never issued`;
  if (d.slice(3, 5) === '00') return 'SSN group number 00 is never issued';
  if (d.slice(5) === '0000') return 'SSN serial number 0000 is never issued';
  if (ADVERTISING_SSNS.has(d)) return 'SSN is a well-known sample/advertising number';
  return null;
}

// EIN prefixes the IRS has never assigned.
const BAD_EIN_PREFIXES = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

export function einProblem(ein: string): string | null {
  const d = ein.replace(/\D/g, '');
  if (d.length !== 9) return 'EIN does not have 9 digits';
  if (BAD_EIN_PREFIXES.has(d.slice(0, 2))) return `EIN prefix ${d.slice(0, 2)} is not assigned by the IRS`;
  if (/^(\d)\1{8}$/.test(d) || d === '123456789') return 'EIN is a placeholder number';
  return null;
}

const PLACEHOLDER_TOKENS = /\b(SAMPLE|SPECIMEN|TEST|TESTER|CARDHOLDER|EXAMPLE|VOID|NOT A REAL)\b/i;
// "Public" as a family name is the specimen convention (John Q. Public) whatever OCR made of the given names; Doe is
// a real surname, so only John/Jane Doe count.
const PLACEHOLDER_NAMES = /\b(JOHN|JANE)\s+(Q\.?\s+)?DOE\b|\s+PUBLIC\s*$|^\s*PUBLIC\s*,|\bDOE,?\s+(JOHN|JANE)\b|\bIMA\s+CARDHOLDER\b/i;

export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_TOKENS.test(name) || PLACEHOLDER_NAMES.test(name) || /^([A-Z])\1{2,}$/i.test(name.trim());
}

/** The person (or business) a document is about, for name matching. */
export function subjectName(type: DocumentType, fields: Record<string, unknown>): string | null {
  const pick = (k: string) => (typeof fields[k] === 'string' && fields[k] ? (fields[k] as string) : null);
  switch (type) {
    case 'W2':
    case 'PAY_STUB':
      return pick('employeeName');
    case 'DRIVERS_LICENSE':
    case 'STATE_ID':
    case 'PASSPORT':
      return pick('fullName');
    case 'FORM_1099':
      return pick('recipientName');
    case 'W9':
      return pick('name');
    case 'BANK_STATEMENT':
    case 'UTILITY_BILL':
      return pick('accountHolder');
    case 'TAX_RETURN_1040':
    case 'SCHEDULE_E':
      return pick('taxpayerName');
    case 'SCHEDULE_C':
      return pick('proprietorName');
    default:
      return null;
  }
}

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z\s'-]/g, ' ')
    .split(/[\s'-]+/)
    .filter((t) => t.length > 0 && !['llc', 'inc', 'co', 'corp', 'ltd', 'the', 'and', 'jr', 'sr', 'ii', 'iii'].includes(t));
}

/** Loose name match: the lead's last name must appear, and the first name (or its initial). */
export function namesMatch(docName: string, lead: LeadIdentity): boolean | null {
  const doc = tokens(docName);
  if (!doc.length) return null;
  const person = lead.lastName ? tokens(`${lead.firstName ?? ''} ${lead.lastName}`) : [];
  if (person.length) {
    const last = tokens(lead.lastName!);
    const first = lead.firstName ? tokens(lead.firstName) : [];
    const lastOk = last.every((t) => doc.includes(t));
    const firstOk = first.length === 0 || first.some((f) => doc.some((d) => d === f || (d.length === 1 && d === f[0]) || (d.length >= 3 && (f.startsWith(d) || d.startsWith(f)))));
    if (lastOk && firstOk) return true;
    // OCR splits a name at wide letters ("DANA WHI TFI ELD"): whole pieces in a row that join to exactly the last
    // name, after the first name.
    const surname = last.join('');
    for (let i = 1; i < doc.length - 1; i++) {
      for (let j = i + 2; j <= doc.length; j++) {
        if (doc.slice(i, j).join('') === surname && (first.length === 0 || first.some((f) => doc.slice(0, i).includes(f)))) return true;
      }
    }
  }
  if (lead.businessName) {
    const biz = tokens(lead.businessName);
    if (biz.length && biz.filter((t) => doc.includes(t)).length / biz.length >= 0.6) return true;
  }
  if (!person.length && !lead.businessName) return null;
  return false;
}

export interface ValidateInput {
  type: DocumentType;
  classificationConfidence: number;
  extraction: Extraction;
  ocrConfidence?: number;
  /** An OCR'd W-9 whose Part I boxes were read on their own (w9-boxes.ts), whatever they held. */
  tinBoxesRead?: boolean;
  /** Characters of text the segment had. */
  textLength: number;
  lead: LeadIdentity;
  now: Date;
}

function r(ruleName: string, isValid: boolean, isValidReason: string): ValidationResult {
  return { ruleName, isValid, isValidReason };
}

export function validateDocument(input: ValidateInput): Validation {
  const { type, extraction, lead, now } = input;
  const f = extraction.fields;
  const s = extraction.secrets;
  const out: ValidationResult[] = [];
  const today = now.toISOString().slice(0, 10);

  // Readability.
  if (input.ocrConfidence !== undefined) {
    const ok = input.ocrConfidence >= MIN_OCR_CONFIDENCE && input.textLength >= 40;
    out.push(r('readable', ok, ok ? `OCR confidence ${Math.round(input.ocrConfidence)}%` : `Hard to read: OCR confidence ${Math.round(input.ocrConfidence)}%, ${input.textLength} characters read`));
  } else {
    const ok = input.textLength >= 40;
    out.push(r('readable', ok, ok ? 'Text layer present' : 'Almost no text could be read'));
  }

  // Type.
  if (type === 'OTHER') out.push(r('document_type_recognised', false, 'Not recognised as a lending document'));
  else {
    const ok = input.classificationConfidence >= MIN_CLASSIFICATION_CONFIDENCE;
    out.push(r('document_type_recognised', ok, ok ? `Recognised as ${type} (${Math.round(input.classificationConfidence * 100)}%)` : `Unsure this is a ${type} (${Math.round(input.classificationConfidence * 100)}%)`));
  }

  // Key fields.
  const required = REQUIRED_FIELDS[type];
  if (required) {
    const missing = required.filter((k) => f[k] === null || f[k] === undefined || f[k] === '');
    out.push(r('required_fields', missing.length === 0, missing.length ? `Could not find: ${missing.join(', ')}` : 'All key fields found'));
  }

  // Identity documents: expiry and date sanity.
  if (ID_TYPES.includes(type)) {
    const exp = f.expirationDate as string | null;
    if (!exp) out.push(r('not_expired', false, 'Expiration date not found'));
    else out.push(r('not_expired', exp >= today, exp >= today ? `Valid until ${exp}` : `Expired on ${exp}`));
    const dob = f.dateOfBirth as string | null;
    const iss = f.issueDate as string | null;
    const problems: string[] = [];
    if (dob) {
      const age = (now.getTime() - Date.parse(dob)) / (365.25 * 86400_000);
      if (age < 14 || age > 120) problems.push(`date of birth ${dob} is implausible`);
    }
    if (iss && exp && iss > exp) problems.push('issued after it expires');
    if (iss && iss > today) problems.push(`issue date ${iss} is in the future`);
    if (dob || iss) out.push(r('dates_plausible', problems.length === 0, problems.length ? problems.join('; ') : 'Dates are consistent'));
    // A failing check digit is a misread more often than an altered passport: a person looks.
    if (typeof f.mrzValid === 'boolean') {
      const failed = (f.mrzFailed as string[] | undefined) ?? [];
      out.push(r('mrz_check_digits', f.mrzValid, f.mrzValid ? 'The machine-readable zone checks out' : `The machine-readable zone does not check out (${failed.join(', ')}): misread or altered`));
    }
  }

  // Addresses: US ZIP format.
  const zip = (f.addressZip as string | undefined) ?? null;
  if (zip) {
    const ok = /^\d{5}(-\d{4})?$/.test(zip);
    out.push(r('zip_format', ok, ok ? 'ZIP code is well formed' : `ZIP code "${zip}" is not a valid US ZIP (5 digits or ZIP+4)`));
  }
  // A ZIP of another state is a misread digit or a made-up address: a person looks. An unknown ZIP says nothing.
  const misplaced = ADDRESS_FIELDS.flatMap((k) => {
    const m = typeof f[k] === 'string' ? /\b([A-Z]{2})\.?,?\s+(\d{5})(?:-\d{4})?\s*$/.exec(f[k] as string) : null;
    const state = m && stateOfZip(m[2]!);
    return m && state && state !== m[1] ? [`ZIP ${m[2]} is in ${state}, not ${m[1]}`] : [];
  });
  if (ADDRESS_FIELDS.some((k) => typeof f[k] === 'string' && f[k])) {
    out.push(r('zip_matches_state', misplaced.length === 0, misplaced.length ? `${misplaced.join('; ')}: misread, or not a real address` : 'ZIP codes belong to their states'));
  }

  // Identifiers.
  if (s.ssn) {
    // Employee copies of a W-2 or 1099 may print only the last four digits (XXX-XX-0192): nothing to check, nothing wrong.
    const truncated = TRUNCATED_SSN.test(s.ssn) && s.ssn.replace(/\D/g, '').length === 4;
    const p = truncated ? null : ssnProblem(s.ssn);
    out.push(r('ssn_format', p === null, p ?? (truncated ? 'SSN truncated to its last 4 digits, as employee copies may print it' : 'SSN format is plausible')));
  }
  const ein = s.ein ?? (typeof f.employerEin === 'string' ? f.employerEin : null) ?? (typeof f.ein === 'string' ? f.ein : null);
  if (ein) {
    const p = einProblem(ein);
    out.push(r('ein_format', p === null, p ?? 'EIN format is plausible'));
  }
  if (type === 'W9') {
    const ok = f.tinProvided === true;
    const ocr = input.ocrConfidence;
    if (ok || ocr === undefined || (ocr >= BLANK_IS_SURE_AT && input.tinBoxesRead === true)) {
      out.push(r('tin_present', ok, ok ? 'Taxpayer identification number provided' : 'No SSN or EIN was entered (Part I is blank)'));
    } else {
      out.push(r('tin_readable', false, `Could not read an SSN or EIN in Part I (OCR confidence ${Math.round(ocr)}%); check the boxes by eye`));
    }
  }
  if (type === 'FORM_1099' && s.tins?.length) {
    const payer = s.tins[0]!;
    if (/^\d{2}-\d{7}$/.test(payer)) {
      const p = einProblem(payer);
      out.push(r('payer_tin_format', p === null, p ?? 'Payer TIN format is plausible'));
    }
  }

  // Pay-stub arithmetic: gross - deductions - taxes = net. Read by OCR from a photo or scan, a misread digit is as
  // likely as a wrong stub: a person checks (paystub_arithmetic_ocr), and the lead is not told the stub is wrong.
  const arithmetic = (ok: boolean, reason: string): ValidationResult =>
    ok || input.ocrConfidence === undefined ? r('paystub_arithmetic', ok, reason) : r('paystub_arithmetic_ocr', false, `${reason}; from a photo or scan, where a digit may be misread`);
  if (type === 'PAY_STUB') {
    const g = f.grossPay as number | null;
    const n = f.netPay as number | null;
    const d = (f.totalDeductions as number | null) ?? 0;
    const t = (f.totalTaxes as number | null) ?? 0;
    const both = f.totalDeductions != null && f.totalTaxes != null;
    if (g !== null && n !== null && (f.totalDeductions != null || f.totalTaxes != null)) {
      const expected = Math.round((g - d - t) * 100) / 100;
      const ok = Math.abs(expected - n) <= 0.02;
      const sum = `Gross ${g.toFixed(2)} - deductions ${f.totalDeductions != null ? d.toFixed(2) : '(not read)'} - taxes ${f.totalTaxes != null ? t.toFixed(2) : '(not read)'}`;
      if (ok || both || n > expected) {
        out.push(arithmetic(ok, ok ? `${sum} = net ${n.toFixed(2)}` : `${sum} = ${expected.toFixed(2)}, but net pay is ${n.toFixed(2)}`));
      } else {
        // One of the totals was not read: the gap may be just that section, so a person looks (never the lead told).
        out.push(r('paystub_arithmetic_partial', false, `${sum} = ${expected.toFixed(2)}, but net pay is ${n.toFixed(2)}; the difference may be the section not read`));
      }
    } else if (g !== null && n !== null) {
      out.push(arithmetic(n <= g, n <= g ? 'Net pay does not exceed gross pay' : 'Net pay exceeds gross pay'));
    }
  }

  // W-2 internal consistency: social security tax is 6.2% of SS wages, Medicare 1.45% of Medicare wages.
  if (type === 'W2') {
    const checks: string[] = [];
    const ssw = f.socialSecurityWages as number | null, sst = f.socialSecurityTaxWithheld as number | null;
    const mw = f.medicareWages as number | null, mt = f.medicareTaxWithheld as number | null;
    if (ssw && sst !== null && Math.abs(ssw * 0.062 - sst) > 1) checks.push('box 4 is not 6.2% of box 3');
    if (mw && mt !== null && mt < mw * 0.0145 - 1) checks.push('box 6 is less than 1.45% of box 5');
    if ((ssw && sst !== null) || (mw && mt !== null)) out.push(r('w2_tax_math', checks.length === 0, checks.length ? checks.join('; ') : 'Social security and Medicare withholding match the wages'));
  }

  // People: placeholder names and the lead's name.
  const name = subjectName(type, f);
  if (f.employeeNameRedacted === true) out.push(r('name_present', false, 'The employee name is redacted'));
  if (name) {
    const placeholder = isPlaceholderName(name);
    out.push(r('not_placeholder_name', !placeholder, placeholder ? `"${name}" looks like a specimen/placeholder name` : 'Name looks real'));
    const m = namesMatch(name, lead);
    if (m !== null) out.push(r('name_matches_lead', m, m ? 'Name matches the applicant' : `Name on the document (${name}) does not match the applicant`));
  } else if (subjectName(type, { [nameKey(type)]: 'x' }) !== null && f.employeeNameRedacted !== true) {
    out.push(r('name_present', false, 'No name found on the document'));
  }

  return { overallValid: out.every((x) => x.isValid), validationResults: out };
}

function nameKey(type: DocumentType): string {
  return (
    ({ W2: 'employeeName', PAY_STUB: 'employeeName', DRIVERS_LICENSE: 'fullName', STATE_ID: 'fullName', PASSPORT: 'fullName', FORM_1099: 'recipientName', W9: 'name', BANK_STATEMENT: 'accountHolder', UTILITY_BILL: 'accountHolder', TAX_RETURN_1040: 'taxpayerName', SCHEDULE_E: 'taxpayerName', SCHEDULE_C: 'proprietorName' } as Partial<Record<DocumentType, string>>)[type] ?? '_'
  );
}
