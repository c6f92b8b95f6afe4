// Typed field extraction per document type. Dates are ISO `YYYY-MM-DD`, money is a number, identifiers are
// masked to their last 4 digits in `fields` (full values only in `secrets`, for validation).
import type { DocumentType, PageContent } from '../types';
import { makeContext, type Extraction } from './context';
import { extractIdentity } from './identity';
import { extractPassport } from './passport';
import { extract1040, extractScheduleC, extractScheduleE } from './returns';
import { extractBankStatement, extractInvoice, extractPayStub, extractReceipt, extractUtilityBill } from './statements';
import { extract1099, extractW2, extractW9 } from './tax-forms';

export type { Extraction } from './context';

/**
 * The date a periodic document is of: what a recency rule ("within 30 days") is measured on, and what tells one
 * month's statement or one pay stub from the next in a combined file.
 */
export const RECENCY_FIELD: Partial<Record<DocumentType, string[]>> = {
  PAY_STUB: ['payDate', 'payPeriodEnd'],
  BANK_STATEMENT: ['periodEnd', 'statementDate'],
  UTILITY_BILL: ['statementDate', 'dueDate'],
};

/** That date, from fields extracted for `type`, if there is one. */
export function periodOf(type: DocumentType, fields: Record<string, unknown>): string | null {
  const key = (RECENCY_FIELD[type] ?? []).find((k) => typeof fields[k] === 'string');
  return key ? (fields[key] as string) : null;
}

export function extractFields(type: DocumentType, pages: PageContent[], now: Date): Extraction {
  const ctx = makeContext(pages);
  switch (type) {
    case 'W2':
      return extractW2(ctx);
    case 'FORM_1099':
      return extract1099(ctx);
    case 'W9':
      return extractW9(ctx);
    case 'PAY_STUB':
      return extractPayStub(ctx);
    case 'BANK_STATEMENT':
      return extractBankStatement(ctx);
    case 'UTILITY_BILL':
      return extractUtilityBill(ctx);
    case 'INVOICE':
      return extractInvoice(ctx);
    case 'RECEIPT':
      return extractReceipt(ctx);
    case 'DRIVERS_LICENSE':
    case 'STATE_ID':
      return extractIdentity(ctx, now);
    case 'PASSPORT':
      return extractPassport(ctx, now);
    case 'TAX_RETURN_1040':
      return extract1040(ctx);
    case 'SCHEDULE_C':
      return extractScheduleC(ctx);
    case 'SCHEDULE_E':
      return extractScheduleE(ctx);
    default:
      return { fields: {}, secrets: {} };
  }
}

/** The key fields of each type: missing ones make the document incomplete (NEEDS_REVIEW). */
export const REQUIRED_FIELDS: Partial<Record<DocumentType, string[]>> = {
  W2: ['employeeName', 'employerName', 'employerEin', 'taxYear', 'wages'],
  PAY_STUB: ['employerName', 'payDate', 'grossPay', 'netPay'],
  BANK_STATEMENT: ['bankName', 'periodEnd', 'endingBalance'],
  DRIVERS_LICENSE: ['fullName', 'documentNumber', 'dateOfBirth', 'expirationDate'],
  STATE_ID: ['fullName', 'documentNumber', 'dateOfBirth', 'expirationDate'],
  PASSPORT: ['fullName', 'documentNumber', 'dateOfBirth', 'expirationDate'],
  FORM_1099: ['variant', 'payerName', 'recipientName', 'taxYear'],
  TAX_RETURN_1040: ['taxYear'],
  SCHEDULE_C: ['proprietorName', 'taxYear'],
  SCHEDULE_E: ['taxYear'],
  W9: ['name'],
  UTILITY_BILL: ['serviceAddress', 'statementDate', 'totalDue'],
};
