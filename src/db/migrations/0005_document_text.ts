import type { Kysely } from 'kysely';

// The text each document was read as (PDF text layer or OCR), per segment: what a reviewer checks a verdict against,
// and what a model can read again without a second OCR. Personal data like the file itself: never logged.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('text', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('text').execute();
}
