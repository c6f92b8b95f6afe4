// Where tesseract and PaddleOCR read the same words with a letter or two apart, the surer engine's letters win.
//
// Tesseract keeps word spacing but misreads handwriting and stained print ("MIRTLE COMPANY"); Paddle reads the
// letters better there but drops spaces ("MYRTLECOMPANY"). A tesseract column it was unsure of takes Paddle's letters
// and keeps its own spaces, when Paddle read the same number of letters with high confidence and at most one in six
// differs. Only letter-heavy columns are touched: amounts and identifiers keep what each engine read, since a digit
// changed on a vote would be a silent wrong value.

export interface ReadLine {
  text: string;
  /** 0-100 */
  confidence: number;
}

/** A tesseract line's confidence at or above this is trusted as it is. */
export const TRUST_FIRST_AT = 75;
/** Paddle's line confidence must reach this to correct anything. */
export const SECOND_MUST_REACH = 90;
const MIN_LETTERS = 6;

const squash = (s: string) => s.replace(/\s+/g, '');

function letterShare(s: string): number {
  const t = squash(s);
  return t.length ? t.replace(/[^A-Za-z]/g, '').length / t.length : 0;
}

/** Paddle's letters laid over tesseract's spacing, or null when the two readings are not the same words. */
export function overlay(first: string, second: string): string | null {
  const a = squash(first);
  const b = squash(second);
  if (a.length !== b.length || a.length < MIN_LETTERS || a === b) return null;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i]!.toUpperCase() !== b[i]!.toUpperCase()) diff++;
  if (diff === 0 || diff > Math.floor(a.length / 6)) return null;
  let k = 0;
  return [...first].map((ch) => (/\s/.test(ch) ? ch : b[k++]!)).join('');
}

/**
 * `text` (tesseract's reading, columns separated by runs of spaces) with each unsure, letter-heavy column replaced
 * by Paddle's spelling where `overlay` finds one. `firstLines` gives tesseract's per-line confidence; a column whose
 * line is unknown is left alone.
 */
export function correctByVote(text: string, firstLines: ReadLine[], secondLines: ReadLine[]): string {
  const sure = secondLines.filter((l) => l.confidence >= SECOND_MUST_REACH);
  if (!sure.length) return text;
  const candidates = sure.flatMap((l) => [l.text, ...l.text.split(/\s+/)]);
  return text
    .split('\n')
    .map((line) => {
      const known = firstLines.find((l) => l.text.trim() && line.trim() === l.text.trim());
      if (!known || known.confidence >= TRUST_FIRST_AT) return line;
      return line.replace(/\S+(?: {1,2}\S+)*/g, (column) => {
        if (letterShare(column) < 0.7) return column;
        for (const c of candidates) {
          const v = overlay(column, c);
          if (v) return v;
        }
        return column;
      });
    })
    .join('\n');
}

/**
 * Paddle's lines with tesseract's spaces, where tesseract read the same letters: "FNELENAMARIA" is "FN ELENA MARIA"
 * when a line of tesseract's holds exactly those letters, between word breaks ("8 42OAKSTREET" in "8 42 OAK STREET
 * SPRINGFIELD"). Only spacing changes: a letter read differently leaves Paddle's line as it was.
 */
/** A space inside a number ("1,6 27.00"). */
const DIGIT_GAP = /\d\s+[\d.,]|[.,]\s+\d/;

export function respace(second: string, first: string): string {
  const firstLines = first.split('\n').filter((l) => l.trim());
  return second
    .split('\n')
    .map((line) => {
      const want = squash(line).toUpperCase();
      // Names and streets, not amounts: tesseract's stray space inside a number ("1,6 27.00") would cut it.
      if (want.length < 4 || letterShare(line) < 0.6) return line;
      for (const f of firstLines) {
        // Each letter of the squashed line at its index in f.
        const at = [...f].flatMap((ch, i) => (/\s/.test(ch) ? [] : [i]));
        const k = squash(f).toUpperCase().indexOf(want);
        if (k < 0) continue;
        const [start, end] = [at[k]!, at[k + want.length - 1]! + 1];
        if (start > 0 && !/\s/.test(f[start - 1]!)) continue;
        if (end < f.length && !/\s/.test(f[end]!)) continue;
        const spaced = f.slice(start, end);
        if (DIGIT_GAP.test(spaced) && !DIGIT_GAP.test(line)) continue;
        if (spaced !== line.trim()) return spaced;
      }
      return line;
    })
    .join('\n');
}
