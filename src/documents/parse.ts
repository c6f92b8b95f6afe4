// Small value parsers shared by the extractors: money, dates, names, addresses, layout look-ups.
import type { LayoutItem } from './types';

/** `$1,234.56` → 1234.56; `(12.00)` → -12; OCR's `1.234,56`-style slips are not guessed at. */
export function parseMoney(s: string | null | undefined): number | null {
  if (!s) return null;
  const neg = /^\s*\(.*\)\s*$/.test(s) || /^\s*-/.test(s);
  const m = /\d[\d,]*(?:\.\d{1,2})?/.exec(s.replace(/\$\s+/g, '$'));
  if (!m) return null;
  const n = Number(m[0].replace(/,/g, ''));
  if (!Number.isFinite(n)) return null;
  return neg ? -n : n;
}

export const MONEY_RE = /\$?\s?\(?-?\d{1,3}(?:,\d{3})*(?:\.\d{2})\)?|\$\s?\d+(?:\.\d{2})?/g;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function iso(y: number, m: number, d: number): string | null {
  if (y < 100) y += y >= 70 ? 1900 : 2000;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Date patterns, US order first. Capture groups are read by parseDate. */
export const DATE_RE =
  /\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b/gi;

/** First date in `s` as ISO `YYYY-MM-DD`, or null. */
export function parseDate(s: string | null | undefined): string | null {
  if (!s) return null;
  return findDates(s)[0]?.iso ?? null;
}

export interface FoundDate {
  iso: string;
  index: number;
  raw: string;
}

export function findDates(s: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of s.matchAll(new RegExp(DATE_RE.source, 'gi'))) {
    let v: string | null = null;
    if (m[1]) v = iso(+m[1], +m[2]!, +m[3]!);
    else if (m[4]) v = iso(+m[6]!, +m[4], +m[5]!);
    else if (m[7]) v = iso(+m[9]!, MONTHS[m[7].toLowerCase().slice(0, 3)]!, +m[8]!);
    else if (m[10]) v = iso(+m[12]!, MONTHS[m[11]!.toLowerCase().slice(0, 3)]!, +m[10]);
    if (v) out.push({ iso: v, index: m.index ?? 0, raw: m[0] });
  }
  return out;
}

/** A bill's service address label; "Customer Service at 1-800-…" is a phone number, on bills and statements alike. */
export const SERVICE_ADDRESS =
  /(?<!(?:customer|member|client)\s)\bservice\s*(?:address|location|at)\b(?!\s*:?\s*(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3})|premises\s*address/i;

export function normaliseSpaces(s: string): string {
  return s.replace(/[ \t\u00a0]+/g, ' ').trim();
}

export function lines(text: string): string[] {
  return text.split(/\r?\n/).map(normaliseSpaces).filter(Boolean);
}

/** `JANE Q PUBLIC` → `Jane Q Public`; leaves mixed-case names alone. */
export function titleCase(s: string): string {
  if (/[a-z]/.test(s)) return normaliseSpaces(s);
  return normaliseSpaces(s.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase()));
}

export const US_STATES: Record<string, string> = {
  AL: 'ALABAMA', AK: 'ALASKA', AZ: 'ARIZONA', AR: 'ARKANSAS', CA: 'CALIFORNIA', CO: 'COLORADO', CT: 'CONNECTICUT',
  DE: 'DELAWARE', DC: 'DISTRICT OF COLUMBIA', FL: 'FLORIDA', GA: 'GEORGIA', HI: 'HAWAII', ID: 'IDAHO', IL: 'ILLINOIS',
  IN: 'INDIANA', IA: 'IOWA', KS: 'KANSAS', KY: 'KENTUCKY', LA: 'LOUISIANA', ME: 'MAINE', MD: 'MARYLAND',
  MA: 'MASSACHUSETTS', MI: 'MICHIGAN', MN: 'MINNESOTA', MS: 'MISSISSIPPI', MO: 'MISSOURI', MT: 'MONTANA',
  NE: 'NEBRASKA', NV: 'NEVADA', NH: 'NEW HAMPSHIRE', NJ: 'NEW JERSEY', NM: 'NEW MEXICO', NY: 'NEW YORK',
  NC: 'NORTH CAROLINA', ND: 'NORTH DAKOTA', OH: 'OHIO', OK: 'OKLAHOMA', OR: 'OREGON', PA: 'PENNSYLVANIA',
  RI: 'RHODE ISLAND', SC: 'SOUTH CAROLINA', SD: 'SOUTH DAKOTA', TN: 'TENNESSEE', TX: 'TEXAS', UT: 'UTAH',
  VT: 'VERMONT', VA: 'VIRGINIA', WA: 'WASHINGTON', WV: 'WEST VIRGINIA', WI: 'WISCONSIN', WY: 'WYOMING',
};

const STATE_CODES = Object.keys(US_STATES).join('|');
/** `City, ST 12345(-6789)` (ZIP may be malformed: the validator checks it). */
export const CITY_STATE_ZIP_RE = new RegExp(`^(.*?[A-Za-z][A-Za-z .'-]*?),?\\s+(${STATE_CODES})\\.?,?\\s+(\\d{4,7}(?:-\\d{1,5})?)\\b`);

