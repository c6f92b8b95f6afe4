import type { FieldType } from '../../workflows/types';
import { normalizeEmail, normalizePhone } from '../leads/identity';

export type ValueCheck = { ok: true; value: unknown; display: string } | { ok: false; reason: string };

/** Items of these types are filled by documents, never by a value stated in a message. */
export const DOCUMENT_FIELD_TYPES: FieldType[] = ['BANK_STATEMENT', 'PAY_STUB', 'TAX_RETURN', 'W2', 'ID', 'FILE'];

// Prefixes the IRS has never assigned (EIN campus codes): a number starting with one is a typo or made up.
const INVALID_EIN_PREFIXES = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

/** Checks and normalizes a value stated by the lead for a checklist item of the given type. */
export function checkValue(fieldType: FieldType, raw: unknown): ValueCheck {
  if (DOCUMENT_FIELD_TYPES.includes(fieldType)) {
    return { ok: false, reason: 'this item is completed by uploading a document, not by a stated value' };
  }
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!text) return { ok: false, reason: 'a value is required' };
  switch (fieldType) {
    case 'EIN': {
      const digits = text.replace(/[\s-]/g, '');
      if (!/^\d{9}$/.test(digits)) return { ok: false, reason: 'an EIN has nine digits (XX-XXXXXXX)' };
      if (INVALID_EIN_PREFIXES.has(digits.slice(0, 2))) return { ok: false, reason: `no EIN starts with ${digits.slice(0, 2)}` };
      const value = `${digits.slice(0, 2)}-${digits.slice(2)}`;
      return { ok: true, value, display: value };
    }
    case 'NUMBER': {
      // The whole value must be the number: "-500" or "1e21" must not become 500 or 21.
      const amount = typeof raw === 'number' ? roundedAmount(raw) : parseAmount(text, { whole: true });
      if (amount === null) return { ok: false, reason: 'not a positive number (e.g. 250000, $250k, 1.2 million)' };
      if (amount > MAX_AMOUNT) return { ok: false, reason: 'too large' };
      return { ok: true, value: amount, display: amount.toLocaleString('en-US') };
    }
    case 'DATE': {
      const d = new Date(text);
      if (Number.isNaN(d.getTime())) return { ok: false, reason: 'not a date' };
      const iso = d.toISOString().slice(0, 10);
      return { ok: true, value: iso, display: iso };
    }
    case 'EMAIL': {
      const email = normalizeEmail(text);
      return email ? { ok: true, value: email, display: email } : { ok: false, reason: 'not an email address' };
    }
    case 'PHONE': {
      const phone = normalizePhone(text);
      return phone ? { ok: true, value: phone, display: phone } : { ok: false, reason: 'not a phone number' };
    }
    case 'ADDRESS': {
      const address = parseAddress(text);
      return address
        ? { ok: true, value: address, display: text }
        : { ok: false, reason: 'an address needs a street, city, state and ZIP code' };
    }
    default:
      if (text.length > 500) return { ok: false, reason: 'too long' };
      return { ok: true, value: text, display: text };
  }
}

/** A trillion: no checklist number is larger; beyond it a value is a typo or an attack on the display. */
const MAX_AMOUNT = 1e12;
// Not part of a longer token: "-500", "1e21" and "3.5" hold no amount 500, 21 or 5.
const AMOUNT = /(?<![\w.,-])\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(k|thousand|m|mm|million)?\b/i;
const WHOLE_AMOUNT = new RegExp(`^${AMOUNT.source}\\s*(?:dollars|usd)?\\.?$`, 'i');

/**
 * "$250k", "250,000", "1.2 million" -> 250000 / 250000 / 1200000: the first amount in a message, or with `whole`
 * the text only if it is one amount and nothing else.
 */
export function parseAmount(text: string, { whole = false } = {}): number | null {
  const m = (whole ? WHOLE_AMOUNT : AMOUNT).exec(text.trim());
  if (!m) return null;
  const unit = m[2]?.toLowerCase();
  const scale = unit === 'k' || unit === 'thousand' ? 1_000 : unit ? 1_000_000 : 1;
  return roundedAmount(Number(m[1]!.replace(/,/g, '')) * scale);
}

/** To the cent; null unless finite and at least a cent. */
function roundedAmount(n: number): number | null {
  const value = Math.round(n * 100) / 100;
  return Number.isFinite(value) && value > 0 ? value : null;
}

const US_ADDRESS = /^(.+?),\s*([^,]+?),\s*([A-Z]{2})\s+(\d{5})(?:-\d{4})?$/i;

/** `123 Main St, Austin, TX 78701` -> { street, city, state, postalCode, country }. */
export function parseAddress(text: string): { street: string; city: string; state: string; postalCode: string; country: string } | null {
  const m = US_ADDRESS.exec(text.trim().replace(/\.$/, ''));
  if (!m) return null;
  return { street: m[1].trim(), city: m[2].trim(), state: m[3].toUpperCase(), postalCode: m[4], country: 'US' };
}
