// Types shared by the workflow, the activities and client.ts. Plain data only: this file runs in the workflow sandbox.

export const CHANNELS = ['SMS', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Direction = 'INBOUND' | 'OUTBOUND';

export const AGENT_MODES = ['AUTOPILOT', 'LISTEN'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export const LEAD_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'NOT_INTERESTED', 'OPTED_OUT'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const ASSIGNEE_TYPES = ['AGENT', 'HUMAN'] as const;
export type AssigneeType = (typeof ASSIGNEE_TYPES)[number];

export type ActionType =
  | 'MESSAGE'
  | 'FOLLOW_UP_MESSAGE'
  | 'TOOL_CALL'
  | 'MANUAL_UPDATE'
  | 'SYSTEM_NOTE'
  | 'DOCUMENT_UPLOAD'
  | 'API_ACTIVITY'
  | 'ESCALATION';
export type ActionStatus = 'PENDING' | 'AWAITING_APPROVAL' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** REPLY and FOLLOW_UP come from the agent; CONSENT confirms an opt-out/in or answers HELP, and is the one message
 * an opted-out channel may still carry. */
export type OutboundKind = 'REPLY' | 'FOLLOW_UP' | 'CONSENT' | 'MANUAL';

export type OutboxStatus = 'AWAITING_APPROVAL' | 'PENDING' | 'SENT' | 'CANCELLED' | 'REJECTED' | 'FAILED';

export const FIELD_TYPES = [
  'BANK_STATEMENT',
  'PAY_STUB',
  'TAX_RETURN',
  'W2',
  'ID',
  'FILE',
  'TEXT',
  'NUMBER',
  'DATE',
  'EIN',
  'EMAIL',
  'PHONE',
  'SELECT',
  'ADDRESS',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type ChecklistItemStatus = 'TODO' | 'COMPLETED' | 'INVALID' | 'SKIPPED' | 'NEEDS_REVIEW';
export type ValueSource = 'agent' | 'imported' | 'manual';

/** Workflow input. `carried` is present only after continue-as-new. */
export interface LeadWorkflowInput {
  leadId: string;
  workspaceId: string;
  carried?: CarriedState;
}

/** What the workflow needs to decide; everything else lives in the database. */
export interface LeadSettings {
  mode: AgentMode;
  status: LeadStatus;
  assignee: AssigneeType;
  followUpCadenceMs: number[];
}

export interface PendingDraft {
  draftId: string;
  kind: OutboundKind;
  channel: Channel;
  missingRequiredItems: number;
  /** The inbound message a reply draft answers, so a rejected draft can be written again for it. */
  inboundMessageId?: string;
  /** This draft is already the agent's second try after a rejection: a second rejection ends it. */
  redraft?: boolean;
}

export interface FollowUpPlan {
  actionLogId: string;
  dueAt: number; // epoch ms
  attemptNumber: number; // 1-based
  channel: Channel;
}

export interface CarriedState {
  settings: LeadSettings;
  queue: WorkItem[];
  drafts: PendingDraft[];
  followUp: FollowUpPlan | null;
  followUpAttempts: number;
  lastInboundChannel: Channel | null;
  recentMessageIds: string[];
  counters: LeadCounters;
  /** Follow-ups sent per channel since the lead last wrote (channel switching). */
  unanswered?: Partial<Record<Channel, number>>;
}

export interface LeadCounters {
  inboundMessages: number;
  repliesSent: number;
  draftsCreated: number;
  draftsApproved: number;
  draftsRejected: number;
  followUpsSent: number;
  escalations: number;
  manualMessages: number;
}

// Messages (signals / updates / queries) and their payloads.
export interface InboundSignal {
  messageId: string;
}
export interface ApproveDraftInput {
  draftId: string;
  body?: string;
  by: string;
}
export interface RejectDraftInput {
  draftId: string;
  reason: string;
  by: string;
}
export interface DraftDecision {
  draftId: string;
  outcome: 'SENT' | 'REJECTED' | 'CANCELLED';
  messageId: string | null;
  /** REJECTED: the text that was rejected (the agent rewrites from it once). */
  body?: string;
}

export type WorkItem =
  | { kind: 'inbound'; messageId: string }
  | { kind: 'approve'; draftId: string; body?: string; by: string }
  | { kind: 'reject'; draftId: string; reason: string; by: string }
  | { kind: 'followUp'; adminTriggered: boolean; channel?: Channel }
  | { kind: 'upload'; uploadId: string }
  | { kind: 'checklist'; actionLogId?: string }
  | { kind: 'settings'; change: Partial<Pick<LeadSettings, 'mode' | 'status' | 'assignee'>> }
  | ({ kind: 'manual' } & ManualMessageInput);

/** A message an admin writes to the lead themselves (sent as written: the admin answers for it). */
export interface ManualMessageInput {
  outboxId: string;
  channel: Channel;
  subject?: string;
  body: string;
  by: string;
}

export interface LeadState {
  leadId: string;
  mode: AgentMode;
  status: LeadStatus;
  assignee: AssigneeType;
  pendingDrafts: PendingDraft[];
  queuedWork: number;
  nextFollowUp: { scheduledAt: string; attemptNumber: number; channel: Channel } | null;
  counters: LeadCounters;
}

// The agent turn: one model step per activity, one tool call per activity, the transcript kept in history.
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}
export interface ToolResult {
  id: string;
  name: string;
  output: unknown;
  isError: boolean;
  /** Changes the workflow must know about to decide (the database already has them). */
  effects?: { status?: LeadStatus; assignee?: AssigneeType };
}
export type TranscriptEntry =
  | { role: 'assistant'; text: string | null; calls: ToolCall[] }
  | { role: 'tool'; results: ToolResult[] }
  /** A draft the policy guard refused, and what it said: the model rewrites from here. */
  | { role: 'review'; draft: string; feedback: string };
export type AgentStepResult = { kind: 'tool_calls'; text: string | null; calls: ToolCall[] } | { kind: 'final'; message: ComposedMessage };

/** The lending-policy guard's verdict on one outbound message. */
export interface PolicyReview {
  ok: boolean;
  rules: string[];
  /** One line naming each rule and the offending words (for the ESCALATION log). */
  summary: string;
  /** What the model is told to fix. */
  feedback: string;
}

/** What follow-up timing and channel choice read from the database each time. */
export interface FollowUpContext {
  zone: string;
  alsoZones: string[];
  florida: boolean;
  usable: Channel[];
  recentSendsMs: number[];
  /** Required items the lead still owes, read when the context is. Absent in results recorded before it existed. */
  missingRequiredItems?: number;
}

// Activity payloads.
export interface AcceptedInbound {
  accepted: boolean; // false: already handled (duplicate delivery)
  channel: Channel;
  actionLogId: string;
  /** MMS media to fetch before the agent reads the message. */
  hasPendingMedia: boolean;
  /** Files to read (OCR, classification, validation, extraction) before the agent answers. */
  hasDocuments: boolean;
  /** The lead asked for a person, complained, threatened legal action, is in distress, or wrote in a language the
   * agent does not handle: the lead is now assigned to a human (the agent only drafts). */
  escalated: boolean;
  /** A STOP / START / HELP message: answered with its fixed text, not by the agent. */
  consent: { kind: 'OPT_OUT' | 'OPT_IN' | 'HELP'; reply: ComposedMessage; leadStatus: LeadStatus } | null;
}

export interface SendOutcome {
  status: OutboxStatus;
  messageId: string | null;
  /** Why nothing was sent on this channel, and the channel that can still reach the lead, if any. */
  blocked?: 'OPTED_OUT' | 'INACTIVE';
  fallbackChannel?: Channel | null;
}

export interface ComposeRequest {
  leadId: string;
  turnId: string;
  reason: 'REPLY' | 'FOLLOW_UP';
  channel: Channel;
  inboundMessageId?: string;
  attemptNumber?: number;
  finalAttempt?: boolean;
}

export interface ComposedMessage {
  channel: Channel;
  subject: string | null;
  body: string;
  summary: string;
  missingRequiredItems: number;
}

export interface OutboundRequest {
  outboxId: string;
  leadId: string;
  kind: OutboundKind;
  message: ComposedMessage;
  parentActionId: string | null;
  /** FOLLOW_UP: the PENDING follow-up log this send completes. */
  actionLogId?: string;
  /** REPLY: the inbound message it answers. */
  inboundMessageId?: string;
  followUp?: { attemptNumber: number; adminTriggered: boolean };
}
