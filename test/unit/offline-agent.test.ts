import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agent/context';
import { detectIntent } from '../../src/agent/intents';
import { composeOffline, offlineStep } from '../../src/agent/offline-agent';

const item = (code: string, label: string, fieldType: string, isRequired: boolean, clientInstructions: string): AgentContext['checklist'][number] => ({
  code, label, fieldType, isRequired, status: 'TODO', clientInstructions, display: null, problem: null,
});
const checklist: AgentContext['checklist'] = [
  item('business_name', 'Business legal name', 'TEXT', true, "your business's legal name"),
  item('ein', 'EIN', 'EIN', true, "your business's EIN"),
  item('loan_amount', 'Loan amount', 'NUMBER', false, 'how much you would like to borrow'),
  item('business_address', 'Business address', 'ADDRESS', true, 'your business address'),
  item('bank_statements', 'Bank statements', 'BANK_STATEMENT', true, 'your last 3 months of business bank statements'),
];

const ctx = (over: Partial<AgentContext> = {}): AgentContext => ({
  reason: 'REPLY',
  channel: 'SMS',
  persona: { lenderName: 'Acme Lending', agentName: 'Alex', instructions: null },
  lead: { firstName: 'Dana', lastName: null, businessName: null, email: null, phone: '+15125550101' },
  checklist,
  documents: [],
  earlierSummary: [],
  conversation: [],
  inbound: { body: 'Hi, I need a loan', attachments: [], channel: 'SMS', documentNotes: [] },
  ...over,
});
const earlier: AgentContext['conversation'] = [
  { direction: 'INBOUND', channel: 'SMS', body: 'Hi', at: '2026-01-01T00:00:00Z', attachments: [] },
  { direction: 'OUTBOUND', channel: 'SMS', body: 'Intro', at: '2026-01-01T00:00:01Z', attachments: [] },
];

