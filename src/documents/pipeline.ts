// The document pipeline: sniff → text layer / OCR → split → classify → extract → validate → summary.
// Pure library code: no Temporal, no database. Bad files never throw: they come back as a `rejected` verdict with a
// message for the admin and one for the lead. Only infrastructure failures throw (e.g. the OCR pool was closed).
import sharp, { type Metadata } from 'sharp';
import { classifyText, returnAttachment } from './classify';
import { extractFields } from './extract/index';
import { correctByVote, respace, type ReadLine } from './ocr-vote';
import { OcrPool, OcrPoolClosedError, type OcrMode } from './ocr-pool';
import { MAX_EMBEDDED_IMAGE_PIXELS, PdfReadError, hasUsableText, oversizeEmbeddedImage, readPdfText, renderPdfPage } from './pdf-text';
import { formatMb } from '../files/size';
import { maskEin, redactDocumentText } from '../policy/redact';
import { segmentPages } from './segment';
import { HeicPixelLimitError, heicToPng } from './heic';
import { isReadableImageKind, sniff } from './sniff';
import type { AnalyzeInput, AnalyzedSegment, DocumentAnalysis, DocumentType, PageContent, RejectionCode, Rotation } from './types';
import { validateDocument } from './validate';
import { readClassification, readTinBoxes } from './w9-boxes';
import { withW9Tin } from './extract/tax-forms';
import { TYPE_LABELS } from './labels';
import { REQUIRED_FIELDS } from './extract/index';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
/** PDF pages read at most (text layer). */
export const MAX_PDF_PAGES = 60;
/** Pages OCR'd at most per file: bounds time and memory on long scanned PDFs. */
export const MAX_OCR_PAGES = 12;
const MAX_IMAGE_PIXELS = 120_000_000;

export interface AnalyzeDeps {
  ocr: OcrPool;
  /** Called between stages and pages: wire to Temporal's heartbeat in the activity. */
  heartbeat?: (stage: string) => void;
  /**
   * Receives each segment's page text (by segment index) for a second reader, with the images of its OCR'd pages
   * (photos, scans of short files); neither is in the result. A photo read by several OCR passes gives all of its
   * readings, one after another.
   */
  onSegmentText?: (index: number, text: string, images: Uint8Array[]) => void;
}

export { TYPE_LABELS };


export function rejection(code: RejectionCode, filename: string, detail: string, sniffedMimeType?: string): DocumentAnalysis {
  const name = `"${filename}"`;
  const lead: Record<RejectionCode, string> = {
    EMPTY: `${name} arrived empty. Could you send it again?`,
    TOO_LARGE: /pixels/.test(detail)
      ? `${name} was scanned at a resolution too high for me to read. Could you scan it again at 300 dpi, or send a photo of each page?`
      : `${name} is too large for me to process. Could you send a smaller file (under ${detail.match(/limit (\S+ MB)/)?.[1] ?? '25 MB'}) or a photo of each page?`,
    CORRUPT: `I couldn't open ${name}; the file looks damaged. Could you send it again, as a PDF or a photo?`,
    ENCRYPTED: `${name} is password-protected, so I can't open it. Could you send an unlocked copy (no password)?`,
    UNSUPPORTED: `I can't open ${name} in that format. Could you send it as a PDF, JPEG or PNG?`,
    UNREADABLE: `I couldn't read ${name}: it looks too dark, blurry or small. Could you send a clearer photo, flat and in good light?`,
  };
  return { kind: 'rejected', code, message: detail, leadMessage: lead[code], ...(sniffedMimeType ? { sniffedMimeType } : {}) };
}

