// Document pipeline throughput: pages per second for text PDFs and for OCR pages, tesseract.js against the native
// `tesseract` CLI (Debian tesseract-ocr) on the same preprocessed images, and PaddleOCR (the second engine) on the
// same images, in the same run.
//
// PaddleOCR gets the original images (its engine scales them itself; tesseract's binarised input would hurt it),
// with the pool's settings: long side at most 1600 px, 2 ONNX threads. Its model load is reported, not timed in.
//
//   npm run bench:documents [-- --pages 40 --ocr-pages 6 --corpus ../shared/corpus/documents]
//
// Native tesseract runs one process per image with OMP_THREAD_LIMIT=1 (its OpenMP threads otherwise fight over
// the cores), with the same model file tesseract.js uses (@tesseract.js-data/eng 4.0.0_best_int), LSTM only,
// page segmentation 3. It is skipped with a message when `tesseract` is not installed (TESSERACT_BIN overrides the
// binary's name or path).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Tesseract from 'tesseract.js';
import { OcrPool, defaultLangPath } from '../../src/documents/ocr-pool';
import { PaddleEngine } from '../../src/documents/ocr-paddle';
import { readPdfText } from '../../src/documents/pdf-text';
import { analyzeDocument } from '../../src/documents/pipeline';
import { LEAD, bankStatementLines, form1040Lines, licenseLines, makeTextImage, makeTextPdf, payStubLines, scheduleCLines, utilityBillLines, w2Lines } from '../support/document-fixtures';

const run = promisify(execFile);

function arg(name: string, def: string | null): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const TEXT_PAGES = Number(arg('pages', '40'));
const OCR_PAGES = Number(arg('ocr-pages', '6'));
const CORPUS = arg('corpus', null);
const now = new Date('2026-04-01T00:00:00Z');
/** The native binary (override to point at another build, or at nothing to see the skip path). */
const TESSERACT = process.env.TESSERACT_BIN ?? 'tesseract';
const contents = [payStubLines(), w2Lines(), bankStatementLines(), utilityBillLines(), licenseLines(), form1040Lines(), scheduleCLines()];

function rate(pages: number, ms: number): string {
  return `${(pages / (ms / 1000)).toFixed(2)} pages/s (${pages} pages in ${(ms / 1000).toFixed(2)} s, ${(ms / pages).toFixed(0)} ms/page)`;
}

