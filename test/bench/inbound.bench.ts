/**
 * `npm run bench [-- --messages 200 --leads 20 --concurrency 20 --poll-ms 10 --warmup 5 --baseline-mark reply --json]`
 *
 * Posts N inbound messages across M leads through the full autopilot path (HTTP POST /api/v1/messages/inbound ->
 * signal-with-start -> lead workflow -> offline agent -> outbox -> dev transport -> OUTBOUND message row) and, in the
 * same process against the same Temporal dev server, drives a bare baseline workflow (test/bench/baseline-workflow.ts)
 * with the same signal pattern and the same number of activities per turn, all with empty bodies. Prints throughput,
 * latency percentiles and the lead-agent / baseline ratio. Messages to one lead go one at a time (the next is sent once
 * the reply to the previous one exists, like a conversation); different leads run concurrently.
 *
 * Latency of a turn = when the result exists minus when the request was sent (both read from this machine's wall
 * clock, Date.now(), 1 ms resolution):
 *  - lead agent: `created_at` of the turn's OUTBOUND row in `messages` (PostgreSQL `now()`, i.e. the start of the
 *    transaction that inserts it; the row becomes visible at that transaction's commit a few statements later);
 *  - baseline: the time the turn's marking (empty) activity ran, noted in memory. It sits where the lead workflow's
 *    sendMessage sits in that turn (the reply row is written there; scheduleFollowUp still follows, and the next
 *    message of the conversation can arrive while it runs, in both workflows alike), or last with --baseline-mark last.
 * Activities per turn are read from the lead workflows' histories after the lead-agent phase, per lead and per turn.
 * Completion is *detected* by polling every --poll-ms (a database query for the lead agent, the in-memory map for the
 * baseline), which paces the next message to that lead the same way on both sides but does not enter the latency.
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema';
import { startStack, type Stack } from '../support/stack';
import { baselineInboundSignal, baselineWorkflow, type BaselineActivities } from './baseline-workflow';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASELINE_TASK_QUEUE = 'bench-baseline';
const WARMUP_LEAD_OFFSET = 90_000; // warm-up leads get phone numbers of their own, outside the measured range

// ---------------------------------------------------------------------------------------------------------------
// Options

interface Options {
  messages: number;
  leads: number;
  concurrency: number;
  pollMs: number;
  warmup: number;
  turnTimeoutMs: number;
  baselineMark: 'reply' | 'last';
  json: boolean;
}

const USAGE = `Usage: npm run bench -- [options]

  --messages, -n <N>      inbound messages in total               (env BENCH_MESSAGES, default 200)
  --leads, -m <M>         leads they are spread over               (env BENCH_LEADS, default 20)
  --concurrency, -c <C>   conversations (leads) in flight at once   (env BENCH_CONCURRENCY, default = leads)
  --poll-ms <ms>          how often completion is checked          (env BENCH_POLL_MS, default 10)
  --warmup <W>            unmeasured one-message leads per side    (env BENCH_WARMUP, default 5)
  --turn-timeout <ms>     give up on a lead after this long a turn  (env BENCH_TURN_TIMEOUT_MS, default 60000)
  --baseline-mark <where> reply: the baseline notes completion at the position of the lead workflow's sendMessage
                          (the step that writes the reply; scheduleFollowUp runs after it, as in the lead workflow);
                          last: at the turn's last activity           (env BENCH_BASELINE_MARK, default reply)
  --json                  print one JSON line instead of the table  (env BENCH_JSON=1); it is the last line of
                          stdout (the Temporal dev server prints a banner there first): npm run -s bench -- --json | tail -1

DATABASE_URL=postgres://... uses PostgreSQL (a fresh database, dropped afterwards); without it, embedded PGlite.`;

/** A bad option: reported as its message and the usage, without a stack. */
class UsageError extends Error {}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  try {
    return parseOptionsOrThrow(argv, env);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
}

