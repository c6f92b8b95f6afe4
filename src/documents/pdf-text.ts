// PDF reading: the text layer per page (pdf-parse v2), positioned text items and AcroForm field values
// (pdf.js, the same pdfjs-dist version pdf-parse pins), and page rendering for OCR (pdf-parse getScreenshot).
//
// pdf.js may transfer (detach) the buffer it is given, so every load gets its own copy of the bytes.
import { PDFParse } from 'pdf-parse';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { LayoutItem, PageContent } from './types';

/**
 * Two text items of one run of words: on the same line and a word's space apart (Courier's is 0.6 em). Payroll
 * software often places each word by itself ("ACME" "WIDGETS," "INC."), and a box's value is read from the first item
 * under its label.
 */
function sameRun(a: LayoutItem, b: LayoutItem): boolean {
  const gap = b.x - (a.x + a.w);
  // Two amounts or dates side by side are two boxes' values ("52,000.00" "5,200.00", "02/28/2026" "12,400.55").
  const numeric = (i: LayoutItem) => /^[\s$(]*[\d.,%()/-]+[\s)]*$/.test(i.str);
  return !(numeric(a) && numeric(b)) && Math.abs(a.y - b.y) < 0.2 * a.h && Math.abs(a.h - b.h) < 0.2 * a.h && gap >= -0.1 * a.h && gap <= 0.8 * a.h;
}

function joinRun(a: LayoutItem, b: LayoutItem): void {
  const spaced = /\s$/.test(a.str) || /^\s/.test(b.str) || b.x - (a.x + a.w) < 0.1 * a.h;
  a.str = `${a.str}${spaced ? '' : ' '}${b.str}`;
  a.w = b.x + b.w - a.x;
}

export class PdfReadError extends Error {
  constructor(
    readonly code: 'ENCRYPTED' | 'CORRUPT',
    message: string,
  ) {
    super(message);
    this.name = 'PdfReadError';
  }
}

/** Pages with fewer non-space characters than this in their text layer are treated as image-only (OCR them). */
export const MIN_TEXT_CHARS = 40;

function classify(err: unknown): PdfReadError {
  const e = err as { name?: string; message?: string };
  const name = e?.name ?? '';
  const msg = e?.message ?? String(err);
  if (name === 'PasswordException' || /password/i.test(msg)) return new PdfReadError('ENCRYPTED', 'PDF is password-protected');
  // Certificate (public-key) encryption and methods pdf.js lacks: locked all the same, and a resend would fail too.
  if (/encryption/i.test(msg)) return new PdfReadError('ENCRYPTED', `PDF is encrypted in a way that needs a key (${msg.slice(0, 80)})`);
  return new PdfReadError('CORRUPT', `PDF could not be read (${name || 'error'}: ${msg.slice(0, 120)})`);
}

export interface PdfDocumentText {
  pageCount: number;
  pages: PageContent[];
}

/**
 * Reads the text layer of every page (up to `maxPages`), plus positions and form field values.
 * Throws PdfReadError('ENCRYPTED' | 'CORRUPT').
 */
