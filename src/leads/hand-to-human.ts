import type { Kysely } from 'kysely';
import { upsertActionLog } from '../db/action-logs';
import { updateLead } from '../db/leads';
import type { Database } from '../db/schema';

/** The lead is assigned to a person, with a PENDING ESCALATION on the timeline saying why (idempotent per id). */
export async function handToHuman(
  db: Kysely<Database>,
  leadId: string,
  escalation: { id: string; reason: string; input: Record<string, unknown>; parentActionId?: string | null },
): Promise<void> {
  await updateLead(db, leadId, { assignee_type: 'HUMAN' });
  await upsertActionLog(db, {
    id: escalation.id,
    leadId,
    type: 'ESCALATION',
    status: 'PENDING',
    summary: `Lead handed to a human: ${escalation.reason}`,
    input: escalation.input,
    parentActionId: escalation.parentActionId ?? null,
  });
}
