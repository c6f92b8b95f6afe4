import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  patched,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LeadConversation } from './conversation';
import {
  approveDraftSignal,
  approveDraftUpdate,
  assignSignal,
  checklistChangedSignal,
  documentsUploadedSignal,
  inboundSignal,
  rejectDraftSignal,
  rejectDraftUpdate,
  sendManualMessageUpdate,
  setModeSignal,
  setStatusSignal,
  stateQuery,
  triggerFollowUpSignal,
} from './messages';
import { chooseFollowUpChannel } from './channel-choice';
import { cadenceFromDurations, nextAllowedTime, plannedFollowUpTime, shouldFollowUp } from './follow-up-schedule';
import { AgentModeKey, AwaitingApprovalKey, ChannelKey, LeadStatusKey } from './search-attributes';
import type {
  Channel,
  ComposeRequest,
  ComposedMessage,
  DraftDecision,
  FollowUpContext,
  LeadWorkflowInput,
  OutboundKind,
  OutboundRequest,
  PolicyReview,
  ToolResult,
  TranscriptEntry,
  WorkItem,
} from './types';

/** A message and the policy guard's verdict on it. */
interface Checked {
  message: ComposedMessage;
  review: PolicyReview;
}

/** Model steps in one turn before the agent must answer; past it, the turn ends with the deterministic reply. */
export const MAX_AGENT_STEPS = 6;
/** Workflow versions (`patched()` ids): runs that started before a change replay the old path. */
const LAWFUL_FOLLOW_UP_HOURS = 'lawful-follow-up-hours';
const FOLLOW_UP_STOPS_WHEN_COMPLETE = 'follow-up-stops-when-complete';
const UPLOAD_RECONSIDERS_FOLLOW_UP = 'upload-reconsiders-follow-up';
/** Why a planned follow-up is cancelled when the lead owes nothing required (on the timeline). */
const NOTHING_MISSING = 'Nothing required is missing any more';

/** Rewrites the model gets after the policy guard refuses a draft; past them the message is held for a person. */
export const MAX_POLICY_REWRITES = 2;

