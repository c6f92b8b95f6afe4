import { createHash, randomUUID } from 'node:crypto';
import { storable } from './storable-text';
import type { Kysely } from 'kysely';
import { toJson } from './json';
import type { Database } from './schema';

export interface NewDocument {
  workspaceId: string;
  leadId: string;
  messageId: string | null;
  uploadId?: string;
  expectedItemId?: string | null;
  filename: string;
  mimeType: string;
  content: Uint8Array;
  /** A file refused on arrival (too large, undecodable): kept as a row, without bytes, so it still gets a verdict. */
  rejection?: AttachmentRejection;
}

export interface AttachmentRejection {
  code: 'EMPTY' | 'TOO_LARGE' | 'CORRUPT';
  /** For the admin: what was wrong (no content). */
  detail: string;
  /** The size the sender declared or sent, when known. */
  size?: number;
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
        upload_id: d.uploadId ?? null,
        expected_item_id: d.expectedItemId ?? null,
        // Names and types come from senders' devices; the bytes are kept as they are.
        filename: storable(d.filename),
        mime_type: storable(d.mimeType),
        size: d.rejection?.size ?? d.content.byteLength,
        sha256: createHash('sha256').update(d.content).digest('hex'),
        content: d.content,
        status: 'RECEIVED',
        ...(d.rejection && { error_code: d.rejection.code, analysis: toJson({ kind: 'rejected', code: d.rejection.code, message: d.rejection.detail }) }),
      })),
    )
    .returning(['id', 'filename'])
    .execute();
}

/** Document metadata (never the bytes) for a lead, a set of messages or an upload. */
export async function listDocumentMeta(db: Kysely<Database>, filter: { leadId?: string; messageIds?: string[]; uploadId?: string }) {
  let q = db
    .selectFrom('documents')
    .select(['id', 'lead_id', 'message_id', 'upload_id', 'filename', 'mime_type', 'size', 'sha256', 'status', 'doc_type', 'verdict', 'error_code', 'matched_items', 'processed_at', 'created_at']);
  if (filter.leadId) q = q.where('lead_id', '=', filter.leadId);
  if (filter.uploadId) q = q.where('upload_id', '=', filter.uploadId);
  if (filter.messageIds) {
    if (filter.messageIds.length === 0) return [];
    q = q.where('message_id', 'in', filter.messageIds);
  }
  return q.orderBy('created_at').execute();
}

/** One document of a workspace, with its analysis; the bytes and the text read from it only when asked for. */
export async function getDocument(db: Kysely<Database>, workspaceId: string, id: string, include: { content: boolean; text: boolean }) {
  return db
    .selectFrom('documents')
    .select(['id', 'lead_id', 'message_id', 'upload_id', 'filename', 'mime_type', 'size', 'sha256', 'status', 'doc_type', 'verdict', 'error_code', 'matched_items', 'analysis', 'processed_at', 'created_at'])
    .$if(include.content, (q) => q.select('content'))
    .$if(include.text, (q) => q.select('text'))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}
