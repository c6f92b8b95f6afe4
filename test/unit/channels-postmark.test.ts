import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AmbiguousSendError, ChannelInactiveError, PermanentSendError, RateLimitedError, TransientSendError } from '../../src/channels/errors';
import { checkBasicAuth, htmlToText, parsePostmarkInbound } from '../../src/channels/postmark-webhook';
import { PostmarkTransport, postmarkOptionsFromEnv, referencesFor, replySubject } from '../../src/channels/postmark-transport';
import { sendResolvingAmbiguity } from '../../src/channels/providers';
import { startFakeUpstreams, unusedBaseUrl, type FakeUpstreams } from '../support/fake-upstreams';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const CORPUS = path.resolve(REPO, '../shared/corpus/postmark');
const corpusSkip = fs.existsSync(CORPUS) ? false : `Postmark corpus not found at ${CORPUS}`;

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('postmark webhook: basic auth', () => {
  it('accepts exactly the configured credentials', () => {
    assert.equal(checkBasicAuth(basic('postmark', 's3cret:with:colons'), 'postmark', 's3cret:with:colons'), true);
    assert.equal(checkBasicAuth([basic('postmark', 'pw')], 'postmark', 'pw'), true);
    assert.equal(checkBasicAuth(`basic   ${Buffer.from('postmark:pw').toString('base64')}`, 'postmark', 'pw'), true);
  });
  it('rejects anything else, and everything when no credentials are configured', () => {
    for (const h of [undefined, '', 'Basic', 'Bearer abc', basic('postmark', 'PW'), basic('Postmark', 'pw'), basic('postmark', 'pw '), basic('postmark', ''), 'Basic !!!', `Basic ${Buffer.from('postmarkpw').toString('base64')}`]) {
      assert.equal(checkBasicAuth(h, 'postmark', 'pw'), false, String(h));
    }
    assert.equal(checkBasicAuth(basic('', ''), '', ''), false);
    assert.equal(checkBasicAuth(basic('postmark', 'pw'), 'postmark', undefined), false);
  });
});

describe('postmark webhook: corpus payloads', { skip: corpusSkip }, () => {
  const load = (f: string) => JSON.parse(fs.readFileSync(path.join(CORPUS, f), 'utf8'));

  it('modern payload: stripped reply, plus-address hash, thread headers; the placeholder attachment is rejected, the lying type is corrected', () => {
    const r = parsePostmarkInbound(load('inbound_mvdnbrk-postmark-inbound.json'));
    assert.equal(r.kind, 'message');
    if (r.kind !== 'message') return;
    assert.equal(r.messageId, 'a123456-b1234-c123456-d1234');
    assert.equal(r.from, 'myUser@theirDomain.com');
    assert.equal(r.fromName, 'My User');
    assert.equal(r.to, '1234+ahoy@inbound.postmarkapp.com');
    assert.equal(r.subject, 'Postmark inbound message test');
    assert.equal(r.text, 'Okay, thank you for testing this inbound message!');
    assert.equal(r.textSource, 'stripped');
    assert.equal(r.mailboxHash, 'ahoy');
    assert.deepEqual(r.thread, { messageIdHeader: '<test-message-id@mail.example.com>' });
    assert.deepEqual(r.rejectedAttachments, [{ filename: 'myimage.png', reason: 'invalid_base64' }]);
    assert.equal(r.attachments.length, 1);
    const txt = r.attachments[0]!;
    assert.equal(txt.filename, 'test.txt');
    assert.equal(txt.declaredMimeType, 'plain/text');
    assert.equal(txt.mimeType, 'text/plain');
    assert.equal(Buffer.from(txt.content).toString(), 'test');
  });

  it('legacy 2011 payload: TextBody fallback, real PNGs decoded whatever ContentLength says', () => {
    const r = parsePostmarkInbound(load('inbound-legacy-2011_jpadilla-postmark-inbound-python.json'));
    assert.equal(r.kind, 'message');
    if (r.kind !== 'message') return;
    assert.equal(r.messageId, 'a8c1040e-db1c-4e18-ac79-bc5f64c7ce2c');
    assert.equal(r.from, 'bob@bob.com');
    assert.equal(r.fromName, 'Bob Bobson');
    assert.equal(r.text, 'This is awesome!');
    assert.equal(r.textSource, 'text');
    assert.equal(r.mailboxHash, 'moitoken');
    assert.equal(r.thread.messageIdHeader, '<CAGXpo2WKfxHWZ5UFYCR3H_J9SNMG+5AXUovfEFL6DjWBJSyZaA@mail.gmail.com>');
    assert.deepEqual(r.attachments.map((a) => [a.filename, a.mimeType, a.content.byteLength]), [
      ['chart.png', 'image/png', 1889],
      ['chart2.png', 'image/png', 1889],
    ]);
    assert.deepEqual(r.rejectedAttachments, []);
  });

  it('every corpus payload is accepted or rejected with a reason', () => {
    for (const f of fs.readdirSync(CORPUS).filter((n) => n.endsWith('.json'))) {
      const r = parsePostmarkInbound(load(f));
      assert.ok(r.kind === 'message' || r.reason.length > 0, f);
    }
  });
});

