import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { leadWorkflowId } from '../../client';
import { startStack, waitFor, type Stack } from '../support/stack';
import { localHourIn, zoneAtLocalHour } from '../support/time-zones';

// Durable follow-up timers on a real server, and continue-as-new with a deliberately tiny history threshold
// (a test switch: production trusts the server's own suggestion).
describe('follow-up timers and long-lived history', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      env: { FOLLOW_UP_CADENCE: 'PT2S,PT3S,PT3S' },
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
    });
  });
  after(async () => stack?.stop());

  const post = (from: string, body: string, id: string) =>
    stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from, body, externalMessageId: id });
  const outbound = async (leadId: string) =>
    ((await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[]).filter(
      (l) => l.messages[0]?.direction === 'OUTBOUND',
    );

  it('sends follow-ups on the cadence with increasing attempt numbers, then stops', async () => {
    // A lead where it is early afternoon: the cadence is not held back by quiet hours.
    await stack.api('POST', '/api/v1/leads', { firstName: 'Ana', phoneNumber: '+15125550501', timezone: zoneAtLocalHour(13) });
    const { body } = await post('+15125550501', 'Hi', 't-1');
    const sent = await waitFor('three follow-ups', async () => {
      const logs = (await outbound(body.leadId)).filter((l) => l.type === 'FOLLOW_UP_MESSAGE');
      return logs.length === 3 && logs;
    }, 40_000);
    assert.deepEqual(sent.map((l) => l.input.attemptNumber), [1, 2, 3]);
    assert.ok(sent.every((l) => l.status === 'COMPLETED' && l.input.adminTriggered === false && l.input.missingItemsCount > 0));
    assert.match(sent[2].messages[0].body, /last reminder/);
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal((await outbound(body.leadId)).length, 4, 'reply + 3 follow-ups, then nothing');
    assert.equal((await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body.nextFollowUp, null);
  });

  it('a planned follow-up is cancelled, not sent, when an admin has settled every required item meanwhile', async () => {
    await stack.api('POST', '/api/v1/leads', { firstName: 'Cy', phoneNumber: '+15125550507', timezone: zoneAtLocalHour(13) });
    const { body } = await post('+15125550507', 'Hi', 't-settled');
    await waitFor('the reply and the first follow-up', async () => (await outbound(body.leadId)).length === 2, 30_000);
    // The second follow-up is due 3 s after the first: settle everything before then.
    const groups = (await stack.api('GET', `/api/v1/leads/${body.leadId}/checklist`)).body as { items: any[] }[];
    const required = groups.flatMap((g) => g.items).filter((i) => i.isRequired);
    assert.ok(required.length > 0);
    for (const i of required) {
      const r = await stack.api('PUT', `/api/v1/leads/${body.leadId}/checklist-items/${i.id}`, { status: 'SKIPPED', reason: 'waived by the underwriter', by: 'jo@lender.test' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const cancelled = await waitFor('the second follow-up cancelled', async () => {
      const logs = (await stack.api('GET', `/api/v1/leads/${body.leadId}/action-logs`)).body as any[];
      return logs.find((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.input.attemptNumber === 2 && l.status === 'CANCELLED');
    }, 15_000);
    assert.match(cancelled.error, /Nothing required is missing/);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await outbound(body.leadId)).length, 2, 'reply + the one follow-up sent before the items were settled');
    assert.equal((await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body.nextFollowUp, null);
  });

  it('a lead for whom it is 02:00 gets the follow-up at 08:00 local, not in the night', async () => {
    const zone = zoneAtLocalHour(2);
    await stack.api('POST', '/api/v1/leads', { firstName: 'Bo', phoneNumber: '+15125550504', timezone: zone });
    const { body } = await post('+15125550504', 'Hi', 't-night');
    const next = await waitFor('a planned follow-up', async () => (await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body.nextFollowUp);
    assert.equal(localHourIn(next.scheduledAt, zone), 8);
    assert.ok(Date.parse(next.scheduledAt) > Date.now() + 5 * 3600_000);
    assert.match(next.channelReason, /SMS/);
  });

  it('a Florida number never gets a fourth message in 24 hours', async () => {
    await stack.api('POST', '/api/v1/leads', { firstName: 'Flo', phoneNumber: '+13055550506', timezone: zoneAtLocalHour(13) });
    const { body } = await post('+13055550506', 'Hi', 't-florida');
    await waitFor('reply + two follow-ups', async () => (await outbound(body.leadId)).length === 3, 30_000);
    const next = await waitFor('the third follow-up planned', async () => {
      const n = (await stack.api('GET', `/api/v1/leads/${body.leadId}`)).body.nextFollowUp;
      return n?.attemptNumber === 3 && n;
    });
    assert.ok(Date.parse(next.scheduledAt) > Date.now() + 23 * 3600_000, `pushed past 24 h after the first message: ${next.scheduledAt}`);
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal((await outbound(body.leadId)).length, 3);
  });

  it('an admin can trigger a follow-up now', async () => {
    const { body } = await post('+15125550502', 'Hi', 't-2');
    await waitFor('the reply', async () => (await outbound(body.leadId)).length === 1);
    assert.equal((await stack.api('POST', `/api/v1/leads/${body.leadId}/follow-ups`, {})).status, 202);
    const log = await waitFor('admin follow-up', async () =>
      (await outbound(body.leadId)).find((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.input.adminTriggered),
    );
    assert.equal(log.input.channel, 'SMS');
    const logs = (await stack.api('GET', `/api/v1/leads/${body.leadId}/action-logs`)).body as any[];
    const planned = logs.filter((l) => l.type === 'FOLLOW_UP_MESSAGE' && !l.input.adminTriggered);
    assert.ok(planned.length >= 1 && planned.every((l) => l.status !== 'PENDING' || l.scheduledAt > log.createdAt), 'the planned follow-up was replaced, not left pending');
  });

  it('continues as new when the history grows, carrying its state', async () => {
    const from = '+15125550503';
    const first = await post(from, 'Hi', 'h-0');
    const leadId = first.body.leadId;
    await waitFor('reply 0', async () => (await outbound(leadId)).length === 1);
    await stack.api('PUT', `/api/v1/leads/${leadId}`, { mode: 'LISTEN' });
    await stack.api('PUT', `/api/v1/leads/${leadId}`, { mode: 'AUTOPILOT' });
    for (let i = 1; i <= 6; i++) {
      await post(from, `message ${i}`, `h-${i}`);
      await waitFor(`reply ${i}`, async () => (await outbound(leadId)).filter((l) => l.type === 'MESSAGE').length === i + 1);
    }
    const handle = stack.temporal.client.workflow.getHandle(leadWorkflowId(leadId));
    const { runId, raw } = await handle.describe();
    assert.ok(raw.workflowExecutionInfo?.firstRunId, 'the server reports the first run');
    assert.notEqual(runId, raw.workflowExecutionInfo?.firstRunId, 'the current run is not the first: it continued as new');
    const history = await handle.fetchHistory();
    assert.ok(history.events!.length < 200, `the current run's history stays small (${history.events!.length} events)`);
    const state = await handle.query('state');
    assert.equal((state as any).counters.inboundMessages, 7, 'counters carried across runs');
    assert.equal((state as any).mode, 'AUTOPILOT');
  });
});