export const STREET_RE =
  /^\s*\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+)?[A-Za-z0-9 .'#-]*?\b(ST|STREET|AVE|AVENUE|RD|ROAD|DR|DRIVE|BLVD|BOULEVARD|LN|LANE|WAY|CT|COURT|PL|PLACE|PKWY|PARKWAY|HWY|HIGHWAY|CIR|CIRCLE|TER|TERRACE|TRL|TRAIL|THROUGHWAY|SQ|LOOP)\b\.?/i;

export interface Address {
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  /** One line, as found. */
  line: string;
}

/**
 * Finds the first `street` + `City, ST ZIP` pair (or a lone City/ST/ZIP line) in the given lines: `index` is the
 * city's line, `streetIndex` the street's (the same line when they share one).
 */
export function findAddress(ls: string[], from = 0): (Address & { index: number; streetIndex: number | null }) | null {
  for (let i = from; i < ls.length; i++) {
    const m = CITY_STATE_ZIP_RE.exec(ls[i]!.replace(/^\d{1,2}[a-z]?\.?\s+(?=[A-Z][A-Za-z]*\s*,)/, ''));
    if (!m) continue;
    let street: string | null = null;
    let streetIndex: number | null = null;
    for (let j = i - 1; j >= Math.max(from, i - 2); j--) {
      const s = ls[j]!.replace(/^\d{1,2}[a-z]?\.\s+/, '').replace(/^(?:8|5)\s+(?=\d)/, '');
      const sm = /\d{1,6}[A-Z]?\s+[A-Za-z0-9 .'#-]+/.exec(s);
      if (sm && STREET_RE.test(sm[0])) {
        street = normaliseSpaces(sm[0]);
        streetIndex = j;
        break;
      }
    }
    const rawCity = normaliseSpaces(m[1]!.replace(/,$/, ''));
    // The street may share the line with the city (single-line addresses).
    const inline = STREET_RE.exec(rawCity);
    let cityOnly = rawCity.replace(/^[^A-Za-z]+/, '');
    if (!street && inline) {
      street = normaliseSpaces(rawCity.slice(0, inline.index + inline[0].length));
      streetIndex = i;
      cityOnly = normaliseSpaces(rawCity.slice(inline.index + inline[0].length).replace(/^[,\s]+/, ''));
    }
    return {
      street,
      city: cityOnly || null,
      state: m[2]!.toUpperCase(),
      zip: m[3]!,
      line: [street, `${cityOnly}, ${m[2]} ${m[3]}`].filter(Boolean).join(', '),
      index: i,
      streetIndex,
    };
  }
  return null;
}

/** Every address in the lines, in reading order. */
export function* addressesIn(ls: string[]): Generator<NonNullable<ReturnType<typeof findAddress>>> {
  for (let a = findAddress(ls); a; a = findAddress(ls, a.index + 1)) yield a;
}

/**
 * Names printed above a mailing address (name, street, city/state/ZIP), in order: a sender's block, then the
 * addressee's. With `poBox`, a post-office box stands where the street would ("FROST BANK / PO BOX 1600 / SAN ANTONIO
 * TX 78296"); a pay stub's or a bill's remittance box has a department over it ("Payroll Department"), not a name.
 */
export function addressees(ls: string[], opts: { poBox?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const a of addressesIn(ls)) {
    const box = opts.poBox && /^\s*(p\.?\s*o\.?\s*box|post\s+office\s+box)\b/i.test(ls[a.index - 1] ?? '') ? a.index - 1 : null;
    const street = a.streetIndex ?? box;
    if (street) out.push(ls[street - 1]!.trim());
  }
  return out;
}

/** Values in the same column just below a label (forms with the label at the top of each box). */
export function valueBelow(
  layout: LayoutItem[] | undefined,
  label: RegExp,
  value: RegExp,
  opts: { maxDy?: number; width?: number; leftSlack?: number } = {},
): string | null {
  if (!layout) return null;
  const maxDy = opts.maxDy ?? 40;
  for (const l of layout) {
    if (!label.test(l.str)) continue;
    const left = l.x - (opts.leftSlack ?? 15);
    const right = l.x + Math.max(l.w, opts.width ?? 100);
    let best: LayoutItem | null = null;
    for (const v of layout) {
      if (v === l || !value.test(v.str.trim())) continue;
      const dy = v.y - l.y;
      if (dy <= 0 || dy > maxDy) continue;
      if (v.x + v.w < left || v.x > right) continue;
      if (!best || dy < best.y - l.y || (dy === best.y - l.y && Math.abs(v.x - l.x) < Math.abs(best.x - l.x))) best = v;
    }
    if (best) return best.str.trim();
  }
  return null;
}

/** All layout items inside a box below a label (multi-line values such as names and addresses). */
export function itemsBelow(layout: LayoutItem[] | undefined, label: RegExp, opts: { maxDy?: number; width?: number } = {}): LayoutItem[] {
  if (!layout) return [];
  const l = layout.find((i) => label.test(i.str));
  if (!l) return [];
  const maxDy = opts.maxDy ?? 60;
  const right = l.x + Math.max(l.w, opts.width ?? 150);
  return layout
    .filter((v) => v !== l && v.y > l.y + l.h * 0.5 && v.y - l.y <= maxDy && v.x >= l.x - 20 && v.x <= right)
    .sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Text after a label on the same line (`Pay Date 01/30/2020` → `01/30/2020`). */
export function afterLabel(text: string, label: RegExp, value: RegExp): string | null {
  const re = new RegExp(`(?:${label.source})[ \\t:#.]*(${value.source})`, label.flags.includes('i') ? 'i' : '');
  return re.exec(text)?.[1] ?? null;
}
