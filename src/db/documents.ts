import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface NewDocument {
  workspaceId: string;
  leadId: string;
  messageId: string | null;
  filename: string;
  mimeType: string;
  content: Uint8Array;
}

export async function insertDocuments(db: Kysely<Database>, docs: NewDocument[]): Promise<{ id: string; filename: string }[]> {
  if (docs.length === 0) return [];
  return db
    .insertInto('documents')
    .values(
      docs.map((d) => ({
        id: randomUUID(),
        workspace_id: d.workspaceId,
        lead_id: d.leadId,
        message_id: d.messageId,
        filename: d.filename,
        mime_type: d.mimeType,
        size: d.content.byteLength,
        sha256: createHash('sha256').update(d.content).digest('hex'),
        content: d.content,
        status: 'RECEIVED',
      })),
    )
    .returning(['id', 'filename'])
    .execute();
}

/** Document metadata (never the bytes) for a lead or for a set of messages. */
export async function listDocumentMeta(db: Kysely<Database>, filter: { leadId?: string; messageIds?: string[] }) {
  let q = db
    .selectFrom('documents')
    .select(['id', 'lead_id', 'message_id', 'filename', 'mime_type', 'size', 'sha256', 'status', 'doc_type', 'verdict', 'error_code', 'created_at']);
  if (filter.leadId) q = q.where('lead_id', '=', filter.leadId);
  if (filter.messageIds) {
    if (filter.messageIds.length === 0) return [];
    q = q.where('message_id', 'in', filter.messageIds);
  }
  return q.orderBy('created_at').execute();
}
