import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTextPdf } from '../support/document-fixtures';
import { startStack, TEST_API_KEY, waitFor, type Stack } from '../support/stack';

const BIN = path.resolve(import.meta.dirname, '../../src/cli/bin.js');

/** A port nothing listens on: taken from the OS, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The admin CLI as a user runs it: a separate process talking to the product's HTTP API.
describe('admin CLI', () => {
  let stack: Stack;
  let files: string;
  before(async () => {
    stack = await startStack({ env: { DEFAULT_MODE: 'LISTEN' } });
    files = mkdtempSync(path.join(tmpdir(), 'lead-agent-cli-'));
  });
  after(async () => {
    rmSync(files, { recursive: true, force: true });
    await stack?.stop();
  });

  function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, LEAD_AGENT_URL: stack.app.url!, LEAD_AGENT_API_KEY: TEST_API_KEY, ...env } },
        (err, stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? 1) : 0, stdout, stderr }),
      );
    });
  }
  async function json<T = any>(...args: string[]): Promise<T> {
    const res = await cli([...args, '--json']);
    assert.equal(res.code, 0, `lead-agent ${args.join(' ')} failed: ${res.stderr}`);
    return JSON.parse(res.stdout);
  }
  const draftOf = (leadId: string) =>
    waitFor('a draft', async () => (await json<any[]>('drafts')).find((d) => d.leadId === leadId), 30_000);

  it('walks a listen-mode lead from inbound SMS to an approved, edited reply', async () => {
    const inbound = await json('send-inbound', '--channel', 'sms', '--from', '+15125550301', '--body', 'Hi, I need a loan');
    assert.equal(inbound.duplicate, false);
    const { leadId } = inbound;

    const page = await json('leads', 'list', '--q', '5550301');
    assert.deepEqual(page.leads.map((l: any) => l.id), [leadId]);
    assert.equal(page.leads[0].mode, 'LISTEN');
    assert.match((await cli(['leads', 'list'])).stdout, new RegExp(`^${leadId}\\s.*IN_PROGRESS\\s+LISTEN`, 'm'), 'readable table');

    const draft = await draftOf(leadId);
    assert.equal(draft.status, 'AWAITING_APPROVAL');
    const edited = 'Thanks! What is the name of your business?';
    const approved = await json('approve', leadId, draft.id, '--body', edited);
    assert.ok(approved.messageId);

    const timeline = await json<any[]>('timeline', leadId);
    const sent = timeline.flatMap((l) => l.messages).find((m: any) => m.id === approved.messageId);
    assert.equal(sent?.direction, 'OUTBOUND');
    assert.equal(sent?.body, edited);
    assert.equal(sent?.channel, 'SMS');
    // The readable timeline: a header, then one line per entry (time, type, status, summary).
    const [header, ...lines] = (await cli(['timeline', leadId])).stdout.trim().split('\n');
    assert.match(header, /^TIME\s+TYPE\s+STATUS\s+SUMMARY$/);
    for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}[A-Z_]+ +[A-Z_]+ +\S/);
    const entry = timeline.find((l) => l.messages.some((m: any) => m.id === approved.messageId));
    assert.ok(lines.some((l) => l.includes(entry.type) && l.endsWith(entry.summary)), 'the sent message has its line');
  });

  it('sends attachments from disk and is idempotent on --id', async () => {
    const file = path.join(files, 'bank-statement.pdf');
    writeFileSync(file, '%PDF-1.4\n% a tiny statement\n');
    const args = ['send-inbound', '--channel', 'email', '--from', 'ana@example.com', '--subject', 'Statements', '--body', 'Attached', '--attach', file, '--id', 'cli-att-1'];
    const first = await json(...args);
    const again = await json(...args);
    assert.equal(again.duplicate, true);
    assert.equal(again.messageId, first.messageId);
    const timeline = await json<any[]>('timeline', first.leadId);
    const message = timeline.flatMap((l) => l.messages).find((m: any) => m.id === first.messageId);
    assert.deepEqual(message?.documents.map((d: any) => [d.filename, d.mimeType]), [['bank-statement.pdf', 'application/pdf']]);
  });

  it('reject needs --reason; with one, the draft is rejected', async () => {
    const { leadId } = await json('send-inbound', '--channel', 'sms', '--from', '+15125550302', '--body', 'Hello');
    const draft = await draftOf(leadId);
    const missing = await cli(['reject', leadId, draft.id]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /required option '--reason <text>' not specified/);
    const rejected = await cli(['reject', leadId, draft.id, '--reason', 'Tone is off']);
    assert.equal(rejected.code, 0, rejected.stderr);
    assert.match(rejected.stdout, /Rejected draft/);
    assert.deepEqual((await json<any[]>('drafts', '--status', 'rejected', '--lead', leadId)).map((d) => d.id), [draft.id]);
    // The agent re-drafts once with the reason: two drafts of this lead, one page at a time.
    const redraft = await waitFor('the re-draft', async () => (await json<any[]>('drafts', '--lead', leadId))[0]);
    await cli(['reject', leadId, redraft.id, '--reason', 'Still off']);
    const first = await cli(['drafts', '--status', 'rejected', '--lead', leadId, '--limit', '1']);
    assert.equal(first.code, 0, first.stderr);
    const cursor = first.stderr.match(/More: --cursor (\S+)/)?.[1];
    assert.ok(cursor, first.stderr);
    const second = await cli(['drafts', '--status', 'rejected', '--lead', leadId, '--limit', '1', '--cursor', cursor, '--json']);
    assert.deepEqual(JSON.parse(second.stdout).map((d: any) => d.id), [redraft.id]);
    assert.equal(second.stderr, '', 'the last page names no next one');
  });

  it('uploads documents for a checklist item, lists what needs a person, and settles an item by hand', async () => {
    const { leadId } = await json('send-inbound', '--channel', 'sms', '--from', '+15125550303', '--body', 'Hi');
    const items = ((await json<any>('leads', 'show', leadId)).checklist as any[]).flatMap((g) => g.items);
    const ownerId = items.find((i) => i.code === 'owner_id');
    const file = path.join(files, 'receipt.pdf');
    writeFileSync(file, await makeTextPdf([['WALMART', 'SUBTOTAL 12.00', 'TAX 0.84', 'TOTAL 12.84', 'CASH TEND 20.00', 'CHANGE DUE 7.16', '04/27/2026']]));
    const uploaded = await json('upload', leadId, file, '--item', ownerId.id);
    assert.deepEqual(uploaded.documents.map((d: any) => d.filename), ['receipt.pdf']);
    const invalid = await waitFor('the owner ID item to be judged', async () => (await json<any[]>('review', '--status', 'invalid')).find((i) => i.id === ownerId.id), 60_000);
    assert.match(invalid.validationError, /wrong document type/);
    const table = await cli(['review', '--status', 'invalid']);
    assert.match(table.stdout, new RegExp(`${ownerId.id}\\s+${leadId}`));

    const settled = await cli(['settle', leadId, ownerId.id, '--status', 'skipped', '--reason', 'ID checked in person', '--by', 'jo']);
    assert.equal(settled.code, 0, settled.stderr);
    assert.match(settled.stdout, /Owner's government-issued ID is now SKIPPED/);
    const ein = items.find((i) => i.code === 'ein');
    const bad = await cli(['settle', leadId, ein.id, '--value', '12-34']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: value: an EIN has nine digits/);

    // The queue a page at a time: each page names the next on stderr.
    const businessName = items.find((i) => i.code === 'business_name');
    assert.equal((await cli(['settle', leadId, businessName.id, '--status', 'skipped'])).code, 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cli(['review', '--status', 'skipped', '--limit', '1', '--json', ...(cursor ? ['--cursor', cursor] : [])]);
      assert.equal(page.code, 0, page.stderr);
      seen.push(...JSON.parse(page.stdout).map((i: any) => i.id));
      cursor = page.stderr.match(/More: --cursor (\S+)/)?.[1];
    } while (cursor);
    assert.ok(seen.includes(ownerId.id) && seen.includes(businessName.id), 'both skipped items, over several pages');
  });

  it('reports API errors and an unreachable server in one line, exit 1, never the key', async () => {
    const wrongKey = 'not-the-key-4711';
    const denied = await cli(['leads', 'list'], { LEAD_AGENT_API_KEY: wrongKey });
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr.trim(), 'error: Invalid API key');
    assert.ok(!(denied.stdout + denied.stderr).includes(wrongKey));

    const missing = await cli(['leads', 'show', 'no-such-lead']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: .*not found/);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(['drafts'], { LEAD_AGENT_URL: closed });
    assert.equal(down.code, 1);
    assert.equal(down.stderr.trim(), `error: cannot reach Lead Agent at ${closed}: is \`npm start\` running?`);
  });
});
