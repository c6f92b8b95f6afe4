// A small fixed pool of tesseract.js workers, fully offline.
//
// - Workers start lazily, on the first job that needs one, and are reused (creating one costs ~0.2-1 s).
// - Every worker gets an errorHandler: without it a failed job throws inside tesseract.js's message handler,
//   an uncaught exception that kills the process even when the caller awaited in try/catch.
// - Language data comes from the @tesseract.js-data/eng package directory (no CDN), cacheMethod 'none'
//   (nothing written into the CWD).
// - The WASM heap never shrinks and long-lived workers leak: each worker is recycled after `recycleAfter` jobs,
//   and after any failed job.
// - Inputs are normalised with sharp first: EXIF orientation applied, alpha flattened (on white, or on black under
//   light text: backdrop.ts), grayscale,
//   contrast-normalised, and scaled so the long side is at most `maxSide` (small images are upscaled).
// - A second engine, PaddleOCR (ocr-paddle.ts), reads photos and scans tesseract struggles with; it lives and dies
//   with the pool so callers hold one dependency.
// - Tesseract's diagnostic prints are taken into the result (`debug` output) rather than written to stderr.
// - Orientation: EXIF via sharp, then, when a page reads badly, the 90/180/270 rotations are tried and the one
//   tesseract is most confident about wins (OSD needs the legacy osd model, which the eng package lacks). A page
//   photographed askew is levelled first (deskew.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import Tesseract from 'tesseract.js';
import { backdropFor } from './backdrop';
import { level, tiltOf, type Tilt } from './deskew';
import { PaddleEngine, type PaddleOptions, type PaddleResult } from './ocr-paddle';
import type { Rotation } from './types';

const require = createRequire(import.meta.url);

export function defaultLangPath(): string {
  return path.dirname(require.resolve('@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'));
}

/** Tesseract refuses images with a side longer than this. */
const MAX_TESSERACT_SIDE = 30_000;

export interface OcrLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrResult {
  text: string;
  /** Mean word confidence 0-100 as tesseract reports it. */
  confidence: number;
  lines: OcrLine[];
  /** Extra clockwise rotation (degrees) that was applied after EXIF orientation. */
  rotation: Rotation;
  /** Size of the image that was recognised (after preprocessing). */
  width: number;
  height: number;
  /** Milliseconds spent in tesseract (all attempts). */
  ms: number;
}

export interface OcrPoolOptions {
  /** Number of workers (default 1; 2 on machines with 4+ cores is plenty). */
  size?: number;
  /** Recycle a worker after this many jobs (default 50). */
  recycleAfter?: number;
  /** Long side, in pixels, images are scaled to at most (default 2400). */
  maxSide?: number;
  /** Images whose long side is smaller than this are upscaled towards it, at most 4x (default 2400). */
  minSide?: number;
  /** Try other rotations when the first pass's confidence is below this (default 45; 0 disables). */
  rotateBelowConfidence?: number;
  /** Reject images with more input pixels than this before decoding (default 120 MP). */
  maxInputPixels?: number;
  langPath?: string;
  /** Called with worker errors (never with document text). */
  onError?: (err: unknown) => void;
  /** The PaddleOCR second reader (see ocr-paddle.ts); false turns it off. */
  paddle?: PaddleOptions | false;
  /** Called when the second reader fails and the page keeps its tesseract reading (never with document text). */
  onPaddleError?: (err: unknown) => void;
}

interface Slot {
  worker: Promise<Tesseract.Worker> | null;
  jobs: number;
  busy: boolean;
  /** The OcrMode whose tesseract parameters the worker currently has. */
  mode: OcrMode;
}

/**
 * 'document': page segmentation 3 (auto), global (Otsu) binarisation: forms, letters, statements.
 * 'sparse': page segmentation 11 on a thresholded image: ID cards and photos with text scattered on a busy background.
 * 'adaptive': page segmentation 3 with Sauvola (local) binarisation: phone photos with uneven light, tinted cards.
 * 'block': page segmentation 6 (one block of text) with Sauvola binarisation: narrow single-column photos (receipts).
 * The last two are second passes: Otsu reads clean scans better, Sauvola rescues the photos Otsu loses.
 */
export type OcrMode = 'document' | 'sparse' | 'adaptive' | 'block';

const MODE_PARAMS: Record<OcrMode, Partial<Tesseract.WorkerParams>> = {
  document: { tessedit_pageseg_mode: '3' as Tesseract.PSM, thresholding_method: '0' },
  sparse: { tessedit_pageseg_mode: '11' as Tesseract.PSM, thresholding_method: '0' },
  adaptive: { tessedit_pageseg_mode: '3' as Tesseract.PSM, thresholding_method: '2' },
  block: { tessedit_pageseg_mode: '6' as Tesseract.PSM, thresholding_method: '2' },
};

