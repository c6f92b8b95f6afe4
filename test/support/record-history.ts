// Records a lead workflow's history for test/unit/workflow-replay.test.ts, on a real dev server and database:
// an inbound SMS, the reply, follow-ups on a 2-3 s cadence; with --settle, every required item is then settled by hand
// and the next follow-up is cancelled; with --upload, an admin uploads a W-2 for the lead after the reply. Run it on the
// code *before* a workflow change (a git worktree) to keep a run that started on the old code.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/support/record-history.ts <out.json> [--settle|--upload]
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { leadWorkflowId } from '../../client';
import { makeTextPdf, w2Lines } from './document-fixtures';
import { startStack, TEST_API_KEY, waitFor } from './stack';
import { zoneAtLocalHour } from './time-zones';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: record-history.ts <out.json> [--settle]\n');
  process.exit(2);
}
const settle = process.argv.includes('--settle');
const upload = process.argv.includes('--upload');
const stack = await startStack({ env: { FOLLOW_UP_CADENCE: 'PT2S,PT3S,PT3S' } });
try {
  const phone = '+15125550599';
  await stack.api('POST', '/api/v1/leads', { firstName: 'Rec', phoneNumber: phone, timezone: zoneAtLocalHour(13) });
  const { body } = await stack.api('POST', '/api/v1/messages/inbound', { channel: 'SMS', from: phone, body: 'Hi, I need a loan', externalMessageId: 'rec-1' });
  const logs = async () => (await stack.api('GET', `/api/v1/leads/${body.leadId}/action-logs`)).body as any[];
  const sent = async () => (await logs()).filter((l) => l.messages[0]?.direction === 'OUTBOUND').length;
  if (upload) {
    await waitFor('the reply', async () => (await sent()) >= 1, 30_000);
    const form = new FormData();
    form.append('leadId', body.leadId);
    form.append('files[]', new Blob([await makeTextPdf([w2Lines({ year: new Date().getFullYear() - 1 })])], { type: 'application/pdf' }), 'w2.pdf');
    await fetch(new URL('/api/v1/documents', stack.app.url), { method: 'POST', headers: { 'x-api-key': TEST_API_KEY }, body: form });
    await waitFor('the upload read', async () => (await logs()).some((l) => l.type === 'DOCUMENT_UPLOAD'), 60_000);
  }
  await waitFor('the reply and the first follow-up', async () => (await sent()) >= 2, 30_000);
  if (settle) {
    const groups = (await stack.api('GET', `/api/v1/leads/${body.leadId}/checklist`)).body as { items: any[] }[];
    for (const i of groups.flatMap((g) => g.items).filter((i) => i.isRequired)) {
      await stack.api('PUT', `/api/v1/leads/${body.leadId}/checklist-items/${i.id}`, { status: 'SKIPPED', reason: 'waived' });
    }
    await waitFor('the next follow-up cancelled', async () => (await logs()).some((l) => l.type === 'FOLLOW_UP_MESSAGE' && l.status === 'CANCELLED'), 15_000);
  } else {
    await waitFor('the second follow-up', async () => (await sent()) >= 3, 30_000);
  }
  const history = await stack.temporal.client.workflow.getHandle(leadWorkflowId(body.leadId)).fetchHistory();
  writeFileSync(out, historyToJSON(history));
  process.stdout.write(`${out}: ${history.events?.length} events\n`);
} finally {
  await stack.stop();
}
