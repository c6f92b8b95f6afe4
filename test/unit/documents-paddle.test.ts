// PaddleOCR, the second engine: the real engine on generated images (lazy load, one engine, rotation, downscaling,
// close), the pipeline's fallback when it fails, when the pipeline asks for it, and the extraction rules for its
// way of writing text (merged tokens, amounts under their labels).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { extractFields } from '../../src/documents/extract/index';
import { splitCityStateZip, splitMergedTokens } from '../../src/documents/extract/identity';
import { OcrPool, OcrPoolClosedError } from '../../src/documents/ocr-pool';
import { PaddleClosedError, PaddleEngine, cleanText } from '../../src/documents/ocr-paddle';
import { analyzeDocument, wantsPaddle } from '../../src/documents/pipeline';
import type { PageContent } from '../../src/documents/types';
import { W9_CLASSIFICATIONS } from '../../src/documents/extract/tax-forms';
import { eraseRules, parseTinReading, tickedClassification } from '../../src/documents/w9-boxes';
import { LEAD, licenseLines, makeTextImage, makeW9Image } from '../support/document-fixtures';

const now = new Date('2026-04-01T12:00:00Z');
const ocrPage = (text: string): PageContent[] => [{ page: 1, text, source: 'ocr' }];

describe('documents: PaddleOCR engine', () => {
  const engine = new PaddleEngine();
  after(async () => {
    await engine.close();
  });

  it('reads a generated image with the bundled models, loading them once, lazily', async () => {
    assert.equal(engine.stats.loads, 0, 'nothing loaded before the first call');
    const img = await makeTextImage(['INVOICE 1042', 'Total due $310.00'], { width: 700 });
    const [a, b] = await Promise.all([engine.recognize(img), engine.recognize(img)]);
    for (const r of [a, b]) {
      assert.match(r.text, /INVOICE\s?1042/);
      assert.match(r.text, /310\.00/);
      assert.ok(r.confidence > 80, `confidence ${r.confidence}`);
    }
    assert.equal(engine.stats.loads, 1, 'one engine for both calls');
    assert.equal(engine.stats.jobs, 2);
  });

  it('reads a sideways photo upright when given the rotation tesseract found', async () => {
    const img = await makeTextImage(['PAYMENT RECEIPT', 'Amount paid 4,250.00'], { width: 800, rotate: 90 });
    const upright = await engine.recognize(img, { rotation: 270 });
    assert.deepEqual(upright.lines.map((l) => l.text), ['PAYMENT RECEIPT', 'Amount paid 4,250.00']);
    // Sideways, its line grouping runs across the page: the two lines come back merged, last line first.
    const sideways = await engine.recognize(img);
    assert.notDeepEqual(sideways.lines.map((l) => l.text), ['PAYMENT RECEIPT', 'Amount paid 4,250.00']);
  });

  it('scales big images down to its maximum side before reading', async () => {
    const small = new PaddleEngine({ maxSide: 800 });
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#fff' } }).png().toBuffer();
    const prepare = (small as unknown as { prepare: (img: Uint8Array, r: 0 | 90) => Promise<Buffer> }).prepare.bind(small);
    const meta = await sharp(await prepare(big, 90)).metadata();
    assert.deepEqual([meta.width, meta.height], [600, 800], 'scaled to 800 on the long side, then turned');
    await small.close();
  });

  it('refuses calls once closed', async () => {
    const e = new PaddleEngine();
    await e.close();
    await assert.rejects(e.recognize(await makeTextImage(['x'])), PaddleClosedError);
    assert.equal(e.stats.loads, 0);
  });

  it("reads a handwritten 1099's TINs as written, dashes and a missing digit included, from the line under their labels", () => {
    const text = [
      'PAYER\'S name, street address, city or town',
      'MYRTLECOMPANY',
      'PITTSBURGH;PA,15213 3OtherIncome 4Federal Income taxwithheld',
      "PAYER'STIN RECIPIENT'STIN 5 Fishing boat proceeds 6Medical and healthcare payments",
      "recipient's state",
      '12-354543 12-345-6789 income tax return,',
      "RECIPIENT'Sname 7 Payer made direct sales",
      'JOHN PARK',
      'Form 1099-MISC Miscellaneous Information 2021',
    ].join('\n');
    const f = extractFields('FORM_1099', ocrPage(text), now).fields;
    assert.equal(f.recipientTinLast4, '6789');
    assert.equal(f.payerTin, '***-**-4543', 'eight digits are not an EIN: masked like any other number');
  });

  it('folds full-width punctuation and drops CJK misreadings', () => {
    assert.equal(cleanText('EP 02/11/2026 ：0211/2019'), 'EP 02/11/2026 :0211/2019');
    assert.equal(cleanText('SAMPLE 印 JANICE'), 'SAMPLE JANICE');
  });
});

