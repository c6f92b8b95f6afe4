import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sql } from 'kysely';
import { checkValue, DOCUMENT_FIELD_TYPES } from '../../checklist/values';
import { upsertActionLog } from '../../db/action-logs';
import { addChecklistItem, getChecklistItems, groupChecklist } from '../../db/checklist';
import { toJson } from '../../db/json';
import { FIELD_TYPES } from '../../../workflows/types';
import { requireLead, type ApiContext } from '../context';
import { decodeQueueCursor, encodeQueueCursor, pageOf } from '../cursor';
import { ApiError, notFound, parseOr400 } from '../errors';
import { randomUUID } from 'node:crypto';

const ITEM_STATUSES = ['TODO', 'COMPLETED', 'INVALID', 'SKIPPED', 'NEEDS_REVIEW'] as const;

const leadParams = z.object({ leadId: z.string().min(1) });
const itemParams = z.object({ leadId: z.string().min(1), itemId: z.string().min(1) });

const slug = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'item';

/** A label or group heading is shown on one line (to the lead, on the review page, in the model's list of items). */
const oneLine = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\r\n\u2028\u2029]*$/, 'one line: no line breaks');

const addSchema = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{1,64}$/, 'lower-case letters, digits and _ only (at most 64)').optional(),
  label: oneLine(200),
  fieldType: z.enum(FIELD_TYPES),
  group: oneLine(100).default('Additional items'),
  isRequired: z.boolean().default(true),
  validationRules: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  helpText: z.string().trim().max(1000).optional(),
  clientInstructions: z.string().trim().max(500).optional(),
});

const updateSchema = z
  .object({
    status: z.enum(ITEM_STATUSES).optional(),
    value: z.union([z.string().max(500), z.number()]).nullable().optional(),
    /** Why an item is INVALID or needs review, shown to the agent and admins. */
    reason: z.string().trim().max(500).nullable().optional(),
    by: z.string().trim().min(1).max(200).optional(),
  })
  .refine((u) => u.status !== undefined || u.value !== undefined, { path: ['status'], message: 'give a status, a value, or both' });

/**
 * The lead's checklist: read it, add an item only this lead needs, and settle an item by hand (a reviewer accepting a
 * document the agent was unsure of, a value from a phone call). Hand-set values have source `manual`.
 */
