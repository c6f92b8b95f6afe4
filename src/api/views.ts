import type { LeadRow, OutboxRow, WorkspaceSettings } from '../db/schema';

/** A lead as the API returns it (camelCase, effective mode). */
export function leadView(lead: LeadRow, settings?: WorkspaceSettings) {
  return {
    id: lead.id,
    workspaceId: lead.workspace_id,
    firstName: lead.first_name,
    lastName: lead.last_name,
    email: lead.email,
    phoneNumber: lead.phone_number,
    businessName: lead.business_name,
    timezone: lead.timezone,
    externalLeadId: lead.external_lead_id,
    status: lead.status,
    mode: lead.mode ?? settings?.defaultMode ?? 'AUTOPILOT',
    assigneeType: lead.assignee_type,
    checklistTemplate: lead.checklist_template,
    tags: lead.tags,
    source: lead.source,
    smsOptedOut: lead.sms_opted_out,
    emailOptedOut: lead.email_opted_out,
    createdAt: lead.created_at.toISOString(),
    updatedAt: lead.updated_at.toISOString(),
  };
}

export function draftView(row: OutboxRow) {
  return {
    id: row.id,
    leadId: row.lead_id,
    actionLogId: row.action_log_id,
    kind: row.kind,
    channel: row.channel,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    status: row.status,
    decidedBy: row.decided_by,
    decisionReason: row.decision_reason,
    edited: row.edited,
    messageId: row.message_id,
    createdAt: row.created_at.toISOString(),
  };
}
