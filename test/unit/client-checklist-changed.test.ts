import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { LeadAgentClient } from '../../client';

/** A local port nothing listens on. */
async function unusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('client: telling a lead workflow about a checklist change', () => {
  it('gives up within its deadline when the server cannot be reached, so the admin API answers', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await unusedPort()}` });
    const agent = new LeadAgentClient(new Client({ connection }), 'lead-agent');
    const outcome = await Promise.race([
      agent.checklistChanged('lead-1', 'log-1', 300).then(() => 'told', (err: Error) => `failed: ${err.name}`),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 15_000).unref()),
    ]);
    assert.match(outcome, /^failed/, outcome);
    await connection.close();
  });
});
