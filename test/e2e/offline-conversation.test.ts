import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, waitFor, type Stack } from '../support/stack';

// The offline agent (no model key) carrying real conversations, asserted on what it says.
describe('offline agent conversations', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'P1D' } });
  });
  after(async () => stack?.stop());

  let seq = 0;
  const outboundCount = async (leadId: string) =>
    (await stack.app.database.db.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('direction', '=', 'OUTBOUND').execute()).length;
  /** Posts a message and returns the agent's reply to it. */
  async function say(channel: 'SMS' | 'EMAIL', from: string, body: string, subject?: string) {
    const posted = await stack.api('POST', '/api/v1/messages/inbound', { channel, from, body, subject, externalMessageId: `oc-${++seq}` });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const leadId = posted.body.leadId;
    const log = await waitFor(`reply to "${body}"`, async () => {
      const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
      const inboundAt = logs.findIndex((l) => l.messages[0]?.id === posted.body.messageId);
      return inboundAt >= 0 && logs.slice(inboundAt + 1).find((l) => l.type === 'MESSAGE' && l.messages[0]?.direction === 'OUTBOUND');
    });
    return { leadId, reply: log.messages[0] as { body: string; subject: string | null; channel: string } };
  }

  it('carries a six-message SMS conversation sensibly', async () => {
    const phone = '+15125550601';
    const r1 = await say('SMS', phone, "Hi, I'm looking for a loan for my bakery");
    assert.match(r1.reply.body, /AI assistant/);
    assert.match(r1.reply.body, /legal name and your business's EIN/);

    const r2 = await say('SMS', phone, 'What interest rate would I get?');
    assert.match(r2.reply.body, /can't quote/);
    assert.doesNotMatch(r2.reply.body, /\d+(\.\d+)?\s*%/, 'never a rate');

    const r3 = await say('SMS', phone, 'My business is Sunrise Bakery LLC and our EIN is 12-3456789');
    assert.match(r3.reply.body, /noted your business's EIN and your business's legal name/);
    const checklist = (await stack.api('GET', `/api/v1/leads/${r1.leadId}/checklist`)).body as any[];
    const items = checklist.flatMap((g) => g.items);
    assert.deepEqual(items.find((i) => i.code === 'ein'), { ...items.find((i) => i.code === 'ein'), status: 'COMPLETED', value: '12-3456789', source: 'agent' });
    assert.equal(items.find((i) => i.code === 'business_name').value, 'Sunrise Bakery LLC');
    assert.match(r3.reply.body, /business address/);

    const r4 = await say('SMS', phone, "I'll send the bank statements tomorrow");
    assert.match(r4.reply.body, /Sounds good/);

    const r5 = await say('SMS', phone, "What's left?");
    assert.match(r5.reply.body, /where things stand/);
    assert.match(r5.reply.body, /business address/);
    assert.doesNotMatch(r5.reply.body, /legal name|EIN/, 'what was given is not asked again');

    const r6 = await say('SMS', phone, "Actually I'm not interested anymore, thanks");
    assert.match(r6.reply.body, /won't follow up/);
    const lead = (await stack.api('GET', `/api/v1/leads/${r1.leadId}`)).body;
    assert.equal(lead.status, 'NOT_INTERESTED');
    assert.equal(lead.nextFollowUp, null, 'no follow-up for a lead who said no');

    const logs = (await stack.api('GET', `/api/v1/leads/${r1.leadId}/action-logs`)).body as any[];
    const tools = logs.filter((l) => l.type === 'TOOL_CALL');
    assert.deepEqual(tools.map((t) => t.tool.name), ['update_checklist_item', 'update_checklist_item', 'set_lead_status']);
    assert.ok(tools.every((t) => t.status === 'COMPLETED' && t.tool.description && t.input.toolType === t.tool.name));
  });

  it('continues by email with the facts given by SMS, as the same lead', async () => {
    const sms = await say('SMS', '+15125550602', 'Hi! Company name is Oak & Iron Works LLC. You can email me at pat@oakiron.com');
    const email = await say('EMAIL', 'Pat Lee <Pat@OakIron.com>', 'Hi, what else do you need from me?', 'Loan application');
    assert.equal(email.leadId, sms.leadId, 'the email address given by SMS finds the same lead');
    assert.equal(email.reply.channel, 'EMAIL');
    assert.equal(email.reply.subject, 'Re: Loan application');
    assert.match(email.reply.body, /^Hi there,|^Hi Pat,/);
    assert.match(email.reply.body, /Oak & Iron Works LLC/, 'the email reply uses what was said by SMS');
    assert.match(email.reply.body, /Best regards,/);
  });

  it('asks for a person: handed to a human, and the agent stops sending on its own', async () => {
    const r = await say('SMS', '+15125550603', 'Hello');
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550603', body: 'I want to talk to a real person', externalMessageId: 'oc-human' });
    const draft = await waitFor('a held draft', async () => ((await stack.api('GET', `/api/v1/drafts?leadId=${r.leadId}`)).body as any[])[0]);
    assert.match(draft.body, /loan officer/);
    const lead = (await stack.api('GET', `/api/v1/leads/${r.leadId}`)).body;
    assert.equal(lead.lead.assigneeType, 'HUMAN');
    const logs = (await stack.api('GET', `/api/v1/leads/${r.leadId}/action-logs`)).body as any[];
    assert.ok(logs.some((l) => l.type === 'ESCALATION'));

    // No further automatic sends: the next reply is a draft too.
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550603', body: 'Hello? Anyone there?', externalMessageId: 'oc-human-2' });
    await waitFor('a second held draft', async () => ((await stack.api('GET', `/api/v1/drafts?leadId=${r.leadId}`)).body as any[]).length === 1 &&
      ((await stack.api('GET', `/api/v1/drafts?status=CANCELLED&leadId=${r.leadId}`)).body as any[]).length === 1);
    const sentBefore = await outboundCount(r.leadId);

    // The admin writes to the lead themselves.
    const manual = await stack.api('POST', `/api/v1/leads/${r.leadId}/messages`, { body: 'Hi, this is Sam from Acme Lending. I can call you at 3pm today.', by: 'sam@acme.test' });
    assert.equal(manual.status, 201, JSON.stringify(manual.body));
    assert.equal(await outboundCount(r.leadId), sentBefore + 1);
    const timeline = (await stack.api('GET', `/api/v1/leads/${r.leadId}/action-logs`)).body as any[];
    const entry = timeline.find((l) => l.messages[0]?.id === manual.body.messageId);
    assert.equal(entry.input.manual, true);
    assert.equal(entry.summary, 'Message from sam@acme.test');

    // Handed back to the agent: autopilot again.
    await stack.api('PUT', `/api/v1/leads/${r.leadId}`, { assigneeType: 'AGENT' });
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550603', body: "Thanks. What's left?", externalMessageId: 'oc-human-3' });
    await waitFor('an automatic reply again', async () => (await outboundCount(r.leadId)) === sentBefore + 2);
  });

  it('a lead in distress is handed to a person, and the reply waits for them', async () => {
    const r = await say('SMS', '+15125550604', 'Hi');
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550604', body: "honestly I don't want to live anymore, nothing is working", externalMessageId: 'oc-distress' });
    const escalation = await waitFor('an ESCALATION', async () =>
      ((await stack.api('GET', `/api/v1/leads/${r.leadId}/action-logs`)).body as any[]).find((l) => l.type === 'ESCALATION'));
    assert.equal(escalation.input.reason, 'DISTRESS');
    await waitFor('a held draft', async () => ((await stack.api('GET', `/api/v1/drafts?leadId=${r.leadId}`)).body as any[]).length === 1);
    assert.equal(await outboundCount(r.leadId), 1, 'only the first reply was sent');
  });
});
