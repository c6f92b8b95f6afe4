import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type ConnectionOptions,
} from '@temporalio/client';
import { leadWorkflow } from './workflows/lead';
import {
  approveDraftUpdate,
  assignSignal,
  checklistChangedSignal,
  documentsUploadedSignal,
  inboundSignal,
  rejectDraftUpdate,
  sendManualMessageUpdate,
  setModeSignal,
  setStatusSignal,
  stateQuery,
  triggerFollowUpSignal,
} from './workflows/messages';
import { LeadIdKey, WorkspaceIdKey } from './workflows/search-attributes';
import type {
  AgentMode,
  ApproveDraftInput,
  AssigneeType,
  Channel,
  DraftDecision,
  LeadState,
  LeadStatus,
  ManualMessageInput,
  RejectDraftInput,
  SendOutcome,
} from './workflows/types';

export interface LeadRef {
  leadId: string;
  workspaceId: string;
}

/** The draft exists in no workflow as AWAITING_APPROVAL (unknown, already decided or cancelled). */
export class DraftNotDecidableError extends Error {}
export class LeadWorkflowNotFoundError extends Error {}

export const leadWorkflowId = (leadId: string) => `lead-${leadId}`;

/**
 * The one typed facade over Temporal for the lead workflow. The HTTP API, the CLI and the tests use only this.
 * Signals are sent with signal-with-start: whatever the caller says reaches the lead, whether or not its workflow
 * is running yet.
 */
export class LeadAgentClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  static async connect(opts: { address: string; namespace: string; taskQueue: string; connection?: ConnectionOptions }) {
    const connection = await Connection.connect({ address: opts.address, ...opts.connection });
    return new LeadAgentClient(new Client({ connection, namespace: opts.namespace }), opts.taskQueue);
  }

  /** A message is stored: start the lead's workflow if needed and hand it the message. */
  async deliverInbound(lead: LeadRef, messageId: string): Promise<string> {
    return this.signalWithStart(lead, inboundSignal, { messageId });
  }

  /** Files an admin uploaded are stored under `uploadId`: the lead's workflow reads them in turn. */
  async deliverUpload(lead: LeadRef, uploadId: string): Promise<string> {
    return this.signalWithStart(lead, documentsUploadedSignal, { uploadId });
  }

  async setMode(lead: LeadRef, mode: AgentMode) {
    await this.signalWithStart(lead, setModeSignal, { mode });
  }

  async setStatus(lead: LeadRef, status: LeadStatus) {
    await this.signalWithStart(lead, setStatusSignal, { status });
  }

  async assign(lead: LeadRef, assignee: AssigneeType) {
    await this.signalWithStart(lead, assignSignal, { assignee });
  }

  async triggerFollowUp(lead: LeadRef, channel?: Channel) {
    await this.signalWithStart(lead, triggerFollowUpSignal, { channel });
  }

  /**
   * An admin changed the lead's checklist by hand. Only a running workflow is told (it may cancel or plan a
   * follow-up); a lead who never wrote in has none, and must not be started, let alone messaged, for this.
   * Returns whether a workflow was told. Best effort within `timeoutMs`: the change is already stored, and a due
   * follow-up reads the checklist afresh anyway, so an unreachable server must not hold the caller.
   */
  async checklistChanged(leadId: string, actionLogId: string, timeoutMs = 5_000): Promise<boolean> {
    try {
      await this.client.connection.withDeadline(Date.now() + timeoutMs, () => this.handle(leadId).signal(checklistChangedSignal, { actionLogId }));
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** Approves (optionally with an edited body) and returns once the message is sent, with its id. */
  async approveDraft(leadId: string, input: ApproveDraftInput): Promise<DraftDecision> {
    return this.decide(leadId, () => this.handle(leadId).executeUpdate(approveDraftUpdate, { args: [input] }));
  }

  async rejectDraft(leadId: string, input: RejectDraftInput): Promise<DraftDecision> {
    return this.decide(leadId, () => this.handle(leadId).executeUpdate(rejectDraftUpdate, { args: [input] }));
  }

  /** An admin's own message to the lead, sent through the lead's workflow (so it is ordered with everything else). */
  async sendManualMessage(lead: LeadRef, input: ManualMessageInput): Promise<SendOutcome> {
    await this.ensureStarted(lead);
    return this.handle(lead.leadId).executeUpdate(sendManualMessageUpdate, { args: [input] });
  }

  async getLeadState(leadId: string): Promise<LeadState> {
    try {
      return await this.handle(leadId).query(stateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new LeadWorkflowNotFoundError(`lead ${leadId} has no workflow yet`);
      throw err;
    }
  }

  handle(leadId: string) {
    return this.client.workflow.getHandle<typeof leadWorkflow>(leadWorkflowId(leadId));
  }

  async close() {
    await this.client.connection.close();
  }

  private async decide(leadId: string, run: () => Promise<DraftDecision>): Promise<DraftDecision> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new DraftNotDecidableError(err.cause?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError) throw new LeadWorkflowNotFoundError(`lead ${leadId} has no workflow`);
      throw err;
    }
  }

  /** Starts the lead's workflow if it is not running (a lead created by API that never wrote in). */
  private async ensureStarted(lead: LeadRef): Promise<void> {
    try {
      await this.client.workflow.start(leadWorkflow, { ...this.startOptions(lead), args: [{ leadId: lead.leadId, workspaceId: lead.workspaceId }] });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  private startOptions(lead: LeadRef) {
    return {
      workflowId: leadWorkflowId(lead.leadId),
      taskQueue: this.taskQueue,
      typedSearchAttributes: [
        { key: LeadIdKey, value: lead.leadId },
        { key: WorkspaceIdKey, value: lead.workspaceId },
      ],
      staticSummary: `Lead ${lead.leadId}`,
      staticDetails: `Conversation with lead ${lead.leadId} (workspace ${lead.workspaceId}): inbound messages, replies, drafts and follow-ups.`,
    };
  }

  private async signalWithStart<T>(lead: LeadRef, signal: { name: string }, arg: T): Promise<string> {
    const handle = await this.client.workflow.signalWithStart(leadWorkflow, {
      ...this.startOptions(lead),
      args: [{ leadId: lead.leadId, workspaceId: lead.workspaceId }],
      signal: signal.name,
      signalArgs: [arg],
    });
    return handle.workflowId;
  }
}
