import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, waitFor, type Stack } from '../support/stack';

// Listen mode: every reply is a draft AWAITING_APPROVAL and nothing reaches the transport until an admin decides.
describe('listen mode', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { DEFAULT_MODE: 'LISTEN', FOLLOW_UP_CADENCE: 'P1D' } });
  });
  after(async () => stack?.stop());

  const sentCount = async (leadId: string) =>
    (await stack.app.database.db.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('direction', '=', 'OUTBOUND').execute()).length;
  const draftOf = (leadId: string) =>
    waitFor('a draft', async () => {
      const drafts = (await stack.api('GET', `/api/v1/drafts?leadId=${leadId}`)).body as any[];
      return drafts[0];
    });
  const post = (from: string, body: string, id: string) =>
    stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from, body, externalMessageId: id });

  it('holds the reply until approval, then sends the edited body exactly once', async () => {
    const { body } = await post('+15125550201', 'Hi, I want a loan', 'l-1');
    const draft = await draftOf(body.leadId);
    assert.equal(draft.status, 'AWAITING_APPROVAL');
    assert.equal(await sentCount(body.leadId), 0, 'nothing sent before approval');
    const lead = (await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body;
    assert.equal(lead.pendingDrafts.length, 1);
    const timeline = (await stack.api('GET', `/api/v1/leads/${body.leadId}/action-logs`)).body as any[];
    assert.equal(timeline.find((l: any) => l.id === draft.actionLogId)?.status, 'AWAITING_APPROVAL');

    // The review queue in the Temporal UI: AwaitingApproval = true.
    await waitFor('AwaitingApproval search attribute', async () => {
      for await (const w of stack.temporal.client.workflow.list({ query: `AwaitingApproval = true AND LeadId = '${body.leadId}'` })) return w;
    });

    const edited = 'Hi! Thanks for reaching out. Could you send your business name to start?';
    const [a, b] = await Promise.all([
      stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/approve`, { body: edited }),
      stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/approve`, { body: 'another edit' }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], 'double approve: one wins, the other is a conflict');
    const winner = a.status === 200 ? a : b;
    assert.ok(winner.body.messageId);
    assert.equal(await sentCount(body.leadId), 1);
    const sent = await stack.app.database.db.selectFrom('messages').selectAll().where('id', '=', winner.body.messageId).executeTakeFirstOrThrow();
    assert.equal(sent.body, winner === a ? edited : 'another edit', 'the edited body is what was sent');
    const again = await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/approve`, {});
    assert.equal(again.status, 409);
    assert.equal(await sentCount(body.leadId), 1);
  });

  it('reject sends nothing; unknown drafts are 404', async () => {
    const { body } = await post('+15125550202', 'Hello', 'l-2');
    const draft = await draftOf(body.leadId);
    const rejected = await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/reject`, { reason: 'Tone is off' });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.outcome, 'REJECTED');
    assert.equal(await sentCount(body.leadId), 0);
    const logs = (await stack.api('GET', `/api/v1/leads/${body.leadId}/action-logs`)).body as any[];
    assert.equal(logs.find((l) => l.id === draft.actionLogId).status, 'CANCELLED');
    // The agent writes one new draft with the reason as feedback; rejecting that one ends it.
    const redraft = await waitFor('a new draft', async () =>
      ((await stack.api('GET', `/api/v1/drafts?leadId=${body.leadId}`)).body as any[]).find((d) => d.id !== draft.id));
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${redraft.id}/reject`, { reason: 'Still not right' })).status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(((await stack.api('GET', `/api/v1/drafts?leadId=${body.leadId}`)).body as any[]).length, 0, 'no third draft');
    assert.equal(await sentCount(body.leadId), 0);
    assert.deepEqual((await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body.interventions, { escalations: 0, messageEdits: 0, messageRejects: 2, manualUpdates: 0 });
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/nope/approve`, {})).status, 404);
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/reject`, {})).status, 400, 'reason is required');
  });

  it('a new message cancels the waiting draft and the agent drafts again', async () => {
    const { body } = await post('+15125550203', 'Hi', 'l-3');
    const first = await draftOf(body.leadId);
    await post('+15125550203', "Actually, what's left?", 'l-4');
    const second = await waitFor('a second draft', async () => {
      const drafts = (await stack.api('GET', `/api/v1/drafts?leadId=${body.leadId}`)).body as any[];
      return drafts.find((d) => d.id !== first.id);
    });
    const cancelled = (await stack.api('GET', `/api/v1/drafts?status=CANCELLED&leadId=${body.leadId}`)).body as any[];
    assert.deepEqual(cancelled.map((d) => d.id), [first.id]);
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${first.id}/approve`, {})).status, 409);
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${second.id}/approve`, {})).status, 200);
    assert.equal(await sentCount(body.leadId), 1);
  });

  it('a lead set to OPTED_OUT has its waiting drafts cancelled and nothing sent', async () => {
    const { body } = await post('+15125550205', 'Hi', 'l-7');
    const draft = await draftOf(body.leadId);
    assert.equal((await stack.api('PUT', `/api/v1/leads/${body.leadId}`, { status: 'OPTED_OUT' })).status, 200);
    await waitFor('the draft cancelled', async () => {
      const cancelled = (await stack.api('GET', `/api/v1/drafts?status=CANCELLED&leadId=${body.leadId}`)).body as any[];
      return cancelled.some((d) => d.id === draft.id);
    });
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/drafts/${draft.id}/approve`, {})).status, 409);
    assert.equal(await sentCount(body.leadId), 0);
  });

  it('switching a lead to autopilot sends the next reply without approval', async () => {
    const { body } = await post('+15125550204', 'Hi', 'l-5');
    await draftOf(body.leadId);
    const put = await stack.api('PUT', `/api/v1/leads/${body.leadId}`, { mode: 'AUTOPILOT' });
    assert.equal(put.status, 200);
    assert.equal(put.body.lead.mode, 'AUTOPILOT');
    await post('+15125550204', 'Sending my statements tomorrow', 'l-6');
    await waitFor('an autopilot reply', async () => (await sentCount(body.leadId)) === 1);
  });
});