describe('offline rules agent', () => {
  it('introduces itself to a new lead as an AI assistant and asks for the first required items', () => {
    const m = composeOffline(ctx());
    assert.match(m.body, /^Hi Dana, I'm Alex, Acme Lending's AI assistant/);
    assert.match(m.body, /legal name and your business's EIN/);
    assert.doesNotMatch(m.body, /borrow/, 'optional items are not asked first');
    assert.match(m.body, /Reply STOP to opt out/);
    assert.ok(m.body.length <= 320, `SMS is short (${m.body.length})`);
    assert.equal(m.subject, null);
    assert.equal(m.missingRequiredItems, 4);
  });

  it('writes email with a greeting, a subject and a signature', () => {
    const m = composeOffline(ctx({ channel: 'EMAIL' }));
    assert.match(m.body, /^Hi Dana,\n/);
    assert.match(m.body, /Best regards,\nAlex\nAcme Lending/);
    assert.equal(m.subject, 'Your application with Acme Lending');
    assert.match(m.body, /bank statements/, 'email lists more of what is missing');
  });

  it('answers a status question with what is still missing, skipping completed items', () => {
    const done = checklist.map((i) => (i.code === 'business_name' ? { ...i, status: 'COMPLETED' as const } : i));
    const m = composeOffline(ctx({ checklist: done, conversation: earlier, inbound: { body: "what's left?", attachments: [], channel: 'SMS', documentNotes: [] } }));
    assert.match(m.body, /where things stand/);
    assert.match(m.body, /EIN/);
    assert.doesNotMatch(m.body, /legal name/);
    assert.equal(m.missingRequiredItems, 3);
  });

  it('acknowledges files by name', () => {
    const m = composeOffline(ctx({ conversation: earlier, inbound: { body: '', attachments: ['stub.pdf', 'id.jpg'], channel: 'SMS', documentNotes: [] } }));
    assert.match(m.body, /I received stub\.pdf and id\.jpg/);
  });

  it('records stated facts first (tool calls), then acknowledges them in the reply', () => {
    const c = ctx({ conversation: earlier, inbound: { body: 'My business is Sunrise Bakery LLC, EIN 12-3456789, we need about $150k. Email me at Dana@Sunrise.com', attachments: [], channel: 'SMS', documentNotes: [] } });
    const step = offlineStep(c, [], 't1');
    assert.equal(step.kind, 'tool_calls');
    const calls = step.kind === 'tool_calls' ? step.calls : [];
    assert.deepEqual(calls.map((x) => [x.name, x.input]), [
      ['update_checklist_item', { code: 'ein', value: '12-3456789' }],
      ['update_checklist_item', { code: 'business_name', value: 'Sunrise Bakery LLC' }],
      ['update_checklist_item', { code: 'loan_amount', value: 150000 }],
      ['update_contact', { email: 'dana@sunrise.com' }],
    ]);
    const results = calls.map((x) => ({ id: x.id, name: x.name, isError: false, output: x.input }));
    const done = ctx({ ...c, checklist: checklist.map((i) => (['ein', 'business_name'].includes(i.code) ? { ...i, status: 'COMPLETED' as const } : i)) });
    const final = offlineStep(done, [{ role: 'assistant', text: null, calls }, { role: 'tool', results }], 't1');
    assert.equal(final.kind, 'final');
    const body = final.kind === 'final' ? final.message.body : '';
    assert.match(body, /noted your business's EIN, your business's legal name and how much you would like to borrow/);
    assert.match(body, /business address/);
  });

  it('reports a value it could not accept', () => {
    const calls = [{ id: 'c', name: 'update_checklist_item', input: { code: 'ein', value: '07-1234567' } }];
    const m = composeOffline(ctx({ conversation: earlier }), [
      { role: 'assistant', text: null, calls },
      { role: 'tool', results: [{ id: 'c', name: 'update_checklist_item', isError: true, output: { error: 'EIN: no EIN starts with 07' } }] },
    ]);
    assert.match(m.body, /double-check: EIN: no EIN starts with 07/);
  });

  it('asks to stop or for a person become tool calls, and the reply follows from their effects', () => {
    const notInterested = offlineStep(ctx({ conversation: earlier, inbound: { body: "I'm not interested anymore", attachments: [], channel: 'SMS', documentNotes: [] } }), [], 't');
    assert.deepEqual(notInterested.kind === 'tool_calls' && notInterested.calls.map((c) => c.name), ['set_lead_status']);
    const human = offlineStep(ctx({ conversation: earlier, inbound: { body: 'Can I talk to a real person?', attachments: [], channel: 'SMS', documentNotes: [] } }), [], 't');
    assert.deepEqual(human.kind === 'tool_calls' && human.calls.map((c) => c.name), ['request_human']);
    const reply = composeOffline(ctx({ conversation: earlier }), [
      { role: 'tool', results: [{ id: 'x', name: 'set_lead_status', isError: false, output: {}, effects: { status: 'NOT_INTERESTED' } }] },
    ]);
    assert.match(reply.body, /won't follow up/);
  });

  it('a follow-up says why a file was refused since the last message (e.g. by a reviewer)', () => {
    const refused = checklist.map((i) => (i.code === 'business_name' ? { ...i, status: 'INVALID' as const, problem: 'page 2 of the statement is missing; re-check' } : i));
    const m = composeOffline(ctx({ reason: 'FOLLOW_UP', conversation: earlier, inbound: null, attemptNumber: 1, checklist: refused }));
    assert.match(m.body, /we still need a new copy of your business's legal name \(page 2 of the statement is missing\) and your business's EIN\./);
    const plain = composeOffline(ctx({ reason: 'FOLLOW_UP', conversation: earlier, inbound: null, attemptNumber: 1 }));
    assert.match(plain.body, /we still need your business's legal name and your business's EIN\./);
  });

  it('says so on the last follow-up', () => {
    const m = composeOffline(ctx({ reason: 'FOLLOW_UP', conversation: earlier, inbound: null, attemptNumber: 4, finalAttempt: true }));
    assert.match(m.body, /last reminder/);
    assert.match(m.summary, /Follow-up 4/);
  });

  it('recognises intents conservatively', () => {
    assert.equal(detectIntent('found another lender, thanks'), 'NOT_INTERESTED');
    assert.equal(detectIntent('what else do you need from me'), 'STATUS');
    assert.equal(detectIntent("I'll send them tomorrow"), 'DOCUMENT_PROMISE');
    assert.equal(detectIntent('My bakery makes bread'), 'OTHER');
  });
});
