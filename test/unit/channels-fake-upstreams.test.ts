import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { pino } from 'pino';
import { PostmarkTransport } from '../../src/channels/postmark-transport';
import { createTransports } from '../../src/channels/providers';
import { extensionFor, resolveMimeType, sniffMimeType } from '../../src/files/sniff';
import { TwilioTransport } from '../../src/channels/twilio-transport';
import { anthropicError, startFakeUpstreams, textMessage, toolUseMessage, type FakeUpstreams } from '../support/fake-upstreams';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
const DOCS = path.resolve(REPO, '../shared/corpus/documents');
const silent = pino({ level: 'silent' });

describe('fake upstreams: Anthropic /v1/messages with the real SDK', () => {
  let fake: FakeUpstreams;
  let claude: Anthropic;
  before(async () => {
    fake = await startFakeUpstreams();
    claude = new Anthropic({ apiKey: 'test', baseURL: fake.base, maxRetries: 0, timeout: 5_000 });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const ask = (content: string) =>
    claude.messages.create({
      model: 'claude-test',
      max_tokens: 512,
      tools: [{ name: 'request_document', description: 'ask for a document', input_schema: { type: 'object', properties: { type: { type: 'string' } } } }],
      messages: [{ role: 'user', content }],
    });

  it('plays scripted turns in order: a tool_use turn, then text', async () => {
    fake.anthropicQueue.push(toolUseMessage('request_document', { type: 'paystub' }, { text: 'Let me ask.' }), textMessage('Thanks, got it.'));
    const first = await ask('hi');
    assert.equal(first.stop_reason, 'tool_use');
    const tool = first.content.find((b) => b.type === 'tool_use');
    assert.ok(tool && tool.type === 'tool_use');
    assert.equal(tool.name, 'request_document');
    assert.deepEqual(tool.input, { type: 'paystub' });
    const second = await ask('here it is');
    assert.equal(second.stop_reason, 'end_turn');
    assert.deepEqual(second.content, [{ type: 'text', text: 'Thanks, got it.' }]);
    const calls = fake.callsTo('anthropic');
    assert.equal(calls.length, 2);
    // SDK 1.x authenticates with `Authorization: Bearer <apiKey>` (0.x sent X-Api-Key); the fake takes either.
    const h = calls[0]!.headers;
    assert.ok(h['x-api-key'] === 'test' || h.authorization === 'Bearer test', JSON.stringify(h));
    assert.ok(h['anthropic-version']);
    assert.equal(calls[0]!.body.model, 'claude-test');
    assert.equal(calls[0]!.body.tools[0].name, 'request_document');
  });

  it('scripted 429 and 500 surface as the SDK\'s typed errors; an empty queue fails loudly', async () => {
    fake.anthropicQueue.push(anthropicError(429, 'slow down', { 'retry-after': '0' }), anthropicError(500));
    await assert.rejects(ask('a'), (e: unknown) => e instanceof Anthropic.RateLimitError && e.status === 429);
    await assert.rejects(ask('b'), (e: unknown) => e instanceof Anthropic.InternalServerError);
    await assert.rejects(ask('c'), /anthropicQueue is empty/);
    fake.failNext({ service: 'anthropic', status: 529 });
    await assert.rejects(ask('d'), (e: unknown) => e instanceof Anthropic.APIError && e.status === 529);
  });

  it('a scripted function sees the request', async () => {
    fake.anthropicQueue.push((req) => textMessage(`you said ${req.messages[0].content}`));
    const r = await ask('ping');
    assert.deepEqual(r.content, [{ type: 'text', text: 'you said ping' }]);
  });

  it('the SDK retries a 500 once when asked to, and the fake counts both calls', async () => {
    const retrying = new Anthropic({ apiKey: 'test', baseURL: fake.base, maxRetries: 1, timeout: 5_000 });
    fake.anthropicQueue.push(anthropicError(500, 'boom', { 'retry-after-ms': '1' }), textMessage('ok'));
    const r = await retrying.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    assert.deepEqual(r.content, [{ type: 'text', text: 'ok' }]);
    assert.equal(fake.callsTo('anthropic').length, 2);
  });
});

describe('channel transports from the environment', () => {
  it('without credentials both channels use the dev transport', () => {
    const t = createTransports({}, silent);
    assert.equal(t.SMS.provider, 'dev');
    assert.equal(t.EMAIL.provider, 'dev');
  });
  it('with credentials the real SDK transports are built, pointed at the base URLs', () => {
    const t = createTransports(
      {
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'tok',
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
        POSTMARK_SERVER_TOKEN: 'pm',
        POSTMARK_FROM: 'loans@acmelending.com',
        POSTMARK_API_BASE_URL: 'http://127.0.0.1:4010/pm',
      },
      silent,
    );
    assert.ok(t.SMS instanceof TwilioTransport);
    assert.ok(t.EMAIL instanceof PostmarkTransport);
  });
});

describe('file type sniffing', () => {
  it('recognises formats from bytes, not names or declared types', () => {
    const b = (...x: number[]) => new Uint8Array(x);
    assert.equal(sniffMimeType(new TextEncoder().encode('%PDF-1.7')), 'application/pdf');
    assert.equal(sniffMimeType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'image/png');
    assert.equal(sniffMimeType(b(0xff, 0xd8, 0xff, 0xe0)), 'image/jpeg');
    assert.equal(sniffMimeType(new TextEncoder().encode('GIF89a....')), 'image/gif');
    assert.equal(sniffMimeType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
    assert.equal(sniffMimeType(new TextEncoder().encode('\0\0\0\x18ftypheic\0\0\0\0')), 'image/heic');
    assert.equal(sniffMimeType(b(0, 1, 2, 3, 0xfe)), null);
    assert.equal(resolveMimeType(new TextEncoder().encode('a,b\n1,2\n'), 'text/csv'), 'text/csv');
    assert.equal(resolveMimeType(new TextEncoder().encode('%PDF-1.4'), 'image/png'), 'application/pdf');
    assert.equal(resolveMimeType(b(0, 1, 2, 3, 0xfe), 'application/pdf'), 'application/octet-stream');
    assert.equal(extensionFor('image/jpeg'), 'jpg');
  });
  it('the misnamed WebP in the document corpus is WebP', { skip: fs.existsSync(DOCS) ? false : `corpus not found at ${DOCS}` }, () => {
    const bytes = fs.readFileSync(path.join(DOCS, 'invoice-webp-misnamed__zerox__0012.png'));
    assert.equal(resolveMimeType(bytes, 'image/png'), 'image/webp');
    assert.equal(resolveMimeType(fs.readFileSync(path.join(DOCS, 'w2__gdocai__2020_Form_W-2.pdf')), 'application/octet-stream'), 'application/pdf');
    assert.equal(resolveMimeType(fs.readFileSync(path.join(DOCS, 'w9-scan__azure__fw9_scanned.jpg')), 'image/png'), 'image/jpeg');
  });
});
