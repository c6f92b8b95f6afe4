// Reads a hand-filled W-9's boxes from a photo or scan, where page OCR fails:
// - Part I's digits (SSN: 3-2-4 boxes; EIN: 2-7 boxes). Tesseract reads each box side as a "1" or "|", and PaddleOCR's
//   page reading skips the row. Erasing the box rules and reading only the band right of the Part I heading with
//   PaddleOCR gives the digits.
// - Line 3's ticked tax classification. The labels beside the boxes come out of OCR garbled, but the boxes keep the
//   form's layout: five in a row (individual, C corporation, S corporation, partnership, trust/estate), then the LLC
//   box under the first, then "Other" under that. A tick or cross leaves ink inside its box.
import sharp from 'sharp';
import { W9_CLASSIFICATIONS } from './extract/tax-forms';
import type { OcrPool } from './ocr-pool';
import type { PageContent } from './types';

type Lines = NonNullable<PageContent['ocrLines']>;
export type PreparedPage = Awaited<ReturnType<OcrPool['prepare']>>;

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface TinDigits {
  ssn: string | null;
  ein: string | null;
}

/** Where the TIN boxes are: the right half of the page, from the Part I heading down 18% of the page. */
function tinBand(lines: Lines, width: number, height: number): Rect | null {
  const heading = lines.find((l) => /identification number \(TIN\)/i.test(l.text));
  if (!heading?.bbox) return null;
  const left = Math.round(width * 0.5);
  const top = Math.max(0, Math.round(heading.bbox.y0));
  const bandHeight = Math.min(height - top, Math.round(height * 0.18));
  if (bandHeight < 20 || width - left < 20) return null;
  return { left, top, width: width - left, height: bandHeight };
}

/**
 * Ink pixels (1) of a greyscale image against its local background (`background`, the same image blurred): darker
 * than 3/4 of the paper around it, which holds under the uneven light of phone photos where one threshold does not.
 */
function inkMask(grey: Uint8Array, background: Uint8Array): Uint8Array {
  const ink = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) ink[i] = grey[i]! < background[i]! * 0.75 ? 1 : 0;
  return ink;
}

/**
 * White (255) where there is no ink or where ink belongs to a ruled line: a vertical run of at least `minVertical`
 * pixels or a horizontal one of at least `minHorizontal`. Runs are followed through a neighbouring row or column and
 * across gaps of 3 pixels, since box sides in photos are slanted and broken; digits are shorter than their boxes.
 */
export function eraseRules(ink: Uint8Array, width: number, height: number, minVertical: number, minHorizontal: number): Uint8Array {
  const out = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) out[i] = ink[i] ? 0 : 255;
  const at = (r: number, c: number) => r >= 0 && r < height && c >= 0 && c < width && ink[r * width + c] === 1;
  for (let c = 0; c < width; c++) {
    scanRuns(height, (r) => at(r, c - 1) || at(r, c) || at(r, c + 1), (from, to) => {
      if (to - from >= minVertical) for (let r = from; r < to; r++) out[r * width + c] = 255;
    });
  }
  for (let r = 0; r < height; r++) {
    scanRuns(width, (c) => at(r - 1, c) || at(r, c) || at(r + 1, c), (from, to) => {
      if (to - from >= minHorizontal) for (let c = from; c < to; c++) out[r * width + c] = 255;
    });
  }
  return out;
}

/** Calls `run(start, end)` for each stretch of `on` positions in [0, length), bridging gaps of up to `maxGap`. */
function scanRuns(length: number, on: (i: number) => boolean, run: (start: number, end: number) => void, maxGap = 3): void {
  let start = -1;
  let gap = 0;
  for (let i = 0; i <= length; i++) {
    if (i < length && on(i)) {
      if (start < 0) start = i;
      gap = 0;
      continue;
    }
    if (start >= 0 && i < length && ++gap <= maxGap) continue;
    if (start >= 0) run(start, i - gap);
    start = -1;
    gap = 0;
  }
}

/** The ink of a region of the prepared page (see inkMask), one byte per pixel. */
async function inkOf(page: PreparedPage, rect: Rect): Promise<Uint8Array> {
  const grey = sharp(page.png).extract(rect).greyscale();
  const [pixels, background] = await Promise.all([grey.clone().raw().toBuffer(), grey.clone().blur(Math.max(3, page.height / 150)).raw().toBuffer()]);
  return inkMask(pixels, background);
}

