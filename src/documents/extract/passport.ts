// Passports: the visual zone is read like an ID card, then the machine-readable zone's checked values win.
import { titleCase } from '../parse';
import { extractIdentity } from './identity';
import type { ExtractContext, Extraction } from './context';
import { readMrz } from './mrz';

/** The line under a visual-zone label ("Surname / Nom / Apellidos", then "WHITFIELD"). */
function underLabel(ls: string[], label: RegExp): string | null {
  const i = ls.findIndex((l) => label.test(l));
  const v = i >= 0 ? ls[i + 1]?.trim() : undefined;
  return v && /^[A-Za-z][A-Za-z' -]*$/.test(v) ? titleCase(v) : null;
}

/**
 * A passport's dates as the card reader takes them: numeric dates with dots are day first ("12.08.1984", as Germany
 * prints them), and a bilingual month is one month ("03 FEB /FÉV 2021").
 */
function passportDates(line: string): string {
  return line
    .replace(/\b(\d{2})\.(\d{2})\.((?:19|20)\d{2})\b/g, '$3-$2-$1')
    .replace(/\b(\d{1,2})\s+([A-Z]{3,4})\s*\/\s*[A-ZÀ-Ý]{3,5}\.?\s+(\d{2,4})\b/g, '$1 $2 $3');
}

export function extractPassport(raw: ExtractContext, now: Date): Extraction {
  const ctx = { ...raw, lines: raw.lines.map(passportDates) };
  const e = extractIdentity(ctx, now);
  const f = e.fields;
  delete f.issuingState;
  delete f.address;
  delete f.addressZip;
  // The card layout's name guess does not fit a passport page; its labels do.
  const family = underLabel(ctx.lines, /\bsurname\b/i);
  const given = underLabel(ctx.lines, /\bgiven names?\b/i);
  if (family) Object.assign(f, { familyName: family, givenName: given, fullName: [given, family].filter(Boolean).join(' ') });
  const mrz = readMrz(ctx.lines, now);
  f.issuingCountry = mrz?.issuingCountry ?? /P<([A-Z]{3})/.exec(ctx.text)?.[1] ?? null;
  if (!mrz) return e;
  // The zone's names have no check digit: a blurred zone can turn filler into letters ("Dana Marie Ccccccce").
  const garbled = (n: string | null) => !!n && (/(.)\1\1/i.test(n) || n.split(' ').some((w) => w.length > 20));
  const mrzName = [mrz.givenName, mrz.familyName].filter(Boolean).join(' ');
  if (mrz.familyName && !(family && (garbled(mrz.familyName) || garbled(mrz.givenName)))) {
    Object.assign(f, { familyName: mrz.familyName, givenName: mrz.givenName, fullName: mrzName });
  }
  for (const k of ['documentNumber', 'dateOfBirth', 'expirationDate', 'nationality'] as const) if (mrz[k]) f[k] = mrz[k];
  f.mrzValid = mrz.failed.length === 0;
  f.mrzFailed = mrz.failed; // always set: a later reading's merge keeps an earlier value only where this one has none
  return e;
}
