// Skew of a photographed or scanned page: the angle at which its ink lines up in rows. Tesseract finds lines only
// within a degree or two of level; a phone photo held at 8° read as 25 characters of noise. The angle is the one
// whose horizontal projection of ink is most peaked (text rows and the gaps between them), found on a small copy
// with ink told from paper against a blurred copy, so a shadow across the page is not ink. Each blot of ink counts as
// much as three ordinary characters at most, so a big stamp at an angle, a portrait or a form's grid cannot outvote
// the rows of text.
import sharp from 'sharp';

/** Steepest skew looked for, in degrees: beyond it a photo is more likely meant sideways (the 90° search's job). */
const MAX_SKEW = 15;
/** Smaller angles are left alone: tesseract copes, and a rotation costs sharpness. */
const MIN_DESKEW = 0.8;
const SAMPLE_SIDE = 1000;
const MAX_POINTS = 60_000;
/** Blots narrower than this, in pixels of the sample (specks), do not set the typical size. */
const MIN_BLOT_SIDE = 5;
/** A blot weighs as much as this many typical ones at most. */
const BLOT_WEIGHT = 3;

/**
 * The clockwise skew of text rows, in degrees, among ink points (x right, y down); 0 when no angle stands out from
 * level (a page with little text, a photo of a card).
 */
export function skewOf(xs: Int32Array, ys: Int32Array, width: number, height: number, weights?: Float32Array): number {
  const bins = new Float64Array(width + height + 2);
  const score = (deg: number, w?: Float32Array): number => {
    const r = (deg * Math.PI) / 180;
    const sin = Math.sin(r);
    const cos = Math.cos(r);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! * cos - xs[i]! * sin) + width]! += w ? w[i]! : 1;
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  // The degree whose rows stand out, each blot weighed (so a stamp or a portrait cannot choose it)...
  let coarse = 0;
  let coarseScore = score(0, weights);
  const level = coarseScore;
  for (let d = -MAX_SKEW; d <= MAX_SKEW; d += 1) {
    const s = score(d, weights);
    if (s > coarseScore) [coarse, coarseScore] = [d, s];
  }
  // ...then the tenth of a degree within it, every ink point counted: the thin strokes and rules are the precise ones.
  let best = coarse;
  let bestScore = score(coarse);
  let peak = coarseScore;
  for (let d = coarse - 0.9; d <= coarse + 0.9; d += 0.1) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [Math.round(d * 10) / 10, s];
    if (weights) peak = Math.max(peak, score(d, weights));
  }
  return peak > level * 1.05 ? best : 0;
}

/**
 * A weight per ink pixel (0 for paper): 1, or less in a blot of ink more than three times the page's typical one, so
 * that the blot weighs as much as three: a stamp's letter, a portrait, a form's grid. Typical is the median area of the
 * blots 5 px across or more, so that the specks of a photocopy do not set it. Blots are 8-connected.
 */
export function blotWeights(ink: Uint8Array, width: number, height: number): Float32Array {
  const label = new Int32Array(ink.length).fill(-1);
  const parent: number[] = [];
  const root = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  const join = (a: number, b: number): number => {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return Math.min(ra, rb);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!ink[i]) continue;
      let l = -1;
      // Already-labelled neighbours: left, and the three above.
      for (const j of [x > 0 ? i - 1 : -1, y > 0 && x > 0 ? i - width - 1 : -1, y > 0 ? i - width : -1, y > 0 && x + 1 < width ? i - width + 1 : -1]) {
        if (j < 0 || label[j]! < 0) continue;
        l = l < 0 ? root(label[j]!) : join(l, label[j]!);
      }
      if (l < 0) parent.push((l = parent.length));
      label[i] = l;
    }
  }
  const n = parent.length;
  const area = new Float64Array(n);
  const [left, right, top, bottom] = [new Int32Array(n).fill(width), new Int32Array(n).fill(-1), new Int32Array(n).fill(height), new Int32Array(n).fill(-1)];
  for (let i = 0; i < ink.length; i++) {
    if (label[i]! < 0) continue;
    const r = (label[i] = root(label[i]!));
    const [x, y] = [i % width, Math.floor(i / width)];
    area[r]! += 1;
    [left[r], right[r], top[r], bottom[r]] = [Math.min(left[r]!, x), Math.max(right[r]!, x), Math.min(top[r]!, y), Math.max(bottom[r]!, y)];
  }
  const sizes: number[] = [];
  for (let r = 0; r < n; r++) if (area[r]! > 0 && Math.max(right[r]! - left[r]!, bottom[r]! - top[r]!) + 1 >= MIN_BLOT_SIDE) sizes.push(area[r]!);
  sizes.sort((a, b) => a - b);
  const most = BLOT_WEIGHT * (sizes.length ? sizes[sizes.length >> 1]! : 1);
  const weights = new Float32Array(ink.length);
  for (let i = 0; i < ink.length; i++) if (label[i]! >= 0) weights[i] = Math.min(1, most / area[label[i]!]!);
  return weights;
}

/** Weighted ink points of a small grey copy, ink told from paper against a blurred copy; and the copy's mean grey. */
async function inkOf(image: Buffer): Promise<{ xs: Int32Array; ys: Int32Array; weights: Float32Array; width: number; height: number; mean: number }> {
  const { data, info } = await sharp(image)
    .grayscale()
    .resize(SAMPLE_SIDE, SAMPLE_SIDE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const paper = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).blur(12).toColourspace('b-w').raw().toBuffer();
  const ink = new Uint8Array(data.length);
  let inked = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]!;
    if (data[i]! + 24 < paper[i]!) [ink[i], inked] = [1, inked + 1];
  }
  const weight = blotWeights(ink, info.width, info.height);
  const step = Math.max(1, Math.ceil(inked / MAX_POINTS));
  const xs: number[] = [];
  const ys: number[] = [];
  const weights: number[] = [];
  for (let i = 0, k = 0; i < data.length; i++) {
    if (ink[i] && k++ % step === 0) {
      xs.push(i % info.width);
      ys.push(Math.floor(i / info.width));
      weights.push(weight[i]!);
    }
  }
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys), weights: Float32Array.from(weights), width: info.width, height: info.height, mean: sum / data.length };
}

/** How a page lies: its skew in degrees clockwise (rotate by its negative to level it), and its paper's tone. */
export interface Tilt {
  angle: number;
  lightPaper: boolean;
}

export async function tiltOf(image: Buffer): Promise<Tilt> {
  const ink = await inkOf(image);
  return { angle: ink.xs.length < 200 ? 0 : skewOf(ink.xs, ink.ys, ink.width, ink.height, ink.weights), lightPaper: ink.mean > 127 };
}

/** The skew of an image (degrees clockwise; rotate by its negative to level it). */
export async function measureSkew(image: Buffer): Promise<number> {
  return (await tiltOf(image)).angle;
}

/**
 * The image levelled, as a greyscale PNG, or null when it is level enough. The corners the rotation opens take the
 * paper's tone, light or dark, so they read as margin.
 */
/** The rotation that levels an image tilted by `tilt`, the corners filled like its paper; null when it is level enough. */
export function levelling(tilt: Tilt): [angle: number, options: { background: string }] | null {
  return Math.abs(tilt.angle) < MIN_DESKEW ? null : [-tilt.angle, { background: tilt.lightPaper ? '#ffffff' : '#000000' }];
}

export async function level(png: Buffer, tilt: Tilt): Promise<{ png: Buffer; width: number; height: number } | null> {
  const rotation = levelling(tilt);
  if (!rotation) return null;
  const { data, info } = await sharp(png)
    .rotate(...rotation)
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}
