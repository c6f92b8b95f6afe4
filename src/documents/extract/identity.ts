// Driver's licences, state ID cards and passports, read from OCR text. Card layouts follow the AAMVA field
// numbering (1 family name, 2 given names, 3 DOB, 4a issued, 4b expires, 4d number, 8 address), which survives
// OCR better than the printed labels do; labels are matched loosely because OCR garbles them ("pos" for DOB).
import { US_STATES, findDates, normaliseSpaces, titleCase, type FoundDate } from '../parse';
import { cleanName, type ExtractContext, type Extraction } from './context';

const STREET_WORDS = /\b(ST|STREET|AVE|AVENUE|RD|ROAD|DR|DRIVE|BLVD|BOULEVARD|LN|LANE|WAY|CT|COURT|PL|PLACE|PKWY|PARKWAY|HWY|HIGHWAY|CIR|CIRCLE|TER|TERRACE|TRL|TRAIL|PIKE|SQ|SQUARE|LOOP|PLAZA|BROADWAY)\b\.?/i;

const STATE_NAMES = Object.entries(US_STATES).sort((a, b) => b[1].length - a[1].length);

function issuingStateOf(text: string): string | null {
  const upper = text.toUpperCase();
  let best: { code: string; index: number } | null = null;
  for (const [code, name] of STATE_NAMES) {
    const i = upper.search(new RegExp(`\\b${name}\\b`));
    if (i >= 0 && (!best || i < best.index)) best = { code, index: i };
  }
  return best?.code ?? null;
}

const LABELS: [kind: 'dob' | 'exp' | 'iss', re: RegExp][] = [
  ['dob', /\b(DOB|D0B|BIRTH(DATE)?|DATE OF BIRTH|p[o0][sbe]|3\s*DOB)\b|\bDOB/i],
  ['exp', /\b(EXP(IRES|IRATION|\.)?|anexe|4b)\b|EXP/i],
  ['iss', /\b(ISS(UED)?|4a)\b|ISS/i],
];

function labelOf(s: string): 'dob' | 'exp' | 'iss' | null {
  let best: { kind: 'dob' | 'exp' | 'iss'; at: number } | null = null;
  for (const [kind, re] of LABELS) {
    const m = new RegExp(re.source, 'gi');
    for (const x of s.matchAll(m)) if (!best || (x.index ?? 0) > best.at) best = { kind, at: x.index ?? 0 };
  }
  return best?.kind ?? null;
}

