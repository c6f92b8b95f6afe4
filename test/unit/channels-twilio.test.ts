import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AmbiguousSendError, ChannelOptOutError, NON_RETRYABLE_SEND_ERRORS, PermanentSendError, RateLimitedError, TransientSendError } from '../../src/channels/errors';
import { sendResolvingAmbiguity } from '../../src/channels/providers';
import { downloadInboundMedia, fetchTwilioMedia, MediaFetchError } from '../../src/channels/twilio-media';
import { TwilioTransport, twilioOptionsFromEnv } from '../../src/channels/twilio-transport';
import {
  isOwnMediaUrl,
  mergeDeliveryStatus,
  parseTwilioInbound,
  parseTwilioStatus,
  signTwilioRequest,
  twilioWebhookUrl,
  verifyTwilioBodySignature,
  verifyTwilioSignature,
  type TwilioParams,
} from '../../src/channels/twilio-webhook';
import { startFakeUpstreams, unusedBaseUrl, type FakeUpstreams } from '../support/fake-upstreams';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const CORPUS = path.resolve(REPO, '../shared/corpus/twilio');
const corpusSkip = fs.existsSync(CORPUS) ? false : `Twilio corpus not found at ${CORPUS}`;

const AC = `AC${'a1'.repeat(16)}`;
const TOKEN = 'test-auth-token';
const MM = `MM${'b2'.repeat(16)}`;
const PUBLIC = 'https://agent.example.com';

/** A urlencoded body as a form parser gives it (repeated keys -> arrays). */
function formParams(raw: string): TwilioParams {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(raw.trim())) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

describe('twilio webhook: X-Twilio-Signature', () => {
  it('every known-answer vector from the SDK test suites verifies, every negative one fails', { skip: corpusSkip }, () => {
    const file = JSON.parse(fs.readFileSync(path.join(CORPUS, 'signature-vectors_twilio-sdk-tests.json'), 'utf8'));
    assert.ok(file.vectors.length >= 10);
    for (const v of file.vectors) {
      const ok = v.rawBody
        ? verifyTwilioBodySignature(v.authToken, v.expectedSignature, v.url, v.rawBody)
        : verifyTwilioSignature(v.authToken, v.expectedSignature, v.url, v.params);
      assert.equal(ok, true, v.description);
    }
    const baseParams = file.vectors[0].params;
    for (const n of file.negative) {
      const ok = n.rawBody ? verifyTwilioBodySignature('12345', n.signature, n.url, n.rawBody) : verifyTwilioSignature('12345', n.signature, n.url, baseParams);
      assert.equal(ok, false, n.why ?? n.signature);
    }
  });

  it('a missing or wrong header, a wrong token or URL, or a changed/added parameter fails', () => {
    const url = twilioWebhookUrl(PUBLIC, '/webhooks/twilio/sms');
    const params = { MessageSid: `SM${'0'.repeat(32)}`, Body: 'hi', From: '+15125550199' };
    const sig = signTwilioRequest(TOKEN, url, params);
    assert.equal(verifyTwilioSignature(TOKEN, sig, url, params), true);
    assert.equal(verifyTwilioSignature(TOKEN, [sig], url, params), true, 'header given as an array');
    assert.equal(verifyTwilioSignature(TOKEN, undefined, url, params), false);
    assert.equal(verifyTwilioSignature(TOKEN, '', url, params), false);
    assert.equal(verifyTwilioSignature('', sig, url, params), false);
    assert.equal(verifyTwilioSignature('other-token', sig, url, params), false);
    assert.equal(verifyTwilioSignature(TOKEN, sig, 'http://agent.example.com/webhooks/twilio/sms', params), false, 'http vs https');
    assert.equal(verifyTwilioSignature(TOKEN, sig, url, { ...params, Body: 'hi!' }), false);
    assert.equal(verifyTwilioSignature(TOKEN, sig, url, { ...params, Extra: 'x' }), false);
    assert.equal(verifyTwilioSignature(TOKEN, sig, 'not a url', params), false);
  });

  it('the URL is the public base plus the path and query exactly as received', () => {
    assert.equal(twilioWebhookUrl('https://a.example.com/', '/webhooks/twilio/sms?x=it%27s'), "https://a.example.com/webhooks/twilio/sms?x=it%27s");
    assert.equal(twilioWebhookUrl('https://a.example.com/base', 'webhooks/twilio/sms'), 'https://a.example.com/base/webhooks/twilio/sms');
  });
});

