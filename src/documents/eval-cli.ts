// Offline evaluation of the document pipeline over a folder of files.
//
//   npm run --silent eval:documents -- <dir|file...> [--json] [--expect <file.json>] [--now YYYY-MM-DD]
//                                      [--workers N] [--lead "First Last"] [--all] [--review]
//
// --json: one JSON line per input file: { file, documents: [{ type, pages, confidence, fields, validation }], error }.
// Otherwise a readable table, plus accuracy against the expectations file when --expect is given
// (src/documents/eval-expectations.json describes ../shared/corpus/documents). Files ending .json/.md are skipped
// unless --all. The evaluation date is --now, else the expectations file's "now", else today.
// --review: measure what the worker does with Claude configured (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL,
// ANTHROPIC_MODEL, DOCUMENT_REVIEW as for the worker): each document is also read by the model and cross-checked;
// a model failure leaves the offline reading, as in production after its retry. Without it, offline only.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { createAgentModel } from '../runtime';
import { OcrPool } from './ocr-pool';
import { HARD_RULES } from './match';
import { analyzeDocument } from './pipeline';
import { modelUnavailable, reviewDocument, segmentCollector, type ReviewModel } from './review-document';
import type { DocumentAnalysis, LeadIdentity } from './types';

interface ExpectedDoc {
  type: string;
  fields?: Record<string, unknown>;
  /** Validation rules that must FAIL (planted defects). */
  flags?: string[];
}
interface ExpectedFile {
  error?: string | null;
  documents?: ExpectedDoc[];
  note?: string;
}
interface Expectations {
  now?: string;
  lead?: LeadIdentity;
  files: Record<string, ExpectedFile>;
}

function parseArgs(argv: string[]) {
  const out = { inputs: [] as string[], json: false, expect: null as string | null, now: null as string | null, workers: 2, lead: null as string | null, all: false, review: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--all') out.all = true;
    else if (a === '--review') out.review = true;
    else if (a === '--expect') out.expect = argv[++i] ?? null;
    else if (a === '--now') out.now = argv[++i] ?? null;
    else if (a === '--workers') out.workers = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--lead') out.lead = argv[++i] ?? null;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: eval-cli <dir|file...> [--json] [--expect file.json] [--now YYYY-MM-DD] [--workers N] [--lead "First Last"] [--all] [--review]\n');
      process.exit(0);
    } else out.inputs.push(a);
  }
  return out;
}

function listFiles(inputs: string[], all: boolean): string[] {
  const files: string[] = [];
  for (const inp of inputs) {
    const st = fs.statSync(inp);
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(inp).sort()) {
        const p = path.join(inp, f);
        if (!fs.statSync(p).isFile()) continue;
        if (!all && /\.(json|md)$/i.test(f)) continue;
        files.push(p);
      }
    } else files.push(inp);
  }
  return files;
}