describe('documents: PaddleOCR in the pool and pipeline', () => {
  it('the second reader of the text (the model review) gets every reading of a card, not only the first pass', async () => {
    const pool = new OcrPool();
    try {
      const img = await makeTextImage(licenseLines({ exp: '08/31/2029' }), { width: 1000 });
      const texts: string[] = [];
      const a = await analyzeDocument({ filename: 'dl.png', declaredMimeType: 'image/png', bytes: img, lead: LEAD, now }, { ocr: pool, onSegmentText: (i, t) => (texts[i] = t) });
      assert.equal(a.kind, 'ok');
      assert.equal(pool.paddle!.stats.jobs, 1, 'a card is read by both engines');
      assert.equal(texts.length, 1);
      assert.ok((texts[0]!.match(/08\/31\/2029/g) ?? []).length >= 2, `both readings: ${texts[0]}`);
    } finally {
      await pool.close();
    }
  });

  it('a failing engine never fails the document: tesseract reading kept, error reported once', async () => {
    const errors: unknown[] = [];
    const pool = new OcrPool({ onPaddleError: (e) => errors.push(e) });
    try {
      assert.equal(await pool.readWithPaddle(Buffer.from('not an image')), null);
      assert.equal(errors.length, 1);
      const paddle = pool.paddle!;
      paddle.recognize = () => Promise.reject(new Error('onnxruntime: load failed'));
      const img = await makeTextImage(licenseLines({ exp: '08/31/2029' }), { width: 1000 });
      const a = await analyzeDocument({ filename: 'dl.png', declaredMimeType: 'image/png', bytes: img, lead: LEAD, now }, { ocr: pool });
      assert.equal(a.kind, 'ok');
      if (a.kind !== 'ok') return;
      assert.equal(a.segments[0]!.type, 'DRIVERS_LICENSE');
      assert.equal(a.segments[0]!.fields.expirationDate, '2029-08-31');
      assert.equal(errors.length, 2, 'the card asked for the second engine, which failed');
    } finally {
      await pool.close();
    }
    await assert.rejects(pool.readWithPaddle(Buffer.from('x')), OcrPoolClosedError);
  });

  it('asks for it on cards, unknown pages, missing key fields and poorly read pages only', () => {
    const w2 = { type: 'W2' as const, scores: {} };
    const full = { taxYear: 2025, employeeName: 'A B', employerName: 'C', employerEin: '12-3456789', wages: 1 };
    assert.equal(wantsPaddle({ type: 'DRIVERS_LICENSE', scores: {} }, 'short card text', {}, 95), true);
    assert.equal(wantsPaddle({ type: 'DRIVERS_LICENSE', scores: {} }, 'x'.repeat(2000), { fullName: 'A B', documentNumber: '123456', dateOfBirth: '1980-01-01', expirationDate: '2030-01-01' }, 95), false, 'a licence application form is not a card');
    assert.equal(wantsPaddle({ type: 'OTHER', scores: {} }, 'text', {}, 95), true);
    assert.equal(wantsPaddle({ type: 'FORM_1099', scores: {} }, 'text', { variant: 'MISC', payerName: 'A', recipientName: 'B', taxYear: 2021, amounts: {} }, 95), true, 'no amount read');
    assert.equal(wantsPaddle(w2, 'text', full, 95), false);
    assert.equal(wantsPaddle(w2, 'text', full, 60), true);
  });
});