describe('twilio webhook: corpus payloads', { skip: corpusSkip }, () => {
  const files = corpusSkip ? [] : fs.readdirSync(CORPUS).filter((f) => f.endsWith('.form'));
  const expected: Record<string, (r: ReturnType<typeof parseTwilioInbound>) => void> = {
    'inbound-sms_kevinburke-twilio-go_real-capture.form': (r) => {
      assert.equal(r.kind, 'message');
      if (r.kind !== 'message') return;
      assert.equal(r.messageSid, 'SM1521fa559fb923c1ed64f56cd1bed8ef');
      assert.equal(r.body, 'twilio-go testing!');
      assert.equal(r.from, '+19253920364');
      assert.equal(r.addressPrefix, null);
      assert.deepEqual(r.media, []);
    },
    'whatsapp-inbound-text_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'message');
      if (r.kind !== 'message') return;
      assert.equal(r.body, 'test');
      assert.equal(r.addressPrefix, 'whatsapp');
      assert.equal(r.fromNumber, '+31612345678');
    },
    'whatsapp-inbound-image_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'message');
      if (r.kind !== 'message') return;
      assert.equal(r.body, '');
      assert.equal(r.media.length, 1);
      assert.equal(r.media[0]!.contentType, 'image/jpeg');
      assert.equal(isOwnMediaUrl(r.media[0]!.url, r.accountSid, r.messageSid), true);
      assert.equal(isOwnMediaUrl(r.media[0]!.url, AC, r.messageSid), false, 'another account');
    },
    'whatsapp-inbound-location_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'message');
      if (r.kind !== 'message') return;
      assert.equal(r.location?.label, 'Microsoft');
      assert.ok(Math.abs(r.location!.latitude - 52.3039) < 0.001);
    },
    'status-callback-delivered_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'status', 'a status callback is not an inbound message');
      if (r.kind === 'status') assert.equal(r.status, 'delivered');
    },
    'status-callback-sent_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'status', 'a status callback is not an inbound message');
      if (r.kind === 'status') assert.equal(r.status, 'sent');
    },
    'no-signature-garbage_botbuilder-community-js.form': (r) => {
      assert.equal(r.kind, 'invalid');
      if (r.kind === 'invalid') {
        assert.equal(r.field, 'MessageSid');
        assert.match(r.reason, /not a Twilio messaging webhook/);
      }
    },
  };

  for (const file of files) {
    it(`${file}: signed with our token it verifies; unsigned or tampered it does not; parsed as expected`, () => {
      const params = formParams(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
      const url = twilioWebhookUrl(PUBLIC, '/webhooks/twilio/sms');
      const sig = signTwilioRequest(TOKEN, url, params);
      assert.equal(verifyTwilioSignature(TOKEN, sig, url, params), true);
      assert.equal(verifyTwilioSignature(TOKEN, undefined, url, params), false, 'no header: 403');
      assert.equal(verifyTwilioSignature(TOKEN, 'bm90IGEgc2lnbmF0dXJl', url, params), false, 'bad header: 403');
      const parsed = parseTwilioInbound(params);
      const check = expected[file];
      if (check) check(parsed);
      else if (parsed.kind === 'invalid') assert.ok(parsed.reason.length > 0);
      if (parsed.kind === 'status') assert.equal(parseTwilioStatus(params).kind, 'status');
    });
  }
});

