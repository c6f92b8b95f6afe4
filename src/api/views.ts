import type { DocumentsTable, LeadRow, OutboxRow, WorkspaceSettings } from '../db/schema';

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

type DocumentMeta = Pick<DocumentsTable, 'id' | 'message_id' | 'filename' | 'mime_type' | 'size' | 'sha256' | 'status' | 'doc_type' | 'verdict' | 'error_code' | 'processed_at'> & {
  upload_id: string | null;
  matched_items: { itemId: string; status: string; reason: string | null }[];
  created_at: Date;
};

/** A document's metadata and verdict (never the bytes): what it was taken as, what it filled, what was wrong. */
export function documentView(d: DocumentMeta) {
  return {
    id: d.id,
    messageId: d.message_id,
    uploadId: d.upload_id,
    filename: d.filename,
    mimeType: d.mime_type,
    size: d.size,
    sha256: d.sha256,
    status: d.status,
    documentType: d.doc_type,
    verdict: d.verdict,
    error: d.error_code,
    checklist: d.matched_items,
    processedAt: d.processed_at?.toISOString() ?? null,
    createdAt: d.created_at.toISOString(),
  };
}