describe('documents: extraction from PaddleOCR-style text', () => {
  it('splits a number stuck to a date, and a house number stuck to its street', () => {
    assert.equal(splitMergedTokens('TL54578607-09-1962 04-01-2009'), 'TL545786 07-09-1962 04-01-2009');
    assert.equal(splitMergedTokens('14466EVOLVER AVE#333'), '14466 EVOLVER AVE#333');
    assert.equal(splitMergedTokens('S99988801'), 'S99988801');
    assert.equal(splitMergedTokens('0812319684104'), '0812319684104');
  });

  it('reads a licence whose number, dates and street Paddle merged', () => {
    const text = ['Ohio', 'USA DRIVER LICENSE', '1 SAMPLE', '2 ALEX', '1970 WBROAD ST', 'COLUMBUS, OH 43223', 'LICENSE NO BIRTHDATE', 'TL54578607-09-1962', '4b EXP 07-09-2030'].join('\n');
    const f = extractFields('DRIVERS_LICENSE', ocrPage(text), now).fields;
    assert.equal(f.documentNumber, 'TL545786');
    assert.equal(f.dateOfBirth, '1962-07-09');
    assert.equal(f.expirationDate, '2030-07-09');
    assert.equal(f.issuingState, 'OH');
    assert.equal(f.fullName, 'Alex Sample');
  });

  it('reads the address and the name above it from a city, state and ZIP Paddle ran together, when no reading spaced them', () => {
    const text = ['Ohio', 'USA DRIVER LICENSE', 'PUBLIC', 'JANEO', '1970 WBROAD ST', 'COLUMBUS.OH43223', 'TL54578607-09-1962 04-01-2009', 'D 07-09-2012'].join('\n');
    const f = extractFields('DRIVERS_LICENSE', ocrPage(text), now).fields;
    assert.equal(f.addressZip, '43223');
    assert.equal(f.familyName, 'Public');
    assert.equal(f.givenName, 'Janeo');
    assert.equal(splitCityStateZip('COLUMBUS.OH43223'), 'COLUMBUS, OH 43223');
    assert.equal(splitCityStateZip('NOWHERE.XY43223'), 'NOWHERE.XY43223', 'not a state');
    const spaced = extractFields('DRIVERS_LICENSE', ocrPage(`${text}\nCOLUMBUS, OH 43223`), now).fields;
    assert.match(String(spaced.address), /Columbus, OH 43223/, 'a spaced reading is preferred');
  });

  it('reads a licence number whose label Paddle glued on ("DLI1234568"), ahead of tesseract\'s "11234568"', () => {
    const text = ['California USA DRIVER LICENSE', 'DLI1234568 CLASSC', 'EXP08/31/2014', 'ou 11234568           Rs'].join('\n');
    assert.equal(extractFields('DRIVERS_LICENSE', ocrPage(text), now).fields.documentNumber, 'I1234568');
  });

  it('completes tesseract\'s address with the unit line and ZIP digit another reading has, and invents neither', () => {
    const paddle = ['MASSACHUSETTS DRIVER\'S', 'LICENSE', '01/12/2016 S99988801', 'SAMPLE', 'CONNOR', '123NORTH MAINSTREET', 'APT.1', 'NORTHCUINCY,MA02171-1748'];
    const tesseract = ['10 123 NORTH MAIN STREET', '1 APT.', 'Ny NORTH QUINCY, MA {2171-1748'];
    const f = extractFields('DRIVERS_LICENSE', ocrPage([...paddle, ...tesseract].join('\n')), now).fields;
    assert.equal(f.address, '123 North Main Street Apt 1, North Quincy, MA 02171-1748');
    assert.equal(f.addressZip, '02171-1748');
    const alone = extractFields('DRIVERS_LICENSE', ocrPage(['MASSACHUSETTS DRIVER\'S LICENSE', ...tesseract].join('\n')), now).fields;
    assert.equal(alone.address, '123 North Main Street, North Quincy, MA 2171-1748');
    assert.equal(alone.addressZip, null, 'no reading shows the missing digit');
    const other = extractFields('DRIVERS_LICENSE', ocrPage(['MASSACHUSETTS DRIVER\'S LICENSE', ...tesseract, 'BOSTON, MA 02118-1748'].join('\n')), now).fields;
    assert.equal(other.addressZip, null, 'a different ZIP is not the one read');
  });

  it('reads 1099 amounts written under their labels, column by column', () => {
    const text = [
      'PAYERS name 1Rents OMB No.1545-0115',
      'or foreign postal code, and telephone no.',
      '$ 48,000 2021 Miscellaneous',
      '2 Royaltles Information',
      'ACME RENTALS LLC',
      '1 MAIN AVE $ 10000 Form 1099-MISC',
      'PITTSBURGH, PA 15213 3OtherIncome 4Federal Income taxwithheld',
      '$5000 $ 1,850 Copy 2',
    ].join('\n');
    const f = extractFields('FORM_1099', ocrPage(text), now).fields;
    assert.deepEqual(f.amounts, { rents: 48000, royalties: 10000, otherIncome: 5000, federalIncomeTaxWithheld: 1850 });
  });

  it('leaves a box empty rather than take the next row\'s amount', () => {
    const text = ['1 Rents 2 Royalties', '3 Other income 4 Federal income tax withheld', '$5000 $1,850'].join('\n');
    const f = extractFields('FORM_1099', ocrPage(`Form 1099-MISC 2021\n${text}`), now).fields;
    assert.deepEqual(f.amounts, { otherIncome: 5000, federalIncomeTaxWithheld: 1850 });
  });
});