describe('postmark webhook: parsing', () => {
  const sample = {
    FromName: 'Dana Ruiz',
    From: 'dana.ruiz@gmail.com',
    FromFull: { Email: 'dana.ruiz@gmail.com', Name: 'Dana Ruiz', MailboxHash: '' },
    To: '"Acme Lending" <loans+lead_8f3c2a@inbound.acmelending.com>',
    ToFull: [{ Email: 'loans+lead_8f3c2a@inbound.acmelending.com', Name: 'Acme Lending', MailboxHash: 'lead_8f3c2a' }],
    OriginalRecipient: 'loans+lead_8f3c2a@inbound.acmelending.com',
    Subject: 'Re: Documents for your refinance application',
    MessageID: '4b0c7f2e-9a51-4c3e-8a4f-2f7d1c9e6a10',
    MailboxHash: '',
    MessageStream: 'inbound',
    TextBody: '',
    HtmlBody: '<div>Hi, attached is my <b>latest</b> paystub &amp; W-2.</div><blockquote>On Mon… wrote: please send</blockquote>',
    StrippedTextReply: '',
    Headers: [
      { Name: 'Message-ID', Value: '<CAF=x9Q@mail.gmail.com>' },
      { Name: 'In-Reply-To', Value: '<lead_8f3c2a.step3@acmelending.com>' },
      { Name: 'References', Value: '<lead_8f3c2a.step1@acmelending.com>\r\n <lead_8f3c2a.step3@acmelending.com>' },
      'not a header',
    ],
    Attachments: [{ Name: 'paystub-oct.png', Content: Buffer.from('%PDF-1.4\n%%EOF').toString('base64'), ContentType: 'image/png', ContentLength: 184233, ContentID: '' }],
  };

  it('falls back to the HTML as text, finds the hash on a recipient, keeps the thread headers, sniffs the real type', () => {
    const r = parsePostmarkInbound(sample);
    assert.equal(r.kind, 'message');
    if (r.kind !== 'message') return;
    assert.equal(r.text, 'Hi, attached is my latest paystub & W-2.');
    assert.equal(r.textSource, 'html');
    assert.equal(r.mailboxHash, 'lead_8f3c2a');
    assert.deepEqual(r.thread, {
      messageIdHeader: '<CAF=x9Q@mail.gmail.com>',
      inReplyTo: '<lead_8f3c2a.step3@acmelending.com>',
      references: '<lead_8f3c2a.step1@acmelending.com> <lead_8f3c2a.step3@acmelending.com>',
    });
    assert.equal(r.attachments[0]!.mimeType, 'application/pdf');
    assert.equal(r.attachments[0]!.declaredMimeType, 'image/png');
  });

  it('enforces attachment limits without losing the message', () => {
    const r = parsePostmarkInbound(sample, { maxAttachmentBytes: 5 });
    assert.equal(r.kind, 'message');
    if (r.kind === 'message') assert.deepEqual(r.rejectedAttachments, [{ filename: 'paystub-oct.png', reason: 'too_large', size: 14 }]);
  });

  it('junk is 4xx with the field and reason', () => {
    const cases: [unknown, string][] = [
      [null, 'body'],
      ['text', 'body'],
      [[1, 2], 'body'],
      [{}, 'MessageID'],
      [{ ...sample, MessageID: '  ' }, 'MessageID'],
      [{ ...sample, From: 'nobody', FromFull: {} }, 'From'],
      [{ ...sample, Attachments: 'x' }, 'Attachments'],
      [{ ...sample, Attachments: [42] }, 'Attachments[0]'],
      [{ RecordType: 'Bounce', MessageID: 'x', From: 'a@b.c' }, 'RecordType'],
    ];
    for (const [body, fieldName] of cases) {
      const r = parsePostmarkInbound(body);
      assert.equal(r.kind, 'invalid', fieldName);
      if (r.kind === 'invalid') assert.equal(r.field, fieldName);
    }
  });

  it('html to text keeps lines and decodes entities', () => {
    assert.equal(htmlToText('<p>One&nbsp;two</p><p>Three<br/>four &#39;five&#x27;</p><style>p{}</style>'), "One two\nThree\nfour 'five'");
  });
});

