import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  OutboundKind,
  ActionStatus,
  ActionType,
  AgentMode,
  AssigneeType,
  Channel,
  ChecklistItemStatus,
  Direction,
  FieldType,
  LeadStatus,
  OutboxStatus,
  ValueSource,
} from '../../workflows/types';

/** jsonb: read as T, written as a JSON string (pg would turn JS arrays into Postgres arrays). */
export type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface WorkspaceSettings {
  defaultMode: AgentMode;
  lenderName: string;
  agentName: string;
  checklistTemplate: string;
  followUpCadenceMs: number[];
  /** Extra guidance for the agent from the lender (tone, products, what to collect first). */
  instructions?: string | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  settings: Json<WorkspaceSettings>;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  key_hash: string;
  label: string;
  created_at: CreatedAt;
}

export interface LeadsTable {
  id: string;
  workspace_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone_number: string | null;
  business_name: string | null;
  timezone: string | null;
  external_lead_id: string | null;
  status: LeadStatus;
  mode: AgentMode | null;
  assignee_type: AssigneeType;
  checklist_template: string;
  tags: Json<string[]>;
  source: string;
  sms_opted_out: Generated<boolean>;
  email_opted_out: Generated<boolean>;
  email_inactive: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ChecklistTemplateItemsTable {
  id: string;
  template_code: string;
  template_name: string;
  group_name: string;
  code: string;
  label: string;
  field_type: FieldType;
  is_required: boolean;
  validation_rules: Json<string[]>;
  help_text: string | null;
  client_instructions: string | null;
  position: number;
}

export interface LeadChecklistItemsTable {
  id: string;
  lead_id: string;
  checklist_item_id: string | null;
  group_name: string;
  code: string;
  label: string;
  field_type: FieldType;
  is_required: boolean;
  validation_rules: Json<string[]>;
  help_text: string | null;
  client_instructions: string | null;
  position: number;
  status: ChecklistItemStatus;
  value: Json<unknown> | null;
  validation_error: string | null;
  source: ValueSource | null;
  document_ids: ColumnType<string[], string | undefined, string>;
  updated_at: UpdatedAt;
}

export interface MessageThread {
  messageIdHeader?: string;
  inReplyTo?: string;
  references?: string;
}

export interface MessagesTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  channel: Channel;
  direction: Direction;
  from_address: string;
  to_address: string | null;
  subject: string | null;
  body: string;
  provider: string;
  provider_message_id: string;
  status: string;
  thread: Json<MessageThread>;
  /** MMS media Twilio posted, fetched into documents by the workflow (durably, with retries). */
  media: ColumnType<{ url: string; contentType: string }[], string | undefined, string>;
  processed_by: string | null;
  processed_at: Date | null;
  created_at: CreatedAt;
}

export interface DocumentsTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  message_id: string | null;
  /** Set on files an admin uploaded (no message): groups one upload for the workflow. */
  upload_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The checklist item an upload was sent for, when named. */
  expected_item_id: ColumnType<string | null, string | null | undefined, string | null>;
  filename: string;
  mime_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  /** RECEIVED -> PROCESSED | REJECTED | DUPLICATE */
  status: string;
  doc_type: string | null;
  analysis: Json<unknown> | null;
  /** What the document was read as, one block per segment separated by form feeds; never logged. */
  text: ColumnType<string | null, string | null | undefined, string | null>;
  /** The sentence the lead is told about this file. */
  verdict: string | null;
  error_code: string | null;
  matched_items: ColumnType<{ itemId: string; status: string; reason: string | null }[], string | undefined, string>;
  processed_at: Date | null;
  created_at: CreatedAt;
}

export interface ActionLogsTable {
  id: string;
  lead_id: string;
  type: ActionType;
  status: ActionStatus;
  summary: string;
  input: Json<Record<string, unknown>> | null;
  output: Json<Record<string, unknown>> | null;
  error: string | null;
  parent_action_id: string | null;
  scheduled_at: Date | null;
  created_at: CreatedAt;
  completed_at: Date | null;
  tool: Json<{ id: string; name: string; description: string }> | null;
  message_ids: Json<string[]>;
  seq: Generated<string>;
}

export interface OutboxTable {
  id: string;
  lead_id: string;
  action_log_id: string;
  kind: OutboundKind;
  channel: Channel;
  to_address: string;
  subject: string | null;
  body: string;
  status: OutboxStatus;
  decided_by: string | null;
  decision_reason: string | null;
  edited: Generated<boolean>;
  message_id: string | null;
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sent_at: Date | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  leads: LeadsTable;
  checklist_template_items: ChecklistTemplateItemsTable;
  lead_checklist_items: LeadChecklistItemsTable;
  messages: MessagesTable;
  documents: DocumentsTable;
  action_logs: ActionLogsTable;
  outbox: OutboxTable;
}

export type LeadRow = Selectable<LeadsTable>;
export type NewLead = Insertable<LeadsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type ActionLogRow = Selectable<ActionLogsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type ChecklistItemRow = Selectable<LeadChecklistItemsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