export class OcrPoolClosedError extends Error {
  constructor() {
    super('OCR pool is closed');
  }
}

export class OcrPool {
  readonly size: number;
  private readonly opts: Required<Omit<OcrPoolOptions, 'onError' | 'size' | 'paddle' | 'onPaddleError'>> & Pick<OcrPoolOptions, 'onError' | 'onPaddleError'>;
  /** Created with the pool, loads its models on first use; closed with the pool. */
  readonly paddle: PaddleEngine | null;
  private readonly slots: Slot[];
  private readonly waiting: { resolve: (slot: Slot) => void; reject: (err: Error) => void }[] = [];
  private closed = false;
  /** Each image's tilt by orientation, kept while the caller holds the image. */
  private readonly tilts = new WeakMap<Uint8Array, Map<Rotation, Tilt>>();
  /** Counters, for tests and metrics. */
  readonly stats = { workersStarted: 0, workersRecycled: 0, jobs: 0, failures: 0 };

  constructor(options: OcrPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.opts = {
      recycleAfter: options.recycleAfter ?? 50,
      maxSide: options.maxSide ?? 2400,
      minSide: options.minSide ?? 2400,
      rotateBelowConfidence: options.rotateBelowConfidence ?? 45,
      maxInputPixels: options.maxInputPixels ?? 120_000_000,
      langPath: options.langPath ?? defaultLangPath(),
      onError: options.onError,
      onPaddleError: options.onPaddleError,
    };
    this.paddle = options.paddle === false ? null : new PaddleEngine(options.paddle);
    this.slots = Array.from({ length: this.size }, () => ({ worker: null, jobs: 0, busy: false, mode: 'document' }));
  }

  /** Normalise an image for OCR: orientation, flatten, grayscale, normalise, scale. Returns PNG bytes. */
  async prepare(image: Uint8Array, rotate: Rotation = 0, mode: OcrMode = 'document'): Promise<{ png: Buffer; width: number; height: number }> {
    const { maxSide, minSide, maxInputPixels } = this.opts;
    const meta = await sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error' }).metadata();
    let w = meta.autoOrient?.width ?? meta.width ?? 0;
    let h = meta.autoOrient?.height ?? meta.height ?? 0;
    if (!w || !h) throw new Error('image has no dimensions');
    let p = sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .rotate() // EXIF orientation
      .flatten({ background: await backdropFor(image, maxInputPixels, meta.hasAlpha) })
      .grayscale();
    const long = Math.max(w, h);
    const short = Math.min(w, h);
    // A long receipt or a page-length screenshot scaled by its long side would leave text a few pixels tall: past
    // 3:1 the image keeps the pixel count a page would have, up to tesseract's 32k side.
    const elongatedMax = Math.min(MAX_TESSERACT_SIDE, Math.sqrt((maxSide * maxSide * long) / (short * 1.5)));
    const cap = long > 3 * short ? elongatedMax : maxSide;
    const target = long > cap ? cap : long < minSide ? Math.min(minSide, long * 4) : long;
    if (target !== long) {
      const f = target / long;
      w = Math.round(w * f);
      h = Math.round(h * f);
      p = p.resize(w, h, { kernel: 'lanczos3' });
    }
    p = p.normalise();
    if (mode === 'sparse') p = p.threshold(150); // the Sauvola modes binarise locally inside tesseract
    if (rotate) {
      p = sharp(await p.png().toBuffer()).rotate(rotate);
      if (rotate !== 180) [w, h] = [h, w];
    }
    const png = await p.toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer();
    // A photo's tilt is measured once per orientation: every later pass (other modes, the W-9 boxes) levels it by the
    // same angle, so their frames match.
    let tilts = this.tilts.get(image);
    if (!tilts) this.tilts.set(image, (tilts = new Map()));
    let tilt = tilts.get(rotate);
    if (!tilt) tilts.set(rotate, (tilt = await tiltOf(png)));
    return (await level(png, tilt)) ?? { png, width: w, height: h };
  }

  /**
   * OCR one image (any format sharp reads). `rotation` skips the orientation search (e.g. a second pass on an image
   * whose orientation the first pass found); `rotationHint` is tried first (the previous page's, since a scanner
   * feeds a whole stack the same way up).
   */
  async recognize(image: Uint8Array, options: { mode?: OcrMode; rotation?: Rotation; rotationHint?: Rotation } = {}): Promise<OcrResult> {
    const t0 = Date.now();
    const mode = options.mode ?? 'document';
    const start = options.rotation ?? options.rotationHint ?? 0;
    const first = await this.prepare(image, start, mode);
    let best = await this.run(first.png, first.width, first.height, start, mode);
    const threshold = this.opts.rotateBelowConfidence;
    const blank = best.text.replace(/\s+/g, '').length < 10; // nothing to read at any angle (blank or black page)
    if (options.rotation === undefined && threshold > 0 && !blank && (best.confidence < threshold || wordCount(best.text) < 5)) {
      for (const r of ([0, 90, 270, 180] as const).filter((r) => r !== start)) {
        const prep = await this.prepare(image, r, mode);
        const attempt = await this.run(prep.png, prep.width, prep.height, r, mode);
        if (score(attempt) > score(best) * 1.15) best = attempt;
        if (best.confidence >= 70) break;
      }
    }
    return { ...best, ms: Date.now() - t0 };
  }

