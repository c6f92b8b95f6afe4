import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findTemplate } from '../../checklist/templates';
import { listActionLogs, upsertActionLog } from '../../db/action-logs';
import { getChecklistItems, groupChecklist } from '../../db/checklist';
import { listDocumentMeta } from '../../db/documents';
import { createLead, getLead, listLeads, updateLead } from '../../db/leads';
import { countInterventions, listDrafts } from '../../db/outbox';
import { normalizeEmail, normalizePhone } from '../../leads/identity';
import { usableChannels } from '../../leads/reachability';
import { AGENT_MODES, ASSIGNEE_TYPES, CHANNELS, LEAD_STATUSES } from '../../../workflows/types';
import { requireLead, requireWorkspace, type ApiContext } from '../context';
import { decodeCursor, pageOf } from '../cursor';
import { ApiError, parseOr400 } from '../errors';
import { documentView, draftView, leadView } from '../views';
import { randomUUID } from 'node:crypto';

const phone = z.string().trim().transform((v, c) => normalizePhone(v) ?? (c.addIssue({ code: 'custom', message: 'not a valid phone number' }), z.NEVER));
const email = z.string().trim().transform((v, c) => normalizeEmail(v) ?? (c.addIssue({ code: 'custom', message: 'not a valid email address' }), z.NEVER));
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone (e.g. America/New_York)');

const createSchema = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).optional(),
  email: email.optional(),
  phoneNumber: phone.optional(),
  businessName: z.string().trim().max(200).optional(),
  timezone: timezone.optional(),
  externalLeadId: z.string().trim().min(1).max(200).optional(),
  checklistTemplate: z.string().refine((c) => !!findTemplate(c), 'unknown checklist template').optional(),
  mode: z.enum(AGENT_MODES).optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
});

const updateSchema = z.object({
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  email: email.optional(),
  phoneNumber: phone.optional(),
  businessName: z.string().trim().max(200).optional(),
  timezone: timezone.optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  assigneeType: z.enum(ASSIGNEE_TYPES).optional(),
  mode: z.enum(AGENT_MODES).optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
});

const listSchema = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

const leadParams = z.object({ leadId: z.string().min(1) });

/** A duplicate phone, email or external id is a 409 naming the field, not a 500. */
function conflictOnDuplicate(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505') {
    const field = e.constraint?.includes('phone') ? 'phoneNumber' : e.constraint?.includes('email') ? 'email' : 'externalLeadId';
    throw new ApiError(409, 'conflict', `${field}: another lead already has this value`, [{ field, message: 'already used by another lead' }]);
  }
  throw err;
}

