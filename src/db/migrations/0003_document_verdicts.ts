import { sql, type Kysely } from 'kysely';

// What the pipeline made of each file (type, fields, validation), the sentence the lead is told about it, and
// which checklist items it filled.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('documents')
    .addColumn('doc_type', 'text')
    .addColumn('analysis', 'jsonb')
    .addColumn('verdict', 'text')
    .addColumn('error_code', 'text')
    .addColumn('matched_items', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await db.schema.alterTable('lead_checklist_items').addColumn('document_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
  await db.schema.createIndex('documents_sha_idx').on('documents').columns(['lead_id', 'sha256']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_sha_idx').execute();
  await db.schema.alterTable('lead_checklist_items').dropColumn('document_ids').execute();
  for (const c of ['processed_at', 'matched_items', 'error_code', 'verdict', 'analysis', 'doc_type']) {
    await db.schema.alterTable('documents').dropColumn(c).execute();
  }
}