function parseOptionsOrThrow(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', short: 'n' },
      leads: { type: 'string', short: 'm' },
      concurrency: { type: 'string', short: 'c' },
      'poll-ms': { type: 'string' },
      warmup: { type: 'string' },
      'turn-timeout': { type: 'string' },
      'baseline-mark': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
    return n;
  };
  const messages = int('--messages', values.messages ?? env.BENCH_MESSAGES, 200, 1);
  const leads = int('--leads', values.leads ?? env.BENCH_LEADS, 20, 1);
  if (leads > messages) throw new Error(`--leads (${leads}) must not exceed --messages (${messages})`);
  if (leads > WARMUP_LEAD_OFFSET) throw new Error(`--leads must be at most ${WARMUP_LEAD_OFFSET}`);
  const baselineMark = values['baseline-mark'] ?? env.BENCH_BASELINE_MARK ?? 'reply';
  if (baselineMark !== 'reply' && baselineMark !== 'last') throw new Error(`--baseline-mark must be reply or last, got "${baselineMark}"`);
  const concurrency = Math.min(leads, int('--concurrency', values.concurrency ?? env.BENCH_CONCURRENCY, leads, 1));
  return {
    messages,
    leads,
    concurrency,
    pollMs: int('--poll-ms', values['poll-ms'] ?? env.BENCH_POLL_MS, 10, 1),
    warmup: int('--warmup', values.warmup ?? env.BENCH_WARMUP, 5, 0),
    turnTimeoutMs: int('--turn-timeout', values['turn-timeout'] ?? env.BENCH_TURN_TIMEOUT_MS, 60_000, 100),
    baselineMark,
    json: values.json ?? ['1', 'true', 'yes'].includes((env.BENCH_JSON ?? '').toLowerCase()),
  };
}

/** Messages per lead: N spread as evenly as possible over M leads. */
function planConversations(messages: number, leads: number): number[] {
  return Array.from({ length: leads }, (_, i) => Math.floor(messages / leads) + (i < messages % leads ? 1 : 0));
}