export function leadRoutes(app: FastifyInstance, ctx: ApiContext) {
  app.post('/api/v1/leads', async (req, reply) => {
    const input = parseOr400(createSchema, req.body);
    const ws = await requireWorkspace(ctx, req.workspaceId);
    const lead = await createLead(ctx.db, {
      workspace_id: req.workspaceId,
      first_name: input.firstName,
      last_name: input.lastName ?? null,
      email: input.email ?? null,
      phone_number: input.phoneNumber ?? null,
      business_name: input.businessName ?? null,
      timezone: input.timezone ?? null,
      external_lead_id: input.externalLeadId ?? null,
      mode: input.mode ?? null,
      checklist_template: input.checklistTemplate ?? ws.settings.checklistTemplate,
      source: 'api',
      tags: input.tags,
    }).catch(conflictOnDuplicate);
    await upsertActionLog(ctx.db, { id: randomUUID(), leadId: lead.id, type: 'API_ACTIVITY', status: 'COMPLETED', summary: 'Lead created' });
    return reply.status(201).send({ lead: leadView(lead, ws.settings), checklist: groupChecklist(await getChecklistItems(ctx.db, lead.id)) });
  });

  app.get('/api/v1/leads', async (req) => {
    const q = parseOr400(listSchema, req.query, 'query');
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (after && !(await getLead(ctx.db, after, req.workspaceId))) throw new ApiError(400, 'validation_error', 'cursor: not a page of this list', [{ field: 'cursor', message: 'unknown' }]);
    const ws = await requireWorkspace(ctx, req.workspaceId);
    const page = pageOf(await listLeads(ctx.db, { workspaceId: req.workspaceId, status: q.status, q: q.q, limit: q.limit + 1, after }), q.limit);
    return { leads: page.rows.map((l) => leadView(l, ws.settings)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/leads/:leadId', async (req) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    const lead = await requireLead(ctx, req.workspaceId, leadId);
    const ws = await requireWorkspace(ctx, req.workspaceId);
    const [checklist, documents, followUps, drafts, interventions] = await Promise.all([
      getChecklistItems(ctx.db, lead.id),
      listDocumentMeta(ctx.db, { leadId: lead.id }),
      listActionLogs(ctx.db, lead.id, { type: 'FOLLOW_UP_MESSAGE', status: 'PENDING' }),
      listDrafts(ctx.db, { workspaceId: req.workspaceId, status: 'AWAITING_APPROVAL', leadId: lead.id }),
      countInterventions(ctx.db, lead.id),
    ]);
    const next = followUps.filter((f) => f.scheduledAt).sort((a, b) => a.scheduledAt!.localeCompare(b.scheduledAt!))[0];
    return {
      lead: leadView(lead, ws.settings),
      status: lead.status,
      checklist: groupChecklist(checklist),
      documents: documents.map(documentView),
      nextFollowUp: next ? { actionLogId: next.id, scheduledAt: next.scheduledAt, ...next.input } : null,
      pendingDrafts: drafts.map(draftView),
      interventions,
    };
  });

  app.put('/api/v1/leads/:leadId', async (req) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    const input = parseOr400(updateSchema, req.body);
    await requireLead(ctx, req.workspaceId, leadId);
    const lead = await updateLead(ctx.db, leadId, {
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      phone_number: input.phoneNumber,
      business_name: input.businessName,
      timezone: input.timezone,
      status: input.status,
      assignee_type: input.assigneeType,
      mode: input.mode,
      tags: input.tags,
    }).catch(conflictOnDuplicate);
    if (!lead) throw new ApiError(404, 'not_found', `Lead ${leadId} not found`);
    // The workflow decides with these; it persists them again itself, which is harmless.
    const ref = { leadId, workspaceId: req.workspaceId };
    if (input.mode) await ctx.agent.setMode(ref, input.mode);
    if (input.status) await ctx.agent.setStatus(ref, input.status);
    if (input.assigneeType) await ctx.agent.assign(ref, input.assigneeType);
    await upsertActionLog(ctx.db, {
      id: randomUUID(),
      leadId,
      type: 'API_ACTIVITY',
      status: 'COMPLETED',
      summary: 'Lead updated',
      input: { fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined) },
    });
    const ws = await requireWorkspace(ctx, req.workspaceId);
    return { lead: leadView(lead, ws.settings) };
  });

  app.get('/api/v1/leads/:leadId/action-logs', async (req) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    await requireLead(ctx, req.workspaceId, leadId);
    return listActionLogs(ctx.db, leadId);
  });

  app.get('/api/v1/leads/:leadId/documents', async (req) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    await requireLead(ctx, req.workspaceId, leadId);
    return (await listDocumentMeta(ctx.db, { leadId })).map(documentView);
  });

  app.post('/api/v1/leads/:leadId/follow-ups', async (req, reply) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    const input = parseOr400(z.object({ channel: z.enum(CHANNELS).optional() }), req.body);
    await requireLead(ctx, req.workspaceId, leadId);
    await ctx.agent.triggerFollowUp({ leadId, workspaceId: req.workspaceId }, input.channel);
    return reply.status(202).send({ accepted: true });
  });

  // An admin writes to the lead themselves. Consent still applies: an opted-out channel is a 409, not a send.
  app.post('/api/v1/leads/:leadId/messages', async (req, reply) => {
    const { leadId } = parseOr400(leadParams, req.params, 'params');
    const input = parseOr400(
      z.object({
        channel: z.enum(CHANNELS).optional(),
        subject: z.string().trim().max(998).optional(),
        body: z.string().trim().min(1).max(10_000),
        by: z.string().trim().min(1).max(200).optional(),
      }),
      req.body,
    );
    const lead = await requireLead(ctx, req.workspaceId, leadId);
    const channel = input.channel ?? usableChannels(lead)[0];
    if (!channel || !usableChannels(lead).includes(channel)) {
      throw new ApiError(409, 'conflict', `channel: the lead cannot be reached by ${channel ?? 'any channel'} (no address, opted out or inactive)`, [{ field: 'channel', message: 'not usable for this lead' }]);
    }
    const outboxId = randomUUID();
    const outcome = await ctx.agent.sendManualMessage({ leadId, workspaceId: req.workspaceId }, { outboxId, channel, subject: input.subject, body: input.body, by: input.by ?? 'admin' });
    if (outcome.status !== 'SENT') throw new ApiError(409, 'conflict', `Not sent: the lead is not reachable by ${channel} (${outcome.blocked ?? outcome.status})`);
    return reply.status(201).send({ messageId: outcome.messageId, outboxId, channel });
  });

  app.post('/api/v1/activity', async (req, reply) => {
    const input = parseOr400(
      z.object({
        leadId: z.string().min(1),
        eventType: z.string().trim().min(1).max(100),
        title: z.string().trim().min(1).max(500),
        description: z.string().max(10_000).optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
      req.body,
    );
    await requireLead(ctx, req.workspaceId, input.leadId);
    const actionLogId = randomUUID();
    await upsertActionLog(ctx.db, {
      id: actionLogId,
      leadId: input.leadId,
      type: 'API_ACTIVITY',
      status: 'COMPLETED',
      summary: input.title,
      input: { eventType: input.eventType, description: input.description ?? null, metadata: input.metadata ?? {} },
    });
    return reply.status(201).send({ actionLogId });
  });
}
