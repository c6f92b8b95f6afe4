import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AgentMode,
  ApproveDraftInput,
  AssigneeType,
  Channel,
  DraftDecision,
  InboundSignal,
  LeadState,
  LeadStatus,
  ManualMessageInput,
  RejectDraftInput,
  SendOutcome,
} from './types';

// The lead workflow's messages. client.ts imports these very constants, so each name exists once.
export const inboundSignal = defineSignal<[InboundSignal]>('inbound');
export const approveDraftSignal = defineSignal<[ApproveDraftInput]>('approveDraft');
export const rejectDraftSignal = defineSignal<[RejectDraftInput]>('rejectDraft');
export const setModeSignal = defineSignal<[{ mode: AgentMode }]>('setMode');
export const setStatusSignal = defineSignal<[{ status: LeadStatus }]>('setStatus');
export const assignSignal = defineSignal<[{ assignee: AssigneeType }]>('assign');
export const triggerFollowUpSignal = defineSignal<[{ channel?: Channel }]>('triggerFollowUp');
/** Files an admin uploaded for the lead (stored under this upload id) are ready to be read. */
export const documentsUploadedSignal = defineSignal<[{ uploadId: string }]>('documentsUploaded');
/** An admin settled, reopened or added checklist items by hand (the MANUAL_UPDATE action log it wrote). */
export const checklistChangedSignal = defineSignal<[{ actionLogId?: string }]>('checklistChanged');

export const stateQuery = defineQuery<LeadState>('state');

// Update variants: the caller learns the outcome (the sent message id) synchronously, and a draft that is not
// awaiting approval is refused by the validator before anything enters history.
export const approveDraftUpdate = defineUpdate<DraftDecision, [ApproveDraftInput]>('approveDraftUpdate');
export const rejectDraftUpdate = defineUpdate<DraftDecision, [RejectDraftInput]>('rejectDraftUpdate');
export const sendManualMessageUpdate = defineUpdate<SendOutcome, [ManualMessageInput]>('sendManualMessage');
