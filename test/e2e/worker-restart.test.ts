import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStack, waitFor, type Stack } from '../support/stack';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The worker is a separate process here (worker.ts, as in production), killed with SIGKILL mid-conversation.
describe('a worker killed in the middle of a conversation', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL: a separate worker process cannot share the embedded database' }, () => {
  let stack: Stack;
  let worker: ChildProcess | undefined;
  const startWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker.ts'], { cwd: ROOT, env: { ...process.env, ...stack.env }, stdio: ['ignore', 'ignore', 'inherit'] });
    return child;
  };
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };

  before(async () => {
    stack = await startStack({ worker: false });
  });
  after(async () => {
    if (worker) await kill(worker);
    await stack?.stop();
  });

  const post = (body: string, id: string) =>
    stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550401', body, externalMessageId: id });
  const replies = async (leadId: string) =>
    stack.app.database.db.selectFrom('messages').select(['id', 'body']).where('lead_id', '=', leadId).where('direction', '=', 'OUTBOUND').execute();

  it('completes after a restart with no duplicate reply', async () => {
    worker = startWorker();
    const first = await post('Hi, I need a loan', 'w-1');
    const leadId = first.body.leadId;
    await waitFor('first reply', async () => (await replies(leadId)).length === 1, 60_000);

    // Kill the worker the moment the second message is signalled: its turn is in flight or not yet started.
    await post('What do you still need?', 'w-2');
    await kill(worker);
    // A third message arrives while no worker runs at all.
    await post('Sending statements tomorrow', 'w-3');
    assert.equal((await replies(leadId)).length <= 2, true);

    worker = startWorker();
    await waitFor('all three replies', async () => (await replies(leadId)).length === 3, 90_000);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await replies(leadId)).length, 3, 'exactly one reply per message');
    const outbox = await stack.app.database.db.selectFrom('outbox').select(['id', 'status']).where('lead_id', '=', leadId).execute();
    assert.equal(outbox.length, 3);
    assert.ok(outbox.every((o) => o.status === 'SENT'));
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    const directions = logs.filter((l) => l.type === 'MESSAGE').map((l) => l.messages[0].direction);
    assert.deepEqual(directions, ['INBOUND', 'OUTBOUND', 'INBOUND', 'OUTBOUND', 'INBOUND', 'OUTBOUND']);
  });
});
