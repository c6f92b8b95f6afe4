import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { LEAD, makeTextImage, makeTextPdf, w2Lines, w2ReviewAnswer } from '../support/document-fixtures';
import { startFakeUpstreams, textMessage, toolUseMessage, type AnthropicScript, type FakeUpstreams } from '../support/fake-upstreams';
import { startStack, waitFor, type Stack } from '../support/stack';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const year = new Date().getFullYear() - 1;

/** What the fake model answers: the document review when asked for it, a plain reply otherwise. */
function modelAnswering(review: (req: any) => AnthropicScript): AnthropicScript[] {
  return Array.from({ length: 8 }, () => (req: any) => {
    if (req.tool_choice?.name !== 'record_document_review') return textMessage('Thanks, I got your W-2.');
    const r = review(req);
    return typeof r === 'function' ? r(req) : r;
  });
}

const w2Review = (wages: string) => w2ReviewAnswer(wages, year);

// With Claude configured, documents are read by the model too (real SDK, fake /v1/messages) and cross-checked.
describe('documents with Claude configured', () => {
  let fake: FakeUpstreams;
  let stack: Stack;
  before(async () => {
    fake = await startFakeUpstreams();
    stack = await startStack({
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.base, ANTHROPIC_MODEL: 'claude-test', POLICY_JUDGE: 'off', FOLLOW_UP_CADENCE: 'P1D', DEFAULT_CHECKLIST_TEMPLATE: 'personal-mortgage' },
    });
  });
  after(async () => {
    await stack?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  let seq = 0;
  async function sendW2(phone: string, file?: { filename: string; mimeType: string; bytes: Uint8Array }) {
    await stack.api('POST', '/api/v1/leads', { firstName: LEAD.firstName, lastName: LEAD.lastName, phoneNumber: phone });
    const { filename, mimeType, bytes } = file ?? { filename: 'w2.pdf', mimeType: 'application/pdf', bytes: await makeTextPdf([w2Lines({ year })]) };
    const posted = await stack.api('POST', '/api/v1/messages/inbound', {
      channel: 'SMS', from: phone, body: 'my W-2', externalMessageId: `cd-${++seq}`,
      attachments: [{ filename, mimeType, contentBase64: b64(bytes) }],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const leadId = posted.body.leadId as string;
    const logs = async () => (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    const reply = await waitFor('the reply', async () => (await logs()).find((l) => l.type === 'MESSAGE' && l.messages[0]?.direction === 'OUTBOUND')?.messages[0], 90_000);
    const detail = (await stack.api('GET', `/api/v1/leads/${leadId}`)).body;
    const w2 = detail.checklist.flatMap((g: any) => g.items).find((i: any) => i.code === 'w2');
    const upload = (await logs()).find((l) => l.type === 'DOCUMENT_UPLOAD');
    return { reply, w2, upload };
  }
  const reviewRequests = () => fake.callsTo('anthropic').map((c) => c.body as any).filter((b) => b.tool_choice?.name === 'record_document_review');

  it('when the model and the offline reader agree, the item is completed with the values and the review is on the timeline', async () => {
    fake.anthropicQueue.push(...modelAnswering(() => w2Review('52,000.00')));
    const { w2, upload } = await sendW2('+15125550951');
    assert.equal(w2.status, 'COMPLETED', JSON.stringify(w2));
    assert.equal(w2.value.fields.federalTaxWithheld, 5200);
    assert.deepEqual(upload.output.documents[0].review.map((r: any) => r.outcome), ['agreed']);
    const [req] = reviewRequests();
    assert.equal(req.tools[0].strict, true);
    assert.match(req.messages[0].content, /ACME WIDGETS/);
    assert.doesNotMatch(req.messages[0].content, /412-55-0192/, 'the full SSN never reaches the model');
    assert.match(req.messages[0].content, /\*\*\*-\*\*-0192/);
  });

  it('a photographed W-2 is shown to the model as an image, before its OCR text', async () => {
    fake.anthropicQueue.push(...modelAnswering(() => w2Review('52,000.00')));
    const photo = await makeTextImage(w2Lines({ year }));
    const { w2 } = await sendW2('+15125550954', { filename: 'w2.png', mimeType: 'image/png', bytes: photo });
    assert.notEqual(w2.status, 'TODO');
    const content = reviewRequests()[0].messages[0].content;
    assert.ok(Array.isArray(content), 'image blocks and text');
    assert.deepEqual([content[0].type, content[0].source.media_type, content.at(-1).type], ['image', 'image/jpeg', 'text']);
    assert.match(content.at(-1).text, /<document_text>/);
  });

  it('when they disagree on a value, the item goes to NEEDS_REVIEW naming the field, and the lead is told it will be checked', async () => {
    fake.anthropicQueue.push(...modelAnswering(() => w2Review('25,000.00')));
    const { w2, upload, reply } = await sendW2('+15125550952');
    assert.equal(w2.status, 'NEEDS_REVIEW', JSON.stringify(w2));
    assert.match(w2.validationError, /disagree: wages: model 25000, offline 52000/);
    assert.equal(upload.output.documents[0].review[0].outcome, 'disagreed');
    assert.doesNotMatch(reply.body, /model|offline/i, 'the lead is not shown the internals');
  });

  it("the model is offered the lead's items of no known type, and the one it names, with the text agreeing, is completed", async () => {
    const phone = '+15125550955';
    const created = await stack.api('POST', '/api/v1/leads', { firstName: LEAD.firstName, lastName: LEAD.lastName, phoneNumber: phone });
    const leadId = created.body.lead.id as string;
    assert.equal((await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: 'Divorce decree', fieldType: 'FILE' })).status, 201);
    fake.anthropicQueue.push(...modelAnswering(() => toolUseMessage('record_document_review', { documentType: 'OTHER', confidence: 0.93, fields: [], validationResults: [], checklistItem: 'Divorce decree' })));
    const decree = await makeTextPdf([['IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS', 'FINAL DIVORCE DECREE', 'IN RE THE MARRIAGE OF DANA WHITFIELD', 'It is ordered that the marriage of the parties is dissolved.']]);
    const posted = await stack.api('POST', '/api/v1/messages/inbound', {
      channel: 'SMS', from: phone, body: 'here is the decree', externalMessageId: `cd-${++seq}`,
      attachments: [{ filename: 'decree.pdf', mimeType: 'application/pdf', contentBase64: b64(decree) }],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const item = await waitFor('the decree item settled', async () => {
      const detail = (await stack.api('GET', `/api/v1/leads/${leadId}`)).body;
      const i = detail.checklist.flatMap((g: any) => g.items).find((x: any) => x.code === 'divorce_decree');
      return i.status !== 'TODO' && i;
    }, 90_000);
    assert.equal(item.status, 'COMPLETED', JSON.stringify(item));
    const [req] = reviewRequests();
    assert.match(req.messages[0].content, /<lender_items>\n- Divorce decree\n<\/lender_items>/);
  });

  it('when the model keeps failing, the offline reading stands after one retry and says so', async () => {
    fake.anthropicQueue.push(...modelAnswering(() => ({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })));
    const { w2, upload } = await sendW2('+15125550953');
    assert.equal(w2.status, 'COMPLETED', JSON.stringify(w2));
    const [review] = upload.output.documents[0].review;
    assert.equal(review.outcome, 'unavailable');
    assert.match(review.reason, /Overloaded/);
    assert.equal(reviewRequests().length, 2, 'one try, one Temporal retry, then the offline reading');
  });
});
