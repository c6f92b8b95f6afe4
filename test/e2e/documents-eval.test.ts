// The document eval CLI as an operator runs it, as a child process: offline, and with --review against Claude (the
// real SDK pointed at the local fake /v1/messages).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTextPdf, w2Lines, w2ReviewAnswer } from '../support/document-fixtures';
import { startFakeUpstreams, type FakeUpstreams } from '../support/fake-upstreams';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const year = 2025;

function evalCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/documents/eval-cli.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, PADDLE_OCR: 'off', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const w2Review = (wages: string) => w2ReviewAnswer(wages, year);

describe('documents eval CLI', () => {
  let fake: FakeUpstreams;
  let dir: string;
  before(async () => {
    fake = await startFakeUpstreams();
    dir = mkdtempSync(path.join(tmpdir(), 'lead-agent-eval-'));
    writeFileSync(path.join(dir, 'w2.pdf'), await makeTextPdf([w2Lines({ year })]));
  });
  after(async () => fake?.close());

  const withClaude = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.base, ANTHROPIC_MODEL: 'claude-test' });
  const docOf = (stdout: string) => JSON.parse(stdout.trim().split('\n')[0]!).documents[0];

  it('offline: one JSON line per file, no model called even with a key configured', async () => {
    fake.reset();
    const r = await evalCli([dir, '--json'], withClaude());
    assert.equal(r.code, 0, r.stderr);
    const doc = docOf(r.stdout);
    assert.equal(doc.type, 'W2');
    assert.equal(doc.fields.wages, 52000);
    assert.equal(doc.review, undefined);
    assert.equal(fake.callsTo('anthropic').length, 0);
  });

  it('--review: the model reads each document too; a disagreement fails model_cross_check, as in the worker', async () => {
    fake.reset();
    fake.anthropicQueue.push(w2Review('61,000.00'));
    const r = await evalCli([dir, '--json', '--review'], withClaude());
    assert.equal(r.code, 0, r.stderr);
    const doc = docOf(r.stdout);
    assert.equal(doc.review.outcome, 'disagreed');
    assert.ok(doc.validation.validationResults.some((v: any) => v.ruleName === 'model_cross_check' && !v.isValid));
    const [call] = fake.callsTo('anthropic');
    assert.equal((call!.body as any).tool_choice.name, 'record_document_review');
    assert.match(JSON.stringify((call!.body as any).messages), /\*\*\*-\*\*-0192/, 'the SSN is masked before it leaves');
  });

  it('--review with the model failing: the offline reading stands, marked unavailable, and the table counts it', async () => {
    fake.reset(); // an empty queue answers 500
    const r = await evalCli([dir, '--review'], withClaude());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Model review \(claude\): 0 agreed, 0 disagreed \(NEEDS_REVIEW\), 1 unavailable/);
    assert.match(r.stderr, /model unavailable/);
  });

  it('--expect counts a hard rule failing where no defect is planted as a false alarm', async () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'lead-agent-eval-'));
    writeFileSync(path.join(bad, 'planted.pdf'), await makeTextPdf([w2Lines({ year, ssn: '666-12-3456' })]));
    writeFileSync(path.join(bad, 'unplanted.pdf'), await makeTextPdf([w2Lines({ year, ssn: '666-12-3456' })]));
    const expect = path.join(bad, 'expect.json');
    writeFileSync(expect, JSON.stringify({ now: '2026-03-01', files: { 'planted.pdf': { documents: [{ type: 'W2', flags: ['ssn_format'] }] }, 'unplanted.pdf': { documents: [{ type: 'W2' }] } } }));
    const r = await evalCli([path.join(bad, 'planted.pdf'), path.join(bad, 'unplanted.pdf'), '--expect', expect]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /planted defects flagged\s+1\/1/);
    assert.match(r.stdout, /false alarms\s+1\b/);
    assert.match(r.stdout, /unplanted\.pdf: doc 1: "ssn_format" failed, no such defect planted/);
    assert.match(r.stdout, /files fully correct\s+1\/2/);
  });

  it('--review without a key is refused with what to set', async () => {
    const r = await evalCli([dir, '--review']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--review needs ANTHROPIC_API_KEY/);
  });
});