export function checklistRoutes(app: FastifyInstance, ctx: ApiContext) {
  // The change is stored whatever happens here: if Temporal cannot be reached, a due follow-up still reads the
  // checklist afresh before it is sent.
  async function tellWorkflow(req: FastifyRequest, leadId: string, actionLogId: string) {
    try {
      await ctx.agent.checklistChanged(leadId, actionLogId);
    } catch (err) {
      req.log.warn({ leadId, err: String(err) }, 'could not tell the lead workflow about a checklist change');
    }
  }

  app.get('/api/v1/leads/:leadId/checklist', async (req) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    await requireLead(ctx, req.workspaceId, leadId);
    return groupChecklist(await getChecklistItems(ctx.db, leadId));
  });

  // The review queue: items across the workspace's leads in one status, the longest-waiting first.
  // An array, as before pages existed; `x-next-cursor` says there is more.
  app.get('/api/v1/checklist-items', async (req, reply) => {
    const q = parseOr400(
      z.object({ status: z.enum(ITEM_STATUSES).default('NEEDS_REVIEW'), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().optional() }),
      req.query,
      'query',
    );
    const after = q.cursor ? decodeQueueCursor(q.cursor) : undefined;
    let query = ctx.db
      .selectFrom('lead_checklist_items as i')
      .innerJoin('leads as l', 'l.id', 'i.lead_id')
      .selectAll('i')
      .select(['l.first_name', 'l.last_name', 'l.business_name', sql<string>`i.updated_at::text`.as('updated_at_text')])
      .where('l.workspace_id', '=', req.workspaceId)
      .where('i.status', '=', q.status);
    if (after) query = query.where(sql<boolean>`(i.updated_at, i.id) > (${after.at}::timestamptz, ${after.id})`);
    const rows = await query.orderBy('i.updated_at').orderBy('i.id').limit(q.limit + 1).execute();
    const page = pageOf(rows, q.limit, (r) => encodeQueueCursor(r.updated_at_text, r.id));
    if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
    return page.rows.map(({ updated_at_text: _, ...r }) => ({
      lead: { id: r.lead_id, name: [r.first_name, r.last_name].filter(Boolean).join(' '), businessName: r.business_name },
      ...groupChecklist([r])[0]!.items[0]!,
    }));
  });

  app.post('/api/v1/leads/:leadId/checklist-items', async (req, reply) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    const input = parseOr400(addSchema, req.body);
    await requireLead(ctx, req.workspaceId, leadId);
    const code = input.code ?? slug(input.label);
    const row = await addChecklistItem(ctx.db, leadId, {
      code,
      label: input.label,
      fieldType: input.fieldType,
      groupName: input.group,
      isRequired: input.isRequired,
      validationRules: input.validationRules,
      helpText: input.helpText ?? null,
      clientInstructions: input.clientInstructions ?? null,
    });
    if (!row) throw new ApiError(409, 'conflict', `code: the lead already has an item "${code}"`, [{ field: 'code', message: 'already on this checklist' }]);
    const actionLogId = randomUUID();
    await upsertActionLog(ctx.db, { id: actionLogId, leadId, type: 'MANUAL_UPDATE', status: 'COMPLETED', summary: `Checklist item added: ${row.label}`, input: { itemId: row.id, code, fieldType: row.field_type, isRequired: row.is_required } });
    await tellWorkflow(req, leadId, actionLogId);
    const [group] = groupChecklist([row]);
    return reply.status(201).send({ item: group!.items[0], group: row.group_name });
  });

  app.put('/api/v1/leads/:leadId/checklist-items/:itemId', async (req) => {
    const { leadId, itemId } = parseOr400(itemParams, req.params, 'params');
    const input = parseOr400(updateSchema, req.body);
    await requireLead(ctx, req.workspaceId, leadId);
    const item = await ctx.db.selectFrom('lead_checklist_items').selectAll().where('id', '=', itemId).where('lead_id', '=', leadId).executeTakeFirst();
    if (!item) throw notFound(`Checklist item ${itemId}`);
    let value: unknown = undefined;
    if (input.value !== undefined && input.value !== null) {
      if (DOCUMENT_FIELD_TYPES.includes(item.field_type)) {
        throw new ApiError(400, 'validation_error', 'value: this item is filled by documents; set its status instead', [{ field: 'value', message: 'document items take no typed value' }]);
      }
      const checked = checkValue(item.field_type, input.value);
      if (!checked.ok) throw new ApiError(400, 'validation_error', `value: ${checked.reason}`, [{ field: 'value', message: checked.reason }]);
      value = checked.value;
    }
    const status = input.status ?? (input.value === null ? 'TODO' : 'COMPLETED');
    const updated = await ctx.db
      .updateTable('lead_checklist_items')
      .set({
        status,
        ...(value !== undefined ? { value: toJson(value) } : input.value === null ? { value: null } : {}),
        validation_error: input.reason !== undefined ? input.reason : status === 'COMPLETED' || status === 'SKIPPED' ? null : item.validation_error,
        source: 'manual',
        updated_at: new Date(),
      })
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const actionLogId = randomUUID();
    await upsertActionLog(ctx.db, {
      id: actionLogId,
      leadId,
      type: 'MANUAL_UPDATE',
      status: 'COMPLETED',
      summary: `${item.label}: ${item.status} -> ${status}${input.by ? ` by ${input.by}` : ''}`,
      input: { itemId, code: item.code, from: item.status, to: status, valueChanged: input.value !== undefined, reason: input.reason ?? null, by: input.by ?? 'admin' },
    });
    await tellWorkflow(req, leadId, actionLogId);
    return { item: groupChecklist([updated])[0]!.items[0] };
  });
}