describe("documents: a hand-filled W-9's boxes", () => {
  it('reads the digits written in the Part I boxes and the ticked classification, which page OCR misses', async () => {
    const pool = new OcrPool();
    try {
      const cases = [
        [{ ssn: '425-55-9757', ticked: 0 }, 'SSN', '9757', 'INDIVIDUAL'],
        [{ ein: '39-1425392', ticked: 5 }, 'EIN', '5392', 'LLC'],
      ] as const;
      for (const [boxes, tinType, tinLast4, classification] of cases) {
        const a = await analyzeDocument({ filename: 'w9.png', declaredMimeType: 'image/png', bytes: await makeW9Image(boxes), lead: LEAD, now }, { ocr: pool });
        assert.equal(a.kind, 'ok');
        if (a.kind !== 'ok') return;
        const s = a.segments[0]!;
        assert.equal(s.type, 'W9');
        assert.deepEqual([s.fields.tinProvided, s.fields.tinType, s.fields.tinLast4, s.fields.taxClassification], [true, tinType, tinLast4, classification], JSON.stringify(boxes));
        assert.ok(!s.validation.validationResults.some((r) => !r.isValid && /^tin_/.test(r.ruleName)));
      }
    } finally {
      await pool.close();
    }
  });

  it('still calls empty boxes on a clean scan blank, and an unticked line 3 unknown', async () => {
    const pool = new OcrPool();
    try {
      const a = await analyzeDocument({ filename: 'w9.png', declaredMimeType: 'image/png', bytes: await makeW9Image(), lead: LEAD, now }, { ocr: pool });
      assert.equal(a.kind, 'ok');
      if (a.kind !== 'ok') return;
      assert.equal(a.segments[0]!.fields.tinProvided, false);
      assert.equal(a.segments[0]!.fields.taxClassification, null);
      assert.ok(a.segments[0]!.validation.validationResults.some((r) => r.ruleName === 'tin_present' && !r.isValid));
    } finally {
      await pool.close();
    }
  });

  it("tells the ticked box by the form's layout, and nothing when it is not clear", () => {
    const box = (x: number, y: number, fill = 0) => ({ x, y, side: 28, fill });
    const form = (fills: number[]) => [...[100, 400, 620, 840, 1060].map((x, i) => box(x, 150 + i, fills[i])), box(101, 235, fills[5]), box(102, 350, fills[6])];
    const none = [0, 0, 0, 0, 0, 0, 0];
    W9_CLASSIFICATIONS.forEach((c, i) => assert.equal(tickedClassification(form(none.map((_, k) => (k === i ? 0.4 : 0)))), c));
    assert.equal(tickedClassification(form(none)), null, 'nothing ticked');
    assert.equal(tickedClassification(form([0.4, 0, 0, 0.4, 0, 0, 0])), null, 'two ticked');
    assert.equal(tickedClassification(form([0.4, 0, 0, 0.05, 0, 0, 0])), null, 'a second box neither empty nor ticked');
    assert.equal(tickedClassification(form([0.4, 0, 0, 0, 0, 0, 0]).slice(1)), null, 'a row of four is not line 3');
    assert.equal(tickedClassification(form([0.4, 0, 0, 0, 0, 0, 0]).slice(0, 5)), null, 'nor five boxes alone (a table header)');
    const header = [box(50, 20, 0.5), box(70, 20), box(90, 20), box(110, 20), box(130, 20)];
    assert.equal(tickedClassification([...header, ...form([0, 0, 0, 0, 0, 0.4, 0])]), 'LLC', 'boxes packed closer than the form spreads them are not its row');
  });

  it("takes a number only in the form's shape, the SSN boxes first", () => {
    assert.deepEqual(parseTinReading(['art 1, later. For other 143-57-97.65', 'or', 'Employer identification number', '39-1425392']), { ssn: '143-57-9765', ein: '39-1425392' });
    assert.deepEqual(parseTinReading(['425559757']), { ssn: '425-55-9757', ein: null });
    assert.deepEqual(parseTinReading(['4251-55-9757', '12-34567']), { ssn: null, ein: null }, 'a box side read as a digit, or too few digits');
  });

  it('erases box sides and rules but keeps strokes shorter than a box', () => {
    const w = 40;
    const h = 30;
    const ink = new Uint8Array(w * h);
    for (let r = 0; r < h; r++) ink[r * w + 5] = 1; // a box side, the full height
    for (let c = 0; c < w; c++) ink[2 * w + c] = 1; // a rule across
    for (let r = 10; r < 20; r++) ink[r * w + 20] = 1; // a digit's stroke
    const out = eraseRules(ink, w, h, 20, 30);
    assert.equal(out[15 * w + 5], 255);
    assert.equal(out[2 * w + 30], 255);
    assert.equal(out[15 * w + 20], 0);
  });
});