function nativeTesseract(): string | null {
  try {
    return execFileSync(TESSERACT, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);

  // ---- Text PDFs -------------------------------------------------------------------------------------------
  const pages = Array.from({ length: TEXT_PAGES }, (_, i) => contents[i % contents.length]!);
  const pdf = await makeTextPdf(pages);
  const ocr = new OcrPool({ size: 1 });
  await readPdfText(await makeTextPdf([payStubLines()])); // warm pdf.js
  // Warm the pipeline too, timed on its own: its first document loads the ZIP table once per process.
  let t = Date.now();
  await analyzeDocument({ filename: 'warm.pdf', declaredMimeType: 'application/pdf', bytes: await makeTextPdf([utilityBillLines()]), lead: LEAD, now }, { ocr });
  const firstMs = Date.now() - t;
  t = Date.now();
  const text = await readPdfText(pdf);
  const readMs = Date.now() - t;
  t = Date.now();
  const a = await analyzeDocument({ filename: 'bench.pdf', declaredMimeType: 'application/pdf', bytes: pdf, lead: LEAD, now }, { ocr });
  const fullMs = Date.now() - t;
  console.log(`\nText PDF (${text.pageCount} pages, ${(pdf.byteLength / 1024).toFixed(0)} KB)`);
  console.log(`  text layer + layout        ${rate(text.pageCount, readMs)}`);
  console.log(`  full pipeline              ${rate(text.pageCount, fullMs)}; ${a.kind === 'ok' ? `${a.segments.length} documents found` : a.code} (first document in the process: ${firstMs} ms)`);

  // ---- OCR pages -------------------------------------------------------------------------------------------
  const images: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < OCR_PAGES; i++) images.push({ name: `generated-${i + 1}.png`, bytes: await makeTextImage(contents[i % contents.length]!, { width: 1700, fontSize: 30 }) });
  if (CORPUS && fs.existsSync(CORPUS)) {
    for (const f of fs.readdirSync(CORPUS).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) images.push({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(CORPUS, f))) });
  }
  await ocr.warmUp();
  // Preprocess once so both engines read identical pixels.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-bench-'));
  const prepared: { file: string; png: Buffer }[] = [];
  t = Date.now();
  for (const [i, img] of images.entries()) {
    const p = await ocr.prepare(img.bytes);
    const file = path.join(tmp, `${String(i).padStart(3, '0')}.png`);
    fs.writeFileSync(file, p.png);
    prepared.push({ file, png: p.png });
  }
  const prepMs = Date.now() - t;

  // tesseract.js: one worker, same settings as the pool (LSTM, PSM 3, 300 dpi).
  const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, { langPath: defaultLangPath(), cacheMethod: 'none', gzip: true, logger: () => undefined, errorHandler: () => undefined });
  await worker.setParameters({ tessedit_pageseg_mode: '3' as Tesseract.PSM, user_defined_dpi: '300', preserve_interword_spaces: '1' });
  // `debug` takes tesseract's own prints ("Detected 141 diacritics") into the result, as the pool does.
  const output = { text: true, debug: true };
  await worker.recognize(prepared[0]!.png, {}, output); // warm-up, not timed
  t = Date.now();
  let jsChars = 0;
  for (const p of prepared) jsChars += (await worker.recognize(p.png, {}, output)).data.text.length;
  const jsMs = Date.now() - t;
  await worker.terminate();

  // PaddleOCR on the same images; the first call loads the models (timed apart).
  const paddle = new PaddleEngine();
  t = Date.now();
  await paddle.recognize(images[0]!.bytes);
  const paddleLoadMs = Date.now() - t;
  t = Date.now();
  let paddleChars = 0;
  for (const img of images) paddleChars += (await paddle.recognize(img.bytes)).text.length;
  const paddleMs = Date.now() - t;
  await paddle.close();

  // Whole pipeline on the original images (preprocessing + OCR + classify/extract; rotation search when unsure).
  t = Date.now();
  for (const img of images) await analyzeDocument({ filename: img.name, declaredMimeType: 'image/png', bytes: img.bytes, lead: LEAD, now }, { ocr });
  const pipeMs = Date.now() - t;
  await ocr.close();

  console.log(`\nOCR (${images.length} images${CORPUS ? `, incl. corpus ${CORPUS}` : ''})`);
  console.log(`  preprocessing (sharp)      ${rate(images.length, prepMs)}`);
  console.log(`  tesseract.js 7 (1 worker)  ${rate(images.length, jsMs)}`);
  console.log(`  PaddleOCR PP-OCRv4 (ONNX)  ${rate(images.length, paddleMs)} (${paddleChars} vs ${jsChars} characters read by tesseract.js; first call with model load ${(paddleLoadMs / 1000).toFixed(2)} s)`);
  console.log(`  full pipeline on images    ${rate(images.length, pipeMs)}`);

  const version = nativeTesseract();
  if (!version) {
    console.log('\nNative comparison skipped: the `tesseract` CLI is not installed (Debian: apt-get install -y tesseract-ocr).');
  } else {
    const tessdata = path.join(tmp, 'tessdata');
    fs.mkdirSync(tessdata);
    fs.writeFileSync(path.join(tessdata, 'eng.traineddata'), zlib.gunzipSync(fs.readFileSync(path.join(defaultLangPath(), 'eng.traineddata.gz'))));
    const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
    const args = (file: string) => ['--tessdata-dir', tessdata, file, 'stdout', '--oem', '1', '--psm', '3', '--dpi', '300', '-l', 'eng', '-c', 'preserve_interword_spaces=1'];
    await run(TESSERACT, args(prepared[0]!.file), { env }); // warm the page cache, not timed
    t = Date.now();
    let nativeChars = 0;
    for (const p of prepared) nativeChars += (await run(TESSERACT, args(p.file), { env, maxBuffer: 16 * 1024 * 1024 })).stdout.length;
    const nativeMs = Date.now() - t;
    console.log(`  native ${version.padEnd(19)} ${rate(images.length, nativeMs)} (OMP_THREAD_LIMIT=1, same model)`);
    console.log(`  ratio tesseract.js / native: ${(jsMs / nativeMs).toFixed(2)}x the time (${jsChars} vs ${nativeChars} characters read)`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