function assignDates(ls: string[], now: Date): { dob: string | null; exp: string | null; iss: string | null } {
  const out: { dob: string | null; exp: string | null; iss: string | null } = { dob: null, exp: null, iss: null };
  const unassigned: FoundDate[] = [];
  // OCR often drops digits of a year ("02/11/71 974"): a two-digit-year date yields to a four-digit one with the
  // same month and day elsewhere on the card.
  const all = ls.flatMap((l) => findDates(l));
  const isFour = (d: FoundDate) => /\d{4}\s*$/.test(d.raw) || /^\d{4}-/.test(d.raw);
  const fourDigit = new Set(all.filter(isFour).map((d) => d.iso.slice(5)));
  const usable = (d: FoundDate) => isFour(d) || !fourDigit.has(d.iso.slice(5));
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    // A licence expires on the holder's birthday: "EXPIRES: 10/31/29" beside "DOB: 10/31/1990" is no misread birth date.
    const dates = findDates(l).filter((d) => usable(d) || labelOf(l.slice(Math.max(0, d.index - 14), d.index)) === 'exp');
    if (!dates.length) continue;
    // Labels on the same line, just before each date.
    const pending: FoundDate[] = [];
    let prevEnd = 0;
    for (const d of dates) {
      const kind = labelOf(l.slice(Math.max(prevEnd, d.index - 14), d.index));
      prevEnd = d.index + d.raw.length;
      if (kind && !out[kind]) out[kind] = d.iso;
      else pending.push(d);
    }
    // Labels on the line above, in the same order as the dates ("3 DOB   4a Iss" / "04/24/1978   08/27/2015").
    if (pending.length && i > 0) {
      const above = ls[i - 1]!;
      const kinds: { kind: 'dob' | 'exp' | 'iss'; at: number }[] = [];
      for (const [kind, re] of LABELS) {
        const m = new RegExp(re.source, 'i').exec(above);
        if (m && !findDates(above).length) kinds.push({ kind, at: m.index });
      }
      kinds.sort((a, b) => a.at - b.at);
      if (kinds.length === pending.length) {
        pending.forEach((d, k) => {
          const kind = kinds[k]!.kind;
          if (!out[kind]) out[kind] = d.iso;
        });
        continue;
      }
      if (kinds.length === 1 && pending.length >= 1 && !out[kinds[0]!.kind]) {
        out[kinds[0]!.kind] = pending.shift()!.iso;
      }
    }
    unassigned.push(...pending);
  }
  // Whatever is left: the birth date is the earliest plausible one, expiry the latest, issue in between.
  const nowY = now.getUTCFullYear();
  const rest = [...new Set(unassigned.map((d) => d.iso))].filter((d) => d !== out.dob && d !== out.exp && d !== out.iss).sort();
  if (!out.dob) {
    const i = rest.findIndex((d) => Number(d.slice(0, 4)) <= nowY - 14);
    if (i >= 0) out.dob = rest.splice(i, 1)[0]!;
  }
  if (!out.exp && rest.length) {
    const last = rest[rest.length - 1]!;
    if (!out.iss || last > out.iss) out.exp = rest.pop()!;
  }
  if (!out.iss && rest.length) {
    const cand = rest.filter((d) => (!out.exp || d < out.exp) && (!out.dob || d > out.dob));
    if (cand.length) out.iss = cand[cand.length - 1]!;
  }
  // Sanity: a card expires years after the holder's birth and after it was issued.
  const isos = [...new Set(all.filter(usable).map((d) => d.iso))].sort();
  if (out.dob && Number(out.dob.slice(0, 4)) > nowY - 14) {
    const earlier = isos.filter((d) => Number(d.slice(0, 4)) <= nowY - 14);
    out.dob = earlier[0] ?? null;
  }
  if (out.dob && out.exp && Number(out.exp.slice(0, 4)) < Number(out.dob.slice(0, 4)) + 10) {
    const later = isos.filter((d) => Number(d.slice(0, 4)) >= Number(out.dob!.slice(0, 4)) + 10 && d !== out.iss);
    out.exp = later.length ? later[later.length - 1]! : null;
  }
  if (out.iss && out.exp && out.iss > out.exp) [out.iss, out.exp] = [out.exp, out.iss];
  return out;
}

/** Any case of a word, in a pattern that is otherwise case-sensitive. */
const anyCase = (w: string) => [...w].map((ch) => `[${ch.toUpperCase()}${ch.toLowerCase()}]`).join('');
/** An AAMVA field's number and label after a licence number on its line ("9 Class C", "15 SEX M", "1 SMITH"). */
const NEXT_FIELD = `(?:${[['9', 'CLASS'], ['15', 'SEX'], ['16', 'HGT'], ['16', 'HT'], ['17', 'WGT'], ['17', 'WT'], ['18', 'EYES'], ['19', 'HAIR'], ['3', 'DOB'], ['5', 'DD'], ['12', 'RESTR']]
  .map(([n, label]) => `${n} +${anyCase(label!)}`)
  .join('|')}|[12] +[A-Z]{2,}\\b)`;

