import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { corruptPdf, LEAD, makeTextImage, makeTextPdf, payStubLines, w2Lines } from '../support/document-fixtures';
import { makeStatement } from '../support/statement-fixtures';
import { startStack, waitFor, type Stack } from '../support/stack';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const MAX_BYTES = 2_000_000;

// Files sent with a message are read in the lead's workflow, fill the checklist, and the reply says what happened.
describe('documents sent by a lead', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'P1D', DEFAULT_CHECKLIST_TEMPLATE: 'personal-mortgage', MAX_ATTACHMENT_BYTES: String(MAX_BYTES) } });
  });
  after(async () => stack?.stop());

  let seq = 0;
  async function send(phone: string, body: string, attachments: { filename: string; mimeType: string; bytes: Uint8Array }[], check?: (posted: any) => void) {
    const lead = await stack.api('POST', '/api/v1/leads', { firstName: LEAD.firstName, lastName: LEAD.lastName, phoneNumber: phone });
    assert.equal(lead.status, 201);
    const posted = await stack.api('POST', '/api/v1/messages/inbound', {
      channel: 'SMS', from: phone, body, externalMessageId: `doc-${++seq}`,
      attachments: attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType, contentBase64: b64(a.bytes) })),
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    check?.(posted.body);
    const leadId = posted.body.leadId as string;
    const reply = await waitFor('the reply', async () => {
      const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
      return logs.find((l) => l.type === 'MESSAGE' && l.messages[0]?.direction === 'OUTBOUND')?.messages[0];
    }, 120_000);
    const detail = (await stack.api('GET', `/api/v1/leads/${leadId}`)).body;
    const items = Object.fromEntries(detail.checklist.flatMap((g: any) => g.items).map((i: any) => [i.code, i]));
    return { leadId, reply, items, documents: detail.documents as any[] };
  }

  it('an image-only pay stub and a text-layer W-2 both change their checklist items, and the reply names both files', async () => {
    const payStub = await makeTextImage(payStubLines());
    const w2 = await makeTextPdf([w2Lines({ year: new Date().getFullYear() - 1 })]);
    const { reply, items, documents, leadId } = await send('+15125550901', 'Here are my pay stub and W-2', [
      { filename: 'paystub.png', mimeType: 'image/png', bytes: payStub },
      { filename: 'w2.pdf', mimeType: 'application/pdf', bytes: w2 },
    ]);
    assert.notEqual(items.pay_stubs.status, 'TODO', `pay stub item: ${JSON.stringify(items.pay_stubs)}`);
    assert.notEqual(items.w2.status, 'TODO', `W-2 item: ${JSON.stringify(items.w2)}`);
    assert.match(reply.body, /paystub\.png/);
    assert.match(reply.body, /w2\.pdf/);
    assert.deepEqual(documents.map((d) => d.status).sort(), ['PROCESSED', 'PROCESSED']);
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    const upload = logs.find((l) => l.type === 'DOCUMENT_UPLOAD');
    assert.deepEqual(upload.output.documents.map((d: any) => d.type).sort(), ['PAY_STUB', 'W2']);
    assert.doesNotMatch(JSON.stringify(upload), /\d{3}-\d{2}-\d{4}/, 'no full SSN on the timeline');
  });

  it('bank statements sent in two messages are kept together: one month asks for the next, two consecutive months complete the item', async () => {
    const month = (back: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - back);
      return { key: d.toISOString().slice(0, 7), name: d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }) };
    };
    const [older, newer] = [month(2), month(1)];
    const statement = (m: string) => makeStatement({ style: 'period-colon', month: m, holder: ['DANA WHITFIELD'], account: 'Account ending in 4821' });
    const first = await send('+15125550903', 'first statement', [{ filename: 'older.pdf', mimeType: 'application/pdf', bytes: await statement(older.key) }]);
    assert.equal(first.items.bank_statements.status, 'NEEDS_REVIEW', JSON.stringify(first.items.bank_statements));
    assert.match(first.items.bank_statements.validationError, /^1 of 2 months received/);
    assert.match(first.reply.body, new RegExp(`"older\\.pdf".*1 of 2 months; please send the one for ${newer.name}`));

    await stack.api('POST', '/api/v1/messages/inbound', {
      channel: 'SMS', from: '+15125550903', body: 'and the next one', externalMessageId: `doc-${++seq}`,
      attachments: [{ filename: 'newer.pdf', mimeType: 'application/pdf', contentBase64: b64(await statement(newer.key)) }],
    });
    const item = await waitFor('the item to complete', async () => {
      const detail = (await stack.api('GET', `/api/v1/leads/${first.leadId}`)).body;
      const i = detail.checklist.flatMap((g: any) => g.items).find((x: any) => x.code === 'bank_statements');
      return i.status === 'COMPLETED' && i;
    }, 120_000);
    assert.deepEqual(item.value.documents.map((d: any) => d.fields.periodEnd.slice(0, 7)), [older.key, newer.key]);
    assert.equal(item.value.documents[0].fields.accountNumberLast4, '4821');
  });

  it('corrupt, encrypted, empty, oversized and mislabelled files each get a verdict and a clear message, and the conversation goes on', async () => {
    const jpegAsPng = await makeTextImage(payStubLines(), { format: 'jpeg' });
    const webp = await makeTextImage(['INVOICE'], { format: 'webp' });
    const { reply, documents, leadId } = await send('+15125550902', 'documents attached', [
      { filename: 'statement.pdf', mimeType: 'application/pdf', bytes: corruptPdf() },
      { filename: 'locked.pdf', mimeType: 'application/pdf', bytes: await makeTextPdf([w2Lines()], { userPassword: 'secret' }) },
      { filename: 'empty.pdf', mimeType: 'application/pdf', bytes: new Uint8Array() },
      { filename: 'stub.png', mimeType: 'image/png', bytes: jpegAsPng },
      { filename: 'scan.png', mimeType: 'image/png', bytes: webp },
      { filename: 'huge-scan.pdf', mimeType: 'application/pdf', bytes: new Uint8Array(MAX_BYTES + 1) },
    ], (posted) => assert.deepEqual(posted.refusedAttachments, [{ index: 5, filename: 'huge-scan.pdf', reason: 'too_large' }]));
    const byName = Object.fromEntries(documents.map((d) => [d.filename, d]));
    assert.equal(byName['statement.pdf'].status, 'REJECTED');
    assert.equal(byName['locked.pdf'].status, 'REJECTED');
    assert.equal(byName['empty.pdf'].status, 'REJECTED');
    assert.deepEqual([byName['huge-scan.pdf'].status, byName['huge-scan.pdf'].error, byName['huge-scan.pdf'].size], ['REJECTED', 'TOO_LARGE', MAX_BYTES + 1]);
    assert.match(reply.body, /"huge-scan\.pdf" is too large/);
    assert.equal(byName['stub.png'].status, 'PROCESSED', 'a JPEG named .png is read as the JPEG it is');
    assert.ok(['PROCESSED', 'REJECTED'].includes(byName['scan.png'].status));
    assert.match(reply.body, /unlocked|password/i, 'asks for an unlocked copy');
    assert.match(reply.body, /statement\.pdf/);
    // The conversation goes on: the next message is answered as usual.
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: '+15125550902', body: "What's left?", externalMessageId: `doc-${++seq}` });
    await waitFor('a second reply', async () => {
      const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
      return logs.filter((l) => l.type === 'MESSAGE' && l.messages[0]?.direction === 'OUTBOUND').length === 2;
    }, 60_000);
  });
});
