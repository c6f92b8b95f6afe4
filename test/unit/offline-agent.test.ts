import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentContext } from '../../src/agent/context';
import { detectIntent } from '../../src/agent/intents';
import { composeOffline } from '../../src/agent/offline-agent';

const checklist: AgentContext['checklist'] = [
  { code: 'business_name', label: 'Business legal name', isRequired: true, status: 'TODO', clientInstructions: "your business's legal name" },
  { code: 'ein', label: 'EIN', isRequired: true, status: 'TODO', clientInstructions: "your business's EIN" },
  { code: 'loan_amount', label: 'Loan amount', isRequired: false, status: 'TODO', clientInstructions: 'how much you would like to borrow' },
  { code: 'bank_statements', label: 'Bank statements', isRequired: true, status: 'TODO', clientInstructions: 'your last 3 months of business bank statements' },
];

const ctx = (over: Partial<AgentContext> = {}): AgentContext => ({
  reason: 'REPLY',
  channel: 'SMS',
  persona: { lenderName: 'Acme Lending', agentName: 'Alex' },
  lead: { firstName: 'Dana', lastName: null, businessName: null },
  checklist,
  conversation: [],
  inbound: { body: 'Hi, I need a loan', attachments: [] },
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
    assert.equal(m.missingRequiredItems, 3);
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
    const m = composeOffline(ctx({ checklist: done, conversation: earlier, inbound: { body: "what's left?", attachments: [] } }));
    assert.match(m.body, /where things stand/);
    assert.match(m.body, /EIN/);
    assert.doesNotMatch(m.body, /legal name/);
    assert.equal(m.missingRequiredItems, 2);
  });

  it('acknowledges files by name', () => {
    const m = composeOffline(ctx({ conversation: earlier, inbound: { body: '', attachments: ['stub.pdf', 'id.jpg'] } }));
    assert.match(m.body, /I received stub\.pdf and id\.jpg/);
  });

  it('respects a lead who is not interested, and a request for a person', () => {
    assert.match(composeOffline(ctx({ conversation: earlier, inbound: { body: "I'm not interested anymore", attachments: [] } })).body, /won't follow up/);
    assert.match(composeOffline(ctx({ conversation: earlier, inbound: { body: 'Can I talk to a real person?', attachments: [] } })).body, /loan officer/);
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
