import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Channel } from '../../workflows/types';
import { instantiateChecklist } from './checklist';
import { toJson } from './json';
import type { Database, LeadRow, LeadsTable } from './schema';

export type NewLeadFields = Partial<
  Pick<LeadsTable, 'first_name' | 'last_name' | 'email' | 'phone_number' | 'business_name' | 'timezone' | 'external_lead_id' | 'mode'>
> & { workspace_id: string; checklist_template: string; source: string; tags?: string[] };

function leadValues(fields: NewLeadFields) {
  return {
    id: randomUUID(),
    status: 'IN_PROGRESS' as const,
    assignee_type: 'AGENT' as const,
    ...fields,
    tags: toJson(fields.tags ?? []),
  };
}

/** Creates a lead with its checklist in one transaction. Throws the database's unique violation on a duplicate. */
export async function createLead(db: Kysely<Database>, fields: NewLeadFields): Promise<LeadRow> {
  return db.transaction().execute(async (tx) => {
    const lead = await tx.insertInto('leads').values(leadValues(fields)).returningAll().executeTakeFirstOrThrow();
    await instantiateChecklist(tx, lead.id, lead.checklist_template);
    return lead;
  });
}

/**
 * Finds the lead that owns a phone number or email address, creating it (with its checklist) if there is none, in
 * the caller's transaction: the one that stores the lead's first message. Safe under concurrency: two first messages
 * from one number race on the unique index, and the loser reads the winner's row.
 */
export async function findOrCreateLeadByAddress(
  tx: Transaction<Database>,
  channel: Channel,
  address: string,
  fields: NewLeadFields,
): Promise<LeadRow> {
  const column = channel === 'SMS' ? 'phone_number' : 'email';
  const find = () =>
    tx.selectFrom('leads').selectAll().where('workspace_id', '=', fields.workspace_id).where(column, '=', address).executeTakeFirst();
  const existing = await find();
  if (existing) return existing;
  const created = await tx
    .insertInto('leads')
    .values({ ...leadValues(fields), [column]: address })
    .onConflict((oc) => oc.columns(['workspace_id', column]).where(column, 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (created) {
    await instantiateChecklist(tx, created.id, created.checklist_template);
    return created;
  }
  const winner = await find();
  if (!winner) throw new Error(`lead for ${channel} address vanished during creation`);
  return winner;
}

/** A lead by id; given a workspace (even an empty one), only that workspace's lead. */
export async function getLead(db: Kysely<Database>, leadId: string, workspaceId?: string): Promise<LeadRow | undefined> {
  let q = db.selectFrom('leads').selectAll().where('id', '=', leadId);
  if (workspaceId !== undefined) q = q.where('workspace_id', '=', workspaceId);
  return q.executeTakeFirst();
}

export type LeadPatch = Partial<
  Pick<
    LeadsTable,
    'first_name' | 'last_name' | 'email' | 'phone_number' | 'business_name' | 'timezone' | 'status' | 'mode' | 'assignee_type'
  >
> & { tags?: string[]; sms_opted_out?: boolean; email_opted_out?: boolean; email_inactive?: boolean };

export async function updateLead(db: Kysely<Database>, leadId: string, patch: LeadPatch): Promise<LeadRow | undefined> {
  const { tags, ...rest } = patch;
  return db
    .updateTable('leads')
    .set({ ...rest, ...(tags ? { tags: toJson(tags) } : {}), updated_at: new Date() })
    .where('id', '=', leadId)
    .returningAll()
    .executeTakeFirst();
}

export async function listLeads(
  db: Kysely<Database>,
  opts: { workspaceId: string; status?: string; q?: string; limit: number; after?: string },
): Promise<LeadRow[]> {
  let q = db.selectFrom('leads').selectAll().where('workspace_id', '=', opts.workspaceId);
  if (opts.status) q = q.where('status', '=', opts.status as LeadRow['status']);
  if (opts.q) {
    // The search text is matched as written: its own % and _ are not wildcards.
    const like = `%${opts.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['first_name']), 'like', like),
        eb(eb.fn('lower', ['last_name']), 'like', like),
        eb(eb.fn('lower', ['business_name']), 'like', like),
        eb('email', 'like', like),
        eb('phone_number', 'like', like),
      ]),
    );
  }
  const after = opts.after;
  if (after) {
    // The cursor row's created_at read in the database, at full precision (see src/api/cursor.ts).
    const at = db.selectFrom('leads as c').select('c.created_at').where('c.id', '=', after);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', after)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}