/** The band cut from the prepared page, its rules erased: a PNG for the recogniser. */
async function cleanBand(page: PreparedPage, band: Rect): Promise<Buffer> {
  const ink = await inkOf(page, band);
  // Box sides are about 3% of the page tall and digits shorter than their boxes; rules across the band are long.
  const cleaned = eraseRules(ink, band.width, band.height, Math.round(page.height * 0.02), Math.round(page.height * 0.04));
  return sharp(cleaned, { raw: { width: band.width, height: band.height, channels: 1 } }).png().toBuffer();
}

/**
 * The SSN and EIN in the band's reading, top to bottom (the SSN boxes come first on the form). A number counts only
 * when its digits and dashes have exactly the form's shape: 3-2-4 for an SSN, 2-7 for an EIN, or 9 digits in a row.
 */
export function parseTinReading(lines: string[]): TinDigits {
  const found: TinDigits = { ssn: null, ein: null };
  for (const line of lines) {
    // OCR puts dots and spaces inside numbers ("143-57-97.65"); letters and other marks end a candidate.
    for (const m of line.matchAll(/\d[\d\s.-]{7,}\d/g)) {
      const s = m[0].replace(/[\s.]/g, '');
      if (/^\d{3}-\d{2}-\d{4}$/.test(s) && !found.ssn) found.ssn = s;
      else if (/^\d{2}-\d{7}$/.test(s) && !found.ein) found.ein = s;
      else if (/^\d{9}$/.test(s)) {
        if (!found.ssn && !found.ein) found.ssn = `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}`;
        else if (!found.ein) found.ein = `${s.slice(0, 2)}-${s.slice(2)}`;
      }
    }
  }
  return found;
}

/**
 * The W-9's SSN and EIN read from its boxes, with the band's whole reading (for the stored text). `page` is the image
 * the OCR pool prepared for tesseract, the frame of its line boxes. Null when the Part I heading was not found or the
 * second engine is off; digits are null when not read.
 */
export async function readTinBoxes(ocr: Pick<OcrPool, 'readWithPaddle'>, page: PreparedPage, lines: Lines): Promise<{ tin: TinDigits; text: string } | null> {
  const band = tinBand(lines, page.width, page.height);
  if (!band) return null;
  const reading = await ocr.readWithPaddle(await cleanBand(page, band));
  if (!reading) return null;
  const texts = reading.lines.map((l) => l.text);
  return { tin: parseTinReading(texts), text: texts.join('\n') };
}

interface CheckBox {
  x: number;
  y: number;
  side: number;
  /** Share of the box's inside (a fifth of the side in from each edge) that is ink. */
  fill: number;
}

/**
 * Square boxes with sides of `minSide` to `maxSide` pixels: a top and a bottom stroke of the same span, one side apart,
 * joined by left and right strokes at square corners. A tick over the box leaves its sides, so ticked boxes are found
 * too.
 */
function findCheckBoxes(ink: Uint8Array, width: number, height: number, minSide: number, maxSide: number): CheckBox[] {
  const at = (r: number, c: number) => r >= 0 && r < height && c >= 0 && c < width && ink[r * width + c] === 1;
  const strokes: { row: number; from: number; to: number }[] = [];
  for (let r = 0; r < height; r++) {
    scanRuns(width, (c) => at(r, c), (from, to) => {
      if (to - from >= minSide && to - from <= maxSide) strokes.push({ row: r, from, to });
    }, 1);
  }
  // Share of the rows from r0 to r1 with ink at column c (or beside it: photographed sides slant).
  const down = (c: number, r0: number, r1: number) => {
    let n = 0;
    for (let r = r0; r <= r1; r++) if (at(r, c - 1) || at(r, c) || at(r, c + 1)) n++;
    return n / (r1 - r0 + 1);
  };
  const boxes: CheckBox[] = [];
  for (const top of strokes) {
    const side = top.to - top.from;
    if (boxes.some((b) => Math.abs(b.x - top.from) < side / 2 && Math.abs(b.y - top.row) < side / 2)) continue;
    const bottom = strokes.find((b) => b.row - top.row >= side * 0.8 && b.row - top.row <= side * 1.25 && Math.abs(b.from - top.from) <= 3 && Math.abs(b.to - top.to) <= 3);
    if (!bottom || down(top.from, top.row, bottom.row) < 0.85 || down(top.to - 1, top.row, bottom.row) < 0.85) continue;
    // Square corners, which letters shaped like a box ("O", "D", "0") do not have.
    const corner = (r: number, c: number) => [-1, 0, 1].some((dr) => [-1, 0, 1].some((dc) => at(r + dr, c + dc)));
    if (![corner(top.row, top.from), corner(top.row, top.to - 1), corner(bottom.row, bottom.from), corner(bottom.row, bottom.to - 1)].every(Boolean)) continue;
    const m = Math.max(2, Math.round(side * 0.2));
    let inked = 0;
    let all = 0;
    for (let r = top.row + m; r <= bottom.row - m; r++) {
      for (let c = top.from + m; c < top.to - m; c++) {
        all++;
        inked += ink[r * width + c]!;
      }
    }
    boxes.push({ x: top.from, y: top.row, side, fill: all ? inked / all : 0 });
  }
  return boxes;
}

