import type { Kysely } from 'kysely';
import type { ActionStatus, ActionType, Channel, Direction } from '../../workflows/types';
import { listDocumentMeta } from './documents';
import { toJson } from './json';
import type { ActionLogRow, Database } from './schema';

export interface ActionLogWrite {
  id: string;
  leadId: string;
  type: ActionType;
  status: ActionStatus;
  summary: string;
  input?: Record<string, unknown> | null;
  output?: Record<string, unknown> | null;
  error?: string | null;
  parentActionId?: string | null;
  scheduledAt?: Date | null;
  completedAt?: Date | null;
  tool?: { id: string; name: string; description: string } | null;
  messageIds?: string[];
}

/**
 * Writes one timeline entry keyed by an id the workflow generated, so a retried activity rewrites the same row.
 * On a rewrite, fields left undefined keep their stored value and created_at never moves.
 */
export async function upsertActionLog(db: Kysely<Database>, log: ActionLogWrite): Promise<void> {
  const changes = {
    status: log.status,
    summary: log.summary,
    ...(log.input !== undefined && { input: toJson(log.input) }),
    ...(log.output !== undefined && { output: toJson(log.output) }),
    ...(log.error !== undefined && { error: log.error }),
    ...(log.scheduledAt !== undefined && { scheduled_at: log.scheduledAt }),
    ...(log.messageIds !== undefined && { message_ids: toJson(log.messageIds) }),
    completed_at: log.completedAt ?? (log.status === 'COMPLETED' || log.status === 'CANCELLED' || log.status === 'FAILED' ? new Date() : null),
  };
  await db
    .insertInto('action_logs')
    .values({
      id: log.id,
      lead_id: log.leadId,
      created_at: new Date(), // the same clock as completed_at, so a timeline never ends before it starts
      type: log.type,
      parent_action_id: log.parentActionId ?? null,
      tool: log.tool ? toJson(log.tool) : null,
      input: toJson(log.input ?? null),
      output: toJson(log.output ?? null),
      error: log.error ?? null,
      scheduled_at: log.scheduledAt ?? null,
      message_ids: toJson(log.messageIds ?? []),
      status: changes.status,
      summary: changes.summary,
      completed_at: changes.completed_at,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet(changes))
    .execute();
}

/** Moves an entry to a final status only if it is still open (PENDING / AWAITING_APPROVAL). */
export async function closeActionLog(
  db: Kysely<Database>,
  id: string,
  status: Extract<ActionStatus, 'CANCELLED' | 'FAILED' | 'COMPLETED'>,
  fields: { error?: string; output?: Record<string, unknown>; messageIds?: string[] } = {},
): Promise<boolean> {
  const res = await db
    .updateTable('action_logs')
    .set({
      status,
      completed_at: new Date(),
      ...(fields.error !== undefined && { error: fields.error }),
      ...(fields.output !== undefined && { output: toJson(fields.output) }),
      ...(fields.messageIds !== undefined && { message_ids: toJson(fields.messageIds) }),
    })
    .where('id', '=', id)
    .where('status', 'in', ['PENDING', 'AWAITING_APPROVAL'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface ActionLogMessage {
  id: string;
  channel: Channel;
  direction: Direction;
  subject: string | null;
  body: string;
  documents: { id: string; filename: string; mimeType: string; size: number }[];
}

export interface ActionLog {
  id: string;
  type: ActionType;
  status: ActionStatus;
  summary: string;
  input: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  error: string | null;
  parentActionId: string | null;
  scheduledAt: string | null;
  createdAt: string;
  completedAt: string | null;
  tool: { id: string; name: string; description: string } | null;
  messages: ActionLogMessage[];
}

/** The lead's timeline, oldest first, in the public ActionLog shape (messages and their documents inlined). */
export async function listActionLogs(
  db: Kysely<Database>,
  leadId: string,
  filter: { type?: ActionType; status?: ActionStatus } = {},
): Promise<ActionLog[]> {
  let q = db.selectFrom('action_logs').selectAll().where('lead_id', '=', leadId);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('created_at').orderBy('seq').execute();
  const messageIds = [...new Set(rows.flatMap((r) => r.message_ids))];
  const messages = messageIds.length
    ? await db.selectFrom('messages').select(['id', 'channel', 'direction', 'subject', 'body']).where('id', 'in', messageIds).execute()
    : [];
  const docs = await listDocumentMeta(db, { messageIds });
  const byId = new Map(
    messages.map((m) => [
      m.id,
      {
        ...m,
        documents: docs
          .filter((d) => d.message_id === m.id)
          .map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mime_type, size: d.size })),
      },
    ]),
  );
  return rows.map((r) => toActionLog(r, r.message_ids.flatMap((id) => byId.get(id) ?? [])));
}

function toActionLog(r: ActionLogRow, messages: ActionLogMessage[]): ActionLog {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    summary: r.summary,
    input: r.input,
    output: r.output,
    error: r.error,
    parentActionId: r.parent_action_id,
    scheduledAt: r.scheduled_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
    tool: r.tool,
    messages,
  };
}