export async function readPdfText(bytes: Uint8Array, opts: { maxPages?: number; onPage?: (page: number) => void } = {}): Promise<PdfDocumentText> {
  const maxPages = opts.maxPages ?? 100;
  const parser = new PDFParse({ data: bytes.slice() });
  let textPages: { num: number; text: string }[];
  let total: number;
  try {
    const r = await parser.getText({ first: maxPages, pageJoiner: '' });
    textPages = r.pages;
    total = r.total;
  } catch (err) {
    throw classify(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  if (total === 0) throw new PdfReadError('CORRUPT', 'PDF has no pages');

  // Layout and form fields: a second, cheap pass with pdf.js itself.
  const byNum = new Map(textPages.map((p) => [p.num, p.text]));
  const pages: PageContent[] = [];
  let doc: pdfjs.PDFDocumentProxy | null = null;
  try {
    doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
    const n = Math.min(doc.numPages, maxPages);
    for (let i = 1; i <= n; i++) {
      opts.onPage?.(i);
      const page = await doc.getPage(i);
      const vp = page.getViewport({ scale: 1 });
      const layout: LayoutItem[] = [];
      const tc = await page.getTextContent();
      for (const it of tc.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const [, , , , x, yBase] = it.transform as number[];
        const h = it.height || Math.abs((it.transform as number[])[3] ?? 10);
        const item = { str: it.str, x: x!, y: vp.height - yBase! - h, w: it.width, h };
        const prev = layout[layout.length - 1];
        if (prev && sameRun(prev, item)) joinRun(prev, item);
        else layout.push(item);
      }
      const formFields: NonNullable<PageContent['formFields']> = [];
      for (const a of await page.getAnnotations()) {
        const v = (a as { fieldValue?: unknown }).fieldValue;
        if (typeof v !== 'string' || !v.trim() || v === 'Off') continue;
        const [x1, y1, x2, y2] = a.rect as number[];
        formFields.push({ name: String(a.fieldName ?? ''), value: v.replace(/\r\n?/g, '\n'), x: x1!, y: vp.height - y2!, w: x2! - x1!, h: y2! - y1! });
      }
      for (const f of formFields) layout.push({ str: f.value, x: f.x, y: f.y, w: f.w, h: f.h });
      let text = byNum.get(i) ?? '';
      // Filled values of fillable forms live in the fields, not the text layer: append them so classifiers and
      // extractors see them. The field layout is kept separately for form-aware extraction.
      if (formFields.length) text += '\n' + formFields.filter((f) => f.value.length > 1 || /\w/.test(f.value)).map((f) => f.value).join('\n');
      pages.push({ page: i, text, source: 'text-layer', layout, formFields, width: vp.width, height: vp.height });
      page.cleanup();
    }
  } catch {
    // The text pass succeeded: the pages the layout pass did not reach keep their plain text, without layout.
    const done = new Set(pages.map((p) => p.page));
    for (const p of textPages) if (!done.has(p.num)) pages.push({ page: p.num, text: p.text, source: 'text-layer' });
    pages.sort((a, b) => a.page - b.page);
  } finally {
    await doc?.destroy().catch(() => undefined);
  }
  return { pageCount: total, pages };
}

export function hasUsableText(text: string): boolean {
  return text.replace(/\s+/g, '').length >= MIN_TEXT_CHARS;
}

/**
 * Embedded images above this many pixels are left out of a rendered page: pdf.js decodes an image whole before
 * scaling it, so one 1200 dpi scan (135 MP) would take over 2 GB. 64 MP holds a 600 dpi scan of a Tabloid page.
 */
export const MAX_EMBEDDED_IMAGE_PIXELS = 64_000_000;

/**
 * The largest image in a PDF over MAX_EMBEDDED_IMAGE_PIXELS, or null: why a scanned page rendered blank. Image
 * dictionaries are plain text in the file whatever the compression (a stream is never inside an object stream).
 */
export function oversizeEmbeddedImage(bytes: Uint8Array): { width: number; height: number } | null {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let largest: { width: number; height: number } | null = null;
  for (const m of raw.matchAll(/\/Subtype\s*\/Image\b/g)) {
    // The image's dictionary: from the object's start to its stream.
    const start = raw.lastIndexOf(' obj', m.index);
    const end = raw.indexOf('stream', m.index);
    const dict = raw.slice(Math.max(start, m.index - 2000), end < 0 ? m.index + 2000 : Math.min(end, m.index + 2000));
    const width = Number(/\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1]);
    const height = Number(/\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1]);
    if (width * height > MAX_EMBEDDED_IMAGE_PIXELS && (!largest || width * height > largest.width * largest.height)) largest = { width, height };
  }
  return largest;
}

/** Renders one page to PNG with its long side about `longSide` pixels (default 2400 ≈ 300 dpi on Letter). */
export async function renderPdfPage(
  bytes: Uint8Array,
  pageNumber: number,
  size: { width?: number; height?: number } = {},
  longSide = 2400,
): Promise<Uint8Array> {
  const parser = new PDFParse({ data: bytes.slice(), maxImageSize: MAX_EMBEDDED_IMAGE_PIXELS });
  try {
    const w = size.width ?? 612;
    const h = size.height ?? 792;
    // No lower bound: a poster-sized page is scaled down to the same size as any other.
    const scale = Math.min(4, longSide / Math.max(w, h));
    const shot = await parser.getScreenshot({ partial: [pageNumber], scale, imageDataUrl: false, imageBuffer: true });
    const page = shot.pages[0];
    if (!page || page.data.length === 0) throw new PdfReadError('CORRUPT', `page ${pageNumber} could not be rendered`);
    return page.data;
  } catch (err) {
    throw err instanceof PdfReadError ? err : classify(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