/** Inside ink from which a box counts as ticked, and up to which as empty (specks, a stroke of its side). */
const TICKED = 0.08;
const EMPTY = 0.03;

/**
 * Line 3's ticked box, by the form's layout (see the top of this file): the first row of five spread-out boxes of one
 * size with the LLC box under its first and "Other" under that. Null unless exactly one box is ticked and the rest
 * are clearly empty.
 */
export function tickedClassification(boxes: CheckBox[]): (typeof W9_CLASSIFICATIONS)[number] | null {
  const sorted = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
  for (const first of sorted) {
    const alike = (b: CheckBox) => Math.abs(b.side - first.side) <= first.side * 0.3;
    const row = sorted.filter((b) => alike(b) && Math.abs(b.y - first.y) <= first.side).sort((a, b) => a.x - b.x);
    if (row.length !== 5 || row[0] !== first || row.some((b, i) => i > 0 && b.x - row[i - 1]!.x < first.side * 3)) continue;
    const under = (above: CheckBox, min: number, max: number) =>
      sorted.find((b) => alike(b) && Math.abs(b.x - first.x) <= first.side && b.y - above.y >= first.side * min && b.y - above.y <= first.side * max);
    const llc = under(first, 1.5, 6);
    const other = llc && under(llc, 2, 9);
    // All seven, or it is not line 3 (a table's header row, letters shaped like boxes).
    if (!other) continue;
    const all = [...row, llc, other];
    const ticked = all.flatMap((b, i) => (b.fill >= TICKED ? [i] : []));
    if (ticked.length !== 1 || all.some((b, i) => i !== ticked[0] && b.fill > EMPTY)) return null;
    return W9_CLASSIFICATIONS[ticked[0]!]!;
  }
  return null;
}

/** Line 3's area: under line 2's label (or 8% down), above line 5's (or Part I's heading, or mid-page), left 70%. */
function classificationRegion(lines: Lines, width: number, height: number): Rect {
  const top = lines.find((l) => l.bbox && /business name|check appropriate box|federal tax classification/i.test(l.text))?.bbox?.y1 ?? height * 0.08;
  const below = (re: RegExp) => lines.find((l) => l.bbox && l.bbox.y0 > top && re.test(l.text))?.bbox?.y0;
  // The "Other" box sits just above line 5's label and OCR's line boxes are loose: keep 1% of the page below it.
  const bottom = Math.min(height, (below(/^\W*5\s*address|address \(number/i) ?? below(/identification number \(TIN\)/i) ?? height * 0.5) + height * 0.01);
  return { left: 0, top: Math.round(top), width: Math.round(width * 0.7), height: Math.max(1, Math.round(bottom - top)) };
}

/** The tax classification ticked on line 3 of a W-9 photo or scan, or null when it cannot be told. */
export async function readClassification(page: PreparedPage, lines: Lines): Promise<(typeof W9_CLASSIFICATIONS)[number] | null> {
  const region = classificationRegion(lines, page.width, page.height);
  const ink = await inkOf(page, region);
  // Check boxes are about 1% of the page tall, larger than the letters of the form's small print.
  return tickedClassification(findCheckBoxes(ink, region.width, region.height, Math.round(page.height * 0.007), Math.round(page.height * 0.02)));
}