  private async run(png: Buffer, width: number, height: number, rotation: Rotation, mode: OcrMode): Promise<OcrResult> {
    const slot = await this.acquire();
    let failed = false;
    try {
      const worker = await this.workerOf(slot);
      if (slot.mode !== mode) {
        await worker.setParameters(MODE_PARAMS[mode]);
        slot.mode = mode;
      }
      // `debug` keeps tesseract's own prints ("Detected 26 diacritics") in the result, off the process's stderr,
      // where a log collector reading both streams would find stray non-JSON lines among the JSON log lines.
      const { data } = await worker.recognize(png, {}, { text: true, blocks: true, debug: true });
      const lines: OcrLine[] = [];
      for (const b of data.blocks ?? []) for (const para of b.paragraphs) for (const l of para.lines) {
        if (l.text.trim()) lines.push({ text: l.text.replace(/\n$/, ''), confidence: l.confidence, bbox: l.bbox });
      }
      return { text: data.text ?? '', confidence: data.confidence ?? 0, lines, rotation, width, height, ms: 0 };
    } catch (err) {
      failed = true;
      this.stats.failures++;
      throw err;
    } finally {
      this.stats.jobs++;
      slot.jobs++;
      await this.release(slot, failed);
    }
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new OcrPoolClosedError());
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async release(slot: Slot, failed: boolean): Promise<void> {
    if (failed || slot.jobs >= this.opts.recycleAfter) {
      const w = slot.worker;
      slot.worker = null;
      slot.jobs = 0;
      slot.mode = 'document';
      if (w) {
        this.stats.workersRecycled++;
        await w.then((x) => x.terminate()).catch(() => undefined);
      }
    }
    const next = this.waiting.shift();
    if (next && !this.closed) next.resolve(slot); // stays busy, handed over
    else slot.busy = false;
  }

  private workerOf(slot: Slot): Promise<Tesseract.Worker> {
    if (!slot.worker) {
      this.stats.workersStarted++;
      const onError = this.opts.onError;
      slot.worker = (async () => {
        const w = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
          langPath: this.opts.langPath,
          gzip: true,
          cacheMethod: 'none',
          logger: () => undefined,
          // Always set: see the file header. The job's promise still rejects and is handled by the caller.
          errorHandler: (err: unknown) => onError?.(err),
        });
        await w.setParameters({ ...MODE_PARAMS.document, user_defined_dpi: '300', preserve_interword_spaces: '1' });
        return w;
      })();
      slot.worker.catch(() => {
        slot.worker = null;
      });
    }
    return slot.worker;
  }

  /** Start every worker now (optional: they start lazily otherwise). */
  async warmUp(): Promise<void> {
    await Promise.all(this.slots.map((s) => (s.busy ? null : this.workerOf(s))));
  }

  /**
   * Read an image with the second engine, `rotation` being what tesseract found. Null when it is off or failed:
   * a second reading is a bonus, never a reason to fail the document.
   */
  async readWithPaddle(image: Uint8Array, rotation: Rotation = 0): Promise<PaddleResult | null> {
    if (this.closed) throw new OcrPoolClosedError();
    if (!this.paddle) return null;
    try {
      // Levelled as tesseract's passes were: on a tilted photo PaddleOCR's lines run into their neighbours' rows.
      const tilt = this.tilts.get(image)?.get(rotation);
      return await this.paddle.recognize(image, { rotation, ...(tilt && { tilt }) });
    } catch (err) {
      if (this.closed) throw new OcrPoolClosedError();
      this.opts.onPaddleError?.(err);
      return null;
    }
  }

  /** Terminate all workers and the second engine. Jobs still queued are rejected. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const paddle = this.paddle?.close();
    const workers = this.slots.map((s) => s.worker).filter((w): w is Promise<Tesseract.Worker> => w !== null);
    for (const s of this.slots) s.worker = null;
    for (const w of this.waiting.splice(0)) w.reject(new OcrPoolClosedError());
    await Promise.all([...workers.map((w) => w.then((x) => x.terminate()).catch(() => undefined)), paddle]);
  }
}

function wordCount(text: string): number {
  return (text.match(/[A-Za-z]{3,}/g) ?? []).length;
}

/** Confidence weighted by how many real words were read: a blank read at 95% must not beat a page of text. */
function score(r: OcrResult): number {
  return r.confidence * Math.log2(2 + wordCount(r.text));
}
