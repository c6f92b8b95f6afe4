import type { Kysely } from 'kysely';

// Files an admin uploads for a lead (POST /api/v1/documents) arrive without a message: an upload id groups them for
// the workflow, and the checklist item they were sent for (if named) decides "wrong document type" verdicts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('upload_id', 'text').addColumn('expected_item_id', 'text').execute();
  await db.schema.createIndex('documents_upload_idx').on('documents').column('upload_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_upload_idx').execute();
  await db.schema.alterTable('documents').dropColumn('expected_item_id').dropColumn('upload_id').execute();
}
