import type { DocumentType } from './types';

/** How each type is named to people (the lead, the admin). */
export const TYPE_LABELS: Record<DocumentType, string> = {
  W2: 'W-2',
  PAY_STUB: 'pay stub',
  BANK_STATEMENT: 'bank statement',
  DRIVERS_LICENSE: "driver's license",
  STATE_ID: 'state ID card',
  PASSPORT: 'passport',
  TAX_RETURN_1040: 'Form 1040 tax return',
  SCHEDULE_C: 'Schedule C',
  SCHEDULE_E: 'Schedule E',
  FORM_1099: '1099',
  W9: 'W-9',
  UTILITY_BILL: 'utility bill',
  INVOICE: 'invoice',
  RECEIPT: 'receipt',
  OTHER: 'unrecognised document',
};