// Infrastructure trouble (database, provider) is retried without limit and with backoff; bad input is failed by
// the activity as non-retryable and surfaces here as an error on that step only.
const acts = proxyActivities<Activities>({
  // Short: these steps are database writes and one provider call; a worker that died mid-step is noticed quickly.
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Downloading MMS media: several files, each retried on Twilio's transient 404s; heartbeats show it is alive.
const media = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
// Reading documents: OCR of a long scan takes minutes; the activity heartbeats per page and stage.
const documents = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});
// A model step may take a while (long context, slow provider); rate limits and overload back off up to a minute.
const model = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** One long-lived workflow per lead: `lead-<leadId>`. Inbound messages, approvals and settings arrive as signals. */
export async function leadWorkflow(input: LeadWorkflowInput): Promise<void> {
  const carried = input.carried ?? LeadConversation.initial(await acts.loadLeadSettings(input.leadId));
  const lead = new LeadConversation(input.leadId, carried);
  // Search attributes are written only when they change: each write is a history event and a visibility update.
  let published = '';

  setHandler(inboundSignal, ({ messageId }) => lead.enqueueInbound(messageId));
  setHandler(approveDraftSignal, (i) => void lead.enqueueDecision({ kind: 'approve', ...i }));
  setHandler(rejectDraftSignal, (i) => void lead.enqueueDecision({ kind: 'reject', ...i }));
  setHandler(approveDraftUpdate, (i) => decide({ kind: 'approve', ...i }), { validator: (i) => lead.assertDecidable(i.draftId) });
  setHandler(rejectDraftUpdate, (i) => decide({ kind: 'reject', ...i }), { validator: (i) => lead.assertDecidable(i.draftId) });
  setHandler(setModeSignal, ({ mode }) => lead.enqueue({ kind: 'settings', change: { mode } }));
  setHandler(setStatusSignal, ({ status }) => lead.enqueue({ kind: 'settings', change: { status } }));
  setHandler(assignSignal, ({ assignee }) => lead.enqueue({ kind: 'settings', change: { assignee } }));
  setHandler(triggerFollowUpSignal, ({ channel }) => lead.enqueue({ kind: 'followUp', adminTriggered: true, channel }));
  setHandler(documentsUploadedSignal, ({ uploadId }) => lead.enqueue({ kind: 'upload', uploadId }));
  setHandler(checklistChangedSignal, ({ actionLogId }) => lead.enqueue({ kind: 'checklist', actionLogId }));
  setHandler(stateQuery, () => lead.state());
  setHandler(sendManualMessageUpdate, async (i) => {
    lead.enqueue({ kind: 'manual', ...i });
    await condition(() => lead.manualResults.has(i.outboxId));
    return lead.manualResults.get(i.outboxId)!;
  });

  async function decide(item: Extract<WorkItem, { kind: 'approve' | 'reject' }>): Promise<DraftDecision> {
    lead.enqueueDecision(item);
    await condition(() => lead.decisions.has(item.draftId));
    return lead.decisions.get(item.draftId)!;
  }

  publish();
  for (;;) {
    // Between work items, never inside one. Queued items travel in the carried state, so a lead that never falls
    // silent still rolls over; only update callers still waiting for their result hold it back.
    const rollOver = () => workflowInfo().continueAsNewSuggested && allHandlersFinished();
    if (rollOver()) await continueAsNew<typeof leadWorkflow>({ ...input, carried: lead.carry() });

    const wait = lead.msUntilFollowUp(Date.now());
    const wake = () => !lead.isIdle() || rollOver();
    const woken = wait === null ? (await condition(wake), true) : await condition(wake, wait);
    if (!woken && lead.followUp) lead.enqueue({ kind: 'followUp', adminTriggered: false });

    const item = lead.next();
    if (item) {
      await handleSafely(item);
      publish();
    }
  }

  /**
   * A work item that fails for good (bad input, a missing row) is recorded on the timeline and dropped: one broken
   * message must not end the lead's workflow. Infrastructure failures never get here; their activities retry.
   */
  async function handleSafely(item: WorkItem): Promise<void> {
    try {
      await handle(item);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('work item failed', { kind: item.kind, error: err.cause?.message ?? err.message });
      await acts.recordNote({
        id: `failed-${uuid4()}`,
        leadId: input.leadId,
        summary: `Could not process ${item.kind === 'inbound' ? 'an inbound message' : item.kind === 'upload' ? 'an uploaded document' : `a ${item.kind} request`}`,
        status: 'FAILED',
        error: err.cause?.message ?? err.message,
      });
    }
  }

  async function handle(item: WorkItem): Promise<void> {
    switch (item.kind) {
      case 'inbound':
        return handleInbound(item.messageId);
      case 'approve': {
        const draft = lead.takeDraft(item.draftId);
        const decision = await acts.sendDraft({ draftId: item.draftId, body: item.body, by: item.by });
        lead.recordDecision(decision);
        if (decision.outcome === 'SENT' && draft) {
          lead.counters.draftsApproved++;
          countSent(draft.kind);
          await afterSent(draft.kind, draft.missingRequiredItems, `${draft.kind === 'FOLLOW_UP' ? 'follow-up' : 'reply'}-${draft.draftId}`);
        }
        return;
      }
      case 'reject': {
        const draft = lead.takeDraft(item.draftId);
        const decision = await acts.rejectDraft({ draftId: item.draftId, reason: item.reason, by: item.by });
        lead.recordDecision(decision);
        lead.counters.draftsRejected++;
        // The agent may write one new draft for the same message, with the admin's reason as feedback.
        if (draft?.kind === 'REPLY' && !draft.redraft && decision.body) {
          const turnId = uuid4();
          const feedback = `An admin rejected this draft (${item.reason}). Write a new reply that fixes that.`;
          const { message, review } = await agentTurn(
            { leadId: input.leadId, turnId, reason: 'REPLY', channel: draft.channel, inboundMessageId: draft.inboundMessageId },
            null,
            [{ role: 'review', draft: decision.body, feedback }],
          );
          await respond({ outboxId: turnId, leadId: input.leadId, kind: 'REPLY', message, parentActionId: null, inboundMessageId: draft.inboundMessageId }, review, true);
        }
        return;
      }
      case 'followUp':
        return sendFollowUp(item.adminTriggered, item.channel);
      case 'upload':
        // An admin's upload fills the checklist and lands on the timeline; the lead is not messaged about it, but
        // the planned follow-up is reconsidered as after any hand change.
        await documents.processUploadedDocuments({ leadId: input.leadId, uploadId: item.uploadId });
        if (patched(UPLOAD_RECONSIDERS_FOLLOW_UP)) await checklistChanged(null);
        return;
      case 'checklist':
        return checklistChanged(item.actionLogId ?? null);
      case 'manual': {
        const outcome = await acts.sendMessage({
          outboxId: item.outboxId,
          leadId: input.leadId,
          kind: 'MANUAL',
          message: { channel: item.channel, subject: item.subject ?? null, body: item.body, summary: `Message from ${item.by}`, missingRequiredItems: 0 },
          parentActionId: null,
        });
        if (outcome.status === 'SENT') lead.counters.manualMessages++;
        lead.recordManualResult(item.outboxId, outcome);
        return;
      }
      case 'settings': {
        Object.assign(lead.settings, item.change);
        await acts.persistSettings({ leadId: input.leadId, noteId: uuid4(), change: item.change });
        if (!lead.mayFollowUp(1)) await cancelFollowUp('Lead is no longer worked by the agent');
        if (lead.settings.status === 'OPTED_OUT') await cancelDrafts('The lead opted out');
        return;
      }
    }
  }

  // The numbered steps of a turn: 1 identify (done at intake) -> 2 take the message -> 3-5 decide and write -> respond.
  async function handleInbound(messageId: string): Promise<void> {
    const turnId = uuid4();
    const accepted = await acts.acceptInbound({ leadId: input.leadId, messageId, turnId });
    if (!accepted.accepted) return;
    lead.counters.inboundMessages++;
    lead.lastInboundChannel = accepted.channel;
    if (accepted.hasPendingMedia) await media.fetchInboundMedia({ leadId: input.leadId, messageId });
    if (accepted.hasDocuments) await documents.processMessageDocuments({ leadId: input.leadId, messageId });
    await cancelDrafts('Superseded by a newer message from the lead');
    if (accepted.consent) {
      // STOP / START / HELP get their fixed answer, whatever the mode: a confirmation is not a conversation. A STOP
      // is not engagement either, so a planned follow-up stays (it moves to a channel the lead still accepts).
      Object.assign(lead.settings, { status: accepted.consent.leadStatus });
      if (!lead.mayFollowUp(1)) await cancelFollowUp('The lead opted out of every channel');
      await acts.sendMessage({ outboxId: turnId, leadId: input.leadId, kind: 'CONSENT', message: accepted.consent.reply, parentActionId: accepted.actionLogId });
      return;
    }
    await cancelFollowUp('The lead replied');
    lead.followUpAttempts = 0;
    lead.unanswered = {};
    if (accepted.escalated) lead.settings.assignee = 'HUMAN'; // the agent still drafts; a person decides
    const { message, review } = await agentTurn(
      { leadId: input.leadId, turnId, reason: 'REPLY', channel: accepted.channel, inboundMessageId: messageId },
      accepted.actionLogId,
    );
    await respond({ outboxId: turnId, leadId: input.leadId, kind: 'REPLY', message, parentActionId: accepted.actionLogId, inboundMessageId: messageId }, review);
  }

  async function sendFollowUp(adminTriggered: boolean, channel = lead.followUp?.channel ?? lead.lastInboundChannel ?? 'SMS') {
    const planned = adminTriggered ? null : lead.followUp;
    if (!adminTriggered && !planned) return;
    if (planned && patched(LAWFUL_FOLLOW_UP_HOURS)) {
      // Due, but is it still lawful and useful? Sends since it was planned count toward Florida's daily limit, and the
      // lead may have opted out of the planned channel meanwhile.
      const context = await acts.followUpContext(input.leadId);
      // An admin may have settled every required item by hand since this was planned: nothing is left to chase.
      // (Results recorded before the count existed lack it and take the old path on replay; the marker says when.)
      if (context.missingRequiredItems === 0 && patched(FOLLOW_UP_STOPS_WHEN_COMPLETE)) return cancelFollowUp(NOTHING_MISSING);
      const allowedAt = nextAllowedTime(Date.now(), context);
      if (allowedAt > Date.now() + 1_000) {
        lead.followUp = { ...planned, dueAt: allowedAt };
        await acts.moveFollowUp({ actionLogId: planned.actionLogId, scheduledAt: new Date(allowedAt).toISOString() });
        return;
      }
      const choice = chooseFollowUpChannel({ usable: context.usable, lastInboundChannel: lead.lastInboundChannel, unansweredOnChannel: lead.unanswered });
      if (!choice.channel) return cancelFollowUp(choice.reason);
      channel = choice.channel;
    }
    // An admin's follow-up now replaces the one that was planned; its timeline entry must not stay PENDING.
    if (adminTriggered) await cancelFollowUp('Replaced by a follow-up an admin sent now');
    lead.followUp = null;
    const attemptNumber = planned?.attemptNumber ?? lead.followUpAttempts + 1;
    lead.followUpAttempts = attemptNumber;
    const outboxId = uuid4();
    const { message, review } = await agentTurn(
      { leadId: input.leadId, turnId: outboxId, reason: 'FOLLOW_UP', channel, attemptNumber, finalAttempt: lead.nextFollowUpDelay() === null },
      planned?.actionLogId ?? null,
    );
    await respond({
      outboxId,
      leadId: input.leadId,
      kind: 'FOLLOW_UP',
      message,
      parentActionId: null,
      actionLogId: planned?.actionLogId ?? `follow-up-${outboxId}`,
      followUp: { attemptNumber, adminTriggered },
    }, review);
  }

  /**
   * The agent turn as a durable loop: one activity per model step, one per tool call, the transcript in history so
   * every decision can be read and replayed. Bounded; a model that refuses or runs out of steps still gets the lead
   * an answer (the deterministic one) and leaves a note saying so.
   */
  async function agentTurn(req: ComposeRequest, parentActionId: string | null, start: TranscriptEntry[] = []): Promise<Checked> {
    const transcript: TranscriptEntry[] = [...start];
    let rewrites = 0;
    for (let step = 1; step <= MAX_AGENT_STEPS; step++) {
      let result;
      try {
        result = await model.agentStep({ ...req, transcript });
      } catch (err) {
        if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'ModelRejected')) throw err;
        await acts.recordNote({ id: `model-failed-${req.turnId}`, leadId: input.leadId, summary: 'The model could not answer; sent the standard reply instead', status: 'FAILED', error: err.cause.message });
        return checked(await acts.composeFallback({ ...req, transcript }));
      }
      if (result.kind === 'final') {
        // Every outbound passes the lending-policy guard; a refused draft goes back to the model with the reasons.
        const review = await reviewed(result.message);
        if (review.ok || rewrites >= MAX_POLICY_REWRITES || step === MAX_AGENT_STEPS) return { message: result.message, review };
        rewrites++;
        transcript.push({ role: 'review', draft: result.message.body, feedback: review.feedback });
        continue;
      }
      transcript.push({ role: 'assistant', text: result.text, calls: result.calls });
      const results: ToolResult[] = [];
      for (const call of result.calls) {
        const outcome = await acts.runTool({ leadId: input.leadId, turnId: req.turnId, parentActionId, call });
        if (outcome.effects) Object.assign(lead.settings, outcome.effects);
        results.push(outcome);
      }
      transcript.push({ role: 'tool', results });
    }
    await acts.recordNote({ id: `step-limit-${req.turnId}`, leadId: input.leadId, summary: `The agent reached its limit of ${MAX_AGENT_STEPS} steps; sent the standard reply` });
    return checked(await acts.composeFallback({ ...req, transcript }));
  }

  async function checked(message: ComposedMessage): Promise<Checked> {
    return { message, review: await reviewed(message) };
  }

  /** The guard's verdict; a judge model that refuses to answer leaves the message to a person (fail closed). */
  async function reviewed(message: ComposedMessage): Promise<PolicyReview> {
    try {
      return await model.reviewMessage({ leadId: input.leadId, message });
    } catch (err) {
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'ModelRejected')) throw err;
      return { ok: false, rules: ['judge-unavailable'], summary: `The policy judge could not review the message: ${err.cause.message}`, feedback: '' };
    }
  }

  /** Autopilot sends now; listen mode (or a lead handed to a human) holds a draft for an admin. */
  async function respond(req: OutboundRequest, review?: PolicyReview, redraft = false): Promise<void> {
    const pending = { draftId: req.outboxId, kind: req.kind, channel: req.message.channel, missingRequiredItems: req.message.missingRequiredItems, inboundMessageId: req.inboundMessageId, redraft };
    if (review && !review.ok) {
      // Still against policy after the rewrites: held for a person, who sees which rules it broke.
      lead.drafts.push(pending);
      lead.counters.draftsCreated++;
      lead.counters.escalations++;
      await acts.draftMessage(req);
      await acts.recordEscalation({ id: `escalation-${req.outboxId}`, leadId: input.leadId, draftId: req.outboxId, summary: review.summary, rules: review.rules });
      if (lead.settings.assignee !== 'HUMAN') {
        lead.settings.assignee = 'HUMAN';
        await acts.persistSettings({ leadId: input.leadId, noteId: `assign-${req.outboxId}`, change: { assignee: 'HUMAN' } });
        await cancelFollowUp('Escalated to a person');
      }
      return;
    }
    if (lead.settings.mode === 'LISTEN' || lead.settings.assignee === 'HUMAN') {
      // Known to the workflow before its row is written: an admin who sees the row at once can approve it, and the
      // approval is queued behind this item, after the row exists.
      lead.drafts.push(pending);
      lead.counters.draftsCreated++;
      await acts.draftMessage(req);
      return;
    }
    const sent = await acts.sendMessage(req);
    if (sent.status === 'SENT') {
      countSent(req.kind);
      await afterSent(req.kind, req.message.missingRequiredItems, req.actionLogId ?? `reply-${req.outboxId}`, req.message);
      return;
    }
    // The channel refused (opted out, address inactive): say the same on the channel that still reaches the lead.
    if (sent.fallbackChannel && req.kind !== 'CONSENT') {
      const outboxId = uuid4();
      const message = await acts.composeFallback({
        leadId: input.leadId,
        turnId: outboxId,
        reason: req.kind === 'FOLLOW_UP' ? 'FOLLOW_UP' : 'REPLY',
        channel: sent.fallbackChannel,
        attemptNumber: req.followUp?.attemptNumber,
        transcript: [],
      });
      await respond({ ...req, outboxId, message, actionLogId: req.kind === 'FOLLOW_UP' ? `follow-up-${outboxId}` : undefined });
    }
  }

  function countSent(kind: OutboundKind) {
    if (kind === 'REPLY') lead.counters.repliesSent++;
    if (kind === 'FOLLOW_UP') lead.counters.followUpsSent++;
  }

  /**
   * After a message went out: plan the next follow-up while required items are missing, on the channel most likely
   * to reach the lead, at a lawful local hour (business-day cadence at 10:00 local; 08:00-21:00, Florida 08:00-20:00
   * and at most three messages a day).
   */
  async function afterSent(kind: OutboundKind, missingRequiredItems: number, parentActionId: string, message?: ComposedMessage) {
    if (kind === 'CONSENT') return;
    if (kind === 'REPLY') lead.followUpAttempts = 0;
    if (kind === 'FOLLOW_UP' && message) lead.unanswered[message.channel] = (lead.unanswered[message.channel] ?? 0) + 1;
    await planFollowUp(missingRequiredItems, parentActionId, message);
  }

  /**
   * An admin changed the checklist by hand. Nothing required left: the planned follow-up is cancelled now rather
   * than when due. Something required missing again (a document a reviewer refused, an item added) and nothing
   * planned: a follow-up is planned on the cadence, never sooner, and only for a lead who has written in and has no
   * draft waiting (that draft's sending plans one).
   */
  async function checklistChanged(parentActionId: string | null) {
    if (!lead.mayFollowUp(1)) return;
    const context = await acts.followUpContext(input.leadId);
    const missing = context.missingRequiredItems ?? 0;
    if (missing === 0) return cancelFollowUp(NOTHING_MISSING);
    if (!lead.followUp && lead.drafts.length === 0 && lead.lastInboundChannel) await planFollowUp(missing, parentActionId, undefined, context);
  }

  async function planFollowUp(missingRequiredItems: number, parentActionId: string | null, message?: ComposedMessage, known?: FollowUpContext) {
    const delay = lead.nextFollowUpDelay();
    if (delay === null || !lead.mayFollowUp(missingRequiredItems)) return;
    let choice: { channel: Channel | null; reason: string };
    let dueAt: number | null;
    if (patched(LAWFUL_FOLLOW_UP_HOURS)) {
      const context = known ?? (await acts.followUpContext(input.leadId));
      if (!shouldFollowUp({ ...lead.settings, missingRequiredItems, usableChannels: context.usable }).ok) return;
      choice = chooseFollowUpChannel({ usable: context.usable, lastInboundChannel: lead.lastInboundChannel, unansweredOnChannel: lead.unanswered });
      dueAt = plannedFollowUpTime(Date.now(), lead.followUpAttempts, { cadence: cadenceFromDurations(lead.settings.followUpCadenceMs), ...context });
    } else {
      // Runs that planned their follow-ups before lawful hours existed keep the plain cadence (replay).
      choice = { channel: message?.channel ?? lead.lastInboundChannel ?? 'SMS', reason: 'The channel of the last message' };
      dueAt = Date.now() + delay;
    }
    if (!choice.channel || dueAt === null) return;
    const plan = { actionLogId: `follow-up-${uuid4()}`, dueAt, attemptNumber: lead.followUpAttempts + 1, channel: choice.channel };
    await acts.scheduleFollowUp({
      leadId: input.leadId,
      actionLogId: plan.actionLogId,
      scheduledAt: new Date(plan.dueAt).toISOString(),
      attemptNumber: plan.attemptNumber,
      channel: choice.channel,
      missingItemsCount: missingRequiredItems,
      channelReason: choice.reason,
      parentActionId,
    });
    lead.followUp = plan;
  }

  async function cancelDrafts(reason: string) {
    for (const draft of [...lead.drafts]) {
      lead.takeDraft(draft.draftId);
      await acts.cancelDraft({ draftId: draft.draftId, reason });
      lead.recordDecision({ draftId: draft.draftId, outcome: 'CANCELLED', messageId: null });
    }
  }

  async function cancelFollowUp(reason: string) {
    if (!lead.followUp) return;
    const { actionLogId } = lead.followUp;
    lead.followUp = null;
    await acts.cancelFollowUp({ actionLogId, reason });
  }

  function publish() {
    const attributes = [
      { key: LeadStatusKey, value: lead.settings.status },
      { key: AgentModeKey, value: lead.settings.mode },
      { key: AwaitingApprovalKey, value: lead.drafts.length > 0 },
      ...(lead.lastInboundChannel ? [{ key: ChannelKey, value: lead.lastInboundChannel }] : []),
    ];
    const fingerprint = JSON.stringify(attributes.map((a) => a.value));
    if (fingerprint !== published) {
      upsertSearchAttributes(attributes);
      published = fingerprint;
    }
    setCurrentDetails(lead.details());
    log.debug('lead state', { leadId: input.leadId, queued: lead.queue.length, drafts: lead.drafts.length });
  }
}
