import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LEAD, licenseLines, makeTextImage, makeTextPdf, w2Lines } from '../support/document-fixtures';
import { startStack, TEST_API_KEY, waitFor, type Stack } from '../support/stack';

// The review page in a real browser (Debian's Chromium driven by playwright-core) against the whole product in
// listen mode: a reviewer opens the queues with a key, edits and approves one draft, rejects another, loses a race to
// the API without harm, and settles the checklist items the document pipeline was unsure of. The page must show what
// leads wrote and sent as text, never as HTML.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const noBrowser = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (.ci/run installs it: apt-get install chromium)`;

describe('review page', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { DEFAULT_MODE: 'LISTEN', FOLLOW_UP_CADENCE: 'P1D' } });
  });
  after(async () => stack?.stop());

  const post = (from: string, body: string, id: string) =>
    stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from, body, externalMessageId: id });
  const draftsOf = async (leadId: string) => (await stack.api('GET', `/api/v1/drafts?leadId=${leadId}`)).body as any[];
  const outbox = (id: string) => stack.app.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('is served without a key, holds no data, and forbids inline script and framing', async () => {
    const res = await fetch(new URL('/review', stack.app.url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const js = await fetch(new URL('/review/app.js', stack.app.url));
    assert.match(js.headers.get('content-type')!, /^text\/javascript/);
    assert.doesNotMatch(await js.text(), /innerHTML|insertAdjacentHTML|outerHTML/, 'values from the API are set as text only');
    assert.equal((await stack.api('GET', '/api/v1/drafts', undefined, {})).status, 401, 'the data behind it still needs a key');
  });

  describe('in a browser', { skip: noBrowser }, () => {
    let browser: Browser;
    let page: Page;
    before(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await browser.newPage();
    });
    after(async () => browser?.close());
    const noticeSays = (text: RegExp) => page.locator('#notice', { hasText: text }).waitFor();

    it('lets a reviewer edit and approve one draft, reject another, and survive a race', async () => {
      const injected = '<img src=x onerror="window.__xss=1">Hi, I need a loan for my bakery';
      const a = (await post('+15125550301', injected, 'rp-1')).body;
      const b = (await post('+15125550302', 'Hello there', 'rp-2')).body;
      const draftA = await waitFor('draft A', async () => (await draftsOf(a.leadId))[0]);
      const draftB = await waitFor('draft B', async () => (await draftsOf(b.leadId))[0]);

      // The queue the page reads pages through the drafts, oldest first, without losing one.
      const page1 = await fetch(new URL('/api/v1/drafts?limit=1', stack.app.url), { headers: { 'x-api-key': TEST_API_KEY } });
      const cursor = page1.headers.get('x-next-cursor');
      assert.ok(cursor, 'a full page says there is more');
      const page2 = await fetch(new URL(`/api/v1/drafts?limit=1&cursor=${cursor}`, stack.app.url), { headers: { 'x-api-key': TEST_API_KEY } });
      assert.equal(page2.headers.get('x-next-cursor'), null);
      const paged = [...((await page1.json()) as any[]), ...((await page2.json()) as any[])].map((d) => d.id);
      assert.deepEqual(paged.sort(), [draftA.id, draftB.id].sort());

      await page.goto(new URL('/review', stack.app.url).href);
      await page.fill('#key', 'not-a-key');
      await page.click('#key-form button[type=submit]');
      await noticeSays(/refused/);
      assert.equal(await page.isVisible('#key-form'), true);

      await page.fill('#key', TEST_API_KEY);
      await page.click('#key-form button[type=submit]');
      const cardA = page.locator(`article[data-draft-id="${draftA.id}"]`);
      const cardB = page.locator(`article[data-draft-id="${draftB.id}"]`);
      await cardA.waitFor();
      await cardB.waitFor();
      assert.equal(await cardA.locator('.lead-name').textContent(), '+15125550301');
      assert.match(await cardA.locator('.held-because').textContent() ?? '', /Listen mode/);
      assert.match(await cardA.locator('.recipient').textContent() ?? '', /SMS \+15125550301/);
      assert.equal(await cardA.locator('.body').inputValue(), draftA.body);
      assert.match(await cardA.locator('.length').textContent() ?? '', /characters, \d+ SMS segment/);
      // The lead's words are shown as they were written, and nothing in them ran.
      assert.match(await cardA.locator('.last-inbound blockquote').textContent() ?? '', /<img src=x onerror="window.__xss=1">Hi, I need a loan/);
      assert.equal(await cardA.locator('img').count(), 0);
      assert.equal(await page.evaluate('window.__xss'), undefined);

      await page.fill('#reviewer', 'Dana (ops)');
      await page.dispatchEvent('#reviewer', 'change');
      const edited = 'Hi! Thanks for writing. What is the name of your bakery?';
      await cardA.locator('.body').fill(edited);
      await cardA.locator('.approve').click();
      await cardA.waitFor({ state: 'detached' });
      assert.match(await page.textContent('#notice') ?? '', /Sent to \+15125550301/);
      const sentA = await outbox(draftA.id);
      assert.equal(sentA.status, 'SENT');
      assert.equal(sentA.edited, true);
      assert.equal(sentA.decided_by, 'Dana (ops)');
      const message = await stack.app.database.db.selectFrom('messages').selectAll().where('id', '=', sentA.message_id!).executeTakeFirstOrThrow();
      assert.equal(message.body, edited, 'the edited text is what was sent');

      // Rejecting needs a reason; without one nothing is sent to the API.
      await cardB.locator('.reject').click();
      assert.match(await cardB.locator('.outcome').textContent() ?? '', /Say why/);
      assert.equal((await outbox(draftB.id)).status, 'AWAITING_APPROVAL');
      await cardB.locator('.reason').fill('Ask for the business name first');
      await cardB.locator('.reject').click();
      await cardB.waitFor({ state: 'detached' });
      const rejected = await outbox(draftB.id);
      assert.equal(rejected.status, 'REJECTED');
      assert.equal(rejected.decision_reason, 'Ask for the business name first');

      // A cursor still pages after the draft it names was decided.
      const later = await fetch(new URL(`/api/v1/drafts?limit=1&cursor=${cursor}`, stack.app.url), { headers: { 'x-api-key': TEST_API_KEY } });
      assert.equal(later.status, 200);
      assert.ok(((await later.json()) as any[]).every((d) => d.id !== draftA.id && d.id !== draftB.id));

      // The agent re-drafts once with the reason. Another reviewer approves it through the API first: the page
      // says so and reloads, and nothing is sent twice.
      const redraft = await waitFor('the re-draft', async () => (await draftsOf(b.leadId)).find((d) => d.id !== draftB.id));
      await page.click('#refresh');
      const cardR = page.locator(`article[data-draft-id="${redraft.id}"]`);
      await cardR.waitFor();
      assert.equal((await stack.api('POST', `/api/v1/leads/${b.leadId}/drafts/${redraft.id}/approve`, {})).status, 200);
      await cardR.locator('.approve').click();
      await noticeSays(/already decided/);
      await cardR.waitFor({ state: 'detached' });
      const sentB = await stack.app.database.db.selectFrom('messages').select('id').where('lead_id', '=', b.leadId).where('direction', '=', 'OUTBOUND').execute();
      assert.equal(sentB.length, 1);
      assert.match(await page.textContent('#notice') ?? '', /already decided/);

      // Forgetting the key leaves nothing on the page.
      await page.click('#sign-out');
      await page.waitForSelector('#key-form:not([hidden])');
      assert.equal(await page.locator('article.draft').count(), 0);
    });

    it('shows the items the pipeline was unsure of with their files, and accepts or refuses them', async () => {
      const created = await stack.api('POST', '/api/v1/leads', { ...LEAD, phoneNumber: '+15125550303', checklistTemplate: 'personal-mortgage' });
      const leadId = created.body.lead.id;
      const items = Object.fromEntries(created.body.checklist.flatMap((g: any) => g.items).map((i: any) => [i.code, i]));
      // Documents in someone else's name: read, but not the applicant's, so a person has to look.
      const upload = async (itemId: string, name: string, type: string, bytes: Uint8Array) => {
        const form = new FormData();
        form.append('leadId', leadId);
        form.append('checklistItemId', itemId);
        form.append('files[]', new Blob([bytes], { type }), name);
        const res = await fetch(new URL('/api/v1/documents', stack.app.url), { method: 'POST', headers: { 'x-api-key': TEST_API_KEY }, body: form });
        assert.equal(res.status, 202);
      };
      await upload(items.w2.id, 'w2-photo.png', 'image/png', await makeTextImage(w2Lines({ year: new Date().getFullYear() - 1, name: 'Robert Jones' })));
      await upload(items.government_id.id, 'licence.pdf', 'application/pdf', await makeTextPdf([licenseLines({ name: ['JONES', 'ROBERT'] })]));
      const checklist = async () => Object.fromEntries(((await stack.api('GET', `/api/v1/leads/${leadId}/checklist`)).body as any[]).flatMap((g) => g.items).map((i: any) => [i.code, i]));
      await waitFor('both items to need review', async () => {
        const c = await checklist();
        return c.w2.status === 'NEEDS_REVIEW' && c.government_id.status === 'NEEDS_REVIEW';
      }, 90_000);

      await page.fill('#key', TEST_API_KEY);
      await page.click('#key-form button[type=submit]');
      const w2Card = page.locator(`article[data-item-id="${items.w2.id}"]`);
      const idCard = page.locator(`article[data-item-id="${items.government_id.id}"]`);
      await w2Card.waitFor();
      await idCard.waitFor();
      assert.equal(await w2Card.locator('.lead-name').textContent(), `${LEAD.firstName} ${LEAD.lastName}`);
      assert.match(await w2Card.locator('.why').textContent() ?? '', /does not match the applicant/);
      assert.match(await w2Card.locator('.value').textContent() ?? '', /^W-2 for \d{4} for Robert Jones from ACME WIDGETS/, 'what filled the item, by its summary');
      assert.equal(await w2Card.locator('.doc-name').textContent(), 'w2-photo.png');
      assert.match(await w2Card.locator('.doc-type').textContent() ?? '', /W2/);

      // The file itself, and what was read from it.
      await w2Card.locator('.show').click();
      const image = w2Card.locator('.preview img');
      await image.waitFor();
      await page.waitForFunction((el) => (el as any).complete && (el as any).naturalWidth > 0, await image.elementHandle());
      const found = (await w2Card.locator('.findings').textContent()) ?? '';
      assert.match(found, /W2 on 1 page/);
      assert.match(found, /Failed checks: .*does not match the applicant/);
      assert.match(found, /Robert Jones/);
      await idCard.locator('.show').click();
      await idCard.locator('.preview:not([hidden])').waitFor();
      assert.equal(await idCard.locator('.preview img').count(), 0, 'a PDF is offered as a download, not shown inline');
      assert.equal(await idCard.locator('.download').getAttribute('download'), 'licence.pdf');

      await page.fill('#reviewer', 'Sam (underwriting)');
      await page.dispatchEvent('#reviewer', 'change');
      await w2Card.locator('.accept').click();
      await w2Card.waitFor({ state: 'detached' });
      await idCard.locator('.refuse').click();
      assert.match(await idCard.locator('.outcome').textContent() ?? '', /Say why/);
      assert.equal((await checklist()).government_id.status, 'NEEDS_REVIEW', 'nothing sent without a reason');
      await idCard.locator('.reason').fill('the licence is in another name; please send your own');
      await idCard.locator('.refuse').click();
      await idCard.waitFor({ state: 'detached' });

      const after = await checklist();
      assert.equal(after.w2.status, 'COMPLETED');
      assert.equal(after.w2.source, 'manual');
      assert.equal(after.government_id.status, 'INVALID');
      assert.equal(after.government_id.validationError, 'the licence is in another name; please send your own');
      const logs = (await stack.api('GET', `/api/v1/leads/${leadId}/action-logs`)).body as any[];
      const manual = logs.filter((l) => l.type === 'MANUAL_UPDATE').map((l) => l.summary);
      assert.ok(manual.some((m) => /W-2: NEEDS_REVIEW -> COMPLETED by Sam \(underwriting\)/.test(m)), manual.join(' | '));
      assert.ok(manual.some((m) => /NEEDS_REVIEW -> INVALID by Sam \(underwriting\)/.test(m)), manual.join(' | '));
      await page.locator('#items .count', { hasText: 'Nothing to review' }).waitFor();
    });

    it('works behind a proxy that serves the product under a path prefix', async () => {
      const upstream = new URL(stack.app.url!);
      const proxy = createServer((req, res) => {
        if (!req.url?.startsWith('/lender/')) return void res.writeHead(404).end();
        const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url.slice('/lender'.length), headers: req.headers }, (up) => {
          res.writeHead(up.statusCode!, up.headers);
          up.pipe(res);
        });
        req.pipe(forward);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      try {
        const { leadId } = (await post('+15125550304', 'Hi from behind the proxy', 'rp-3')).body;
        const draft = await waitFor('a draft', async () => (await draftsOf(leadId))[0]);
        const behind = await browser.newPage();
        await behind.goto(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/lender/review`);
        await behind.fill('#key', TEST_API_KEY);
        await behind.click('#key-form button[type=submit]');
        await behind.locator(`article[data-draft-id="${draft.id}"]`).waitFor();
        await behind.close();
      } finally {
        proxy.close();
      }
    });
  });
});
