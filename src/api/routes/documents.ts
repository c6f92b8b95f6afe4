import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getDocument, insertDocuments, listDocumentMeta } from '../../db/documents';
import { requireLead, type ApiContext } from '../context';
import { ApiError, notFound, parseOr400 } from '../errors';
import { assertStorable } from '../text-guard';
import { documentView } from '../views';

const MAX_FILES = 10;

const uploadFields = z.object({
  leadId: z.string().trim().min(1, 'required'),
  checklistItemId: z.string().trim().min(1).optional(),
});

/**
 * Documents an admin uploads for a lead (mailed in, from another system): stored, then read by the lead's workflow
 * like a lead's attachments. Runs in its own scope so the multipart parser applies here only.
 */
export function documentRoutes(app: FastifyInstance, ctx: ApiContext) {
  app.register(multipart, { limits: { fileSize: ctx.config.MAX_ATTACHMENT_BYTES, files: MAX_FILES, fields: 10, fieldSize: 1000 } });

  app.post('/api/v1/documents', async (req, reply) => {
    if (!req.isMultipart()) {
      throw new ApiError(415, 'unsupported_media_type', 'body: send multipart/form-data with leadId and files[]', [{ field: 'body', message: 'must be multipart/form-data' }]);
    }
    const fields: Record<string, string> = {};
    const files: { field: string; filename: string; mimeType: string; content: Buffer }[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else files.push({ field: part.fieldname, filename: part.filename, mimeType: part.mimetype, content: await part.toBuffer() });
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ApiError(413, 'payload_too_large', `files: a file is larger than ${ctx.config.MAX_ATTACHMENT_BYTES} bytes`, [{ field: 'files', message: 'file too large' }]);
      if (code === 'FST_FILES_LIMIT') throw new ApiError(413, 'payload_too_large', `files: at most ${MAX_FILES} files per upload`, [{ field: 'files', message: 'too many files' }]);
      if ((err as { statusCode?: number }).statusCode) throw err;
      // The parser's own errors (no boundary, a body cut short) are a malformed request, not a fault of ours.
      throw new ApiError(400, 'invalid_body', `body: not readable as multipart/form-data (${(err as Error).message})`, [{ field: 'body', message: 'malformed multipart body' }]);
    }
    assertStorable(fields, 'body');
    const input = parseOr400(uploadFields, fields);
    const badField = files.find((f) => f.field !== 'files' && f.field !== 'files[]');
    if (badField) throw new ApiError(400, 'validation_error', `${badField.field}: files go in the field "files[]"`, [{ field: badField.field, message: 'unexpected file field' }]);
    if (files.length === 0) throw new ApiError(400, 'validation_error', 'files: at least one file is required', [{ field: 'files', message: 'required' }]);
    const unnamed = files.findIndex((f) => !f.filename.trim());
    if (unnamed >= 0) throw new ApiError(400, 'validation_error', `files.${unnamed}: a file name is required`, [{ field: `files.${unnamed}`, message: 'file name required' }]);

    const lead = await requireLead(ctx, req.workspaceId, input.leadId);
    if (input.checklistItemId) {
      const item = await ctx.db.selectFrom('lead_checklist_items').select('id').where('id', '=', input.checklistItemId).where('lead_id', '=', lead.id).executeTakeFirst();
      if (!item) throw new ApiError(400, 'validation_error', 'checklistItemId: not a checklist item of this lead', [{ field: 'checklistItemId', message: 'not a checklist item of this lead' }]);
    }
    const uploadId = randomUUID();
    await insertDocuments(
      ctx.db,
      files.map((f) => ({
        workspaceId: req.workspaceId,
        leadId: lead.id,
        messageId: null,
        uploadId,
        expectedItemId: input.checklistItemId ?? null,
        filename: f.filename.trim().slice(0, 255),
        mimeType: f.mimeType,
        content: f.content,
      })),
    );
    const workflowId = await ctx.agent.deliverUpload({ leadId: lead.id, workspaceId: req.workspaceId }, uploadId);
    const docs = await listDocumentMeta(ctx.db, { uploadId });
    return reply.status(202).send({ uploadId, leadId: lead.id, workflowId, documents: docs.map(documentView) });
  });

  app.get('/api/v1/documents/:documentId', async (req) => {
    const { documentId } = parseOr400(z.object({ documentId: z.string().min(1) }), req.params, 'params');
    const flag = z.enum(['true', 'false']).optional();
    const q = parseOr400(z.object({ includeContent: flag, includeText: flag }), req.query, 'query');
    const doc = await getDocument(ctx.db, req.workspaceId, documentId, { content: q.includeContent === 'true', text: q.includeText === 'true' });
    if (!doc) throw notFound(`Document ${documentId}`);
    const content = 'content' in doc ? (doc.content as Uint8Array) : null;
    return {
      ...documentView(doc),
      leadId: doc.lead_id,
      analysis: doc.analysis,
      ...(content ? { contentBase64: Buffer.from(content).toString('base64') } : {}),
      ...('text' in doc ? { text: doc.text } : {}),
    };
  });
}
