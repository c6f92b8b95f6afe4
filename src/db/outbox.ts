import type { Kysely } from 'kysely';
import type { OutboxStatus } from '../../workflows/types';
import type { Database, OutboxRow, OutboxTable } from './schema';
import type { Insertable } from 'kysely';

/** Inserts the row once; a retried activity gets the row that is already there. */
export async function insertOutboxOnce(db: Kysely<Database>, row: Insertable<OutboxTable>): Promise<OutboxRow> {
  await db.insertInto('outbox').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  return db.selectFrom('outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

export async function getOutbox(db: Kysely<Database>, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Compare-and-set on status, so two deciders (approve vs. a new inbound cancelling) cannot both win. */
export async function transitionOutbox(
  db: Kysely<Database>,
  id: string,
  from: OutboxStatus[],
  changes: Partial<Pick<OutboxRow, 'status' | 'body' | 'edited' | 'decided_by' | 'decision_reason' | 'message_id' | 'error' | 'sent_at'>>,
): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** Drafts in one status, oldest first; `after` (a draft id) and `limit` page through them. */
export async function listDrafts(db: Kysely<Database>, opts: { workspaceId: string; status: OutboxStatus; leadId?: string; after?: string; limit?: number }) {
  let q = db
    .selectFrom('outbox')
    .innerJoin('leads', 'leads.id', 'outbox.lead_id')
    .selectAll('outbox')
    .where('leads.workspace_id', '=', opts.workspaceId)
    .where('outbox.status', '=', opts.status);
  if (opts.leadId) q = q.where('outbox.lead_id', '=', opts.leadId);
  const after = opts.after;
  if (after) {
    // Compared in the database at full precision (see src/api/cursor.ts).
    const at = db.selectFrom('outbox as c').select('c.created_at').where('c.id', '=', after);
    q = q.where((eb) => eb.or([eb('outbox.created_at', '>', at), eb.and([eb('outbox.created_at', '=', at), eb('outbox.id', '>', after)])]));
  }
  if (opts.limit) q = q.limit(opts.limit);
  return q.orderBy('outbox.created_at').orderBy('outbox.id').execute();
}

/** The interventions the reference product reports per lead: how often people stepped in. */
export async function countInterventions(db: Kysely<Database>, leadId: string) {
  const [outbox, escalations] = await Promise.all([
    db
      .selectFrom('outbox')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('edited', '=', true).as('messageEdits'),
        eb.fn.countAll<number>().filterWhere('status', '=', 'REJECTED').as('messageRejects'),
        eb.fn.countAll<number>().filterWhere((w) => w.and([w('kind', '=', 'MANUAL'), w('status', '=', 'SENT')])).as('manualUpdates'),
      ])
      .where('lead_id', '=', leadId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('action_logs').select((eb) => eb.fn.countAll<number>().as('n')).where('lead_id', '=', leadId).where('type', '=', 'ESCALATION').executeTakeFirstOrThrow(),
  ]);
  return {
    escalations: Number(escalations.n),
    messageEdits: Number(outbox.messageEdits),
    messageRejects: Number(outbox.messageRejects),
    manualUpdates: Number(outbox.manualUpdates),
  };
}
