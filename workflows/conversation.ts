import type {
  CarriedState,
  Channel,
  DraftDecision,
  FollowUpPlan,
  LeadCounters,
  LeadSettings,
  LeadState,
  PendingDraft,
  SendOutcome,
  WorkItem,
} from './types';

const RECENT_MESSAGE_IDS = 100;
const RECENT_DECISIONS = 20;

/**
 * The lead's deterministic state: what is queued, which drafts wait for an admin, when the next follow-up is due.
 * Signal handlers only enqueue here; the workflow loop does the work in arrival order, one item at a time.
 */
export class LeadConversation {
  settings: LeadSettings;
  queue: WorkItem[];
  drafts: PendingDraft[];
  followUp: FollowUpPlan | null;
  followUpAttempts: number;
  lastInboundChannel: Channel | null;
  recentMessageIds: string[];
  counters: LeadCounters;
  unanswered: Partial<Record<Channel, number>>;
  /** Outcomes of recent approve/reject decisions and manual sends, read by the update handlers waiting on them. */
  readonly decisions = new Map<string, DraftDecision>();
  readonly manualResults = new Map<string, SendOutcome>();
  private readonly deciding = new Set<string>();

  constructor(
    readonly leadId: string,
    carried: CarriedState,
  ) {
    this.settings = carried.settings;
    this.queue = carried.queue;
    this.drafts = carried.drafts;
    this.followUp = carried.followUp;
    this.followUpAttempts = carried.followUpAttempts;
    this.lastInboundChannel = carried.lastInboundChannel;
    this.recentMessageIds = carried.recentMessageIds;
    this.counters = carried.counters;
    this.unanswered = carried.unanswered ?? {};
    // Decisions queued before a continue-as-new are still being decided in this run.
    for (const item of this.queue) if (item.kind === 'approve' || item.kind === 'reject') this.deciding.add(item.draftId);
  }

  static initial(settings: LeadSettings): CarriedState {
    return {
      settings,
      queue: [],
      drafts: [],
      followUp: null,
      followUpAttempts: 0,
      lastInboundChannel: null,
      recentMessageIds: [],
      counters: { inboundMessages: 0, repliesSent: 0, draftsCreated: 0, draftsApproved: 0, draftsRejected: 0, followUpsSent: 0, escalations: 0, manualMessages: 0 },
    };
  }

  carry(): CarriedState {
    return {
      settings: this.settings,
      queue: this.queue,
      drafts: this.drafts,
      followUp: this.followUp,
      followUpAttempts: this.followUpAttempts,
      lastInboundChannel: this.lastInboundChannel,
      recentMessageIds: this.recentMessageIds,
      counters: this.counters,
      unanswered: this.unanswered,
    };
  }

  /** A repeated signal for a message already queued or seen is dropped here; the database claim is the real guard. */
  enqueueInbound(messageId: string): void {
    if (this.recentMessageIds.includes(messageId)) return;
    this.recentMessageIds = [...this.recentMessageIds, messageId].slice(-RECENT_MESSAGE_IDS);
    this.queue.push({ kind: 'inbound', messageId });
  }

  enqueue(item: WorkItem): void {
    this.queue.push(item);
  }

  next(): WorkItem | undefined {
    return this.queue.shift();
  }

  /** Throws when a draft cannot be decided now: unknown, already decided, or being decided by another caller. */
  assertDecidable(draftId: string): void {
    if (!this.drafts.some((d) => d.draftId === draftId)) throw new Error(`Draft ${draftId} is not awaiting approval`);
    if (this.deciding.has(draftId)) throw new Error(`Draft ${draftId} is already being decided`);
  }

  /** Queues an approve/reject once; later decisions on the same draft are refused by assertDecidable. */
  enqueueDecision(item: Extract<WorkItem, { kind: 'approve' | 'reject' }>): boolean {
    try {
      this.assertDecidable(item.draftId);
    } catch {
      return false;
    }
    this.deciding.add(item.draftId);
    this.queue.push(item);
    return true;
  }

  takeDraft(draftId: string): PendingDraft | undefined {
    const draft = this.drafts.find((d) => d.draftId === draftId);
    this.drafts = this.drafts.filter((d) => d.draftId !== draftId);
    this.deciding.delete(draftId);
    return draft;
  }

  recordDecision(decision: DraftDecision): void {
    this.decisions.set(decision.draftId, decision);
    if (this.decisions.size > RECENT_DECISIONS) this.decisions.delete(this.decisions.keys().next().value!);
  }

  recordManualResult(outboxId: string, outcome: SendOutcome): void {
    this.manualResults.set(outboxId, outcome);
    if (this.manualResults.size > RECENT_DECISIONS) this.manualResults.delete(this.manualResults.keys().next().value!);
  }

  /** Follow-ups run only while the agent works the lead and it still owes us something. */
  mayFollowUp(missingRequiredItems: number): boolean {
    return this.settings.status === 'IN_PROGRESS' && this.settings.assignee === 'AGENT' && missingRequiredItems > 0;
  }

  /** The next attempt's delay from the cadence, or null when the cadence is spent. */
  nextFollowUpDelay(): number | null {
    return this.settings.followUpCadenceMs[this.followUpAttempts] ?? null;
  }

  msUntilFollowUp(now: number): number | null {
    return this.followUp ? Math.max(1, this.followUp.dueAt - now) : null; // a zero timeout would mean "no timeout"
  }

  isIdle(): boolean {
    return this.queue.length === 0;
  }

  state(): LeadState {
    return {
      leadId: this.leadId,
      mode: this.settings.mode,
      status: this.settings.status,
      assignee: this.settings.assignee,
      pendingDrafts: this.drafts,
      queuedWork: this.queue.length,
      nextFollowUp: this.followUp
        ? { scheduledAt: new Date(this.followUp.dueAt).toISOString(), attemptNumber: this.followUp.attemptNumber, channel: this.followUp.channel }
        : null,
      counters: this.counters,
    };
  }

  /** One line for the Temporal UI's "current details". */
  details(): string {
    const parts = [`Status ${this.settings.status}`, `mode ${this.settings.mode}`, `assignee ${this.settings.assignee}`];
    if (this.drafts.length) parts.push(`${this.drafts.length} draft(s) awaiting approval`);
    if (this.followUp) parts.push(`follow-up ${this.followUp.attemptNumber} due ${new Date(this.followUp.dueAt).toISOString()}`);
    parts.push(`${this.counters.inboundMessages} in / ${this.counters.repliesSent + this.counters.followUpsSent} out`);
    return parts.join(' · ');
  }
}
