import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DraftNotDecidableError, LeadWorkflowNotFoundError } from '../../../client';
import { getLead } from '../../db/leads';
import { getOutbox, listDrafts } from '../../db/outbox';
import { requireLead, type ApiContext } from '../context';
import { decodeCursor, pageOf } from '../cursor';
import { ApiError, parseOr400 } from '../errors';
import { draftView } from '../views';

const draftParams = z.object({ leadId: z.string().min(1), draftId: z.string().min(1) });
const DRAFT_STATUSES = ['AWAITING_APPROVAL', 'SENT', 'REJECTED', 'CANCELLED', 'PENDING', 'FAILED'] as const;
const listSchema = z.object({
  status: z.enum(DRAFT_STATUSES).default('AWAITING_APPROVAL'),
  leadId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
});

export function draftRoutes(app: FastifyInstance, ctx: ApiContext) {
  /** An array, oldest first, as before pages existed; `x-next-cursor` says there is more. */
  app.get('/api/v1/drafts', async (req, reply) => {
    const q = parseOr400(listSchema, req.query, 'query');
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    // The draft a cursor names may have been decided since: the next page still starts after it.
    const named = after ? await getOutbox(ctx.db, after) : undefined;
    if (after && !(named && (await getLead(ctx.db, named.lead_id, req.workspaceId)))) throw new ApiError(400, 'validation_error', 'cursor: not a page of this list', [{ field: 'cursor', message: 'unknown' }]);
    const page = pageOf(await listDrafts(ctx.db, { workspaceId: req.workspaceId, status: q.status, leadId: q.leadId, after, limit: q.limit + 1 }), q.limit);
    if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
    return page.rows.map(draftView);
  });

  /** 404 for a draft this lead never had; 409 for one that is no longer awaiting approval. */
  async function requireOpenDraft(workspaceId: string, leadId: string, draftId: string) {
    await requireLead(ctx, workspaceId, leadId);
    const draft = await getOutbox(ctx.db, draftId);
    if (!draft || draft.lead_id !== leadId) throw new ApiError(404, 'not_found', `Draft ${draftId} not found`);
    if (draft.status !== 'AWAITING_APPROVAL') throw new ApiError(409, 'conflict', `Draft ${draftId} is ${draft.status}, not awaiting approval`);
  }

  async function decided<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // Lost a race with another decision (or a new message that cancelled the draft).
      if (err instanceof DraftNotDecidableError || err instanceof LeadWorkflowNotFoundError) {
        throw new ApiError(409, 'conflict', err.message);
      }
      throw err;
    }
  }

  app.post('/api/v1/leads/:leadId/drafts/:draftId/approve', async (req) => {
    const { leadId, draftId } = parseOr400(draftParams, req.params, 'params');
    const input = parseOr400(z.object({ body: z.string().trim().min(1).max(10_000).optional(), by: z.string().max(200).optional() }), req.body);
    await requireOpenDraft(req.workspaceId, leadId, draftId);
    const decision = await decided(() => ctx.agent.approveDraft(leadId, { draftId, body: input.body, by: input.by ?? 'api' }));
    if (decision.outcome !== 'SENT') throw new ApiError(409, 'conflict', `Draft ${draftId} was ${decision.outcome.toLowerCase()} before it could be sent`);
    return { messageId: decision.messageId, draftId, outcome: decision.outcome };
  });

  app.post('/api/v1/leads/:leadId/drafts/:draftId/reject', async (req) => {
    const { leadId, draftId } = parseOr400(draftParams, req.params, 'params');
    const input = parseOr400(z.object({ reason: z.string().trim().min(1).max(2_000), by: z.string().max(200).optional() }), req.body);
    await requireOpenDraft(req.workspaceId, leadId, draftId);
    const decision = await decided(() => ctx.agent.rejectDraft(leadId, { draftId, reason: input.reason, by: input.by ?? 'api' }));
    return { draftId, outcome: decision.outcome };
  });
}
