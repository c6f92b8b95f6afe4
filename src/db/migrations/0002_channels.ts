import { sql, type Kysely } from 'kysely';

// Real channels: MMS media still to fetch on an inbound message, and an email address the provider reports as
// inactive (bounced, spam complaint), which is not the same as an opt-out but is just as unusable.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('media', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
  await db.schema.alterTable('leads').addColumn('email_inactive', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.createIndex('messages_provider_id_idx').on('messages').columns(['provider', 'provider_message_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_provider_id_idx').execute();
  await db.schema.alterTable('leads').dropColumn('email_inactive').execute();
  await db.schema.alterTable('messages').dropColumn('media').execute();
}