function mimeFromName(f: string): string {
  const ext = path.extname(f).toLowerCase();
  return ({ '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.tif': 'image/tiff', '.tiff': 'image/tiff' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

function norm(v: unknown): string {
  return String(v).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
}

/** Expected vs actual field value: numbers within a cent, strings equal after normalisation or contained. */
function fieldMatches(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(expected - actual) < 0.011;
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'object') {
    if (typeof actual !== 'object') return false;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => fieldMatches(v, (actual as Record<string, unknown>)[k]));
  }
  const e = norm(expected);
  const a = norm(actual);
  return a === e || (e.length >= 4 && a.includes(e));
}

interface Score {
  files: number;
  filesCorrect: number;
  docs: number;
  typesCorrect: number;
  fields: number;
  fieldsCorrect: number;
  flags: number;
  flagsFound: number;
  /** Hard rules (the ones that refuse an item) failed on a document where no such defect is planted. */
  falseAlarms: number;
  errors: number;
  errorsCorrect: number;
  misses: string[];
}

function score(file: string, exp: ExpectedFile, a: DocumentAnalysis, s: Score): void {
  s.files++;
  let ok = true;
  const miss = (m: string) => {
    ok = false;
    s.misses.push(`${file}: ${m}`);
  };
  if (exp.error) {
    s.errors++;
    if (a.kind === 'rejected' && a.code === exp.error) s.errorsCorrect++;
    else miss(`expected rejection ${exp.error}, got ${a.kind === 'rejected' ? a.code : 'ok'}`);
  } else if (a.kind === 'rejected') {
    miss(`rejected ${a.code}: ${a.message}`);
  }
  const docs = a.kind === 'ok' ? a.segments : [];
  (exp.documents ?? []).forEach((ed, i) => {
    s.docs++;
    const d = docs[i];
    if (d?.type === ed.type) s.typesCorrect++;
    else miss(`doc ${i + 1}: expected ${ed.type}, got ${d?.type ?? 'nothing'}`);
    for (const [k, v] of Object.entries(ed.fields ?? {})) {
      s.fields++;
      if (d && fieldMatches(v, d.fields[k])) s.fieldsCorrect++;
      else miss(`doc ${i + 1} ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(d?.fields[k])}`);
    }
    for (const rule of ed.flags ?? []) {
      s.flags++;
      if (d?.validation.validationResults.some((r) => r.ruleName === rule && !r.isValid)) s.flagsFound++;
      else miss(`doc ${i + 1}: defect "${rule}" not flagged`);
    }
    for (const r of d?.validation.validationResults ?? []) {
      if (r.isValid || !HARD_RULES.has(r.ruleName) || (ed.flags ?? []).includes(r.ruleName)) continue;
      s.falseAlarms++;
      miss(`doc ${i + 1}: "${r.ruleName}" failed, no such defect planted: ${r.isValidReason}`);
    }
  });
  if (ok) s.filesCorrect++;
}

function pct(a: number, b: number): string {
  return b ? `${a}/${b} (${Math.round((a / b) * 100)}%)` : 'n/a';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.inputs.length) {
    process.stderr.write('usage: eval-cli <dir|file...> [--json] [--expect file.json] [--now YYYY-MM-DD]\n');
    process.exit(2);
  }
  const expectations: Expectations | null = args.expect ? JSON.parse(fs.readFileSync(args.expect, 'utf8')) : null;
  const now = new Date(args.now ?? expectations?.now ?? new Date().toISOString());
  const [firstName, ...rest] = (args.lead ?? '').split(' ').filter(Boolean);
  const lead: LeadIdentity = args.lead ? { firstName: firstName ?? null, lastName: rest.join(' ') || null, businessName: null } : (expectations?.lead ?? { firstName: null, lastName: null, businessName: null });
  const files = listFiles(args.inputs, args.all);
  // The worker's settings (PADDLE_OCR, and the model's for --review): measure what a deployment reads.
  const config = loadConfig(process.env);
  const model = args.review ? reviewModel(config) : null;
  const pool = new OcrPool({
    size: args.workers,
    ...(config.PADDLE_OCR === 'off' && { paddle: false as const }),
    onPaddleError: (err) => process.stderr.write(`warn: PaddleOCR failed, tesseract's reading kept: ${(err as Error)?.message ?? String(err)}\n`),
  });
  const results: { file: string; analysis: DocumentAnalysis; ms: number }[] = new Array(files.length);
  let next = 0;
  const t0 = Date.now();
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      const started = Date.now();
      const bytes = new Uint8Array(fs.readFileSync(file));
      const { texts, images, onSegmentText } = segmentCollector();
      const filename = path.basename(file);
      const offline = await analyzeDocument({ filename, declaredMimeType: mimeFromName(file), bytes, lead, now }, { ocr: pool, onSegmentText });
      const analysis = model ? await reviewDocument({ filename, analysis: offline, texts, images, lead, now }, model) : offline;
      results[i] = { file, analysis, ms: Date.now() - started };
      if (args.json) {
        const a = analysis;
        process.stdout.write(
          JSON.stringify({
            file: path.basename(file),
            documents: a.kind === 'ok' ? a.segments.map((s) => ({ type: s.type, pages: s.pages, confidence: s.confidence, fields: s.fields, validation: s.validation, ...(s.ocrConfidence !== undefined ? { ocrConfidence: s.ocrConfidence } : {}), ...(s.review ? { review: s.review } : {}) })) : [],
            error: a.kind === 'rejected' ? { code: a.code, message: a.message, leadMessage: a.leadMessage } : null,
          }) + '\n',
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(args.workers, files.length) }, worker));
  } finally {
    await pool.close();
  }
  const totalMs = Date.now() - t0;
  if (args.json) return;

  const rows = results.map(({ file, analysis: a, ms }) => {
    const name = path.basename(file);
    if (a.kind === 'rejected') return [name, `REJECTED ${a.code}`, '', '', `${(ms / 1000).toFixed(1)}s`, a.message];
    return [
      name,
      a.segments.map((s) => s.type).join('+'),
      a.segments.map((s) => s.confidence.toFixed(2)).join(' '),
      a.segments.map((s) => (s.validation.overallValid ? 'valid' : 'issues')).join(' '),
      `${(ms / 1000).toFixed(1)}s`,
      a.segments.map((s) => s.validation.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName).join(',')).join(' | '),
    ];
  });
  const header = ['file', 'type', 'conf', 'valid', 'time', 'failed rules'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]!))).join('  ');
  process.stdout.write(fmt(header) + '\n' + fmt(widths.map((w) => '-'.repeat(w))) + '\n');
  for (const r of rows) process.stdout.write(fmt(r) + '\n');
  process.stdout.write(`\n${files.length} files in ${(totalMs / 1000).toFixed(1)}s (evaluation date ${now.toISOString().slice(0, 10)})\n`);
  if (model) {
    const outcomes = results.flatMap((r) => (r.analysis.kind === 'ok' ? r.analysis.segments.map((s) => s.review?.outcome ?? 'none') : []));
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    process.stdout.write(`Model review (${model.name}): ${count('agreed')} agreed, ${count('disagreed')} disagreed (NEEDS_REVIEW), ${count('unavailable')} unavailable\n`);
  }

  if (expectations) {
    const s: Score = { files: 0, filesCorrect: 0, docs: 0, typesCorrect: 0, fields: 0, fieldsCorrect: 0, flags: 0, flagsFound: 0, falseAlarms: 0, errors: 0, errorsCorrect: 0, misses: [] };
    for (const r of results) {
      const exp = expectations.files[path.basename(r.file)];
      if (exp) score(path.basename(r.file), exp, r.analysis, s);
    }
    process.stdout.write(
      [
        '',
        `Accuracy against ${args.expect} (${s.files} files with expectations):`,
        `  files fully correct      ${pct(s.filesCorrect, s.files)}`,
        `  document types           ${pct(s.typesCorrect, s.docs)}`,
        `  fields                   ${pct(s.fieldsCorrect, s.fields)}`,
        `  planted defects flagged  ${pct(s.flagsFound, s.flags)}`,
        `  false alarms             ${s.falseAlarms}`,
        `  rejections               ${pct(s.errorsCorrect, s.errors)}`,
        '',
        ...(s.misses.length ? ['Misses:', ...s.misses.map((m) => `  - ${m}`)] : ['No misses.']),
        '',
      ].join('\n'),
    );
  }
}

/** The worker's model; a failed call leaves the offline reading and says why on stderr. */
function reviewModel(config: Config): ReviewModel {
  const agent = createAgentModel(config);
  if (!agent.structured || config.DOCUMENT_REVIEW === 'off') {
    process.stderr.write('--review needs ANTHROPIC_API_KEY (and DOCUMENT_REVIEW not off); ANTHROPIC_BASE_URL and ANTHROPIC_MODEL are read as by the worker\n');
    process.exit(2);
  }
  return {
    name: agent.name,
    ask: agent.structured.bind(agent),
    withImages: config.DOCUMENT_REVIEW === 'auto',
    onModelError(err) {
      const reason = modelUnavailable(err);
      process.stderr.write(`warn: ${reason}; offline reading kept\n`);
      return reason;
    },
    onBadAnswer: (reason) => process.stderr.write(`warn: model answer unreadable (${reason}); offline reading kept\n`),
  };
}

main().catch((err) => {
  process.stderr.write(`eval failed: ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
});
