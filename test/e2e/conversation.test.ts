import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, waitFor, type Stack } from '../support/stack';

// The walking skeleton end to end: HTTP in, Temporal workflow, offline agent, outbox, dev transport, timeline out.
describe('a lead conversation, end to end', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'P1D' } });
  });
  after(async () => stack?.stop());

  const inbound = (from: string, body: string, externalMessageId: string, extra: Record<string, unknown> = {}) =>
    stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from, body, externalMessageId, ...extra });
  const outbound = async (leadId: string) => {
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    return logs.filter((l) => l.type === 'MESSAGE' && l.messages.some((m: any) => m.direction === 'OUTBOUND'));
  };

  it('two messages from one phone: one lead, one workflow, two replies, timeline in order', async () => {
    const first = await inbound('(512) 555-0101', 'Hi, I need a loan for my bakery', 'ext-a-1');
    assert.equal(first.status, 202);
    assert.equal(first.body.duplicate, false);
    await waitFor('first reply', async () => (await outbound(first.body.leadId)).length === 1);

    const second = await inbound('+15125550101', "What's left?", 'ext-a-2');
    assert.equal(second.status, 202);
    assert.equal(second.body.leadId, first.body.leadId, 'same phone in another format is the same lead');
    assert.equal(second.body.workflowId, first.body.workflowId);
    await waitFor('second reply', async () => (await outbound(first.body.leadId)).length === 2);

    const logs = (await stack.api('GET', `/api/v1/leads/${first.body.leadId}/action-logs`)).body as any[];
    const conversation = logs.filter((l) => l.type === 'MESSAGE').map((l) => l.messages[0]);
    assert.deepEqual(conversation.map((m) => m.direction), ['INBOUND', 'OUTBOUND', 'INBOUND', 'OUTBOUND']);
    assert.match(conversation[1].body, /AI assistant/, 'a new lead is told it is talking to an AI assistant');
    assert.match(conversation[1].body, /legal name/, 'and asked for the first required items');
    assert.match(conversation[3].body, /still need|where things stand/i);
    for (const l of logs) {
      for (const key of ['id', 'type', 'status', 'summary', 'input', 'output', 'error', 'parentActionId', 'scheduledAt', 'createdAt', 'completedAt', 'tool', 'messages']) {
        assert.ok(key in l, `action log has ${key}`);
      }
    }
    const times = logs.map((l) => l.createdAt);
    assert.deepEqual(times, [...times].sort(), 'oldest first');
    const described = await stack.temporal.client.workflow.list({ query: `LeadId = '${first.body.leadId}'` });
    const runs = [];
    for await (const r of described) runs.push(r);
    assert.equal(runs.length, 1, 'one workflow for the lead, found by its LeadId search attribute');
  });

  it('the same externalMessageId three times: one message, one reply', async () => {
    const results = await Promise.all([1, 2, 3].map(() => inbound('+15125550102', 'Hello there', 'ext-dup')));
    assert.ok(results.every((r) => r.status === 202));
    const leadId = results[0].body.leadId;
    assert.ok(results.every((r) => r.body.leadId === leadId && r.body.messageId === results[0].body.messageId));
    assert.equal(results.filter((r) => !r.body.duplicate).length, 1);
    await waitFor('the reply', async () => (await outbound(leadId)).length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await outbound(leadId)).length, 1, 'still one reply');
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    assert.equal(logs.filter((l) => l.type === 'MESSAGE' && l.input?.direction === 'INBOUND').length, 1);
  });

  it('50 new leads at once: 50 workflows, 50 replies, nothing lost', async () => {
    const phones = Array.from({ length: 50 }, (_, i) => `+1512555${String(2000 + i).padStart(4, '0')}`);
    const results = await Promise.all(phones.map((p, i) => inbound(p, 'Interested in a loan', `bulk-${i}`)));
    assert.ok(results.every((r) => r.status === 202), 'all accepted');
    const leadIds = new Set(results.map((r) => r.body.leadId));
    assert.equal(leadIds.size, 50);
    await waitFor(
      '50 replies',
      async () => {
        const counts = await Promise.all([...leadIds].map(async (id) => (await outbound(id)).length));
        return counts.every((c) => c === 1);
      },
      60_000,
    );
    const workflows = [];
    for await (const w of stack.temporal.client.workflow.list({ query: `WorkflowType = 'leadWorkflow'` })) workflows.push(w.workflowId);
    for (const id of leadIds) assert.ok(workflows.includes(`lead-${id}`), `workflow for ${id}`);
  });

  it('a reply schedules a follow-up, and the next inbound message cancels it', async () => {
    const first = await inbound('+15125550103', 'Hi', 'ext-f-1');
    const leadId = first.body.leadId;
    const pending = await waitFor('pending follow-up', async () => (await stack.api('GET', `/api/v1/leads/${leadId}`)).body.nextFollowUp);
    assert.equal(pending.attemptNumber, 1);
    // P1D is one business day: 10:00 on the lead's next business day (512 is Central time).
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(pending.scheduledAt));
    assert.equal(local.find((p) => p.type === 'hour')?.value, '10');
    assert.ok(!['Sat', 'Sun'].includes(local.find((p) => p.type === 'weekday')!.value));
    assert.ok(Date.parse(pending.scheduledAt) > Date.now());
    await inbound('+15125550103', 'ok', 'ext-f-2');
    await waitFor('cancelled follow-up', async () => {
      const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
      return logs.find((l) => l.id === pending.actionLogId)?.status === 'CANCELLED';
    });
  });
});
