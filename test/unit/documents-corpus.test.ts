// Real public sample documents from ../shared/corpus (see its SOURCES.md). Skipped when the corpus is absent.
// The full corpus is covered by `npm run eval:documents -- ../shared/corpus/documents --expect src/documents/eval-expectations.json`;
// this file keeps a fast subset that exercises each path (text layer, split, encrypted, OCR, mislabelled WebP).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { OcrPool } from '../../src/documents/ocr-pool';
import { renderPdfPage } from '../../src/documents/pdf-text';
import { readClassification } from '../../src/documents/w9-boxes';
import { analyzeDocument } from '../../src/documents/pipeline';
import type { AnalyzedSegment, DocumentAnalysis } from '../../src/documents/types';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/documents');
const present = fs.existsSync(DIR);
if (!present) console.log(`# documents corpus tests skipped: ${DIR} not found (the shared corpus is not checked out here)`);

const lead = { firstName: 'Anastasia', lastName: 'Hodges', businessName: null };
const now = new Date('2022-06-01T00:00:00Z');
let ocr: OcrPool;

async function analyze(file: string): Promise<DocumentAnalysis> {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, file)));
  return analyzeDocument({ filename: file, declaredMimeType: file.endsWith('.pdf') ? 'application/pdf' : 'image/png', bytes, lead, now }, { ocr });
}

function segments(a: DocumentAnalysis): AnalyzedSegment[] {
  assert.equal(a.kind, 'ok', a.kind === 'rejected' ? a.message : '');
  return a.kind === 'ok' ? a.segments : [];
}

function failed(s: AnalyzedSegment): string[] {
  return s.validation.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName);
}