/** A valid US number per lead index (libphonenumber accepts 512-6xx-xxxx). */
function phoneOf(i: number): string {
  return `+1512${600 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
}

const BODIES = [
  'Hi, I need a loan for my bakery',
  'What do you still need from me?',
  'My name is Dana Smith and the business is Smith Bakes LLC',
  'I can send the bank statements tomorrow',
  'How long does approval usually take?',
  'ok thanks',
];

// ---------------------------------------------------------------------------------------------------------------
// Completion detection: one poll loop per phase, batching every turn that is waiting.

interface Pending {
  /** Lead agent: the lead id. Baseline: unused. */
  leadKey: string;
  /** Lead agent: unused. Baseline: the message id the last activity notes. */
  messageKey: string;
  /** Lead agent: OUTBOUND rows the lead must have once this turn is answered. */
  expected: number;
}

type CheckFn = (items: Pending[]) => Promise<Map<Pending, number>>;

class CompletionPoller {
  private readonly waiting = new Map<Pending, { resolve(v: { doneAt: number; seenAt: number }): void; reject(e: Error): void; deadline: number }>();
  private running = false;
  polls = 0;

  constructor(
    private readonly pollMs: number,
    private readonly check: CheckFn,
  ) {}

  wait(p: Pending, timeoutMs: number): Promise<{ doneAt: number; seenAt: number }> {
    return new Promise((resolve, reject) => {
      this.waiting.set(p, { resolve, reject, deadline: Date.now() + timeoutMs });
      if (!this.running) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size > 0) {
        const items = [...this.waiting.keys()];
        let found = new Map<Pending, number>();
        try {
          found = await this.check(items);
          this.polls++;
        } catch (err) {
          console.error(`poll failed (will retry): ${(err as Error).message}`);
        }
        const now = Date.now();
        for (const p of items) {
          const w = this.waiting.get(p)!;
          const doneAt = found.get(p);
          if (doneAt !== undefined) {
            this.waiting.delete(p);
            w.resolve({ doneAt, seenAt: now });
          } else if (now > w.deadline) {
            this.waiting.delete(p);
            w.reject(new Error('no completion before the turn timeout'));
          }
        }
        if (this.waiting.size > 0) await sleep(this.pollMs);
      }
    } finally {
      this.running = false;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A phase: M conversations, at most C at once, each turn sent only after the previous one completed.

interface TurnRecord {
  lead: number;
  turn: number;
  sentAt: number;
  /** When the send call returned (POST answered 202 / signalWithStart returned). */
  acceptedAt: number;
  /** When the result existed (row created_at / last activity ran). */
  doneAt: number;
  /** When the poll loop saw it. */
  seenAt: number;
}

interface PhaseResult {
  name: string;
  records: TurnRecord[];
  failures: string[];
  startedAt: number;
  endedAt: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  peakRssBytes: number;
  /** CPU used meanwhile by the Temporal dev server and by all PostgreSQL processes (null where /proc is unreadable). */
  temporalCpuMs: number | null;
  postgresCpuMs: number | null;
  /** Event-loop delay of this process (API, workers' activities and the bench share it). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  polls: number;
}

type SendFn = (lead: number, turn: number) => Promise<Pending>;

async function runPhase(
  name: string,
  plan: number[],
  opts: Pick<Options, 'concurrency' | 'turnTimeoutMs' | 'pollMs'>,
  send: SendFn,
  check: CheckFn,
  progress: boolean,
): Promise<PhaseResult> {
  const poller = new CompletionPoller(opts.pollMs, check);
  const records: TurnRecord[] = [];
  const failures: string[] = [];
  const total = plan.reduce((a, b) => a + b, 0);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const reporter = progress
    ? setInterval(() => log(`  [${name}] ${records.length}/${total} turns done, ${failures.length} failed`), 5_000)
    : undefined;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const temporal0 = procTicks(/^temporal$/);
  const postgres0 = procTicks(/^postgres$/);
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();

  async function converse(lead: number): Promise<void> {
    for (let turn = 0; turn < plan[lead]; turn++) {
      const sentAt = Date.now();
      let pending: Pending;
      try {
        pending = await send(lead, turn);
      } catch (err) {
        failures.push(`lead ${lead} turn ${turn}: send failed: ${(err as Error).message}`);
        return;
      }
      const acceptedAt = Date.now();
      try {
        const { doneAt, seenAt } = await poller.wait(pending, opts.turnTimeoutMs);
        records.push({ lead, turn, sentAt, acceptedAt, doneAt, seenAt });
      } catch (err) {
        // A late reply would be mistaken for the next turn's, so this lead's conversation ends here.
        failures.push(`lead ${lead} turn ${turn}: ${(err as Error).message} (${opts.turnTimeoutMs} ms)`);
        return;
      }
    }
  }

  let nextLead = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, plan.length) }, async () => {
      while (nextLead < plan.length) await converse(nextLead++);
    }),
  );

  clearInterval(sampler);
  if (reporter) clearInterval(reporter);
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const endedAt = records.length ? Math.max(...records.map((r) => r.doneAt)) : Date.now();
  return {
    name,
    records,
    failures,
    startedAt,
    endedAt,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    peakRssBytes: peakRss,
    temporalCpuMs: ticksDeltaMs(temporal0, procTicks(/^temporal$/)),
    postgresCpuMs: ticksDeltaMs(postgres0, procTicks(/^postgres$/)),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    polls: poller.polls,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow histories: which activities one turn runs.

/** One baseline turn: how many empty activities, and which of them (1-based) notes the completion time. */
interface TurnSpec {
  activities: number;
  markAt: number;
}

interface HistoryShape {
  /** Activity types scheduled before the first turn (workflow start). */
  start: string[];
  /** Activity types per turn, in order. */
  turns: string[][];
  events: number;
  workflowTasks: number;
  activities: number;
  /** Runs (1 + continue-as-new count). */
  runs: number;
  byType: Map<string, number>;
  /** History events by kind (the name of the event's attributes field, e.g. timerStarted). */
  eventKinds: Map<string, number>;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

/** Every run of a workflow id, oldest first: the lead workflow continues as new when Temporal suggests it. */
async function fullHistory(client: Client, workflowId: string): Promise<{ events: HistoryEvent[]; runs: number }> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.unshift(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId || runs.length >= 10_000) break;
  }
  return { events: runs.flat(), runs: runs.length };
}

async function historyShape(client: Client, workflowId: string, turnStartsWith: string | null): Promise<HistoryShape> {
  const { events, runs } = await fullHistory(client, workflowId);
  const start: string[] = [];
  const turns: string[][] = [];
  let workflowTasks = 0;
  let activities = 0;
  const byType = new Map<string, number>();
  const eventKinds = new Map<string, number>();
  for (const e of events) {
    const kind = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k] != null)?.replace(/EventAttributes$/, '');
    if (kind) eventKinds.set(kind, (eventKinds.get(kind) ?? 0) + 1);
    if (e.workflowTaskCompletedEventAttributes) workflowTasks++;
    const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (!type) continue;
    activities++;
    byType.set(type, (byType.get(type) ?? 0) + 1);
    if (turnStartsWith !== null && type === turnStartsWith) turns.push([type]);
    else if (turns.length) turns[turns.length - 1].push(type);
    else start.push(type);
  }
  return { start, turns, events: events.length, workflowTasks, activities, runs, byType, eventKinds };
}

/**
 * Waits until the workflows have no activity or workflow task outstanding: a phase ends when the last reply exists,
 * but that turn's remaining steps (scheduleFollowUp) are still to run. Returns how many are still busy at the timeout.
 */
async function settle(client: Client, workflowIds: string[], timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let busy = workflowIds;
  for (;;) {
    const flags = await mapLimit(busy, 8, async (id) => {
      const { raw } = await client.workflow.getHandle(id).describe();
      return (raw.pendingActivities?.length ?? 0) > 0 || !!raw.pendingWorkflowTask;
    });
    busy = busy.filter((_, i) => flags[i]);
    if (!busy.length || Date.now() > deadline) return busy.length;
    await sleep(50);
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const mode = (xs: string[]) => {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
};

// ---------------------------------------------------------------------------------------------------------------
// Statistics and output

interface Stats {
  messages: number;
  failed: number;
  wallMs: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  sendP50: number;
  sendP95: number;
  seenP50: number;
  seenP95: number;
  cpuMs: number;
  temporalCpuMs: number | null;
  postgresCpuMs: number | null;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  peakRssMb: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(r: PhaseResult): Stats {
  const lat = r.records.map((x) => x.doneAt - x.sentAt).sort((a, b) => a - b);
  const send = r.records.map((x) => x.acceptedAt - x.sentAt).sort((a, b) => a - b);
  const seen = r.records.map((x) => x.seenAt - x.sentAt).sort((a, b) => a - b);
  const wallMs = r.endedAt - r.startedAt;
  return {
    messages: r.records.length,
    failed: r.failures.length,
    wallMs,
    throughput: r.records.length / (wallMs / 1000),
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1] ?? NaN,
    mean: lat.reduce((a, b) => a + b, 0) / (lat.length || 1),
    sendP50: percentile(send, 50),
    sendP95: percentile(send, 95),
    seenP50: percentile(seen, 50),
    seenP95: percentile(seen, 95),
    cpuMs: r.cpuUserMs + r.cpuSystemMs,
    temporalCpuMs: r.temporalCpuMs,
    postgresCpuMs: r.postgresCpuMs,
    loopDelayP99Ms: r.loopDelayP99Ms,
    loopDelayMaxMs: r.loopDelayMaxMs,
    peakRssMb: r.peakRssBytes / 2 ** 20,
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Peak RSS (VmHWM) of this process's direct children whose name matches, e.g. the Temporal dev server. Linux only. */
function childPeakRss(match: RegExp): { name: string; pid: number; mb: number }[] {
  try {
    const out: { name: string; pid: number; mb: number }[] = [];
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid) continue;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
        const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
        if (match.test(name) && hwm) out.push({ name, pid: Number(pid), mb: Number(hwm) / 1024 });
      } catch {
        // gone already, or not ours to read
      }
    }
    return out;
  } catch {
    return [];
  }
}

/** utime + stime, in clock ticks, of every process whose name matches; null without a readable /proc. */
function procTicks(match: RegExp): Map<number, number> | null {
  try {
    const out = new Map<number, number>();
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!match.test(name)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
        out.set(Number(pid), Number(fields[11]) + Number(fields[12])); // fields 14 and 15: utime, stime
      } catch {
        // gone already
      }
    }
    return out;
  } catch {
    return null;
  }
}

/** CPU milliseconds between two snapshots (processes that ended in between are missed). USER_HZ is 100 on Linux. */
function ticksDeltaMs(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * 10;
}

let quiet = false;
/** Progress and notes: stdout normally, stderr with --json so stdout carries only the JSON line. */
function log(line = '') {
  (quiet ? process.stderr : process.stdout).write(line + '\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2), process.env);
  quiet = opts.json;
  const plan = planConversations(opts.messages, opts.leads);
  const dbKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

  log('Lead Agent inbound benchmark');
  log(
    `  messages ${opts.messages}, leads ${opts.leads} (${Math.min(...plan)}-${Math.max(...plan)} messages each, sequential per lead), ` +
      `concurrency ${opts.concurrency}, warm-up ${opts.warmup} lead(s) per side, poll every ${opts.pollMs} ms, turn timeout ${opts.turnTimeoutMs} ms`,
  );
  log(
    dbKind === 'postgres'
      ? '  database: PostgreSQL from DATABASE_URL (a fresh lead_agent_test_* database, dropped afterwards)'
      : '  database: embedded PGlite (DATABASE_URL unset): slower, one connection shared by API, worker and poller',
  );
  log(`  machine: ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, Node ${process.version}; FOLLOW_UP_CADENCE=P7D (no timer fires mid-run)`);
  const loadAtStart = os.loadavg()[0];
  log(`  load average (1 min) before starting: ${f(loadAtStart, 2)}${loadAtStart > os.cpus().length / 2 ? ' (other work is running on this machine; it will skew the numbers)' : ''}`);
  log();

  let stack: Stack | undefined;
  let baseline: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  let pollDb: Kysely<Database> | undefined;
  try {
    let t = Date.now();
    // The offline agent always: no model provider is called, whatever the environment holds.
    stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'P7D', ANTHROPIC_API_KEY: '' } });
    log(`stack up in ${f((Date.now() - t) / 1000)} s (Temporal dev server ${stack.env.TEMPORAL_ADDRESS}, API ${stack.app.url}, lead worker on "${stack.env.TEMPORAL_TASK_QUEUE}")`);

    // The baseline worker: same process, same server, its own connection and task queue.
    t = Date.now();
    const marks = new Map<string, number>();
    const activities: BaselineActivities = {
      async noop() {},
      async mark(messageId) {
        marks.set(messageId, Date.now());
      },
    };
    const connection = await NativeConnection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      connection,
      namespace: stack.env.TEMPORAL_NAMESPACE,
      taskQueue: BASELINE_TASK_QUEUE,
      workflowsPath: path.join(HERE, 'baseline-workflow.ts'),
      activities,
      shutdownGraceTime: '1s',
    });
    baseline = { worker, running: worker.run(), connection };
    baseline.running.catch((err) => console.error('baseline worker stopped with an error', err));
    log(`baseline worker up in ${f((Date.now() - t) / 1000)} s (task queue "${BASELINE_TASK_QUEUE}")`);

    // The reply poller reads the database on a connection of its own when there is a server to connect to.
    pollDb = dbKind === 'postgres'
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 1 }) }) })
      : undefined;
    const readDb = pollDb ?? stack.app.database.db;
    const client = stack.temporal.client;
    const s = stack;

    // ---- lead agent -------------------------------------------------------------------------------------------
    const runTag = Date.now().toString(36);
    const leadIds = new Map<number, string>();
    const postTurn = (offset: number) => async (lead: number, turn: number): Promise<Pending> => {
      const res = await s.api('POST', '/api/v1/messages/inbound', {
        channel: 'SMS',
        from: phoneOf(offset + lead),
        body: BODIES[turn % BODIES.length],
        externalMessageId: `bench-${runTag}-${offset + lead}-${turn}`,
      });
      if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.duplicate) throw new Error('the API reported a duplicate');
      const known = leadIds.get(offset + lead);
      if (known && known !== res.body.leadId) throw new Error(`lead changed from ${known} to ${res.body.leadId}`);
      leadIds.set(offset + lead, res.body.leadId);
      return { leadKey: res.body.leadId, messageKey: res.body.messageId, expected: turn + 1 };
    };
    const checkReplies: CheckFn = async (items) => {
      const rows = await readDb
        .selectFrom('messages')
        .select(['lead_id', sql<number>`count(*)::int`.as('n'), sql<number>`(extract(epoch from max(created_at)) * 1000)::float8`.as('last_ms')])
        .where('direction', '=', 'OUTBOUND')
        .where('lead_id', 'in', [...new Set(items.map((i) => i.leadKey))])
        .groupBy('lead_id')
        .execute();
      const byLead = new Map(rows.map((r) => [r.lead_id, r]));
      const found = new Map<Pending, number>();
      for (const p of items) {
        const r = byLead.get(p.leadKey);
        // One reply per turn and turns are sequential, so the newest row is this turn's reply.
        if (r && Number(r.n) >= p.expected) found.set(p, Number(r.last_ms));
      }
      return found;
    };

    if (opts.warmup > 0) {
      t = Date.now();
      const w = await runPhase('lead agent warm-up', Array(opts.warmup).fill(1), { ...opts, concurrency: opts.warmup }, postTurn(WARMUP_LEAD_OFFSET), checkReplies, false);
      log(`lead agent warm-up: ${w.records.length}/${opts.warmup} in ${f((Date.now() - t) / 1000)} s${w.failures.length ? `, failures: ${w.failures.join('; ')}` : ''}`);
    }
    log(`lead agent: ${opts.messages} messages over ${opts.leads} leads ...`);
    const leadRun = await runPhase('lead agent', plan, opts, postTurn(0), checkReplies, true);
    log(`lead agent: done in ${f((leadRun.endedAt - leadRun.startedAt) / 1000)} s`);

    // ---- activities per turn, from the lead workflows' histories -----------------------------------------------
    // A turn starts with acceptInbound; what runs before the first one (loadLeadSettings) runs once per workflow.
    const measuredLeads = plan.map((_, i) => i).filter((i) => leadIds.has(i));
    const leadBusy = await settle(client, measuredLeads.map((i) => `lead-${leadIds.get(i)!}`));
    const shapes = await mapLimit(measuredLeads, 8, (i) => historyShape(client, `lead-${leadIds.get(i)!}`, 'acceptInbound'));
    const fits = (k: number) => shapes[k].turns.length === plan[measuredLeads[k]];
    const complete = shapes.filter((_, k) => fits(k));
    const specOf = (names: string[]): TurnSpec => ({
      activities: names.length,
      markAt: opts.baselineMark === 'last' ? names.length : names.indexOf('sendMessage') + 1 || names.length,
    });
    const medianSpec = (specs: TurnSpec[]): TurnSpec => ({ activities: median(specs.map((x) => x.activities)), markAt: median(specs.map((x) => x.markAt)) });
    // Should no history split into turns (a renamed activity, say), every message gets the overall average.
    const average = Math.max(1, Math.round(shapes.reduce((a, sh) => a + sh.activities, 0) / Math.max(1, leadRun.records.length)));
    const orAverage = (x: TurnSpec): TurnSpec => (x.activities > 0 ? x : { activities: average, markAt: average });
    const startCount = median(complete.map((sh) => sh.start.length)) || 0;
    const firstSpec = orAverage(medianSpec(complete.filter((sh) => sh.turns.length > 0).map((sh) => specOf(sh.turns[0]))));
    const laterSpecs = complete.flatMap((sh) => sh.turns.slice(1).map(specOf));
    const laterSpec = laterSpecs.length ? medianSpec(laterSpecs) : firstSpec;
    const fallback = (turn: number): TurnSpec => (turn === 0 ? firstSpec : laterSpec);
    const perLead = new Map<number, { start: number; turns: TurnSpec[] }>();
    let mismatched = 0;
    measuredLeads.forEach((lead, k) => {
      if (!fits(k)) mismatched++;
      perLead.set(lead, {
        start: fits(k) ? shapes[k].start.length : startCount,
        turns: Array.from({ length: plan[lead] }, (_, turn) => (fits(k) ? specOf(shapes[k].turns[turn]) : fallback(turn))),
      });
    });
    const leadActivities = shapes.reduce((a, sh) => a + sh.activities, 0);
    const leadEvents = shapes.reduce((a, sh) => a + sh.events, 0);
    const leadWfTasks = shapes.reduce((a, sh) => a + sh.workflowTasks, 0);
    const describe = (seqs: string[][]) => mode(seqs.map((x) => x.join(', '))) || '(none)';
    const byType = new Map<string, number>();
    for (const sh of shapes) for (const [k, v] of sh.byType) byType.set(k, (byType.get(k) ?? 0) + v);
    const perMessageByType = Object.fromEntries([...byType].map(([k, v]) => [k, v / Math.max(1, leadRun.records.length)]));
    const activityShape = {
      onStart: describe(complete.map((sh) => sh.start)),
      firstTurn: describe(complete.map((sh) => sh.turns[0] ?? [])),
      laterTurns: describe(complete.flatMap((sh) => sh.turns.slice(1))),
      perMessage: leadActivities / Math.max(1, leadRun.records.length),
      baselineMark: opts.baselineMark,
      perMessageByType,
    };
    log(
      `lead workflow activities: on start [${activityShape.onStart}]; first turn [${activityShape.firstTurn}]; ` +
        `later turns [${activityShape.laterTurns}] (most common); per message overall ${f(activityShape.perMessage, 2)}: ` +
        Object.entries(perMessageByType).map(([k, v]) => `${k} ${f(v, 2)}`).join(', ') +
        (mismatched ? ` (${mismatched} lead(s) with an unexpected history shape used the median counts)` : '') +
        (shapes.some((sh) => sh.runs > 1) ? `; ${shapes.reduce((a, sh) => a + sh.runs - 1, 0)} continue-as-new(s), histories followed across runs` : ''),
    );
    log(
      `baseline turns: as many empty activities, completion noted at ${
        opts.baselineMark === 'last' ? 'the last one' : "sendMessage's position (the reply is written there; scheduleFollowUp follows)"
      }`,
    );

    // ---- baseline -------------------------------------------------------------------------------------------------
    const baselineIds = new Map<number, string>();
    const signalTurn = (prefix: string, spec: (lead: number, turn: number) => TurnSpec, start: (lead: number) => number) =>
      async (lead: number, turn: number): Promise<Pending> => {
        const workflowId = `${prefix}-${lead}`;
        const messageId = `${workflowId}-${turn}`;
        const { activities, markAt } = spec(lead, turn);
        await client.workflow.signalWithStart(baselineWorkflow, {
          workflowId,
          taskQueue: BASELINE_TASK_QUEUE,
          args: [{ startActivities: start(lead) }],
          signal: baselineInboundSignal,
          signalArgs: [{ messageId, activities: Math.max(1, activities), markAt: Math.min(Math.max(1, markAt), Math.max(1, activities)) }],
        });
        baselineIds.set(lead, workflowId);
        return { leadKey: workflowId, messageKey: messageId, expected: turn + 1 };
      };
    const checkMarks: CheckFn = async (items) => {
      const found = new Map<Pending, number>();
      for (const p of items) {
        const at = marks.get(p.messageKey);
        if (at !== undefined) found.set(p, at);
      }
      return found;
    };

    if (opts.warmup > 0) {
      t = Date.now();
      const w = await runPhase(
        'baseline warm-up',
        Array(opts.warmup).fill(1),
        { ...opts, concurrency: opts.warmup },
        signalTurn(`baseline-${runTag}-warmup`, () => firstSpec, () => startCount),
        checkMarks,
        false,
      );
      log(`baseline warm-up: ${w.records.length}/${opts.warmup} in ${f((Date.now() - t) / 1000)} s${w.failures.length ? `, failures: ${w.failures.join('; ')}` : ''}`);
    }
    baselineIds.clear();
    log(`baseline: ${opts.messages} signals over ${opts.leads} workflows ...`);
    const baseRun = await runPhase(
      'baseline',
      plan,
      opts,
      signalTurn(
        `baseline-${runTag}`,
        (lead, turn) => perLead.get(lead)?.turns[turn] ?? fallback(turn),
        (lead) => perLead.get(lead)?.start ?? startCount,
      ),
      checkMarks,
      true,
    );
    log(`baseline: done in ${f((baseRun.endedAt - baseRun.startedAt) / 1000)} s`);

    const baseBusy = await settle(client, [...baselineIds.values()]);
    const baseShapes = await mapLimit([...baselineIds.values()], 8, (id) => historyShape(client, id, null));
    const baseActivities = baseShapes.reduce((a, sh) => a + sh.activities, 0);
    const baseEvents = baseShapes.reduce((a, sh) => a + sh.events, 0);
    const baseWfTasks = baseShapes.reduce((a, sh) => a + sh.workflowTasks, 0);

    // ---- sanity: exactly one reply per measured message ---------------------------------------------------------
    const measuredLeadIds = measuredLeads.map((i) => leadIds.get(i)!);
    const outbound = measuredLeadIds.length
      ? Number(
          (
            await readDb
              .selectFrom('messages')
              .select(sql<number>`count(*)::int`.as('n'))
              .where('direction', '=', 'OUTBOUND')
              .where('lead_id', 'in', measuredLeadIds)
              .executeTakeFirstOrThrow()
          ).n,
        )
      : 0;
    const temporalChildren = childPeakRss(/temporal/i);
    const kindsPerMessage = (list: HistoryShape[], n: number) => {
      const m = new Map<string, number>();
      for (const sh of list) for (const [k, v] of sh.eventKinds) m.set(k, (m.get(k) ?? 0) + v / Math.max(1, n));
      return m;
    };
    const leadKinds = kindsPerMessage(shapes, leadRun.records.length);
    const baseKinds = kindsPerMessage(baseShapes, baseRun.records.length);
    const extraEvents = [...new Set([...leadKinds.keys(), ...baseKinds.keys()])]
      .map((k) => [k, (leadKinds.get(k) ?? 0) - (baseKinds.get(k) ?? 0)] as const)
      .filter(([, d]) => Math.abs(d) >= 0.05)
      .sort((a, b) => b[1] - a[1]);

    // ---- report ---------------------------------------------------------------------------------------------------
    const L = stats(leadRun);
    const B = stats(baseRun);
    const ratio = { throughput: L.throughput / B.throughput, p50: L.p50 / B.p50, p95: L.p95 / B.p95, p99: L.p99 / B.p99 };
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const failures = [...leadRun.failures.map((x) => `lead agent: ${x}`), ...baseRun.failures.map((x) => `baseline: ${x}`)];
    const warnings: string[] = [];
    if (leadBusy || baseBusy) warnings.push(`workflows still busy 20 s after their phase: ${leadBusy} lead, ${baseBusy} baseline`);
    if (outbound !== L.messages) warnings.push(`expected ${L.messages} OUTBOUND rows for the measured leads, found ${outbound}`);
    if (baseActivities !== leadActivities) {
      warnings.push(`activity totals differ: lead workflows scheduled ${leadActivities}, baseline ${baseActivities}`);
    }

    if (opts.json) {
      process.stdout.write(
        JSON.stringify({
          options: opts,
          database: dbKind,
          cpus: os.cpus().length,
          loadAverage: { before: loadAtStart, after: os.loadavg()[0] },
          node: process.version,
          leadAgent: L,
          baseline: B,
          ratio,
          activities: { ...activityShape, leadTotal: leadActivities, baselineTotal: baseActivities },
          history: {
            leadAgent: { eventsPerMessage: leadEvents / L.messages, workflowTasksPerMessage: leadWfTasks / L.messages },
            baseline: { eventsPerMessage: baseEvents / B.messages, workflowTasksPerMessage: baseWfTasks / B.messages },
            leadMinusBaselinePerMessage: Object.fromEntries(extraEvents),
          },
          peakRssMb: { process: maxRssMb, temporalServer: temporalChildren.reduce((a, c) => a + c.mb, 0) || null },
          outboundRows: outbound,
          failures,
          warnings,
        }) + '\n',
      );
    } else {
      const cpuCell = (ms: number | null) => (ms === null ? 'n/a' : f(ms / 1000, 1));
      log();
      log(
        table(
          ['', 'messages', 'wall (s)', 'msg/s', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'max (ms)', 'cpu node/temporal/pg (s)', 'peak RSS (MB)'],
          [L, B].map((x, i) => [
            i === 0 ? 'lead agent' : 'baseline',
            `${x.messages}${x.failed ? ` (+${x.failed} failed)` : ''}`,
            f(x.wallMs / 1000, 2),
            f(x.throughput, 1),
            f(x.p50, 0),
            f(x.p95, 0),
            f(x.p99, 0),
            f(x.max, 0),
            `${cpuCell(x.cpuMs)} / ${cpuCell(x.temporalCpuMs)} / ${cpuCell(x.postgresCpuMs)}`,
            f(x.peakRssMb, 0),
          ]),
        ),
      );
      log();
      log(`ratio (lead agent / baseline): throughput ${f(ratio.throughput, 2)}, p50 ${f(ratio.p50, 2)}, p95 ${f(ratio.p95, 2)}`);
      log();
      log(`peak RSS of this process (API + lead worker + baseline worker + bench client): ${f(maxRssMb, 0)} MB`);
      for (const c of temporalChildren) log(`peak RSS of the Temporal dev server (child process ${c.name}, pid ${c.pid}): ${f(c.mb, 0)} MB`);
      log(
        `send call returned after: lead agent POST->202 p50 ${f(L.sendP50, 0)} / p95 ${f(L.sendP95, 0)} ms; ` +
          `baseline signalWithStart p50 ${f(B.sendP50, 0)} / p95 ${f(B.sendP95, 0)} ms`,
      );
      log(
        `event-loop delay of this process: lead agent p99 ${f(L.loopDelayP99Ms, 0)} / max ${f(L.loopDelayMaxMs, 0)} ms; ` +
          `baseline p99 ${f(B.loopDelayP99Ms, 0)} / max ${f(B.loopDelayMaxMs, 0)} ms`,
      );
      log(
        `per message: lead agent ${f(leadActivities / L.messages, 2)} activities, ${f(leadWfTasks / L.messages, 2)} workflow tasks, ` +
          `${f(leadEvents / L.messages, 1)} history events; baseline ${f(baseActivities / B.messages, 2)} activities, ` +
          `${f(baseWfTasks / B.messages, 2)} workflow tasks, ${f(baseEvents / B.messages, 1)} history events`,
      );
      log(
        `history events per message, lead agent minus baseline: ${extraEvents.map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${f(d, 2)}`).join(', ') || 'none'}`,
      );
      log(
        `cpu: node = this process (user+sys), temporal = the dev server, pg = all local postgres processes ` +
          `(${dbKind === 'postgres' ? 'includes other databases on that server' : 'unused: PGlite runs inside this process'}); ${os.cpus().length} cores available`,
      );
      log(
        `latency = result time - send time (wall clock, 1 ms): lead agent uses the OUTBOUND row's created_at (its inserting ` +
          `transaction's start; visible at commit a little later), baseline the time its marking empty activity ran. ` +
          `Detected by polling every ${opts.pollMs} ms (upper bound: lead agent p50 ${f(L.seenP50, 0)} / p95 ${f(L.seenP95, 0)} ms, ` +
          `baseline p50 ${f(B.seenP50, 0)} / p95 ${f(B.seenP95, 0)} ms); wall time = first send to last result.`,
      );
      log(`database: ${dbKind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite (slower, single connection)'}`);
      log(`load average (1 min): ${f(loadAtStart, 2)} before, ${f(os.loadavg()[0], 2)} after (includes this benchmark)`);
      for (const w of warnings) log(`WARNING: ${w}`);
      if (failures.length) {
        log(`FAILURES (${failures.length}):`);
        for (const x of failures.slice(0, 20)) log(`  ${x}`);
      }
    }
    return failures.length || warnings.length ? 1 : 0;
  } finally {
    const t = Date.now();
    if (baseline) {
      if (baseline.worker.getState() === 'RUNNING') baseline.worker.shutdown();
      await baseline.running.catch(() => undefined);
      await baseline.connection.close();
    }
    await pollDb?.destroy();
    await stack?.stop();
    log(`teardown in ${f((Date.now() - t) / 1000)} s`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; if some handle still holds the event loop, say so instead of hanging.
    setTimeout(() => {
      console.error('benchmark finished but something kept the process alive; exiting');
      process.exit(code);
    }, 10_000).unref();
  },
  (err) => {
    console.error(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