function documentNumberOf(ls: string[]): string | null {
  let best: { v: string; score: number; order: number } | null = null;
  let order = 0;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (/\bDD\b|discriminator|audit|\bICN\b/i.test(l) && !/\b(DL|LIC|IDN)\b/i.test(l)) continue;
    if (/^\W*(\d{1,2}\s+)?\d{1,6}\s+[A-Za-z]/.test(l) && STREET_WORDS.test(l)) continue; // a street line
    const dateSpans = findDates(l).map((d) => [d.index, d.index + d.raw.length] as const);
    // Dates blanked out, so a number followed by a date ("TL545786 07-09-1962") is not swallowed with it.
    const masked = dateSpans.reduce((s, [a, b]) => s.slice(0, a) + ' '.repeat(b - a) + s.slice(b), l);
    // A group after a space is no part of the number when it is the next field's AAMVA number before its label
    // ("4d DL 12345678 9 Class C", "15 SEX M"); Florida's "W432 118 76 620 0 CLASS E" keeps its last group.
    // Michigan's number starts with a letter and a space.
    for (const m of masked.matchAll(new RegExp(String.raw`(?<![\w/.])([A-Z] \d{3} \d{3} \d{3} \d{3}|[A-Z]{0,3}\d(?:\d|-(?=\d)| (?!${NEXT_FIELD})(?=\d))*\d|[A-Z]\d{6,12})(?![\w/.])`, 'g'))) {
      let v = m[1]!.trim();
      let at = m.index ?? 0;
      // PaddleOCR glues the label to the number: "DLI1234568" is DL I1234568 (California: a letter and 7 digits).
      const glued = /^(DLN?|LIC)([A-Z]?\d{5,})$/.exec(v);
      if (glued) {
        v = glued[2]!;
        at += glued[1]!.length;
      }
      const digits = v.replace(/\D/g, '');
      if (digits.length < 6 || digits.length > 15) continue;
      if (/^(0[1-9]|1[0-2])[0-3]\d{1,2}(19|20)\d{2}$/.test(digits)) continue; // a date that lost its slashes
      if (dateSpans.some(([a, b]) => at < b && at + v.length > a)) continue;
      const stateBefore = /\b([A-Z]{2}),?\s*[{(\[]?$/.exec(l.slice(0, at))?.[1]; // OCR may put a bracket before the ZIP
      const gluedZip = /^([A-Z]{2})\d{5}(-\d{4})?$/.exec(v); // PaddleOCR's "CA94290-0001"
      if (/^\d{5}(-\d{4})?$/.test(v) || (stateBefore && US_STATES[stateBefore]) || (gluedZip && US_STATES[gluedZip[1]!])) continue; // ZIP after a state code
      if (/^\d{1,5}\s+[A-Z]/.test(l.slice(at)) && /\b(ST|STREET|AVE|RD|DR|LN|BLVD|WAY)\b/i.test(l)) continue; // street number
      const before = l.slice(Math.max(0, at - 12), at);
      if (/\bBOX\s*$/i.test(before)) continue; // the DMV's PO box on a card's back
      let score = glued ? 3 : 0;
      if (!glued && /(DL|DLN|LIC|LICENSE|NO\.?|#|IDN|ID|4d|customer|number|ou?n?)\s*[:#.]?\s*$/i.test(before)) score += 3;
      if (i > 0 && /license no|lic(ense)?\s*#|\b4d\b|customer identifier|\bIDN\b|\bDLN\b/i.test(ls[i - 1]!)) score += 2;
      if (/\b(DD|ISS|DOB)\s*[:#]?\s*$/i.test(before)) score -= 3;
      if (i > 0 && /\bDD\b/.test(ls[i - 1]!) && !/customer|\b4d\b|lic/i.test(ls[i - 1]!)) score -= 2;
      if (digits.length > 13) score -= 2;
      order++;
      if (!best || score > best.score) best = { v: normaliseSpaces(v), score, order };
    }
  }
  if (best && best.score >= 0) return best.v;
  return lettersAndDigits(ls);
}

/**
 * Numbers of letters and digits mixed (Washington's "WDL7X9K2M4QB", its older "OLSENKJ123AB"), taken only right
 * after a number's label.
 */
function lettersAndDigits(ls: string[]): string | null {
  for (const l of ls) {
    const m = /\b(?:4d\s+)?(?:DLN?|LIC(?:ENSE)?|ID)\s*(?:NO\.?|#|NUMBER)?\s*[:#.]?\s+([A-Z0-9]{8,13})\b/.exec(l);
    const v = m?.[1];
    if (v && (v.match(/\d/g) ?? []).length >= 2 && (v.match(/[A-Z]/g) ?? []).length >= 2) return v;
  }
  return null;
}


/** A unit line under the street ("APT. 1", "UNIT 4", "# 333"), with the designator spaced from its number. */
function unitOf(line: string | undefined): string | null {
  const t = line?.trim() ?? '';
  if (!/^APT\.?\s*\w+|^(UNIT|STE|#)\s*\w+/i.test(t)) return null;
  return t.replace(/[.,]$/, '').replace(/^(APT)\.?\s*/i, '$1 ');
}

/**
 * The unit line as another reading of the card has it, under a line starting with the same house number: tesseract
 * may scramble a short line ("1 APT.") that Paddle reads whole ("APT.1").
 */
function unitFromOtherReading(ls: string[], houseNumber: string): string | null {
  for (let k = 1; k < ls.length; k++) {
    const unit = unitOf(ls[k]);
    if (unit && new RegExp(`^\\W*${houseNumber}\\s*[A-Za-z]`).test(ls[k - 1]!)) return unit;
  }
  return null;
}

/**
 * OCR drops a digit of a ZIP or reads it as a bracket ("MA {2171-1748"): another reading of the card with a
 * well-formed ZIP after the same state, equal to the digits read but for one, supplies it. Never guessed.
 */
function zipFromOtherReading(ls: string[], state: string, read: string): string | null {
  const digits = read.replace(/\D/g, '');
  const re = new RegExp(`\\b${state}[.,]?\\s*(\\d{5}(?:-\\d{4})?)(?![\\d-])`, 'g');
  for (const l of ls) {
    for (const m of l.matchAll(re)) {
      const d = m[1]!.replace(/\D/g, '');
      if (d.length === digits.length + 1 && [...d].some((_, k) => d.slice(0, k) + d.slice(k + 1) === digits)) return m[1]!;
    }
  }
  return null;
}

type CardAddress = { line: string; street: string | null; city: string | null; state: string | null; zip: string | null; index: number };

/**
 * The card's address: the first one read, or another reading of the same place that has the street line the first
 * lacks (readings are concatenated). Another place further down (the DMV's, on the back) is never the holder's.
 */
function addressOf(ls: string[], issuing: string | null): CardAddress | null {
  let first: CardAddress | null = null;
  const city = (a: CardAddress) => (a.city ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  // The same ZIP (a DMV's across town differs by a digit); without both ZIPs, the same city.
  const samePlace = (a: CardAddress, b: CardAddress) => {
    const [x, y] = [a.zip?.slice(0, 5), b.zip?.slice(0, 5)];
    return a.state === b.state && (x && y ? x === y : city(a) === city(b));
  };
  for (let i = 0; i < ls.length; i++) {
    const a = addressAt(ls, i, issuing);
    if (!a) continue;
    first ??= a;
    if (a.street && samePlace(a, first)) return a;
  }
  return first;
}

function addressAt(ls: string[], i: number, issuing: string | null): CardAddress | null {
  const raw = ls[i]!.replace(/^[^A-Za-z0-9]*(?:\d{1,2}\s+(?=\d{1,6}\s)|8\s+)?/, '');
  // "CITY, ST 12345" (state code possibly garbled by OCR, ZIP possibly malformed: validation judges it).
  const m = /^([A-Za-z][A-Za-z .'-]*?)[,.]?\s+([A-Z]{2})[.,]?\s+([{(\[]?\d{4,7}(?:-\d{1,5})?)\b/.exec(raw.replace(/^[A-Za-z]{1,2}\s+(?=[A-Z]{4,})/, ''));
  const lone = /^([A-Z]{2})\s+(\d{4,7}(?:-\d{1,5})?)\b/.exec(raw);
  if (!m && !lone) return null;
  let state = (m ? m[2] : lone![1])!.toUpperCase();
  if (!US_STATES[state] && issuing && [...state].filter((c, k) => issuing[k] === c).length === 1) state = issuing; // TH → TN
  if (!US_STATES[state]) return null;
  const rawZip = (m ? m[3] : lone![2])!;
  let zip = /^[{(\[]/.test(rawZip) ? null : rawZip; // garbled by OCR: unknown rather than invalid
  if (!zip || !/^\d{5}(-\d{4})?$/.test(zip)) zip = zipFromOtherReading(ls, state, rawZip) ?? zip;
  let city = m ? normaliseSpaces(m[1]!) : null;
  let street: string | null = null;
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
    const s = ls[j]!.replace(/^\W*(?:address|addr|residence)\b\s*:?/i, '').replace(/^[^A-Za-z0-9]*(\d{1,2}\s+(?=\d{2,6}\s))?/, '').trim();
    if (!city && lone) {
      // "Main Street , Charleston," + "WV 456789"
      const parts = s.split(/\s*,\s*/).filter(Boolean);
      if (parts.length >= 2) {
        city = parts[parts.length - 1]!;
        street = parts.slice(0, -1).join(', ');
        break;
      }
    }
    if (/^\d{1,6}[A-Z]?\s+\S/.test(s) && STREET_WORDS.test(s)) {
      street = normaliseSpaces(s);
      const unit = (j + 1 < i ? unitOf(ls[j + 1]) : null) ?? unitFromOtherReading(ls, /^\d+/.exec(s)![0]);
      if (unit) street += ' ' + unit;
      break;
    }
  }
  if (city) city = titleCase(city.replace(/^(?:[A-Za-z]{1,2}\s+)(?=[A-Z]{4,})/, ''));
  return {
    line: [street ? titleCase(street) : null, [city, `${state} ${zip ?? rawZip.replace(/^[{(\[]/, '')}`].filter(Boolean).join(', ')].filter(Boolean).join(', '),
    street: street ? titleCase(street) : null,
    city,
    state,
    zip,
    index: i,
  };
}

/** "WHITFIELD, DANA M": the family name first, as New York and others print it. */
const FAMILY_COMMA_GIVEN = /^[A-Z][A-Z' -]{1,40},\s*[A-Z][A-Z' -]{0,40}$/;

/** A name line as cards print it: capitals, spaces, hyphens and apostrophes. */
const NAME = /^[A-Z][A-Z' -]{1,40}$/;
/** Words of a card's printed headings and fields, never of its holder's name. */
const CARD_WORDS = /\b(CLASS|DRIVER|LICENSE|STATE|USA|DONOR|VETERAN|NONE|SEX|EYES|HAIR|RESTR|END|DL|ID|REAL|ADULT|MINOR|UNDER|CARD|FEDERAL|LIMITED|TERM|COMMERCIAL|IDENTIFICATION|PERMIT|INSTRUCTION|LEARNER)\b/;
const STATE_NAME = new RegExp(`^(${Object.values(US_STATES).join('|')})$`, 'i');
/** A name's generational suffix, printed after the family name. */
const SUFFIX = /^(JR|SR|II|III|IV)\.?$/;

/** A name printed beside its label ("LAST NAME: HERNANDEZ-RUIZ") or on the line under it. */
function labelledName(ls: string[], label: RegExp): string | null {
  for (const [i, l] of ls.entries()) {
    const m = new RegExp(`^\\W*(?:${label.source})\\s*:?\\s*(.*)$`, 'i').exec(l.trim());
    if (!m) continue;
    const v = (m[1]!.trim() || ls[i + 1]?.trim()) ?? '';
    if (NAME.test(v) && !CARD_WORDS.test(v)) return v;
  }
  return null;
}

function nameOf(ls: string[], addressIndex: number | null): { family: string | null; given: string | null; suffix: string | null } {
  let family: string | null = labelledName(ls, /last\s*name|surname|family\s*name/);
  let given: string | null = family ? labelledName(ls, /first\s*name|given\s*names?/) : null;
  let suffix: string | null = null;
  for (const l of ls) {
    const t = l.replace(/[^A-Za-z0-9 ,'-]/g, ' ').replace(/\s+/g, ' ').trim();
    // Paddle glues "LN" to the name ("LNPARK"); "IN" glued is a word ("INSTRUCTION PERMIT").
    const f = /^(?:1|l|I)\s+([A-Z][A-Z' -]{1,40})$/.exec(t) ?? /^(?:LN\s*|[1lI]N\s+)([A-Z]{2,}[A-Z' -]*)$/.exec(t);
    if (f && !family && !/^(APT|UNIT|STE|SUITE|CLASS|DL|ID)\b/.test(f[1]!) && !CARD_WORDS.test(f[1]!)) family = f[1]!.trim();
    const g = /^2\s+([A-Z][A-Z' -]{1,40})$/.exec(t) ?? /^FN\s*([A-Z]{2,}[A-Z' -]*)$/.exec(t);
    if (g && !given) given = g[1]!.trim();
  }
  if (!family && addressIndex !== null) {
    // Name lines just above the address block (street line, maybe "APT" line).
    const above: string[] = [];
    for (let j = addressIndex - 1; j >= Math.max(0, addressIndex - 8) && above.length < 2; j--) {
      const t = ls[j]!.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ''); // OCR specks around the name: "+ SAMPLE |"
      if (/\d/.test(t) || /^APT\b/i.test(t) || t.replace(/[^A-Za-z]/g, '').length < 3) continue; // street, apt, OCR specks
      // The state's name heads the card, over its title or number ("GEORGIA" / "DL 058123456"); over a given name
      // or a street it is a name ("WASHINGTON" / "DENZEL JAMES").
      const heading = STATE_NAME.test(t) && /\b(DRIVER|LICEN[CS]E|IDENTIFICATION|ID|DL|USA|PERMIT)(?![A-Za-z])/i.test(ls.slice(j + 1, j + 3).join(' ')); // "DL058123456" too
      if ((NAME.test(t) || FAMILY_COMMA_GIVEN.test(t)) && !CARD_WORDS.test(t) && !heading) above.push(t);
      else if (above.length) break;
    }
    // A given name read beside its field number ("2 CONNOR") outranks the line over the address.
    if (above.length === 2) [given, family] = [given ?? above[0]!, above[1]!];
    else if (above.length === 1 && above[0]!.includes(',')) {
      [family, given] = above[0]!.split(',').map((p) => p.trim()) as [string, string];
    } else if (above.length === 1) {
      const parts = above[0]!.split(' ');
      if (parts.length >= 3 && SUFFIX.test(parts[parts.length - 1]!)) suffix = parts.pop()!;
      if (parts.length >= 2) {
        given = parts.slice(0, -1).join(' ');
        family = parts[parts.length - 1]!;
      } else family = parts[0]!;
    }
  }
  return { family: cleanName(family), given: cleanName(given), suffix };
}

/** A date whose slashes OCR read as 1 or 7: "0171212016" is 01/12/2016. */
const SLASHES_AS_DIGITS = /^(0[1-9]|1[0-2])[17]([0-3]\d)[17]((?:19|20)\d{2})$/;

/** OCR drops slashes from dates or reads them as digits: "0211/2026", "02/112026", "0271172026" → "02/11/2026". */
export function repairDates(line: string): string {
  return line
    .replace(/(?<![\w/.-])\d{10}(?![\w/.-])/g, (t) => t.replace(SLASHES_AS_DIGITS, '$1/$2/$3'))
    .replace(/\b(0[1-9]|1[0-2])([0-3]\d)\/((?:19|20)\d{2})\b/g, '$1/$2/$3').replace(/\b(0[1-9]|1[0-2])\/([0-3]\d)((?:19|20)\d{2})\b/g, '$1/$2/$3');
}

/**
 * PaddleOCR drops the space between tokens of different kinds: "TL54578607-09-1962" (number, then a date) and
 * "14466EVOLVER AVE" (house number, then street). City and state ("COLUMBUS.OH43223") are left alone: Paddle
 * misreads letters inside words more often than tesseract does, and the address from tesseract's reading should win.
 */
export function splitMergedTokens(line: string): string {
  return line
    .replace(/\b([A-Z]{1,3}\d{4,}?)(\d{2}([-/])\d{2}\3(?:19|20)\d{2})(?!\d)/g, '$1 $2')
    .replace(/^(\W*\d{1,6})([A-Z]{3,}\b)/, '$1 $2');
}

/**
 * Paddle's "COLUMBUS.OH43223" as "COLUMBUS, OH 43223": only a fallback when no reading has a spaced address (see
 * splitMergedTokens), so the city tesseract spelt wins where it read one.
 */
export function splitCityStateZip(line: string): string {
  return line.replace(/^([A-Z][A-Z .'-]*?[A-Z])[.,]\s?([A-Z]{2})[.,]?\s?(\d{5}(?:-\d{4})?)$/, (all, city: string, st: string, zip: string) =>
    US_STATES[st] ? `${city}, ${st} ${zip}` : all,
  );
}

export function extractIdentity(ctx: ExtractContext, now: Date): Extraction {
  let ls = ctx.lines.map((l) => repairDates(splitMergedTokens(l)));
  const issuingState = issuingStateOf(ctx.text);
  let address = addressOf(ls, issuingState);
  if (!address) {
    const split = ls.map(splitCityStateZip);
    address = addressOf(split, issuingState);
    if (address) ls = split;
  }
  let { family, given, suffix } = nameOf(ls, address?.index ?? null);
  // Two OCR passes are concatenated: the second pass's address block may have the name the first one missed.
  if (!family && address) {
    const later = addressOf(ls.slice(address.index + 1), issuingState);
    if (later) ({ family, given, suffix } = nameOf(ls.slice(address.index + 1), later.index));
  }
  const dates = assignDates(ls, now);
  const fullName = [given, family, suffix].filter(Boolean).join(' ') || null;
  return {
    fields: {
      fullName: fullName ? titleCase(fullName) : null,
      familyName: family ? titleCase(family) : null,
      givenName: given ? titleCase(given) : null,
      documentNumber: documentNumberOf(ls),
      dateOfBirth: dates.dob,
      issueDate: dates.iss,
      expirationDate: dates.exp,
      issuingState: issuingState ?? address?.state ?? null,
      address: address?.line ?? null,
      addressZip: address?.zip ?? null,
      commercial: /commercial/i.test(ctx.text) || undefined,
    },
    secrets: {},
  };
}
