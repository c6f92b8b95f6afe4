import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidAddressError, storeInbound } from '../../inbound/intake';
import { refusedAttachment } from '../../inbound/rejected-attachments';
import { CHANNELS } from '../../../workflows/types';
import { requireWorkspace, type ApiContext } from '../context';
import { ApiError, parseOr400 } from '../errors';

const MAX_ATTACHMENTS = 10;

const inboundSchema = z
  .object({
    channel: z.enum(CHANNELS),
    from: z.string().trim().min(1),
    to: z.string().trim().min(1).optional(),
    subject: z.string().max(998).optional(),
    body: z.string().max(100_000),
    externalMessageId: z.string().trim().min(1).max(256),
    attachments: z
      .array(
        z.object({
          filename: z.string().trim().min(1).max(255),
          mimeType: z.string().trim().min(1).max(255),
          contentBase64: z.base64(),
        }),
      )
      .max(MAX_ATTACHMENTS)
      .optional(),
  })
  .refine((m) => m.body.trim() !== '' || (m.attachments?.length ?? 0) > 0, {
    path: ['body'],
    message: 'must not be empty unless attachments are sent',
  });

export function inboundRoutes(app: FastifyInstance, ctx: ApiContext) {
  // Room for ten base64 attachments at the configured size (base64 adds a third).
  const bodyLimit = Math.ceil(ctx.config.MAX_ATTACHMENT_BYTES * MAX_ATTACHMENTS * 1.4) + 1_000_000;

  app.post('/api/v1/messages/inbound', { bodyLimit }, async (req, reply) => {
    const input = parseOr400(inboundSchema, req.body);
    // A file over the limit does not cost the lead their message: it is kept without its bytes, gets a verdict, and
    // the lead is asked for a smaller copy. The caller sees it in `refusedAttachments`.
    const refusedAttachments: { index: number; filename: string; reason: 'too_large' }[] = [];
    const attachments = (input.attachments ?? []).map((a, index) => {
      const content = Buffer.from(a.contentBase64, 'base64');
      if (content.byteLength <= ctx.config.MAX_ATTACHMENT_BYTES) return { filename: a.filename, mimeType: a.mimeType, content };
      refusedAttachments.push({ index, filename: a.filename, reason: 'too_large' });
      return refusedAttachment(a.filename, a.mimeType, 'too_large', ctx.config.MAX_ATTACHMENT_BYTES, content.byteLength)!;
    });
    const ws = await requireWorkspace(ctx, req.workspaceId);
    let stored;
    try {
      stored = await storeInbound(ctx.db, {
        workspaceId: req.workspaceId,
        channel: input.channel,
        from: input.from,
        to: input.to ?? null,
        subject: input.subject ?? null,
        body: input.body,
        provider: 'api',
        providerMessageId: input.externalMessageId,
        attachments,
        checklistTemplate: ws.settings.checklistTemplate,
      });
    } catch (err) {
      if (err instanceof InvalidAddressError) throw new ApiError(400, 'validation_error', `${err.field}: ${err.message}`, [{ field: err.field, message: err.message }]);
      throw err;
    }
    // Signalled on duplicates too: if an earlier delivery was stored but its signal was lost, this one recovers it.
    // The workflow ignores a message it has already taken.
    const workflowId = await ctx.agent.deliverInbound({ leadId: stored.lead.id, workspaceId: req.workspaceId }, stored.message.id);
    return reply.status(202).send({ leadId: stored.lead.id, messageId: stored.message.id, workflowId, duplicate: stored.duplicate, ...(refusedAttachments.length && { refusedAttachments }) });
  });
}
