// Reads the boxed digits of a W-9's Part I (SSN: 3-2-4 boxes; EIN: 2-7 boxes) from a photo or scan. Page OCR misses
// them: tesseract reads each box side as a "1" or "|", and PaddleOCR's page reading skips the row. Erasing the box
// rules and reading only the band right of the Part I heading with PaddleOCR gives the digits.
import sharp from 'sharp';
import type { OcrPool } from './ocr-pool';
import type { PageContent } from './types';

export interface Rect {
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
export function tinBand(lines: NonNullable<PageContent['ocrLines']>, width: number, height: number): Rect | null {
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
export function inkMask(grey: Uint8Array, background: Uint8Array): Uint8Array {
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

/** Calls `run(start, end)` for each stretch of `on` positions in [0, length), bridging gaps of up to 3. */
function scanRuns(length: number, on: (i: number) => boolean, run: (start: number, end: number) => void): void {
  let start = -1;
  let gap = 0;
  for (let i = 0; i <= length; i++) {
    if (i < length && on(i)) {
      if (start < 0) start = i;
      gap = 0;
      continue;
    }
    if (start >= 0 && i < length && ++gap <= 3) continue;
    if (start >= 0) run(start, i - gap);
    start = -1;
    gap = 0;
  }
}

/** The band cut from the prepared page, its rules erased: a PNG for the recogniser. */
export async function cleanBand(page: Uint8Array, band: Rect, pageHeight: number): Promise<Buffer> {
  const grey = sharp(page).extract(band).greyscale();
  const [pixels, background] = await Promise.all([grey.clone().raw().toBuffer(), grey.clone().blur(Math.max(3, pageHeight / 150)).raw().toBuffer()]);
  const ink = inkMask(pixels, background);
  // Box sides are about 3% of the page tall and digits shorter than their boxes; rules across the band are long.
  const cleaned = eraseRules(ink, band.width, band.height, Math.round(pageHeight * 0.02), Math.round(pageHeight * 0.04));
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
 * The W-9's SSN and EIN read from its boxes, with the band's whole reading (for the stored text). Null when the
 * heading was not found or the second engine is off; digits are null when not read.
 */
export async function readTinBoxes(ocr: Pick<OcrPool, 'prepare' | 'readWithPaddle'>, image: Uint8Array, page: PageContent): Promise<{ tin: TinDigits; text: string } | null> {
  // tesseract's line boxes are in the frame of the image the pool prepared: prepare it again the same way.
  const prepared = await ocr.prepare(image, page.ocrRotation ?? 0);
  const band = tinBand(page.ocrLines ?? [], prepared.width, prepared.height);
  if (!band) return null;
  const reading = await ocr.readWithPaddle(await cleanBand(prepared.png, band, prepared.height));
  if (!reading) return null;
  const lines = reading.lines.map((l) => l.text);
  return { tin: parseTinReading(lines), text: lines.join('\n') };
}