describe('documents: shared corpus', { skip: present ? false : 'shared corpus not present' }, () => {
  before(() => {
    ocr = new OcrPool({ size: 1 });
  });
  after(async () => {
    await ocr?.close();
  });

  it('W-2 with a scrambled text layer: values read by position', async () => {
    const [w2] = segments(await analyze('w2__gdocai__2020_Form_W-2.pdf'));
    assert.equal(w2!.type, 'W2');
    assert.deepEqual(
      { ...w2!.fields, employerAddress: undefined, employeeAddress: undefined },
      {
        employeeName: 'Anastasia Hodges', employerName: 'NORTH 312', employerEin: '63-0065650', taxYear: 2020, wages: 23677.7,
        federalTaxWithheld: 2841.32, socialSecurityWages: 24410, socialSecurityTaxWithheld: 1513.42, medicareWages: 24410,
        medicareTaxWithheld: 353.95, ssnLast4: '0876', employerAddress: undefined, employeeAddress: undefined,
      },
    );
    assert.equal(w2!.validation.overallValid, true, JSON.stringify(failed(w2!)));
  });

  it('reads a licence photographed askew as if level (unlevelled, this photo was UNREADABLE)', async () => {
    const card = fs.readFileSync(path.join(DIR, 'dl-specimen-MA__gdocai__USA-Driver-License-MA-2016.png'));
    const photo = new Uint8Array(await sharp(card).rotate(7, { background: '#6b6b60' }).jpeg({ quality: 80 }).toBuffer());
    const [s] = segments(await analyzeDocument({ filename: 'licence.jpg', declaredMimeType: 'image/jpeg', bytes: photo, lead, now }, { ocr }));
    assert.equal(s!.type, 'DRIVERS_LICENSE');
    assert.deepEqual(
      { name: s!.fields.fullName, number: s!.fields.documentNumber, born: s!.fields.dateOfBirth, expires: s!.fields.expirationDate },
      { name: 'Connor Sample', number: 'S99988801', born: '1959-01-12', expires: '2021-01-12' },
    );
  });

  it("keeps tesseract's own prints off stdout and stderr, where they would sit among the JSON log lines", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'dl-specimen-OH__zerox__0022.png')));
    const written: string[] = [];
    const [out, err] = [process.stdout.write, process.stderr.write];
    // Seen and passed on: swallowing them would swallow the test runner's own report of the test before this one.
    const tee = (write: typeof out, stream: NodeJS.WriteStream) =>
      ((chunk: unknown, ...rest: unknown[]) => (written.push(String(chunk)), (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest))) as typeof out;
    process.stdout.write = tee(out, process.stdout);
    process.stderr.write = tee(err, process.stderr);
    try {
      // This card, read in sparse mode, makes tesseract print "Detected 26 diacritics".
      await ocr.recognize(bytes, { mode: 'sparse' });
      await new Promise((r) => setTimeout(r, 200)); // a worker thread's output reaches the parent asynchronously
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    assert.deepEqual(written.filter((w) => /diacritics|too small to scale/i.test(w)), []);
  });

  it('pay stub: arithmetic checks out, the redacted name is flagged', async () => {
    const [s] = segments(await analyze('paystub__gdocai__lending_multi_document_p05_DERIVED-split.pdf'));
    assert.equal(s!.type, 'PAY_STUB');
    assert.equal(s!.fields.grossPay, 501.9);
    assert.equal(s!.fields.netPay, 411.27);
    assert.equal(s!.fields.payDate, '2020-01-30');
    assert.ok(s!.validation.validationResults.some((r) => r.ruleName === 'paystub_arithmetic' && r.isValid));
    assert.ok(failed(s!).includes('name_present'));
  });

  it('5-page tax bundle splits into a W-2 and four 1099s for the same taxpayer', async () => {
    const segs = segments(await analyze('bundle-taxforms__gdocai__taxes-combined.pdf'));
    assert.deepEqual(segs.map((s) => [s.type, s.fields.variant ?? null, s.pages]), [
      ['W2', null, [1]], ['FORM_1099', 'NEC', [2]], ['FORM_1099', 'MISC', [3]], ['FORM_1099', 'INT', [4]], ['FORM_1099', 'DIV', [5]],
    ]);
    for (const s of segs.slice(1)) assert.equal(s.fields.recipientName, 'Anastasia Hodges');
  });

  it('encrypted PDF: ask for an unlocked copy', async () => {
    const a = await analyze('edge-encrypted__pypdf-sample-files__libreoffice-writer-password.pdf');
    assert.equal(a.kind === 'rejected' && a.code, 'ENCRYPTED');
    assert.match(a.kind === 'rejected' ? a.leadMessage : '', /unlocked copy/);
  });

  it('WebP named .png: read as WebP, classified as an invoice', async () => {
    const a = await analyze('invoice-webp-misnamed__zerox__0012.png');
    assert.equal(a.kind === 'ok' && a.sniffedMimeType, 'image/webp');
    assert.equal(segments(a)[0]!.type, 'INVOICE');
    assert.equal(segments(a)[0]!.fields.total, 182.9);
  });

  it('OCR: invalid 6-digit ZIP on the WV licence, expired CA specimen', async () => {
    const [wv] = segments(await analyze('cdl-illustrated-WV__azure__identity_documents.png'));
    assert.equal(wv!.type, 'DRIVERS_LICENSE');
    assert.equal(wv!.fields.expirationDate, '2026-03-23');
    assert.ok(failed(wv!).includes('zip_format'));
    const [ca] = segments(await analyze('dl-specimen-CA__zerox__0026.png'));
    assert.equal(ca!.type, 'DRIVERS_LICENSE');
    assert.equal(ca!.fields.expirationDate, '2014-08-31');
    assert.equal(ca!.fields.documentNumber, 'I1234568', 'as the card prints it (SOURCES.md says 11234568)');
    assert.ok(failed(ca!).includes('not_expired'));
    assert.ok(failed(ca!).includes('not_placeholder_name'));
  });

  it('two engines: the handwritten 1099 payer spelt by the vote, the Ohio specimen read from Paddle\'s run-together lines', async () => {
    const [f] = segments(await analyze('1099misc-scan__azure__f1099_scanned.jpg'));
    assert.equal(f!.type, 'FORM_1099');
    assert.equal(f!.fields.payerName, 'MYRTLE COMPANY', 'tesseract reads "MIRTLE COMPANY", Paddle "MYRTLECOMPANY"');
    assert.deepEqual(f!.fields.amounts, { rents: 48000, royalties: 10000, otherIncome: 5000, federalIncomeTaxWithheld: 1850 });
    assert.equal(f!.fields.recipientTinLast4, '6789', 'written 12-345-6789');
    const [oh] = segments(await analyze('dl-specimen-OH__zerox__0022.png'));
    assert.equal(oh!.fields.addressZip, '43223');
    assert.equal(oh!.fields.familyName, 'Public');
    assert.ok(failed(oh!).includes('not_expired'));
    assert.ok(failed(oh!).includes('not_placeholder_name'));
  });

  it("W-9 line 3 read from the page image alone: every W-9's classification, nothing on other forms", async () => {
    const expected: Record<string, string | null> = {
      'w9-xfa-filled__azure__fw9_1.pdf': 'LLC',
      'w9-xfa-filled__azure__fw9_2.pdf': 'INDIVIDUAL',
      'w9-xfa-filled__azure__fw9_3.pdf': 'TRUST_ESTATE',
      'w9-xfa-filled__azure__fw9_4.pdf': 'PARTNERSHIP',
      'w9-xfa-filled__azure__fw9_5.pdf': 'C_CORPORATION',
      'invoice__azure__sample-invoice.pdf': null,
      '1099misc-scan__azure__f1099_scanned.jpg': null,
      'dl-specimen-MA__gdocai__USA-Driver-License-MA-2016.png': null,
    };
    for (const [file, want] of Object.entries(expected)) {
      let bytes: Uint8Array = new Uint8Array(fs.readFileSync(path.join(DIR, file)));
      if (file.endsWith('.pdf')) bytes = await renderPdfPage(bytes, 1);
      assert.equal(await readClassification(await ocr.prepare(bytes), []), want, file);
    }
  });

  it('hand-filled W-9s: the SSN and the ticked classification read from their boxes, so neither is called blank', async () => {
    const [scan] = segments(await analyze('w9-scan__azure__fw9_scanned.jpg'));
    assert.equal(scan!.type, 'W9');
    assert.deepEqual([scan!.fields.tinProvided, scan!.fields.tinLast4], [true, '9765'], 'SOURCES.md says blank; the boxes hold 143-57-9765');
    const [photo] = segments(await analyze('w9-photo-handwritten__gdocai__W9.pdf'));
    assert.deepEqual([photo!.fields.tinProvided, photo!.fields.tinLast4], [true, '9757']);
    assert.deepEqual([scan!.fields.taxClassification, photo!.fields.taxClassification], ['LLC', 'INDIVIDUAL'], 'a tick in the LLC box; a cross in the individual one');
    assert.ok(!failed(scan!).includes('tin_present') && !failed(photo!).includes('tin_present'));
  });
});