describe('postmark: outbound email against the fake API (real SDK)', () => {
  let fake: FakeUpstreams;
  before(async () => {
    fake = await startFakeUpstreams();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.postmarkToken = 'pm-server-token';
  });

  const transport = (extra: Partial<ConstructorParameters<typeof PostmarkTransport>[0]> = {}) => {
    const opts = postmarkOptionsFromEnv({
      POSTMARK_SERVER_TOKEN: 'pm-server-token',
      POSTMARK_FROM: 'Acme Lending <loans@acmelending.com>',
      POSTMARK_INBOUND_DOMAIN: 'inbound.acmelending.com',
      POSTMARK_API_BASE_URL: fake.base,
    });
    assert.ok(opts);
    return new PostmarkTransport({ ...opts, ...extra });
  };
  const env = (over: Partial<{ to: string; outboxId: string; subject: string | null }> = {}) => ({
    outboxId: over.outboxId ?? 'ob_1',
    leadId: 'lead_8f3c2a',
    channel: 'EMAIL' as const,
    to: over.to ?? 'dana.ruiz@gmail.com',
    subject: over.subject === undefined ? 'Documents for your refinance application' : over.subject,
    body: 'Thanks Dana!\n\nWe received your paystub. Could you also send <your> W-2?',
  });

  it('sends From, plus-address ReplyTo, Re: subject, threading headers, text+HTML, metadata and attachments', async () => {
    const res = await transport().send({
      ...env(),
      thread: { inReplyTo: '<CAF=x9Q@mail.gmail.com>', references: '<lead_8f3c2a.step1@acmelending.com> <lead_8f3c2a.step3@acmelending.com>' },
      attachments: [{ filename: 'checklist.pdf', mimeType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.4 checklist') }],
    });
    assert.equal(res.provider, 'postmark');
    assert.match(res.providerMessageId, /^[0-9a-f-]{36}$/);
    assert.equal(res.from, 'loans@acmelending.com');
    const [call] = fake.callsTo('postmark');
    assert.equal(call!.path, '/email');
    assert.equal(call!.headers['x-postmark-server-token'], 'pm-server-token');
    const b = call!.body;
    assert.equal(b.From, 'Acme Lending <loans@acmelending.com>');
    assert.equal(b.To, 'dana.ruiz@gmail.com');
    assert.equal(b.ReplyTo, 'loans+lead_8f3c2a@inbound.acmelending.com');
    assert.equal(b.Subject, 'Re: Documents for your refinance application');
    assert.equal(b.MessageStream, 'outbound');
    assert.deepEqual(b.Headers, [
      { Name: 'In-Reply-To', Value: '<CAF=x9Q@mail.gmail.com>' },
      { Name: 'References', Value: '<lead_8f3c2a.step1@acmelending.com> <lead_8f3c2a.step3@acmelending.com> <CAF=x9Q@mail.gmail.com>' },
    ]);
    assert.equal(b.TextBody, env().body);
    assert.equal(b.HtmlBody, '<p>Thanks Dana!</p>\n<p>We received your paystub. Could you also send &lt;your&gt; W-2?</p>');
    assert.deepEqual(b.Metadata, { leadId: 'lead_8f3c2a', outboxId: 'ob_1' });
    assert.deepEqual(b.Attachments, [{ Name: 'checklist.pdf', Content: Buffer.from('%PDF-1.4 checklist').toString('base64'), ContentType: 'application/pdf', ContentID: null }]);
  });

  it('a first email has no threading headers and keeps its subject', async () => {
    await transport().send(env({ subject: null }));
    const b = fake.callsTo('postmark')[0]!.body;
    assert.equal(b.Subject, 'Your loan application');
    assert.equal(b.Headers, undefined);
    assert.equal(replySubject('RE: x'), 'RE: x');
    assert.equal(replySubject('x'), 'Re: x');
    assert.equal(referencesFor('a@b', undefined), '<a@b>');
    assert.equal(referencesFor('<a@b>', '<a@b>'), '<a@b>');
  });

  it('406 inactive recipient: typed, never retried, names the address', async () => {
    fake.inactiveEmails.add('dana.ruiz@gmail.com');
    await assert.rejects(transport().send(env()), (e: unknown) => {
      assert.ok(e instanceof ChannelInactiveError);
      assert.equal(e.providerCode, 406);
      assert.equal(e.retryable, false);
      assert.deepEqual(e.recipients, ['dana.ruiz@gmail.com']);
      return true;
    });
    assert.equal(fake.callsTo('postmark').length, 1);
  });

  it('429 is a rate limit; a bad token and an invalid request are permanent', async () => {
    fake.failNext({ service: 'postmark', status: 429 });
    await assert.rejects(transport().send(env()), RateLimitedError);
    await assert.rejects(transport({ serverToken: 'wrong' }).send(env()), (e: unknown) => e instanceof PermanentSendError && e.httpStatus === 401);
    await assert.rejects(transport().send(env({ to: '' })), (e: unknown) => e instanceof PermanentSendError && e.providerCode === 300);
  });

  it('a 500 after acceptance is ambiguous and findSent resolves it by outboxId; without acceptance the retry sends', async () => {
    const t = transport();
    fake.failNext({ service: 'postmark', status: 500, commit: true });
    await assert.rejects(t.send(env()), AmbiguousSendError);
    await t.send(env({ outboxId: 'ob_other' }));
    const retry = await sendResolvingAmbiguity(t, env(), { checkFirst: true });
    assert.equal(retry.resolvedFromEarlierAttempt, true);
    assert.equal(retry.providerMessageId, fake.postmarkEmails[0]!.MessageID);
    assert.equal(fake.postmarkEmails.length, 2);

    fake.failNext({ service: 'postmark', status: 503 });
    await assert.rejects(t.send(env({ outboxId: 'ob_3' })), AmbiguousSendError);
    const resend = await sendResolvingAmbiguity(t, env({ outboxId: 'ob_3' }), { checkFirst: true });
    assert.equal(resend.resolvedFromEarlierAttempt, false);
    assert.equal(fake.postmarkEmails.length, 3);
  });

  it('a timeout is ambiguous, a refused connection transient', async () => {
    fake.failNext({ service: 'postmark', hang: true });
    await assert.rejects(transport({ timeoutSeconds: 0.3 }).send(env()), (e: unknown) => e instanceof AmbiguousSendError && /timed out/.test(e.message));
    await assert.rejects(transport({ client: undefined, apiBaseUrl: await unusedBaseUrl() }).send(env()), TransientSendError);
  });

  it('no token: dev transport; a token without POSTMARK_FROM is a configuration error', () => {
    assert.equal(postmarkOptionsFromEnv({}), null);
    assert.throws(() => postmarkOptionsFromEnv({ POSTMARK_SERVER_TOKEN: 'x' }), /POSTMARK_FROM/);
  });
});
