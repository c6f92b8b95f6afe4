// The machine-readable zone of passports and passport cards (ICAO 9303, parsed by `mrz`). Its check digits tell a
// good reading from a misread, so a value whose check digit holds is taken over what the visual zone gave.
import { parse, type Details, type ParseResult } from 'mrz';
import { titleCase } from '../parse';

export interface MrzReading {
  familyName: string | null;
  givenName: string | null;
  /** Only values whose check digit holds. */
  documentNumber: string | null;
  dateOfBirth: string | null;
  expirationDate: string | null;
  issuingCountry: string | null;
  nationality: string | null;
  /** Labels of the check digits that fail (empty: the zone checks out). */
  failed: string[];
}

/** Line length and line count of each layout: TD3 passport books, TD1 cards (US passport card, ID cards), TD2. */
const LAYOUTS = [
  { length: 44, lines: 2 },
  { length: 36, lines: 2 },
  { length: 30, lines: 3 },
];

/**
 * OCR spreads the zone with spaces and reads the filler `<` as guillemets, or, blurred, as c, e or K: such letters
 * are filler in a run that starts with a `<` and ends the line or meets another `<` ("<<CHIDI" keeps its C).
 */
function normalise(line: string): string {
  return line
    .replace(/«/g, '<<')
    .replace(/‹/g, '<')
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/<[<CEK]+(?=<|$)/g, (run) => '<'.repeat(run.length));
}

const MRZ_LINE = /^[A-Z0-9<]+$/;

/** A line cut to the layout's length: extra or missing characters are accepted only as filler at its end. */
function fitted(line: string, length: number): string | null {
  if (line.length === length) return line;
  if (line.length > length) return /^<+$/.test(line.slice(length)) ? line.slice(0, length) : null;
  // PaddleOCR drops some of a long filler run (after a passport's short name, most of it).
  return length - line.length <= (length === 44 ? 16 : 8) && line.endsWith('<') ? line.padEnd(length, '<') : null;
}

function tryParse(lines: string[]): ParseResult | null {
  try {
    return parse(lines, { autocorrect: true });
  } catch {
    return null; // not a zone after all
  }
}

/** YYMMDD to ISO. A birth date is in the past; an expiry is within the next 30 years. */
function isoOf(yymmdd: string, kind: 'birth' | 'expiry', now: Date): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const nowYear = now.getUTCFullYear();
  let year = 2000 + Number(m[1]);
  if (kind === 'birth' ? year > nowYear : year > nowYear + 30) year -= 100;
  const iso = `${year}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

function checkDigitsOf(r: ParseResult): Details[] {
  return r.details.filter((d) => d.field?.endsWith('CheckDigit'));
}

/**
 * Letters OCR reads for digits in a zone's document number ("CO1X00T47" for C01X00T47). Only that way: a number of
 * digits whose check digit was misread would otherwise find a spelling with letters that checks by chance.
 */
const LOOK_ALIKE: Record<string, string> = { O: '0', I: '1' };

/**
 * A document number whose check digit fails, read again with its look-alike letters as digits: taken when exactly
 * one spelling checks out (the check digit decides, never a guess).
 */
function withNumberRepaired(lines: string[], r: ParseResult): ParseResult {
  const numberChecks = (p: ParseResult) => p.details.find((d) => d.field === 'documentNumberCheckDigit')?.valid;
  const number = r.details.find((d) => d.field === 'documentNumber');
  if (!number || numberChecks(r) !== false) return r;
  const at = [...lines[number.line]!.slice(number.start, number.end)].flatMap((c, k) => (LOOK_ALIKE[c] ? [number.start + k] : []));
  if (!at.length || at.length > 4) return r;
  // Fewest swaps first: a check digit is one in ten, so the more spellings tried, the likelier one checks by chance.
  const masks = Array.from({ length: (1 << at.length) - 1 }, (_, k) => k + 1);
  const swaps = (mask: number) => at.filter((_, k) => mask & (1 << k)).length;
  for (let n = 1; n <= at.length; n++) {
    const good: ParseResult[] = [];
    for (const mask of masks.filter((m) => swaps(m) === n)) {
      const line = [...lines[number.line]!];
      at.forEach((i, k) => mask & (1 << k) && (line[i] = LOOK_ALIKE[line[i]!]!));
      const variant = tryParse(lines.map((l, j) => (j === number.line ? line.join('') : l)));
      if (variant && numberChecks(variant)) good.push(variant);
    }
    if (good.length) return good.length === 1 ? good[0]! : r;
  }
  return r;
}

/**
 * The best-checking machine-readable zone among the readings of a page (OCR passes each give one), or null when
 * none is there.
 */
export function readMrz(textLines: string[], now: Date): MrzReading | null {
  const ls = textLines.map(normalise);
  // The reading whose check digits hold best; of equals, the one with more filler read as filler.
  let best: { r: ParseResult; bad: number; filler: number } | null = null;
  for (let i = 0; i < ls.length; i++) {
    for (const { length, lines } of LAYOUTS) {
      const group = ls.slice(i, i + lines).map((l) => (MRZ_LINE.test(l) && l.includes('<') ? fitted(l, length) : null));
      if (group.length < lines || group.some((l) => l === null)) continue;
      const parsed = tryParse(group as string[]);
      if (!parsed) continue;
      const r = withNumberRepaired(group as string[], parsed);
      const bad = checkDigitsOf(r).filter((d) => !d.valid).length;
      const filler = group.join('').split('<').length;
      if (!best || bad < best.bad || (bad === best.bad && filler > best.filler)) best = { r, bad, filler };
    }
  }
  if (!best) return null;
  const { r } = best;
  const detail = (field: string) => r.details.find((d) => d.field === field);
  const checked = (field: string, check: string) => (detail(check)?.valid && r.fields[field as keyof typeof r.fields]) || null;
  const plain = (field: string) => (detail(field)?.valid && r.fields[field as keyof typeof r.fields]) || null;
  const name = (field: string) => {
    const v = plain(field);
    return v ? titleCase(v.replace(/\s+/g, ' ').trim()) : null;
  };
  const birth = checked('birthDate', 'birthDateCheckDigit');
  const expiry = checked('expirationDate', 'expirationDateCheckDigit');
  return {
    familyName: name('lastName'),
    givenName: name('firstName'),
    documentNumber: checked('documentNumber', 'documentNumberCheckDigit'),
    dateOfBirth: birth ? isoOf(birth, 'birth', now) : null,
    expirationDate: expiry ? isoOf(expiry, 'expiry', now) : null,
    issuingCountry: plain('issuingState'),
    nationality: plain('nationality'),
    failed: checkDigitsOf(r).filter((d) => !d.valid).map((d) => d.label),
  };
}