export async function analyzeDocument(input: AnalyzeInput, deps: AnalyzeDeps): Promise<DocumentAnalysis> {
  const hb = (stage: string) => deps.heartbeat?.(stage);
  const { filename, bytes } = input;
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPages = input.maxPages ?? MAX_PDF_PAGES;
  const maxOcrPages = input.maxOcrPages ?? MAX_OCR_PAGES;
  hb('sniff');
  if (bytes.byteLength === 0) return rejection('EMPTY', filename, 'zero-byte file');
  if (bytes.byteLength > maxBytes) return rejection('TOO_LARGE', filename, `file is ${formatMb(bytes.byteLength)}, over the limit ${formatMb(maxBytes)}`);

  const sn = sniff(bytes, filename, input.declaredMimeType);
  const note = sn.mislabelled ? ` (named/declared as ${sn.claimed}, bytes are ${sn.kind})` : '';
  let pages: PageContent[];
  let pageCount: number;
  const images = new Map<number, Uint8Array>();
  /** Pages not read: beyond MAX_PDF_PAGES, or image pages beyond MAX_OCR_PAGES. */
  const skipped: number[] = [];
  try {
    if (sn.kind === 'pdf') {
      hb('pdf-text');
      let doc;
      try {
        doc = await readPdfText(bytes, { maxPages: maxPages, onPage: (n) => hb(`pdf-text:${n}`) });
      } catch (err) {
        if (err instanceof PdfReadError) return rejection(err.code, filename, err.message + note, sn.mimeType);
        throw err;
      }
      pageCount = doc.pageCount;
      pages = doc.pages;
      for (let n = pages.length + 1; n <= pageCount; n++) skipped.push(n);
      let ocrd = 0;
      let rotationHint: Rotation | undefined;
      for (const p of pages) {
        if (hasUsableText(p.text)) continue;
        if (ocrd >= maxOcrPages) {
          skipped.push(p.page);
          continue;
        }
        ocrd++;
        hb(`render:${p.page}`);
        let png: Uint8Array;
        try {
          png = await renderPdfPage(bytes, p.page, { width: p.width, height: p.height });
        } catch {
          continue; // leave the page empty; the verdict reports it unreadable
        }
        hb(`ocr:${p.page}`);
        const r = await ocrSafely(deps.ocr, png, { rotationHint });
        if (r) {
          rotationHint = r.rotation;
          p.text = [p.text.trim(), r.text].filter(Boolean).join('\n');
          p.source = 'ocr';
          p.ocrConfidence = r.confidence;
          p.ocrLines = r.lines;
          p.layout = undefined;
          if (pages.length <= 2) images.set(p.page, png);
          p.ocrRotation = r.rotation;
        }
      }
    } else if (isReadableImageKind(sn.kind) || sn.kind === 'heic') {
      hb('image');
      // HEIC (an iPhone's photo) is decoded to PNG first; AVIF, also sniffed as 'heic', sharp reads itself.
      let imageBytes = bytes;
      if (sn.kind === 'heic' && sn.mimeType !== 'image/avif') {
        try {
          imageBytes = await heicToPng(bytes, MAX_IMAGE_PIXELS);
        } catch (err) {
          if (err instanceof HeicPixelLimitError) return rejection('TOO_LARGE', filename, `image has too many pixels (${err.message})${note}`, sn.mimeType);
          return rejection('CORRUPT', filename, `HEIC image could not be decoded${note}: ${String((err as Error)?.message ?? err).slice(0, 120)}`, sn.mimeType);
        }
      }
      let meta: Metadata;
      try {
        meta = await sharp(imageBytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
        // Decode fully once: truncated files pass metadata() but fail here.
        await sharp(imageBytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).resize(64).raw().toBuffer();
      } catch (err) {
        const msg = (err as Error).message ?? String(err);
        if (/pixel limit/i.test(msg)) return rejection('TOO_LARGE', filename, `image has too many pixels${note}`, sn.mimeType);
        return rejection('CORRUPT', filename, `image could not be decoded${note}: ${msg.slice(0, 120)}`, sn.mimeType);
      }
      if ((meta.width ?? 0) < 50 || (meta.height ?? 0) < 50) return rejection('UNREADABLE', filename, `image is only ${meta.width}x${meta.height} pixels${note}`, sn.mimeType);
      // A TIFF may hold a whole scanned or faxed file, a page per frame. (The frames of an animated GIF or WebP are
      // not pages: the first is read.)
      pageCount = sn.kind === 'tiff' ? (meta.pages ?? 1) : 1;
      pages = [];
      let rotationHint: Rotation | undefined;
      for (let n = 1; n <= pageCount; n++) {
        if (n > maxPages || n > maxOcrPages) {
          skipped.push(n);
          continue;
        }
        hb(`ocr:${n}`);
        const image = pageCount === 1 ? imageBytes : await sharp(imageBytes, { limitInputPixels: MAX_IMAGE_PIXELS, page: n - 1 }).png().toBuffer();
        const r = await ocrSafely(deps.ocr, image, { rotationHint });
        rotationHint = r?.rotation;
        pages.push({ page: n, text: r?.text ?? '', source: 'ocr', ocrConfidence: r?.confidence ?? 0, ocrRotation: r?.rotation ?? 0, ocrLines: r?.lines ?? [] });
        if (pageCount <= 2) images.set(n, image);
      }
    } else if (sn.kind === 'bmp') {
      return rejection('UNSUPPORTED', filename, `BMP images are not supported${note}`, sn.mimeType);
    } else {
      const claimedBinary = sn.claimed && sn.claimed !== 'text' && sn.claimed !== 'unknown';
      return claimedBinary
        ? rejection('CORRUPT', filename, `bytes are not a ${sn.claimed} (sniffed ${sn.kind})`, sn.mimeType)
        : rejection('UNSUPPORTED', filename, `unsupported file type (sniffed ${sn.kind}, declared ${input.declaredMimeType || 'nothing'})`, sn.mimeType);
    }

    const readable = pages.filter(readSomething);
    // A scan whose image was left out of the render (too many pixels) reads blank: say so, not "too dark".
    const oversize = sn.kind === 'pdf' && readable.length < pages.length ? oversizeEmbeddedImage(bytes) : null;
    const tooBig = oversize && `an embedded image of ${oversize.width}x${oversize.height} pixels is over the ${MAX_EMBEDDED_IMAGE_PIXELS / 1e6} MP limit`;
    if (readable.length === 0 && tooBig) return rejection('TOO_LARGE', filename, `${tooBig}${note}`, sn.mimeType);
    if (readable.length === 0) {
      const conf = pages.map((p) => p.ocrConfidence).filter((c): c is number => c !== undefined);
      return rejection('UNREADABLE', filename, `no text could be read from ${pages.length} page(s)${conf.length ? ` (OCR confidence ${Math.round(Math.max(...conf))}%)` : ''}${note}`, sn.mimeType);
    }

    hb('classify');
    const segments: AnalyzedSegment[] = [];
    for (const seg of segmentPages(pages, input.now)) {
      const { analyzed, text } = await analyzeSegment(seg.pages, input, deps, images);
      // Every reading the extractors saw (tesseract's passes, corrected, and Paddle's), not only the first pass.
      deps.onSegmentText?.(segments.length, text, seg.pages.flatMap((p) => (images.has(p.page) ? [images.get(p.page)!] : [])));
      segments.push(analyzed);
    }
    if (skipped.length || tooBig) {
      // Say so on every document: a human should know the file was not read to the end.
      const why = [
        skipped.length ? `${skipped.length} of ${pageCount} pages skipped (limits: ${maxPages} pages, ${maxOcrPages} scanned pages per file)` : null,
        tooBig ? `${pages.length - readable.length} page(s) unreadable, ${tooBig}` : null,
      ];
      const rule = { ruleName: 'all_pages_read', isValid: false, isValidReason: `Only part of the file was read: ${why.filter(Boolean).join('; ')}` };
      for (const s of segments) {
        s.validation.validationResults.push(rule);
        s.validation.overallValid = false;
      }
    }
    return { kind: 'ok', sniffedMimeType: sn.mimeType, pageCount, segments };
  } catch (err) {
    if (err instanceof OcrPoolClosedError) throw err;
    return rejection('CORRUPT', filename, `processing failed: ${(err as Error)?.name ?? 'Error'}: ${String((err as Error)?.message ?? err).slice(0, 160)}${note}`, sn.mimeType);
  }
}

/** A page of which something was read (a blank or black page gives OCR a few specks at most). */
const readSomething = (p: PageContent) => p.text.replace(/\s+/g, '').length >= 15;

/** An extra reading that failed is dropped, never a reason to fail the document; a closed pool still stops it. */
function noExtraReading(err: unknown): null {
  if (err instanceof OcrPoolClosedError) throw err;
  return null;
}

function ocrSafely(pool: OcrPool, image: Uint8Array, options?: Parameters<OcrPool['recognize']>[1]) {
  return pool.recognize(image, options).catch(noExtraReading);
}

const ID_TYPES: DocumentType[] = ['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'];

type Classified = { type: DocumentType; scores: Partial<Record<DocumentType, number>> };

/** Fields worth another OCR pass when missing: the required ones, an invoice's vendor and total, a receipt's total, a 1099's amounts, a W-9's address. */
const KEY_FIELDS: Partial<Record<DocumentType, string[]>> = {
  ...REQUIRED_FIELDS,
  INVOICE: ['total', 'vendorName'],
  RECEIPT: ['total', 'date'],
  FORM_1099: [...(REQUIRED_FIELDS.FORM_1099 ?? []), 'amounts'],
  W9: [...(REQUIRED_FIELDS.W9 ?? []), 'address'],
};

export function missingKeyFields(type: DocumentType, fields: Record<string, unknown>): string[] {
  return (KEY_FIELDS[type] ?? []).filter((k) => fields[k] == null || isEmptyObject(fields[k]));
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Below this tesseract confidence a page gets PaddleOCR's reading even when every key field was found. */
export const PADDLE_BELOW_CONFIDENCE = 80;

/**
 * Whether a page deserves PaddleOCR's reading (up to seconds per dense page, so not every page): ID cards (small
 * print on tinted, patterned backgrounds, where tesseract misreads values rather than missing them), pages whose
 * type or key fields tesseract's passes did not find, and pages it read with low confidence (handwriting, stains),
 * where the values it did find are suspect.
 */
export function wantsPaddle(c: Classified, text: string, fields: Record<string, unknown>, ocrConfidence: number | undefined): boolean {
  if (isCardLike(c, text) || c.type === 'OTHER' || missingKeyFields(c.type, fields).length > 0) return true;
  return ocrConfidence !== undefined && ocrConfidence < PADDLE_BELOW_CONFIDENCE;
}

/** Cards carry little text: a page full of text (e.g. a licence *application* form) is not a card. */
function isIdLike(c: Classified, text: string): boolean {
  return ID_TYPES.includes(c.type) || (c.type === 'OTHER' && text.length < 600 && (c.scores.DRIVERS_LICENSE ?? 0) + (c.scores.STATE_ID ?? 0) >= 2);
}

/** An ID page short enough to be the card itself (an application form classified as a licence is not). */
function isCardLike(c: Classified, text: string): boolean {
  return text.length < 1500 && isIdLike(c, text);
}

/** Which extra OCR passes suit a page, in order (see OcrMode). */
export function retryModes(c: Classified, text: string): OcrMode[] {
  if (isIdLike(c, text)) return ['adaptive', 'sparse'];
  if (c.type === 'RECEIPT') return ['block'];
  return ['adaptive'];
}

async function analyzeSegment(segPages: PageContent[], input: AnalyzeInput, deps: AnalyzeDeps, images: Map<number, Uint8Array>): Promise<{ analyzed: AnalyzedSegment; text: string }> {
  let pages = segPages;
  const text = pages.map((p) => p.text).join('\n');
  // A return's attachments do not vote: its Schedule B quotes "Form 1099-INT", its Form 8879 "Form 1040".
  const voters = pages.filter((p) => !returnAttachment(p.text));
  let c = classifyText(voters.length ? voters.map((p) => p.text).join('\n') : text);
  deps.heartbeat?.('extract');
  let extraction = extractFields(c.type, pages, input.now);

  // A photo the first (Otsu, page-mode) pass read badly gets more tesseract passes, only while its type is unknown
  // or key fields are missing: Sauvola binarisation rescues tinted cards, uneven light and phone photos of receipts.
  const image = pages.length === 1 ? images.get(pages[0]!.page) : undefined;
  const addReading = (reading: string, first: boolean, lines: ReadLine[] = []) => {
    const p = pages[0]!;
    const merged: PageContent = { ...p, text: first ? `${reading}\n${p.text}` : `${p.text}\n${reading}`, ocrLines: [...(p.ocrLines ?? []), ...lines] };
    const c2 = classifyText(merged.text);
    const type = c.type === 'OTHER' ? c2.type : c.type;
    const e2 = extractFields(type, [merged], input.now);
    // The merged text holds both readings: its extraction wins, earlier values fill what it lacks.
    if (c.type === type) {
      for (const [k, v] of Object.entries(extraction.fields)) if (e2.fields[k] == null && v != null) e2.fields[k] = v;
    } else {
      c = c2;
    }
    extraction = e2;
    pages = [merged];
  };
  for (const mode of image ? retryModes(c, text) : []) {
    if (c.type !== 'OTHER' && missingKeyFields(c.type, extraction.fields).length === 0) break;
    const p = pages[0]!;
    deps.heartbeat?.(`ocr-${mode}:${p.page}`);
    const r = await ocrSafely(deps.ocr, image!, { mode, rotation: p.ocrRotation ?? 0 });
    if (r?.text.trim()) addReading(r.text, false, r.lines);
  }

  // Then PaddleOCR where it helps (wantsPaddle): it reads digits on tinted cards and handwritten amounts that
  // tesseract misreads. Its reading goes first, so its values win where an extractor matches them (extractors
  // cope with the spaces it drops); tesseract's readings fill the rest, each unsure column first corrected by
  // Paddle's letters where the two read the same words (ocr-vote.ts).
  if (image && wantsPaddle(c, text, extraction.fields, segPages[0]!.ocrConfidence)) {
    const p = pages[0]!;
    deps.heartbeat?.(`ocr-paddle:${p.page}`);
    const r = await deps.ocr.readWithPaddle(image, p.ocrRotation ?? 0);
    if (r?.text.trim()) {
      pages = [{ ...p, text: correctByVote(p.text, p.ocrLines ?? [], r.lines) }];
      // On a card, PaddleOCR's run-together names take tesseract's spaces ("FNELENAMARIA"); elsewhere tesseract's
      // stray spaces inside words would cost more than they give ("ACME WID GETS").
      addReading(isCardLike(c, text) ? respace(r.text, pages[0]!.text) : r.text, true);
    }
  }

  // A W-9 photo or scan: what page OCR did not find in its boxes, read from the boxes themselves (w9-boxes.ts).
  let tinBoxesRead = false;
  if (image && c.type === 'W9' && (extraction.fields.tinProvided !== true || extraction.fields.taxClassification == null)) {
    const p = pages[0]!;
    deps.heartbeat?.(`ocr-w9-boxes:${p.page}`);
    const lines = p.ocrLines ?? [];
    // tesseract's line boxes are in the frame of the image the pool prepared: prepare it again the same way.
    const prepared = await deps.ocr.prepare(image, p.ocrRotation ?? 0).catch(noExtraReading);
    if (prepared && extraction.fields.taxClassification == null) {
      const ticked = await readClassification(prepared, lines).catch(noExtraReading);
      if (ticked) extraction.fields.taxClassification = ticked;
    }
    if (prepared && extraction.fields.tinProvided !== true) {
      const r = await readTinBoxes(deps.ocr, prepared, lines).catch(noExtraReading);
      tinBoxesRead = r !== null;
      if (r && (r.tin.ssn || r.tin.ein)) {
        extraction = withW9Tin(extraction, r.tin);
        pages = [{ ...p, text: `${p.text}\n${r.text}` }];
      }
    }
  }

  // A blank page between documents (0% confidence, nothing read) says nothing of how well the rest was read.
  const ocrPages = pages.filter((p) => p.ocrConfidence !== undefined && readSomething(p));
  const ocrConfidence = ocrPages.length ? Math.round(ocrPages.reduce((a, p) => a + p.ocrConfidence!, 0) / ocrPages.length) : undefined;
  for (const k of Object.keys(extraction.fields)) if (extraction.fields[k] === undefined) delete extraction.fields[k];
  const validation = validateDocument({
    type: c.type,
    classificationConfidence: c.confidence,
    extraction,
    ocrConfidence,
    tinBoxesRead,
    textLength: text.replace(/\s+/g, '').length,
    lead: input.lead,
    now: input.now,
  });
  const seg: AnalyzedSegment = {
    type: c.type,
    confidence: c.confidence,
    pages: pages.map((p) => p.page),
    fields: extraction.fields,
    validation,
    summary: '',
  };
  if (ocrConfidence !== undefined) seg.ocrConfidence = ocrConfidence;
  seg.summary = summarize(seg);
  return { analyzed: seg, text: pages.map((p) => p.text).join('\n') };
}

function money(n: unknown): string | null {
  return typeof n === 'number' ? `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : null;
}

/** 1-2 sentences; identifiers are masked (fields already hold only last-4s). */
export function summarize(seg: AnalyzedSegment): string {
  const f = seg.fields;
  const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : typeof f[k] === 'number' ? String(f[k]) : null);
  const pages = seg.pages.length > 1 ? `pages ${seg.pages[0]}-${seg.pages[seg.pages.length - 1]}` : `page ${seg.pages[0]}`;
  let what: string;
  switch (seg.type) {
    case 'W2':
      what = `W-2 for ${s('taxYear') ?? 'an unknown year'}${s('employeeName') ? ` for ${s('employeeName')}` : ''}${s('employerName') ? ` from ${s('employerName')}` : ''}${s('employerEin') ? ` (EIN ${maskEin(s('employerEin')!)})` : ''}${money(f.wages) ? `, wages ${money(f.wages)}` : ''}`;
      break;
    case 'PAY_STUB':
      what = `Pay stub${s('employerName') ? ` from ${s('employerName')}` : ''}${s('payDate') ? ` paid ${s('payDate')}` : ''}${money(f.grossPay) ? `, gross ${money(f.grossPay)}` : ''}${money(f.netPay) ? `, net ${money(f.netPay)}` : ''}`;
      break;
    case 'FORM_1099': {
      const amounts = (f.amounts ?? {}) as Record<string, number>;
      const first = Object.entries(amounts)[0];
      const form = s('variant') === 'SSA' ? 'SSA-1099' : `1099-${s('variant') ?? '?'}`;
      const box = first ? `, ${first[0].replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${money(first[1])}` : ''; // "gross distribution $…"
      what = `${form} for ${s('taxYear') ?? 'an unknown year'}${s('payerName') ? ` from ${s('payerName')}` : ''}${s('recipientName') ? ` to ${s('recipientName')}` : ''}${box}`;
      break;
    }
    case 'DRIVERS_LICENSE':
    case 'STATE_ID':
    case 'PASSPORT':
      what = `${TYPE_LABELS[seg.type][0]!.toUpperCase()}${TYPE_LABELS[seg.type].slice(1)}${s('issuingState') ? ` (${s('issuingState')})` : ''}${s('fullName') ? ` for ${s('fullName')}` : ''}${s('expirationDate') ? `, expires ${s('expirationDate')}` : ''}`;
      break;
    case 'BANK_STATEMENT':
      what = `Bank statement${s('bankName') ? ` from ${s('bankName')}` : ''}${s('periodEnd') ? ` ending ${s('periodEnd')}` : ''}${money(f.endingBalance) ? `, ending balance ${money(f.endingBalance)}` : ''}${Array.isArray(f.accounts) ? ` across ${f.accounts.length} accounts` : ''}`;
      break;
    case 'UTILITY_BILL':
      what = `Utility bill${s('provider') ? ` from ${s('provider')}` : ''}${s('statementDate') ? ` dated ${s('statementDate')}` : ''}${money(f.totalDue) ? `, ${money(f.totalDue)} due` : ''}`;
      break;
    case 'W9':
      what = `W-9${s('name') ? ` for ${s('name')}` : ''}${s('businessName') ? ` (${s('businessName')})` : ''}${f.tinProvided === false ? ', no TIN entered' : ''}`;
      break;
    case 'INVOICE':
      what = `Invoice${s('invoiceNumber') ? ` ${s('invoiceNumber')}` : ''}${s('vendorName') ? ` from ${s('vendorName')}` : ''}${money(f.amountDue ?? f.total) ? `, ${money(f.amountDue ?? f.total)}` : ''}`;
      break;
    case 'RECEIPT':
      what = `Receipt${s('merchant') ? ` from ${s('merchant')}` : ''}${money(f.total) ? `, total ${money(f.total)}` : ''}`;
      break;
    case 'TAX_RETURN_1040':
      what = `Form 1040 for ${s('taxYear') ?? 'an unknown year'}${s('filingStatus') ? ` (${s('filingStatus')!.toLowerCase().replace(/_/g, ' ')})` : ''}`;
      break;
    case 'SCHEDULE_C':
      what = `Schedule C for ${s('taxYear') ?? 'an unknown year'}${s('businessName') ? `, ${s('businessName')}` : ''}${s('proprietorName') ? ` (${s('proprietorName')})` : ''}`;
      break;
    case 'SCHEDULE_E':
      what = `Schedule E for ${s('taxYear') ?? 'an unknown year'}`;
      break;
    default:
      what = 'Unrecognised document';
  }
  const failed = seg.validation.validationResults.filter((r) => !r.isValid).map((r) => r.isValidReason);
  const verdict = failed.length ? ` Issues: ${failed.slice(0, 3).join('; ')}.` : ' No issues found.';
  // Fields hold only masked identifiers already; redactDocumentText() is the safety net for anything copied from the text.
  return redactDocumentText(`${what} (${pages}, ${Math.round(seg.confidence * 100)}% sure).${verdict}`);
}
