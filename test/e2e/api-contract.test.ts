import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startStack, TEST_API_KEY, type Stack } from '../support/stack';

// Bad input gets a clear 4xx naming the field, never a 500, and nothing half-stored.
describe('HTTP API contract', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ worker: false });
  });
  after(async () => stack?.stop());

  const valid = { channel: 'SMS', from: '+15125550301', body: 'hi', externalMessageId: 'c-1' };

  it('answers /health without a key', async () => {
    const res = await stack.api('GET', '/health', undefined, {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: true, temporal: true });
  });

  it('401 without or with a wrong API key', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }] as Record<string, string>[]) {
      const res = await stack.api('POST', '/api/v1/messages/inbound', valid, headers);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'unauthorized');
    }
    assert.equal((await stack.api('GET', '/api/v1/leads', undefined, {})).status, 401);
  });

  it('a path spelled another way still needs the key, and a lead is found only in its own workspace', async () => {
    const { body } = await stack.api('POST', '/api/v1/leads', { firstName: 'Kim', phoneNumber: '+15125550377' });
    const id = body.lead.id;
    // "/%61pi" routes like "/api": the key is required by the route that matched, not by the raw URL.
    for (const [method, route, payload] of [
      ['GET', `/%61pi/v1/leads/${id}/action-logs`],
      ['GET', `/%61pi/v1/leads/${id}`],
      ['PUT', `/%61pi/v1/leads/${id}`, { firstName: 'Pwned' }],
      ['POST', '/%61pi/v1/activity', { leadId: id, eventType: 'x', title: 'x' }],
    ] as [string, string, unknown?][]) {
      const res = await stack.api(method, route, payload, {});
      assert.equal(res.status, 401, `${method} ${route}`);
    }
    // An absolute-form request line, as a proxy would send it.
    const { port } = new URL(stack.app.url!);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(`GET http://example.test/api/v1/leads/${id} HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 401/);
    assert.equal((await stack.api('GET', `/api/v1/leads/${id}`)).body.lead.firstName, 'Kim', 'nothing was changed');
  });

  it('400 naming the field for malformed inbound messages', async () => {
    const cases: [unknown, string][] = [
      [{ ...valid, channel: 'FAX' }, 'channel'],
      [{ ...valid, from: undefined }, 'from'],
      [{ ...valid, from: 'not-a-phone' }, 'from'],
      [{ ...valid, channel: 'EMAIL', from: 'nobody' }, 'from'],
      [{ ...valid, externalMessageId: '' }, 'externalMessageId'],
      [{ ...valid, body: 42 }, 'body'],
      [{ ...valid, body: '  ' }, 'body'],
      [{ ...valid, attachments: [{ filename: 'a.pdf', mimeType: 'application/pdf', contentBase64: '***' }] }, 'attachments.0.contentBase64'],
    ];
    for (const [body, field] of cases) {
      const res = await stack.api('POST', '/api/v1/messages/inbound', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} -> 400`);
      assert.equal(res.body.error.code, 'validation_error');
      assert.ok(res.body.error.details.some((d: any) => d.field === field), `names ${field}: ${JSON.stringify(res.body.error)}`);
      assert.match(res.body.error.message, new RegExp(field.replace(/\./g, '\\.')));
    }
    const broken = await stack.api('POST', '/api/v1/messages/inbound', '{"channel": "SMS", ');
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.details[0].field, 'body');
    const count = await stack.app.database.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing stored for rejected input');
  });

  it('creates, finds, updates and lists leads; 404 and 409 where they belong', async () => {
    const created = await stack.api('POST', '/api/v1/leads', {
      firstName: 'Dana', lastName: 'Ruiz', phoneNumber: '512-555-0310', email: 'Dana@Example.com', timezone: 'America/Chicago',
      checklistTemplate: 'personal-mortgage',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.lead.phoneNumber, '+15125550310');
    assert.equal(created.body.lead.email, 'dana@example.com');
    assert.deepEqual(created.body.checklist.map((g: any) => g.name), ['Income', 'Assets', 'Identity']);
    const dup = await stack.api('POST', '/api/v1/leads', { firstName: 'X', email: 'dana@example.com' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.details[0].field, 'email');
    const badTz = await stack.api('POST', '/api/v1/leads', { firstName: 'X', timezone: 'Mars/Olympus' });
    assert.equal(badTz.status, 400);
    assert.equal(badTz.body.error.details[0].field, 'timezone');

    const id = created.body.lead.id;
    const got = await stack.api('GET', `/api/v1/leads/${id}`);
    assert.equal(got.status, 200);
    for (const key of ['lead', 'status', 'checklist', 'documents', 'nextFollowUp', 'pendingDrafts']) assert.ok(key in got.body, key);
    assert.equal((await stack.api('GET', '/api/v1/leads/00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await stack.api('PUT', `/api/v1/leads/${id}`, { status: 'MAYBE' })).status, 400);
    const list = await stack.api('GET', '/api/v1/leads?q=dana');
    assert.deepEqual(list.body.leads.map((l: any) => l.id), [id]);
    const activity = await stack.api('POST', '/api/v1/activity', { leadId: id, eventType: 'sales_call', title: 'Called the lead' });
    assert.equal(activity.status, 201);
    const logs = (await stack.api('GET', `/api/v1/leads/${id}/action-logs`)).body as any[];
    assert.deepEqual(logs.map((l) => l.summary), ['Lead created', 'Called the lead']);
    assert.equal((await stack.api('GET', '/api/v1/nope', undefined, { 'x-api-key': TEST_API_KEY })).status, 404);
  });

  it('text PostgreSQL cannot store (NUL, half a surrogate pair) is a 400 naming the field, and nothing is half-stored', async () => {
    const leadsBefore = (await stack.app.database.db.selectFrom('leads').select('id').execute()).length;
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/leads', { firstName: 'a\u0000b' }, 'firstName'],
      ['POST', '/api/v1/leads', { firstName: 'Ok', tags: ['fine', 'x\ud800'] }, 'tags.1'],
      ['POST', '/api/v1/messages/inbound', { ...valid, from: '+15125550388', body: 'hi\u0000', externalMessageId: 'nul-1' }, 'body'],
      ['POST', '/api/v1/messages/inbound', { ...valid, from: '+15125550389', externalMessageId: 'nul\u0000' }, 'externalMessageId'],
      ['GET', '/api/v1/leads/a%00b', undefined, 'leadId'],
      ['GET', '/api/v1/leads?q=a%00b', undefined, 'q'],
    ];
    for (const [method, route, payload, field] of cases) {
      const res = await stack.api(method, route, payload);
      assert.equal(res.status, 400, `${method} ${route}`);
      assert.equal(res.body.error.details[0].field, field, `${method} ${route}`);
    }
    const lead = (await stack.api('POST', '/api/v1/leads', { firstName: 'Nul' })).body.lead;
    const activity = await stack.api('POST', '/api/v1/activity', { leadId: lead.id, eventType: 'x', title: 'x', metadata: { note: { deep: '\udc00' } } });
    assert.equal(activity.body.error.details[0].field, 'metadata.note.deep');
    assert.equal((await stack.app.database.db.selectFrom('leads').select('id').execute()).length, leadsBefore + 1, 'no lead was made by a refused request');
  });

  it('a message delivered again after its lead changed number stays with that lead, and makes no new one', async () => {
    const message = { ...valid, from: '+15125550390', externalMessageId: 'redeliver-1' };
    const first = await stack.api('POST', '/api/v1/messages/inbound', message);
    assert.equal(first.status, 202);
    assert.equal((await stack.api('PUT', `/api/v1/leads/${first.body.leadId}`, { phoneNumber: '+15125550391' })).status, 200);
    const again = await stack.api('POST', '/api/v1/messages/inbound', message);
    assert.equal(again.status, 202);
    assert.deepEqual([again.body.duplicate, again.body.leadId, again.body.messageId], [true, first.body.leadId, first.body.messageId]);
    const stray = await stack.app.database.db.selectFrom('leads').select('id').where('phone_number', '=', '+15125550390').executeTakeFirst();
    assert.equal(stray, undefined, 'no lead was made for the old number');
  });

  it('searches leads for the text as written: % and _ are not wildcards', async () => {
    await stack.api('POST', '/api/v1/leads', { firstName: 'Percy', lastName: '100%_Sure' });
    assert.equal((await stack.api('GET', '/api/v1/leads?q=_')).body.leads.length, 1);
    assert.equal((await stack.api('GET', '/api/v1/leads?q=%25')).body.leads.length, 1);
    assert.equal((await stack.api('GET', '/api/v1/leads?q=0%25_s')).body.leads[0].lastName, '100%_Sure');
  });

  it('a malformed multipart upload is a 400, not a 500', async () => {
    const post = (contentType: string, body: string) =>
      fetch(new URL('/api/v1/documents', stack.app.url), { method: 'POST', headers: { 'x-api-key': TEST_API_KEY, 'content-type': contentType }, body });
    const noBoundary = await post('multipart/form-data', 'whatever');
    assert.equal(noBoundary.status, 400);
    assert.equal(((await noBoundary.json()) as any).error.details[0].field, 'body');
    const cut = await post('multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="leadId"\r\n\r\nabc');
    assert.equal(cut.status, 400);
  });

  it('pages through leads created in the same instant without losing one', async () => {
    // One statement: every row gets the same now(), to the microsecond (a bulk import, or two requests at once).
    const { id: workspace_id } = await stack.app.database.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    const rows = Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(), workspace_id, first_name: `Batch${i}`, status: 'IN_PROGRESS' as const, assignee_type: 'AGENT' as const,
      source: 'api', checklist_template: 'small-business', tags: JSON.stringify([]),
    }));
    const inserted = await stack.app.database.db.insertInto('leads').values(rows as any).returning('id').execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await stack.api('GET', `/api/v1/leads?q=batch&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.leads.map((l: any) => l.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    assert.deepEqual([...seen].sort(), inserted.map((r) => r.id).sort());
    assert.equal((await stack.api('GET', '/api/v1/leads?cursor=bm9wZQ')).status, 400, 'a cursor we did not issue is a 400');
  });
});
