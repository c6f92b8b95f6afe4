import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { signTwilioRequest } from '../../src/channels/twilio-webhook';
import { licenseLines, makeTextImage } from '../support/document-fixtures';
import { zoneAtLocalHour } from '../support/time-zones';
import { startFakeUpstreams, type FakeUpstreams } from '../support/fake-upstreams';
import { startStack, waitFor, type Stack } from '../support/stack';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const TOKEN = 'twilio-test-token';
const PUBLIC = 'https://lead-agent.example.com';
const OUR_NUMBER = '+15125550000';

// Real twilio and postmark SDKs against local fakes of their APIs; real webhooks into the real API.
describe('SMS and email through Twilio and Postmark', () => {
  let fake: FakeUpstreams;
  let stack: Stack;
  before(async () => {
    fake = await startFakeUpstreams();
    stack = await startStack({
      env: {
        PUBLIC_BASE_URL: PUBLIC,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM_NUMBER: OUR_NUMBER,
        TWILIO_API_BASE_URL: fake.base,
        POSTMARK_SERVER_TOKEN: 'pm-token',
        POSTMARK_FROM: 'Acme Lending <loans@acme.test>',
        POSTMARK_INBOUND_DOMAIN: 'inbound.acme.test',
        POSTMARK_API_BASE_URL: fake.base,
        POSTMARK_WEBHOOK_USER: 'postmark',
        POSTMARK_WEBHOOK_PASSWORD: 'hook-secret',
        FOLLOW_UP_CADENCE: 'PT3S,PT3S',
      },
    });
  });
  after(async () => {
    await stack?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  let sid = 0;
  const messageSid = () => `SM${(++sid).toString(16).padStart(32, '0')}`;
  async function twilioWebhook(params: Record<string, string>, opts: { sign?: boolean; path?: string } = {}) {
    const path = opts.path ?? '/webhooks/twilio/sms';
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (opts.sign !== false) headers['x-twilio-signature'] = signTwilioRequest(TOKEN, PUBLIC + path, params);
    const res = await fetch(new URL(path, stack.app.url), { method: 'POST', headers, body: new URLSearchParams(params) });
    return { status: res.status, text: await res.text() };
  }
  const sms = (from: string, body: string, extra: Record<string, string> = {}) => ({
    MessageSid: extra.MessageSid ?? messageSid(), AccountSid: ACCOUNT, From: from, To: OUR_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01', SmsStatus: 'received', ...extra,
  });
  async function postmarkWebhook(payload: unknown, auth = 'postmark:hook-secret') {
    const res = await fetch(new URL('/webhooks/postmark/inbound', stack.app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
      body: JSON.stringify(payload),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }
  const email = (from: string, text: string, extra: Record<string, unknown> = {}) => ({
    From: from, FromName: 'Dana Ruiz', FromFull: { Email: from, Name: 'Dana Ruiz', MailboxHash: '' },
    To: 'loans@inbound.acme.test', ToFull: [{ Email: 'loans@inbound.acme.test', Name: '', MailboxHash: '' }],
    OriginalRecipient: 'loans@inbound.acme.test', Subject: 'Loan question', MessageID: `pm-${Math.random().toString(16).slice(2)}`,
    Date: new Date().toUTCString(), TextBody: text, HtmlBody: '', StrippedTextReply: text, MailboxHash: '',
    Headers: [{ Name: 'Message-ID', Value: `<orig-${Math.random().toString(16).slice(2)}@mail.example.com>` }], Attachments: [], ...extra,
  });
  const leadOf = async (address: string) =>
    stack.app.database.db.selectFrom('leads').selectAll().where((eb) => eb.or([eb('phone_number', '=', address), eb('email', '=', address)])).executeTakeFirst();
  const smsTo = (number: string) => fake.twilioMessages.filter((m) => m.to === number);

  it('a signed inbound SMS is answered through the Twilio API; a redelivery changes nothing; unsigned is 403', async () => {
    const params = sms('+15125550801', 'Hi, I need a loan');
    const first = await twilioWebhook(params);
    assert.equal(first.status, 200);
    assert.match(first.text, /<Response><\/Response>/);
    const sent = await waitFor('the SMS reply at Twilio', async () => smsTo('+15125550801')[0]);
    assert.equal(sent.from, OUR_NUMBER);
    assert.equal(sent.status_callback, `${PUBLIC}/webhooks/twilio/status`);
    assert.match(sent.body, /AI assistant/);
    assert.equal((await twilioWebhook(params)).status, 200);
    assert.equal((await twilioWebhook(params)).status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(smsTo('+15125550801').length, 1, 'one reply for three deliveries');
    const lead = await leadOf('+15125550801');
    const inbound = await stack.app.database.db.selectFrom('messages').select('id').where('lead_id', '=', lead!.id).where('direction', '=', 'INBOUND').execute();
    assert.equal(inbound.length, 1);

    const unsigned = await twilioWebhook(sms('+15125550802', 'hello'), { sign: false });
    assert.equal(unsigned.status, 403);
    const forged = await twilioWebhook({ ...sms('+15125550802', 'hello') }, { sign: false, path: '/webhooks/twilio/sms' });
    assert.equal(forged.status, 403);
    assert.equal(await leadOf('+15125550802'), undefined, 'nothing stored for an unsigned webhook');

    // Delivery callbacks move the state forward only.
    const cb = (status: string) => twilioWebhook({ MessageSid: sent.sid, AccountSid: ACCOUNT, MessageStatus: status, SmsStatus: status, From: OUR_NUMBER, To: '+15125550801', ApiVersion: '2010-04-01' }, { path: '/webhooks/twilio/status' });
    assert.equal((await cb('delivered')).status, 200);
    assert.equal((await cb('sent')).status, 200);
    const row = await stack.app.database.db.selectFrom('messages').select('status').where('provider_message_id', '=', sent.sid).executeTakeFirstOrThrow();
    assert.equal(row.status, 'delivered');
  });

  it('an SMS or email holding a NUL or half a surrogate pair is kept, made storable, and answered', async () => {
    assert.equal((await twilioWebhook(sms('+15125550809', 'Hi\u0000 I need a loan \ud800'))).status, 200);
    const stored = await waitFor('the SMS stored', async () => {
      const lead = await leadOf('+15125550809');
      return lead && stack.app.database.db.selectFrom('messages').select('body').where('lead_id', '=', lead.id).where('direction', '=', 'INBOUND').executeTakeFirst();
    });
    assert.equal(stored.body, 'Hi I need a loan \ufffd');
    await waitFor('the SMS reply at Twilio', async () => smsTo('+15125550809')[0]);
    const mail = await postmarkWebhook(email('nul@example.com', 'Hello\u0000 there', { Subject: 'Loan\udc00' }));
    assert.equal(mail.status, 200);
    const lead = await waitFor('the email lead', () => leadOf('nul@example.com'));
    const row = await stack.app.database.db.selectFrom('messages').select(['body', 'subject']).where('lead_id', '=', lead.id).executeTakeFirstOrThrow();
    assert.equal(row.subject, 'Loan\ufffd');
    assert.match(row.body ?? '', /^Hello there/);
  });

  it('a first SMS the database fails to store leaves no lead behind; Twilio\'s retry stores lead and message once', async () => {
    const db = stack.app.database.db;
    // A real failure inside the message's transaction, after the lead was created in it.
    await sql`create function refuse_message() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(db);
    await sql`create trigger refuse_message before insert on messages for each row execute function refuse_message()`.execute(db);
    const first = sms('+15125550871', 'Hello, I need a loan');
    try {
      assert.equal((await twilioWebhook(first)).status, 500);
      assert.equal(await leadOf('+15125550871'), undefined, 'no lead without its message');
    } finally {
      await sql`drop trigger refuse_message on messages`.execute(db);
      await sql`drop function refuse_message()`.execute(db);
    }
    assert.equal((await twilioWebhook(first)).status, 200);
    const lead = await waitFor('the lead', () => leadOf('+15125550871'));
    const items = await db.selectFrom('lead_checklist_items').select('id').where('lead_id', '=', lead.id).execute();
    assert.ok(items.length > 0, 'the lead has its checklist');
    const messages = await db.selectFrom('messages').select('id').where('lead_id', '=', lead.id).where('direction', '=', 'INBOUND').execute();
    assert.equal(messages.length, 1);
    await waitFor('the reply at Twilio', async () => smsTo('+15125550871')[0]);
  });

  it('a send that may have gone out (5xx after Twilio stored it) is looked up before any resend: one SMS', async () => {
    const phone = '+15125550807';
    fake.failNext({ service: 'twilio', status: 500, commit: true, match: (c) => c.method === 'POST' && c.body.To === phone });
    await twilioWebhook(sms(phone, 'Hi there'));
    const lead = await waitFor('the reply recorded as sent', async () => {
      const l = await leadOf(phone);
      const out = l && (await stack.app.database.db.selectFrom('outbox').select(['status', 'attempts']).where('lead_id', '=', l.id).executeTakeFirst());
      return out?.status === 'SENT' && out;
    }, 30_000);
    assert.ok(lead.attempts >= 2, 'the first attempt failed ambiguously and was retried');
    assert.equal(smsTo(phone).length, 1, 'the retry found the message instead of sending it again');
  });

  it('MMS media is fetched with account auth and becomes a document of the message', async () => {
    const msid = messageSid().replace(/^SM/, 'MM');
    const png = await makeTextImage(licenseLines());
    const media = fake.addTwilioMedia({ accountSid: ACCOUNT, messageSid: msid, bytes: png, contentType: 'image/jpeg', notFoundTimes: 1 });
    await twilioWebhook(sms('+15125550803', 'Here is my ID', { MessageSid: msid, NumMedia: '1', MediaUrl0: media.twilioUrl, MediaContentType0: 'image/jpeg' }));
    const reply = await waitFor('the reply', async () => smsTo('+15125550803')[0]);
    const lead = await leadOf('+15125550803');
    const docs = (await stack.api('GET', `/api/v1/leads/${lead!.id}/documents`)).body as any[];
    assert.equal(docs.length, 1);
    assert.equal(docs[0].mimeType, 'image/png', 'the real type, sniffed from the bytes');
    assert.match(reply.body, /mms-[0-9a-f]+-1\.png/, 'the reply names the file');
    assert.equal(docs[0].status, 'PROCESSED');
    const mediaCalls = fake.callsTo('media');
    assert.ok(mediaCalls.length >= 2, 'a transient 404 was retried');
    assert.ok(mediaCalls.every((c) => /^Basic /.test(String(c.headers.authorization))), 'with account auth');
  });

  it('STOP: one confirmation, then nothing on SMS even when follow-ups are due; START resumes', async () => {
    const phone = '+15125550804';
    await twilioWebhook(sms(phone, 'Hi'));
    await waitFor('intro', async () => smsTo(phone).length === 1);
    await twilioWebhook(sms(phone, 'STOP'));
    const confirmation = await waitFor('opt-out confirmation', async () => smsTo(phone)[1]);
    assert.match(confirmation.body, /unsubscribed/i);
    await new Promise((r) => setTimeout(r, 7000)); // two follow-up periods
    assert.equal(smsTo(phone).length, 2, 'nothing after the confirmation');
    const lead = await leadOf(phone);
    assert.equal(lead!.sms_opted_out, true);
    assert.equal(lead!.status, 'OPTED_OUT', 'no other channel: the lead is opted out');
    await twilioWebhook(sms(phone, 'START'));
    const resumed = await waitFor('opt-in confirmation', async () => smsTo(phone)[2]);
    assert.match(resumed.body, /resubscribed/i);
    assert.equal((await leadOf(phone))!.sms_opted_out, false);
  });

  it('STOP on SMS with email still usable: the next follow-up goes by email; opted out of both: none', async () => {
    const phone = '+15125550808';
    await stack.api('POST', '/api/v1/leads', { firstName: 'Max', phoneNumber: phone, email: 'max@example.com', timezone: zoneAtLocalHour(13) });
    await twilioWebhook(sms(phone, 'Hi'));
    await waitFor('intro', async () => smsTo(phone).length === 1);
    await twilioWebhook(sms(phone, 'STOP'));
    await waitFor('opt-out confirmation', async () => smsTo(phone).length === 2);
    const followUp = await waitFor('the follow-up by email', async () => fake.postmarkEmails.find((e) => e.To === 'max@example.com'), 20_000);
    assert.equal(followUp.Subject, 'Finishing up your application');
    assert.equal(smsTo(phone).length, 2, 'nothing more by SMS');
    const res = await postmarkWebhook(email('max@example.com', 'Please unsubscribe me from these emails'));
    assert.equal(res.status, 200);
    await waitFor('the email opt-out', async () => (await leadOf(phone))?.status === 'OPTED_OUT');
    await waitFor('the one confirmation email', async () => fake.postmarkEmails.some((e) => e.To === 'max@example.com' && /unsubscribed/.test(String(e.Subject))));
    const emails = () => fake.postmarkEmails.filter((e) => e.To === 'max@example.com').length;
    const before = emails();
    await new Promise((r) => setTimeout(r, 7000));
    assert.equal(emails(), before, 'no follow-up once both channels are opted out');
    assert.equal(smsTo(phone).length, 2);
  });

  it('a 21610 from Twilio opts the number out, is never retried, and the reply goes by email instead', async () => {
    const phone = '+15125550805';
    const created = await stack.api('POST', '/api/v1/leads', { firstName: 'Kim', phoneNumber: phone, email: 'kim@example.com' });
    assert.equal(created.status, 201);
    fake.optedOut.add(phone);
    await twilioWebhook(sms(phone, 'Hello, what do you need from me?'));
    const viaEmail = await waitFor('the reply by email', async () => fake.postmarkEmails.find((e) => e.To === 'kim@example.com'));
    assert.match(String(viaEmail.TextBody), /Hi Kim/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(fake.callsTo('twilio').filter((c) => c.method === 'POST').length, 1, 'the 21610 was not retried');
    assert.equal((await leadOf(phone))!.sms_opted_out, true);
  });

  it('email in and out: threading headers, reply-to plus-address, Re: subject, and the plus-address routes back', async () => {
    const inbound = email('dana@example.com', 'Hello, I would like to apply for a loan.');
    assert.equal((await postmarkWebhook(inbound, 'postmark:wrong')).status, 403);
    const res = await postmarkWebhook(inbound);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const out = await waitFor('the email reply', async () => fake.postmarkEmails.find((e) => e.To === 'dana@example.com'));
    const leadId = res.body.leadId;
    assert.equal(out.Subject, 'Re: Loan question');
    assert.equal(out.ReplyTo, `loans+${leadId}@inbound.acme.test`);
    const headers = Object.fromEntries((out.Headers as { Name: string; Value: string }[]).map((h) => [h.Name, h.Value]));
    const originalId = inbound.Headers[0].Value;
    assert.equal(headers['In-Reply-To'], originalId);
    assert.match(headers.References, new RegExp(originalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal((await postmarkWebhook(inbound)).body.duplicate, true, 'dedupe on Postmark MessageID');

    // A reply from another address that comes back through the plus-address belongs to the same lead.
    const viaHash = email('dana.work@example.org', 'Forwarding from my work address', { MailboxHash: leadId, MessageID: 'pm-hash-1' });
    const routed = await postmarkWebhook(viaHash);
    assert.equal(routed.body.leadId, leadId);
  });

  it('email attachments that cannot be used (bad base64, empty) are recorded with a verdict and the reply asks for them again', async () => {
    const png = await makeTextImage(licenseLines());
    const res = await postmarkWebhook(email('sam@example.com', 'My documents attached', {
      MessageID: 'pm-attach-1',
      Attachments: [
        { Name: 'license.png', Content: Buffer.from(png).toString('base64'), ContentType: 'image/png', ContentLength: png.byteLength },
        { Name: 'statement.pdf', Content: '[BASE64-ENCODED CONTENT]', ContentType: 'application/pdf', ContentLength: 2000 },
        { Name: 'blank.pdf', Content: '', ContentType: 'application/pdf', ContentLength: 0 },
      ],
    }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const out = await waitFor('the email reply', async () => fake.postmarkEmails.find((e) => e.To === 'sam@example.com'), 60_000);
    const docs = Object.fromEntries(((await stack.api('GET', `/api/v1/leads/${res.body.leadId}/documents`)).body as any[]).map((d) => [d.filename, d]));
    assert.deepEqual([docs['license.png']?.status, docs['statement.pdf']?.status, docs['blank.pdf']?.status], ['PROCESSED', 'REJECTED', 'REJECTED']);
    assert.deepEqual([docs['statement.pdf'].error, docs['blank.pdf'].error], ['CORRUPT', 'EMPTY']);
    assert.match(String(out.TextBody), /statement\.pdf/);
    assert.match(String(out.TextBody), /blank\.pdf/);
  });

  it('a 406 from Postmark marks the email inactive and switches the lead to SMS', async () => {
    await stack.api('POST', '/api/v1/leads', { firstName: 'Lee', phoneNumber: '+15125550806', email: 'lee@example.com' });
    fake.inactiveEmails.add('lee@example.com');
    const res = await postmarkWebhook(email('lee@example.com', 'Hi there'));
    assert.equal(res.status, 200);
    const viaSms = await waitFor('the reply by SMS', async () => smsTo('+15125550806')[0]);
    assert.match(viaSms.body, /Lee/);
    assert.equal((await leadOf('lee@example.com'))!.email_inactive, true);
    const calls = fake.callsTo('postmark').filter((c) => c.path === '/email' && c.body.To === 'lee@example.com');
    assert.equal(calls.length, 1, `the 406 was not retried: ${JSON.stringify(calls.map((c) => [c.status, c.body.To, c.body.Subject]))}`);
  });
});