describe('twilio webhook: parsing', () => {
  const inbound = (extra: TwilioParams = {}): TwilioParams => ({
    MessageSid: MM,
    SmsMessageSid: MM,
    AccountSid: AC,
    From: '+15125550199',
    To: '+15125550100',
    Body: 'Here is my paystub',
    NumMedia: '0',
    SmsStatus: 'received',
    ...extra,
  });

  it('reads MMS media items, Advanced Opt-Out and the messaging service', () => {
    const r = parseTwilioInbound(
      inbound({
        NumMedia: '2',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME${'1'.repeat(32)}`,
        MediaContentType0: 'image/jpeg',
        MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME${'2'.repeat(32)}`,
        MediaContentType1: 'application/pdf',
        OptOutType: 'STOP',
        MessagingServiceSid: `MG${'3'.repeat(32)}`,
      }),
    );
    assert.equal(r.kind, 'message');
    if (r.kind !== 'message') return;
    assert.equal(r.media.length, 2);
    assert.equal(r.media[1]!.contentType, 'application/pdf');
    assert.equal(r.optOutType, 'STOP');
    assert.equal(r.messagingServiceSid, `MG${'3'.repeat(32)}`);
  });

  it('explains what is wrong with junk', () => {
    const cases: [TwilioParams, string][] = [
      [{}, 'MessageSid'],
      [inbound({ MessageSid: 'SM123' }), 'MessageSid'],
      [inbound({ AccountSid: undefined }), 'AccountSid'],
      [inbound({ From: '' }), 'From'],
      [inbound({ NumMedia: '11' }), 'NumMedia'],
      [inbound({ NumMedia: '1' }), 'MediaUrl0'],
      [inbound({ Body: ['a', 'b'] }), 'Body'],
      [inbound({ OptOutType: 'MAYBE' }), 'OptOutType'],
    ];
    for (const [params, fieldName] of cases) {
      const r = parseTwilioInbound(params);
      assert.equal(r.kind, 'invalid', fieldName);
      if (r.kind === 'invalid') {
        assert.equal(r.field, fieldName);
        assert.ok(r.reason.length > 5);
      }
    }
  });

  it('status callbacks: ErrorCode 21610 marks an opt-out; junk is explained', () => {
    const s = parseTwilioStatus({ MessageSid: MM, AccountSid: AC, MessageStatus: 'undelivered', ErrorCode: '21610', To: '+15125550199' });
    assert.equal(s.kind, 'status');
    if (s.kind === 'status') {
      assert.equal(s.optedOut, true);
      assert.equal(s.errorCode, 21610);
    }
    const routedWrong = parseTwilioInbound({ MessageSid: MM, AccountSid: AC, MessageStatus: 'failed', ErrorCode: '30003' });
    assert.equal(routedWrong.kind, 'status');
    const bad = parseTwilioStatus({ MessageSid: MM, AccountSid: AC, MessageStatus: 'exploded' });
    assert.equal(bad.kind, 'invalid');
    assert.equal(parseTwilioStatus({ MessageSid: MM, AccountSid: AC }).kind, 'invalid');
  });

  it('delivery state only moves forward, whatever order callbacks arrive in', () => {
    assert.equal(mergeDeliveryStatus(null, 'queued'), 'queued');
    assert.equal(mergeDeliveryStatus('queued', 'sent'), 'sent');
    assert.equal(mergeDeliveryStatus('sent', 'delivered'), 'delivered');
    assert.equal(mergeDeliveryStatus('delivered', 'sent'), 'delivered');
    assert.equal(mergeDeliveryStatus('delivered', 'sending'), 'delivered');
    assert.equal(mergeDeliveryStatus('delivered', 'read'), 'read');
    assert.equal(mergeDeliveryStatus('failed', 'delivered'), 'failed');
    assert.equal(mergeDeliveryStatus('undelivered', 'sent'), 'undelivered');
    assert.equal(mergeDeliveryStatus('sent', 'sent'), 'sent');
    assert.equal(mergeDeliveryStatus('delivered', 'delivered'), 'delivered');
    assert.equal(mergeDeliveryStatus('dev-delivered', 'sent'), 'sent');
  });

  it('only the account\'s own media URLs for this message are fetchable', () => {
    const me = `ME${'c'.repeat(32)}`;
    const good = `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/${me}`;
    assert.equal(isOwnMediaUrl(good, AC, MM), true);
    for (const bad of [
      good.replace('https:', 'http:'),
      good.replace('api.twilio.com', 'api.twilio.com.evil.example'),
      good.replace('api.twilio.com', 'evil.example'),
      good.replace('api.twilio.com', 'api.twilio.com:8443'),
      good.replace('https://', 'https://user:pw@'),
      `${good}?redirect=https://evil.example`,
      good.replace(MM, `MM${'d'.repeat(32)}`),
      `https://api.twilio.com/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/${me}/../../../../Calls.json`,
      'not a url',
    ]) {
      assert.equal(isOwnMediaUrl(bad, AC, MM), false, bad);
    }
  });
});

