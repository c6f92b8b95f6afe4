import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LEAD, makeTextImage, makeTextPdf, payStubLines, w2Lines } from '../support/document-fixtures';
import { startStack, TEST_API_KEY, waitFor, type Stack } from '../support/stack';

const MAX_BYTES = 300_000;

// An admin uploads documents for a lead and settles checklist items by hand, over the public HTTP API.
describe('documents and checklist items over the admin API', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'P1D', DEFAULT_CHECKLIST_TEMPLATE: 'personal-mortgage', MAX_ATTACHMENT_BYTES: String(MAX_BYTES) } });
  });
  after(async () => stack?.stop());

  let phones = 0;
  async function newLead() {
    const phoneNumber = `+1512555098${phones++}`;
    const res = await stack.api('POST', '/api/v1/leads', { firstName: LEAD.firstName, lastName: LEAD.lastName, phoneNumber });
    assert.equal(res.status, 201);
    const items = Object.fromEntries(res.body.checklist.flatMap((g: any) => g.items).map((i: any) => [i.code, i]));
    return { leadId: res.body.lead.id as string, items, phoneNumber };
  }

  async function upload(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[]) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append('files[]', new Blob([f.bytes], { type: f.type }), f.name);
    const res = await fetch(new URL('/api/v1/documents', stack.app.url), { method: 'POST', headers: { 'x-api-key': TEST_API_KEY }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  }

  const checklist = async (leadId: string) =>
    Object.fromEntries(((await stack.api('GET', `/api/v1/leads/${leadId}/checklist`)).body as any[]).flatMap((g) => g.items).map((i: any) => [i.code, i]));

  it('an uploaded W-2 for its item is read by the workflow: the item changes, the timeline shows it, the lead gets no message', async () => {
    const { leadId, items } = await newLead();
    const w2 = await makeTextPdf([w2Lines({ year: new Date().getFullYear() - 1 })]);
    const res = await upload({ leadId, checklistItemId: items.w2.id }, [{ name: 'w2-from-mail.pdf', type: 'application/pdf', bytes: w2 }]);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.documents.length, 1);
    assert.equal(res.body.documents[0].status, 'RECEIVED');
    const docId = res.body.documents[0].id;
    const doc = await waitFor('the document to be read', async () => {
      const d = (await stack.api('GET', `/api/v1/documents/${docId}`)).body;
      return d.status === 'PROCESSED' && d;
    }, 90_000);
    assert.equal(doc.documentType, 'W2');
    assert.equal(doc.uploadId, res.body.uploadId);
    assert.equal(doc.contentBase64, undefined, 'no bytes unless asked');
    assert.equal((await checklist(leadId)).w2.status, 'COMPLETED');
    assert.equal(doc.text, undefined, 'no text unless asked');
    const withContent = (await stack.api('GET', `/api/v1/documents/${docId}?includeContent=true&includeText=true`)).body;
    assert.deepEqual(Buffer.from(withContent.contentBase64, 'base64'), Buffer.from(w2));
    assert.match(withContent.text, /ACME WIDGETS/);
    assert.equal((await stack.api('GET', `/api/v1/documents/${docId}?includeText=yes`)).body.error.details[0].field, 'includeText');
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    assert.ok(logs.some((l) => l.type === 'DOCUMENT_UPLOAD' && l.output.documents[0].id === docId));
    assert.ok(!logs.some((l) => l.type === 'MESSAGE'), 'an admin upload does not message the lead');
  });

  it('a file uploaded for the wrong item marks that item INVALID with the reason', async () => {
    const { leadId, items } = await newLead();
    const stub = await makeTextImage(payStubLines());
    const res = await upload({ leadId, checklistItemId: items.government_id.id }, [{ name: 'stub.png', type: 'image/png', bytes: stub }]);
    assert.equal(res.status, 202);
    const id = await waitFor('the ID item to be judged', async () => {
      const i = (await checklist(leadId)).government_id;
      return i.status !== 'TODO' && i;
    }, 90_000);
    assert.equal(id.status, 'INVALID');
    assert.match(id.validationError, /wrong document type: got pay stub/i);
    // The queue of items in one status, across leads.
    const queue = (await stack.api('GET', '/api/v1/checklist-items?status=INVALID')).body as any[];
    assert.ok(queue.some((q) => q.id === id.id && q.lead.id === leadId && q.lead.name === `${LEAD.firstName} ${LEAD.lastName}`));
    const badQueue = await stack.api('GET', '/api/v1/checklist-items?status=LOST');
    assert.equal(badQueue.status, 400);
    assert.equal(badQueue.body.error.details[0].field, 'status');
  });

  it('a FILE item takes only what it names or what was sent for it', async () => {
    const { leadId } = await newLead();
    for (const [label, rules] of [['Divorce decree', []], ['Proof of address', ['Dated within 60 days']]] as const) {
      assert.equal((await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label, fieldType: 'FILE', validationRules: rules })).status, 201);
    }
    const read = async (fields: Record<string, string>, name: string, bytes: Uint8Array) => {
      const res = await upload({ leadId, ...fields }, [{ name, type: 'application/pdf', bytes }]);
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const id = res.body.documents[0].id;
      return waitFor(`${name} to be read`, async () => ((await stack.api('GET', `/api/v1/documents/${id}`)).body.status === 'PROCESSED' ? checklist(leadId) : null), 90_000);
    };
    // Before, any recognised document filled a FILE item: this pay stub completed both.
    let list = await read({}, 'stub.pdf', await makeTextPdf([payStubLines()]));
    assert.notEqual(list.pay_stubs.status, 'TODO');
    assert.deepEqual([list.divorce_decree.status, list.proof_of_address.status], ['TODO', 'TODO']);
    const decree = ['IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS', 'JUDGMENT FOR DISSOLUTION OF MARRIAGE', 'IN RE THE MARRIAGE OF DANA WHITFIELD AND', 'It is ordered that the marriage of the parties is dissolved.'];
    list = await read({}, 'scan.pdf', await makeTextPdf([['FINAL DIVORCE DECREE', ...decree]]));
    assert.equal(list.divorce_decree.status, 'NEEDS_REVIEW', 'names the item: a person checks it');
    list = await read({ checklistItemId: list.divorce_decree.id }, 'decree.pdf', await makeTextPdf([decree]));
    assert.equal(list.divorce_decree.status, 'COMPLETED', 'sent for the item');
    assert.equal(list.proof_of_address.status, 'TODO');
  });

  it('the review queue pages without losing an item, even when the item a page ended on is settled before the next', async () => {
    const { leadId, items } = await newLead();
    const mine = Object.values(items).map((i: any) => i.id as string);
    for (const id of mine) assert.equal((await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${id}`, { status: 'NEEDS_REVIEW' })).status, 200);
    const seen: string[] = [];
    let cursor: string | null = null;
    let settled = false;
    do {
      const res = await fetch(new URL(`/api/v1/checklist-items?status=NEEDS_REVIEW&limit=2${cursor ? `&cursor=${cursor}` : ''}`, stack.app.url), { headers: { 'x-api-key': TEST_API_KEY } });
      assert.equal(res.status, 200);
      const page = (await res.json()) as any[];
      seen.push(...page.map((i) => i.id));
      cursor = res.headers.get('x-next-cursor');
      const last = page.at(-1);
      if (cursor && !settled && mine.includes(last.id)) {
        // Settling moves the item out of the queue and changes its updated_at: the next page must not jump past the rest.
        assert.equal((await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${last.id}`, { status: 'COMPLETED' })).status, 200);
        settled = true;
      }
    } while (cursor);
    assert.ok(settled, 'a page ended on one of the lead\'s items');
    assert.deepEqual(seen.filter((id) => mine.includes(id)).sort(), [...mine].sort());
    assert.equal(new Set(seen).size, seen.length, 'no item twice');
    const bad = await stack.api('GET', '/api/v1/checklist-items?cursor=bm9wZQ');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'cursor');
  });

  it('items added to a lead at the same moment each get a place of their own', async () => {
    const { leadId } = await newLead();
    const added = await Promise.all(Array.from({ length: 8 }, (_, i) => stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: `Extra document ${i}`, fieldType: 'FILE' })));
    assert.deepEqual(added.map((r) => r.status), Array(8).fill(201));
    const rows = await stack.app.database.db.selectFrom('lead_checklist_items').select('position').where('lead_id', '=', leadId).execute();
    assert.equal(new Set(rows.map((r) => r.position)).size, rows.length, `positions ${rows.map((r) => r.position).join(',')}`);
  });

  it('bad uploads are 4xx naming the field, and nothing is stored', async () => {
    const { leadId, items } = await newLead();
    const pdf = await makeTextPdf([w2Lines()]);
    const cases: [Record<string, string>, { name: string; type: string; bytes: Uint8Array }[], number, string][] = [
      [{}, [{ name: 'a.pdf', type: 'application/pdf', bytes: pdf }], 400, 'leadId'],
      [{ leadId }, [], 400, 'files'],
      [{ leadId, checklistItemId: 'nope' }, [{ name: 'a.pdf', type: 'application/pdf', bytes: pdf }], 400, 'checklistItemId'],
      [{ leadId }, [{ name: 'big.pdf', type: 'application/pdf', bytes: new Uint8Array(MAX_BYTES + 1) }], 413, 'files'],
    ];
    for (const [fields, files, status, field] of cases) {
      const res = await upload(fields, files);
      assert.equal(res.status, status, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.details[0].field, field);
    }
    assert.equal((await upload({ leadId: '00000000-0000-0000-0000-000000000000' }, [{ name: 'a.pdf', type: 'application/pdf', bytes: pdf }])).status, 404);
    const json = await stack.api('POST', '/api/v1/documents', { leadId, files: [] });
    assert.equal(json.status, 415);
    assert.equal((await stack.api('GET', `/api/v1/leads/${leadId}/documents`)).body.length, 0, 'nothing stored');
    assert.equal((await stack.api('GET', '/api/v1/documents/does-not-exist')).status, 404);
    assert.equal(items.w2.status, 'TODO');
  });

  it('an admin adds an item for one lead and settles items by hand, with checks on typed values', async () => {
    const { leadId, items } = await newLead();
    const added = await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: 'Divorce decree', fieldType: 'FILE', isRequired: true, clientInstructions: 'a copy of your divorce decree' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.item.code, 'divorce_decree');
    assert.equal(added.body.item.status, 'TODO');
    assert.equal((await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: 'Divorce decree', fieldType: 'FILE' })).status, 409);
    const bad = await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: 'x', fieldType: 'PDF' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'fieldType');
    const broken = await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { label: 'Divorce decree\nand custody order', fieldType: 'FILE' });
    assert.deepEqual([broken.status, broken.body.error.details[0].field], [400, 'label']);
    const ein = await stack.api('POST', `/api/v1/leads/${leadId}/checklist-items`, { code: 'co_ein', label: 'Co-borrower EIN', fieldType: 'EIN' });
    assert.equal(ein.status, 201);
    const list = await checklist(leadId);
    assert.ok(list.divorce_decree && list.co_ein, 'both items are on the checklist');
    assert.equal(list.divorce_decree.isRequired, true);

    const wrong = await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${ein.body.item.id}`, { value: '12-34' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.details[0].field, 'value');
    const set = await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${ein.body.item.id}`, { value: '123456789', by: 'jo@lender.test' });
    assert.equal(set.status, 200);
    assert.deepEqual([set.body.item.status, set.body.item.value, set.body.item.source], ['COMPLETED', '12-3456789', 'manual']);

    const docValue = await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${items.w2.id}`, { value: 'w2' });
    assert.equal(docValue.status, 400);
    const skip = await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${items.w2.id}`, { status: 'SKIPPED', reason: 'self-employed, no W-2' });
    assert.equal(skip.body.item.status, 'SKIPPED');
    assert.equal((await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${items.w2.id}`, {})).status, 400);
    assert.equal((await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/nope`, { status: 'COMPLETED' })).status, 404);
    const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    assert.deepEqual(logs.filter((l) => l.type === 'MANUAL_UPDATE').map((l) => l.summary), [
      'Checklist item added: Divorce decree',
      'Checklist item added: Co-borrower EIN',
      'Co-borrower EIN: TODO -> COMPLETED by jo@lender.test',
      "Last year's W-2: TODO -> SKIPPED",
    ]);
  });

  it('hand changes reach the lead\'s workflow: settling everything cancels the planned follow-up at once, refusing a document plans one again', async () => {
    const { leadId, items, phoneNumber } = await newLead();
    const settle = (id: string, body: Record<string, unknown>) => stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${id}`, body);
    const logs = async () => (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    const next = async () => (await stack.api('GET', `/api/v1/leads/${leadId}`)).body.nextFollowUp;

    // A lead who never wrote in has no workflow: a hand change starts none (nobody is messaged for it).
    assert.equal((await settle(items.w2.id, { status: 'SKIPPED' })).status, 200);
    await assert.rejects(stack.temporal.client.workflow.getHandle(`lead-${leadId}`).describe(), /not found/i);

    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: phoneNumber, body: 'Hi, what do you need from me?', externalMessageId: `hand-${leadId}` });
    const planned = await waitFor('a planned follow-up', next, 30_000);
    assert.ok(Date.parse(planned.scheduledAt) > Date.now() + 3600_000, 'due on the daily cadence, far from now');

    const required = Object.values(await checklist(leadId)).filter((i: any) => i.isRequired && i.status !== 'SKIPPED') as any[];
    for (const i of required) assert.equal((await settle(i.id, { status: 'SKIPPED', reason: 'waived' })).status, 200);
    const cancelled = await waitFor('the planned follow-up cancelled now, not when due', async () =>
      (await logs()).find((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.status === 'CANCELLED'),
    );
    assert.match(cancelled.error, /Nothing required is missing/);
    assert.equal(await next(), null);
    // The skips' later signals are handled before the refusal: else one of them, seeing the refusal, plans the
    // follow-up under its own log.
    await waitFor('the workflow idle', async () => {
      const { raw } = await stack.temporal.client.workflow.getHandle(`lead-${leadId}`).describe();
      return !raw.pendingActivities?.length && !raw.pendingWorkflowTask;
    });

    // A reviewer refuses a document after all: the lead will be asked again, on the cadence.
    const refused = await settle(items.w2.id, { status: 'INVALID', reason: 'page 2 of the W-2 is missing', by: 'jo@lender.test' });
    assert.equal(refused.status, 200);
    const again = await waitFor('a follow-up planned again', next, 30_000);
    assert.ok(Date.parse(again.scheduledAt) > Date.now() + 3600_000);
    const manual = (await logs()).filter((l) => l.type === 'MANUAL_UPDATE').at(-1);
    const pending = (await logs()).find((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.status === 'PENDING');
    assert.equal(pending.parentActionId, manual.id, 'the timeline links the follow-up to the change that caused it');
    assert.equal((await logs()).filter((l) => l.messages[0]?.direction === 'OUTBOUND').length, 1, 'only the reply was sent');
  });

  it('an admin\'s upload that completes the checklist cancels the planned follow-up at once', async () => {
    const { leadId, items, phoneNumber } = await newLead();
    const logs = async () => (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
    await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: phoneNumber, body: 'Hi there', externalMessageId: `upload-done-${leadId}` });
    await waitFor('a planned follow-up', async () => (await stack.api('GET', `/api/v1/leads/${leadId}`)).body.nextFollowUp, 30_000);
    const others = Object.values(await checklist(leadId)).filter((i: any) => i.isRequired && i.id !== items.w2.id) as any[];
    for (const i of others) assert.equal((await stack.api('PUT', `/api/v1/leads/${leadId}/checklist-items/${i.id}`, { status: 'SKIPPED' })).status, 200);
    const w2 = await makeTextPdf([w2Lines({ year: new Date().getFullYear() - 1 })]);
    assert.equal((await upload({ leadId, checklistItemId: items.w2.id }, [{ name: 'w2.pdf', type: 'application/pdf', bytes: w2 }])).status, 202);
    const cancelled = await waitFor('the follow-up cancelled after the upload', async () =>
      (await logs()).find((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.status === 'CANCELLED'),
    60_000);
    assert.match(cancelled.error, /Nothing required is missing/);
    assert.equal((await checklist(leadId)).w2.status, 'COMPLETED');
  });
});
