import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Channel } from '../../workflows/types';

/** E.164, or null when the text is not a callable number. US numbers may be written without +1. */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

// Deliberately loose: the provider is the judge of deliverability; this only rejects what cannot be an address.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** Lowercased address, or null. Accepts `Name <addr@x.com>`, which is how mail headers arrive. */
export function normalizeEmail(raw: string): string | null {
  const angle = /<([^>]+)>/.exec(raw);
  const address = (angle ? angle[1] : raw).trim().toLowerCase();
  return EMAIL.test(address) ? address : null;
}

export function normalizeAddress(channel: Channel, raw: string): string | null {
  return channel === 'SMS' ? normalizePhone(raw) : normalizeEmail(raw);
}