describe('twilio: media download and outbound SMS against the fake API (real SDK)', () => {
  let fake: FakeUpstreams;
  before(async () => {
    fake = await startFakeUpstreams();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.twilioAuth = { accountSid: AC, authToken: TOKEN };
  });

  const mediaOpts = () => ({ accountSid: AC, authToken: TOKEN, apiBaseUrl: fake.base, maxBytes: 1024 * 1024, backoffMs: [5, 5], messageSid: MM });
  const PDF = new TextEncoder().encode('%PDF-1.7\n% fake paystub\n%%EOF\n');

  it('fetches media with account auth, retries the transient 404s, follows the 307 without sending credentials to the CDN', async () => {
    const { twilioUrl } = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: PDF, contentType: 'application/pdf', notFoundTimes: 2 });
    const got = await fetchTwilioMedia(twilioUrl, mediaOpts());
    assert.deepEqual(Buffer.from(got.bytes), Buffer.from(PDF));
    const api = fake.callsTo('media');
    assert.equal(api.length, 3, 'two 404s then the redirect');
    assert.deepEqual(api.map((c) => c.status), [404, 404, 307]);
    for (const c of api) assert.equal(c.headers.authorization, `Basic ${Buffer.from(`${AC}:${TOKEN}`).toString('base64')}`);
    const cdn = fake.callsTo('cdn');
    assert.equal(cdn.length, 1);
    assert.equal(cdn[0]!.headers.authorization, undefined);
  });

  it('gives up after the retries, refuses foreign URLs without a request, and enforces the size limit', async () => {
    const { twilioUrl } = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: PDF, notFoundTimes: 5 });
    await assert.rejects(fetchTwilioMedia(twilioUrl, mediaOpts()), (e: MediaFetchError) => e.reason === 'not_found');
    assert.equal(fake.callsTo('media').length, 3);

    fake.reset();
    await assert.rejects(fetchTwilioMedia(`https://evil.example/2010-04-01/Accounts/${AC}/Messages/${MM}/Media/ME${'e'.repeat(32)}`, mediaOpts()), (e: MediaFetchError) => e.reason === 'not_own_url');
    assert.equal(fake.calls.length, 0, 'no request, no credentials sent');

    const big = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: new Uint8Array(4096).fill(7) });
    await assert.rejects(fetchTwilioMedia(big.twilioUrl, { ...mediaOpts(), maxBytes: 1000 }), (e: MediaFetchError) => e.reason === 'too_large');
    const direct = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: new Uint8Array(4096).fill(7), redirect: false });
    await assert.rejects(fetchTwilioMedia(direct.twilioUrl, { ...mediaOpts(), maxBytes: 1000 }), (e: MediaFetchError) => e.reason === 'too_large');
    await assert.rejects(fetchTwilioMedia(direct.twilioUrl, { ...mediaOpts(), authToken: 'wrong' }), (e: MediaFetchError) => e.reason === 'unauthorized');
  });

  it('turns each media item of an MMS into a file typed from its bytes; failures are listed, not thrown', async () => {
    const a = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: PDF, contentType: 'image/jpeg', notFoundTimes: 1 });
    const b = fake.addTwilioMedia({ accountSid: AC, messageSid: MM, bytes: new Uint8Array(5000), contentType: 'image/png' });
    const msg = {
      messageSid: MM,
      media: [
        { url: a.twilioUrl, contentType: 'image/jpeg' },
        { url: b.twilioUrl, contentType: 'image/png' },
        { url: 'https://evil.example/x.jpg', contentType: 'image/jpeg' },
      ],
    };
    const { files, failures } = await downloadInboundMedia(msg, { ...mediaOpts(), maxTotalBytes: 3000 });
    assert.equal(files.length, 1);
    assert.equal(files[0]!.mimeType, 'application/pdf', 'declared image/jpeg, bytes say PDF');
    assert.equal(files[0]!.declaredMimeType, 'image/jpeg');
    assert.match(files[0]!.filename, /^mms-.*-1\.pdf$/);
    assert.deepEqual(failures.map((f) => [f.index, f.reason]), [[1, 'too_large'], [2, 'not_own_url']]);
  });

  function transport(extra: Partial<ConstructorParameters<typeof TwilioTransport>[0]> = {}) {
    return new TwilioTransport({ accountSid: AC, authToken: TOKEN, fromNumber: '+15125550100', publicBaseUrl: PUBLIC, apiBaseUrl: fake.base, timeoutMs: 2000, ...extra });
  }
  const env = (over: Partial<{ to: string; body: string; outboxId: string }> = {}) => ({
    outboxId: over.outboxId ?? 'ob_1',
    leadId: 'lead_1',
    channel: 'SMS' as const,
    to: over.to ?? '+15125550199',
    subject: null,
    body: over.body ?? 'Hi Dana, could you send your latest paystub?',
  });

  it('sends through the real SDK with From, Body, StatusCallback and one MediaUrl per file', async () => {
    const t = transport();
    const res = await t.send({ ...env(), mediaUrls: ['https://files.example.com/checklist.pdf', 'https://files.example.com/w9.pdf'] });
    assert.equal(res.provider, 'twilio');
    assert.match(res.providerMessageId, /^MM[0-9a-f]{32}$/);
    assert.equal(res.status, 'queued');
    assert.equal(res.from, '+15125550100');
    const [call] = fake.callsTo('twilio');
    assert.equal(call!.method, 'POST');
    assert.equal(call!.path, `/2010-04-01/Accounts/${AC}/Messages.json`);
    assert.equal(call!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(call!.body, {
      To: '+15125550199',
      Body: 'Hi Dana, could you send your latest paystub?',
      From: '+15125550100',
      StatusCallback: 'https://agent.example.com/webhooks/twilio/status',
      MediaUrl: ['https://files.example.com/checklist.pdf', 'https://files.example.com/w9.pdf'],
    });
  });

  it('sends from a messaging service when one is configured (TWILIO_* env, TWILIO_API_BASE_URL)', async () => {
    const opts = twilioOptionsFromEnv({
      TWILIO_ACCOUNT_SID: AC,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: `MG${'4'.repeat(32)}`,
      TWILIO_API_BASE_URL: fake.base,
      PUBLIC_BASE_URL: `${PUBLIC}/`,
    });
    assert.ok(opts);
    const res = await new TwilioTransport(opts).send(env());
    assert.equal(res.status, 'accepted');
    const body = fake.callsTo('twilio')[0]!.body;
    assert.equal(body.MessagingServiceSid, `MG${'4'.repeat(32)}`);
    assert.equal(body.From, undefined);
    assert.equal(body.StatusCallback, 'https://agent.example.com/webhooks/twilio/status');
    assert.equal(twilioOptionsFromEnv({}), null, 'no credentials: dev transport');
    assert.throws(() => twilioOptionsFromEnv({ TWILIO_ACCOUNT_SID: AC, TWILIO_AUTH_TOKEN: TOKEN }), /TWILIO_FROM_NUMBER/);
  });

  it('21610 from the API is an opt-out: typed, not retryable, one request only', async () => {
    fake.optedOut.add('+15125550199');
    await assert.rejects(transport().send(env()), (e: unknown) => {
      assert.ok(e instanceof ChannelOptOutError);
      assert.equal(e.providerCode, 21610);
      assert.equal(e.retryable, false);
      assert.ok((NON_RETRYABLE_SEND_ERRORS as readonly string[]).includes(e.name));
      assert.doesNotMatch(e.message, /5550199/, 'no phone number in the error');
      return true;
    });
    assert.equal(fake.callsTo('twilio').length, 1);
  });

  it('429 is a rate limit (the SDK does not retry on its own); other 4xx are permanent', async () => {
    fake.failNext({ service: 'twilio', status: 429 });
    await assert.rejects(transport().send(env()), RateLimitedError);
    assert.equal(fake.callsTo('twilio').length, 1);
    await assert.rejects(transport().send(env({ to: '' })), PermanentSendError);
  });

  it('a 500 after the message was created is ambiguous; findSent finds it, so the retry does not send twice', async () => {
    const t = transport();
    const since = new Date();
    fake.failNext({ service: 'twilio', status: 500, commit: true, match: (c) => c.method === 'POST' });
    await assert.rejects(t.send(env()), (e: unknown) => e instanceof AmbiguousSendError && e.retryable);
    assert.equal(fake.twilioMessages.length, 1, 'the fake did create it');
    await t.send(env({ body: 'another message to the same lead' }));

    const retry = await sendResolvingAmbiguity(t, env(), { checkFirst: true, since });
    assert.equal(retry.resolvedFromEarlierAttempt, true);
    assert.equal(retry.providerMessageId, fake.twilioMessages[0]!.sid);
    assert.equal(fake.twilioMessages.length, 2, 'no second copy');
    const list = fake.callsTo('twilio').find((c) => c.method === 'GET')!;
    assert.equal(list.query.To, '+15125550199');
  });

  it('a 500 before anything was created resolves to "not sent", and the retry sends', async () => {
    const t = transport();
    fake.failNext({ service: 'twilio', status: 503 });
    await assert.rejects(t.send(env()), AmbiguousSendError);
    assert.equal(await t.findSent(env()), null);
    const retry = await sendResolvingAmbiguity(t, env(), { checkFirst: true });
    assert.equal(retry.resolvedFromEarlierAttempt, false);
    assert.equal(fake.twilioMessages.length, 1);
  });

  it('a timeout is ambiguous; a refused connection is transient (nothing sent)', async () => {
    fake.failNext({ service: 'twilio', hang: true, commit: true });
    const t = transport({ timeoutMs: 300 });
    await assert.rejects(t.send(env()), (e: unknown) => e instanceof AmbiguousSendError && /timed out/.test(e.message));
    assert.ok(await t.findSent(env()), 'it had been created before the hang');
    await assert.rejects(transport({ apiBaseUrl: await unusedBaseUrl() }).send(env()), TransientSendError);
  });
});
