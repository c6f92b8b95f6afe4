import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startStack } from '/work/main/test/support/stack';
import { baselineInboundSignal, baselineWorkflow } from '/work/main/test/bench/baseline-workflow';

const marks = new Map<string, number>();
const stack = await startStack({ env: { FOLLOW_UP_CADENCE: "P7D" }, worker: false });
const connection = await NativeConnection.connect({ address: stack.env.TEMPORAL_ADDRESS });
const worker = await Worker.create({ connection, taskQueue: 'bq', workflowsPath: '/work/main/test/bench/baseline-workflow.ts',
  activities: { async noop() {}, async mark(id: string) { marks.set(id, Date.now()); } }, shutdownGraceTime: '1s', ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}) });
const running = worker.run();
const client = stack.temporal.client;
for (let t = 0; t < 8; t++) {
  await client.workflow.signalWithStart(baselineWorkflow, { workflowId: 'b1', taskQueue: 'bq', args: [{ startActivities: 0 }], signal: baselineInboundSignal, signalArgs: [{ messageId: 'm' + t, activities: 5 }] });
  const t0 = Date.now();
  while (!marks.has('m' + t)) await new Promise((r) => setTimeout(r, Number(process.env.POLL ?? 10)));
  console.log('turn', t, marks.get('m' + t)! - t0);
}
const h = await client.workflow.getHandle('b1').fetchHistory();
let prev = 0;
for (const e of h.events!) {
  const ms = Number(e.eventTime!.seconds) * 1000 + Math.round((e.eventTime!.nanos ?? 0) / 1e6);
  const name = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as any)[k]) ?? '?';
  console.log(String(ms - prev).padStart(6), name.replace('EventAttributes', ''));
  prev = ms;
}
worker.shutdown(); await running; await connection.close(); await stack.stop();
