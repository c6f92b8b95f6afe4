import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Channel, Direction } from '../../workflows/types';
import { toJson } from './json';
import type { Database, MessageRow, MessageThread } from './schema';

export interface NewMessage {
  workspaceId: string;
  leadId: string;
  channel: Channel;
  direction: Direction;
  from: string;
  to: string | null;
  subject: string | null;
  body: string;
  provider: string;
  providerMessageId: string;
  status: string;
  thread?: MessageThread;
  media?: { url: string; contentType: string }[];
  id?: string;
}

/** Stores a message once per provider id; a second delivery returns the first row with `duplicate: true`. */
export async function insertMessageOnce(
  db: Kysely<Database>,
  m: NewMessage,
): Promise<{ message: MessageRow; duplicate: boolean }> {
  const inserted = await db
    .insertInto('messages')
    .values({
      id: m.id ?? randomUUID(),
      workspace_id: m.workspaceId,
      lead_id: m.leadId,
      channel: m.channel,
      direction: m.direction,
      from_address: m.from,
      to_address: m.to,
      subject: m.subject,
      body: m.body,
      provider: m.provider,
      provider_message_id: m.providerMessageId,
      status: m.status,
      thread: toJson(m.thread ?? {}),
      media: toJson(m.media ?? []),
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'provider', 'provider_message_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { message: inserted, duplicate: false };
  const existing = await findMessageByProviderId(db, m.workspaceId, m.provider, m.providerMessageId);
  if (!existing) throw new Error(`message ${m.provider}/${m.providerMessageId} conflicted but cannot be found`);
  return { message: existing, duplicate: true };
}

/** The message a provider delivered under this id, if it was stored before. */
export async function findMessageByProviderId(db: Kysely<Database>, workspaceId: string, provider: string, providerMessageId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

export async function getMessage(db: Kysely<Database>, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Claims an inbound message for one turn. The same turn may claim again (a retried activity); any other turn is
 * refused, which is how a duplicate signal for an already-answered message becomes a no-op.
 */
export async function claimForTurn(db: Kysely<Database>, id: string, turnId: string): Promise<boolean> {
  const res = await db
    .updateTable('messages')
    .set({ processed_by: turnId, processed_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('processed_by', 'is', null), eb('processed_by', '=', turnId)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The lead's conversation on every channel, oldest first. */
export async function listConversation(db: Kysely<Database>, leadId: string, limit = 50): Promise<MessageRow[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('lead_id', '=', leadId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.reverse();
}
