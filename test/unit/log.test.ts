// What reaches the logs: no message bodies, contact details or the data a database error quotes.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ApiContext } from '../../src/api/context';
import { buildServer } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger('info', 'test', stream) };
}

describe('logs', () => {
  let client: pg.Client | null = null;
  before(async () => {
    if (!process.env.DATABASE_URL) return;
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  after(async () => {
    await client?.end();
  });

  it("keeps a PostgreSQL error's code and drops the input it quotes", async (t) => {
    if (!client) return t.skip('DATABASE_URL is not set: needs a PostgreSQL server to raise a real error');
    const err = await client.query('select $1::uuid', ['123-45-6789']).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof Error && /123-45-6789/.test(err.message), 'the server quoted the input, as it does');
    const { lines, log } = capture();
    log.error({ err }, 'unhandled error');
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /123-45-6789/);
    const logged = JSON.parse(lines[0]!).err;
    assert.equal(logged.code, '22P02');
    assert.match(logged.message, /invalid input syntax for type uuid: "\[redacted\]"/);
  });

  it('drops the row a constraint error quotes in its detail', async (t) => {
    if (!client) return t.skip('DATABASE_URL is not set: needs a PostgreSQL server to raise a real error');
    await client.query('create temp table people (email text primary key)');
    await client.query(`insert into people values ('dana@example.com')`);
    const err = await client.query(`insert into people values ('dana@example.com')`).then(() => null, (e: unknown) => e);
    assert.match((err as { detail?: string }).detail ?? '', /dana@example\.com/);
    const { lines, log } = capture();
    log.error({ err }, 'unhandled error');
    assert.doesNotMatch(lines[0]!, /dana@example/);
    assert.equal(JSON.parse(lines[0]!).err.constraint, 'people_pkey');
  });

  it('leaves other errors whole', () => {
    const { lines, log } = capture();
    log.error({ err: new Error('upstream said: "try later"') }, 'failed');
    assert.match(JSON.parse(lines[0]!).err.message, /"try later"/);
  });

  it("writes one line per request with the route's pattern, never the URL and its query", async () => {
    const { lines, log } = capture();
    // A route that does not exist needs no database: nothing else of the context is touched.
    const app = buildServer({ config: loadConfig({}) } as ApiContext, log);
    const res = await app.inject({ method: 'GET', url: '/no-such-route?q=dana%40example.com' });
    await app.close();
    assert.equal(res.statusCode, 404);
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    assert.deepEqual(requests.map((l) => [l.route, l.statusCode]), [['(no route)', 404]]);
    assert.doesNotMatch(lines.join(''), /dana/);
  });
});
