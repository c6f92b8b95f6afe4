// The OCR pool: lazy start, reuse, recycling, preprocessing, failures that must not crash the process, close().
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { blotWeights, measureSkew, skewOf } from '../../src/documents/deskew';
import { OcrPool, OcrPoolClosedError } from '../../src/documents/ocr-pool';
import { makeTextImage, payStubLines, photograph } from '../support/document-fixtures';

describe('documents: OCR pool', () => {
  const errors: unknown[] = [];
  const pool = new OcrPool({ size: 1, recycleAfter: 2, rotateBelowConfidence: 0, onError: (e) => errors.push(e) });
  after(async () => {
    await pool.close();
  });

  it('downscales big images and upscales small ones before OCR', async () => {
    const big = await sharp({ create: { width: 5000, height: 3000, channels: 3, background: '#fff' } }).png().toBuffer();
    const p = await pool.prepare(big);
    assert.equal(Math.max(p.width, p.height), 2400);
    const small = await sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const q = await pool.prepare(small);
    assert.equal(q.width, 1600); // at most 4x
    const meta = await sharp(q.png).metadata();
    assert.equal(meta.channels, 1, 'grayscale, alpha flattened');
    assert.equal(pool.stats.workersStarted, 0, 'no worker needed for preprocessing');
  });

  it('levels a page photographed askew, and leaves a level page and a picture without text alone', async () => {
    const page = await makeTextImage(payStubLines());
    assert.equal(await measureSkew(Buffer.from(page)), 0);
    for (const angle of [8, -5, 3]) {
      const skew = await measureSkew(Buffer.from(await photograph(page, { angle })));
      assert.ok(Math.abs(skew - angle) <= 0.5, `held at ${angle}°, measured ${skew}°`);
    }
    const own = new OcrPool({ size: 1, paddle: false }); // the shared pool's job counts are the next test's
    try {
      assert.match((await own.recognize(await photograph(page, { angle: 8 }))).text, /Net Pay \$1,627\.00/);
    } finally {
      await own.close();
    }
    const noise = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    assert.equal(await measureSkew(noise), 0);
  });

  it('skew: the search stays within its reach, and a blot of ink weighs as much as a typical one at most', () => {
    // One thick line at 20°: the score rises all the way to 20°, and the fine search once climbed after it there.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let x = 0; x < 600; x++) for (let t = 0; t < 3; t++) [xs[xs.length], ys[ys.length]] = [x, Math.round(100 + t + x * Math.tan((20 * Math.PI) / 180))];
    const skew = skewOf(Int32Array.from(xs), Int32Array.from(ys), 600, 400);
    assert.ok(skew > 14 && skew <= 15.9, `measured ${skew}°`);

    // On a 30x12 page: three 5x2 bars (typical: 10 px), a 2x2 speck (too small to set the typical size, so that
    // a photocopy's specks do not), a 6x5 block (30 px: three typical blots, weight 1) and a 10x8 block (80 px).
    const ink = new Uint8Array(30 * 12);
    const blot = (x: number, y: number, w: number, h: number) => {
      for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) ink[j * 30 + i] = 1;
    };
    [blot(0, 0, 5, 2), blot(0, 3, 5, 2), blot(0, 6, 5, 2), blot(0, 10, 2, 2), blot(7, 0, 6, 5), blot(15, 0, 10, 8)];
    const w = blotWeights(ink, 30, 12);
    const at = (x: number, y: number) => w[y * 30 + x]!;
    assert.deepEqual([at(0, 0), at(0, 10), at(7, 0), at(29, 11)], [1, 1, 1, 0]);
    assert.ok(Math.abs(at(15, 0) - 30 / 80) < 1e-6, `the big block weighs as three typical blots: ${at(15, 0)}`);
  });

  it('a big stamp at an angle on a short receipt does not set the level; the receipt photographed askew still levels', async () => {
    const receipt = await makeTextImage(['CORNER HARDWARE', '12 Main St', 'Hammer 14.99', 'Nails 3.49', 'Tax 1.48', 'TOTAL 19.96', 'VISA ****4421'], { width: 900 });
    const { width = 0, height = 0 } = await sharp(receipt).metadata();
    for (const stampAngle of [12, -10, 20]) {
      // A red PAID IN FULL stamp in a frame, across the middle of the receipt: before each blot was weighed as one
      // character at most, its big letters turned the level receipt by the stamp's angle (20° one past the search).
      const stamp = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g transform="rotate(${stampAngle} ${width / 2} ${height / 2})"><rect x="${width / 2 - 330}" y="${height / 2 - 70}" width="660" height="140" fill="none" stroke="#c00" stroke-width="10"/><text x="${width / 2}" y="${height / 2 + 30}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="90" fill="#c00">PAID IN FULL</text></g></svg>`;
      const stamped = await sharp(receipt).composite([{ input: Buffer.from(stamp) }]).png().toBuffer();
      assert.equal(await measureSkew(stamped), 0, `stamp at ${stampAngle}°`);
      const skew = await measureSkew(Buffer.from(await photograph(new Uint8Array(stamped), { angle: -7 })));
      assert.ok(Math.abs(skew + 7) <= 0.5, `stamp at ${stampAngle}°, held at -7°, measured ${skew}°`);
    }
  });

  it('starts lazily, reuses its worker and recycles it after N jobs; queued jobs wait their turn', async () => {
    const img = await makeTextImage(['INVOICE 1042', 'Total due $310.00'], { width: 700 });
    const results = await Promise.all([pool.recognize(img), pool.recognize(img), pool.recognize(img)]);
    for (const r of results) assert.match(r.text, /Total due \$310\.00/);
    assert.equal(pool.stats.jobs, 3);
    assert.equal(pool.stats.workersStarted, 2, 'recycled after 2 jobs, a new worker for the third');
    assert.ok(pool.stats.workersRecycled >= 1);
  });

  it('a job tesseract cannot read rejects; the process survives and the pool keeps working', async () => {
    // Bypass preprocessing to hand tesseract bytes it cannot decode (the errorHandler crash trap).
    const run = (pool as unknown as { run: (png: Buffer, w: number, h: number, r: 0, m: 'document') => Promise<unknown> }).run.bind(pool);
    await assert.rejects(run(Buffer.from('definitely not an image'), 1, 1, 0, 'document'));
    assert.equal(pool.stats.failures, 1);
    await assert.rejects(pool.recognize(new Uint8Array([1, 2, 3, 4])), 'sharp refuses garbage');
    const r = await pool.recognize(await makeTextImage(['STILL WORKING'], { width: 600 }));
    assert.match(r.text, /STILL WORKING/);
  });

  it('reads dark and light text on a transparent background alike', async () => {
    const transparent = (fill: string) =>
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="700" height="160"><text x="30" y="90" font-family="DejaVu Sans" font-size="40" fill="${fill}">TOTAL DUE 310.00</text></svg>`)).png().toBuffer();
    for (const fill of ['#111111', '#ffffff']) {
      const r = await pool.recognize(new Uint8Array(await transparent(fill)), { rotation: 0 });
      assert.match(r.text, /TOTAL DUE 310\.00/, fill);
    }
  });

  it('reads in every mode, switching the worker parameters per job', async () => {
    // A tinted, unevenly lit card: the Sauvola modes binarise it locally.
    const img = await makeTextImage(['LICENSE NO TL545786', 'EXPIRES 07-09-2012'], { width: 900, background: '#e8b4bc' });
    for (const mode of ['adaptive', 'block', 'sparse', 'document'] as const) {
      const r = await pool.recognize(img, { mode, rotation: 0 });
      assert.match(r.text, /TL545786/, mode);
    }
  });

  it('close() terminates workers and refuses new jobs', async () => {
    const p = new OcrPool();
    await p.warmUp();
    assert.equal(p.stats.workersStarted, 1);
    await p.close();
    await assert.rejects(p.recognize(await makeTextImage(['x'])), OcrPoolClosedError);
    await p.close(); // twice is fine
  });
});
