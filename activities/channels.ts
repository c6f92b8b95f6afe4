import { ApplicationFailure } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { ChannelInactiveError, ChannelOptOutError, PermanentSendError } from '../src/channels/errors';
import type { EmailEnvelope } from '../src/channels/postmark-transport';
import { sendResolvingAmbiguity } from '../src/channels/providers';
import { closeActionLog, upsertActionLog } from '../src/db/action-logs';
import { getLead, updateLead } from '../src/db/leads';
import { insertMessageOnce } from '../src/db/messages';
import { getOutbox, insertOutboxOnce, transitionOutbox } from '../src/db/outbox';
import type { Database, LeadRow, MessageThread, OutboxRow } from '../src/db/schema';
import { usableChannels } from '../src/leads/reachability';
import type { ApproveDraftInput, Channel, DraftDecision, OutboundRequest, RejectDraftInput, SendOutcome } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';


export function channelActivities({ db, transports }: ActivityDeps) {
  /**
   * Sends an outbox row at most once: a row already SENT reports its message, a row no longer PENDING (cancelled,
   * rejected) sends nothing. The dev transport's ids are derived from the outbox id, so a send retried after a
   * crash stores the same message again instead of a second one.
   */
  async function deliver(row: OutboxRow): Promise<SendOutcome> {
    if (row.status !== 'PENDING') return { status: row.status, messageId: row.message_id };
    const lead = await getLead(db, row.lead_id);
    if (!lead) throw badInput('LeadNotFound', `lead ${row.lead_id} does not exist`);
    // Consent first: a refused channel carries nothing but the confirmation of that refusal.
    if (row.kind !== 'CONSENT' && (lead.status === 'OPTED_OUT' || !usableChannels(lead).includes(row.channel))) {
      return refuse(row, lead, 'CANCELLED', row.channel === 'EMAIL' && lead.email_inactive ? 'INACTIVE' : 'OPTED_OUT');
    }
    const attemptsBefore = row.attempts;
    await db.updateTable('outbox').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', row.id).execute();
    const envelope: EmailEnvelope = {
      outboxId: row.id,
      leadId: row.lead_id,
      channel: row.channel,
      to: row.to_address,
      subject: row.subject,
      body: row.body,
      ...(row.channel === 'EMAIL' && { thread: await emailThread(lead.id) }),
    };
    let sent;
    try {
      // After an ambiguous failure (timeout, 5xx) the provider is asked before anything is sent again.
      sent = await sendResolvingAmbiguity(transports[row.channel], envelope, { checkFirst: attemptsBefore > 0, since: row.created_at });
    } catch (err) {
      if (err instanceof ChannelOptOutError) {
        await updateLead(db, lead.id, { sms_opted_out: true });
        return refuse(row, { ...lead, sms_opted_out: true }, 'FAILED', 'OPTED_OUT');
      }
      if (err instanceof ChannelInactiveError) {
        await updateLead(db, lead.id, { email_inactive: true });
        return refuse(row, { ...lead, email_inactive: true }, 'FAILED', 'INACTIVE');
      }
      if (err instanceof PermanentSendError) {
        await transitionOutbox(db, row.id, ['PENDING'], { status: 'FAILED', error: err.message });
        await closeActionLog(db, row.action_log_id, 'FAILED', { error: err.message });
        throw ApplicationFailure.nonRetryable(err.message, err.name);
      }
      throw err; // rate limits, connection trouble, ambiguous outcomes: Temporal retries with backoff
    }
    return db.transaction().execute(async (tx) => {
      const { message } = await insertMessageOnce(tx, {
        workspaceId: lead.workspace_id,
        leadId: lead.id,
        channel: row.channel,
        direction: 'OUTBOUND',
        from: sent.from,
        to: row.to_address,
        subject: row.subject,
        body: row.body,
        provider: sent.provider,
        providerMessageId: sent.providerMessageId,
        status: sent.status,
      });
      const updated = await transitionOutbox(tx, row.id, ['PENDING'], { status: 'SENT', message_id: message.id, sent_at: new Date() });
      if (updated) await completeLog(tx, row, message.id, sent.from);
      return { status: 'SENT', messageId: message.id };
    });
  }

  /** Nothing was sent on this channel, for good; the outcome names the channel that can still reach the lead. */
  async function refuse(row: OutboxRow, lead: LeadRow, status: 'CANCELLED' | 'FAILED', blocked: 'OPTED_OUT' | 'INACTIVE'): Promise<SendOutcome> {
    const reason = blocked === 'OPTED_OUT' ? `the lead opted out of ${row.channel === 'SMS' ? 'SMS' : 'email'}` : 'the email address is inactive at the provider';
    await transitionOutbox(db, row.id, ['PENDING'], { status, error: reason });
    await closeActionLog(db, row.action_log_id, status, { error: `Not sent: ${reason}` });
    const other: Channel = row.channel === 'SMS' ? 'EMAIL' : 'SMS';
    const fallback = lead.status !== 'OPTED_OUT' && usableChannels(lead).includes(other);
    return { status, messageId: null, blocked, fallbackChannel: fallback ? other : null };
  }

  /** Replies stay in the lead's email thread: In-Reply-To and References from their last email to us. */
  async function emailThread(leadId: string): Promise<{ inReplyTo?: string; references?: string } | undefined> {
    const last = await db
      .selectFrom('messages')
      .select('thread')
      .where('lead_id', '=', leadId)
      .where('channel', '=', 'EMAIL')
      .where('direction', '=', 'INBOUND')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const thread = last?.thread as MessageThread | undefined;
    if (!thread?.messageIdHeader) return undefined;
    return { inReplyTo: thread.messageIdHeader, references: thread.references };
  }

  async function completeLog(tx: Kysely<Database>, row: OutboxRow, messageId: string, from: string) {
    await closeActionLog(tx, row.action_log_id, 'COMPLETED', {
      output: { isReply: row.kind === 'REPLY', messageMetadata: { to: [row.to_address], from, subject: row.subject }, edited: row.edited },
      messageIds: [messageId],
    });
  }

  async function prepare(req: OutboundRequest, status: 'PENDING' | 'AWAITING_APPROVAL'): Promise<OutboxRow> {
    const lead = await getLead(db, req.leadId);
    if (!lead) throw badInput('LeadNotFound', `lead ${req.leadId} does not exist`);
    const to = req.message.channel === 'SMS' ? lead.phone_number : lead.email;
    if (!to) throw badInput('LeadNotFound', `lead ${req.leadId} has no ${req.message.channel === 'SMS' ? 'phone number' : 'email address'}`);
    const actionLogId = req.actionLogId ?? `${req.kind === 'FOLLOW_UP' ? 'follow-up' : 'reply'}-${req.outboxId}`;
    const row = await insertOutboxOnce(db, {
      id: req.outboxId,
      lead_id: req.leadId,
      action_log_id: actionLogId,
      kind: req.kind,
      channel: req.message.channel,
      to_address: to,
      subject: req.message.subject,
      body: req.message.body,
      status,
    });
    await upsertActionLog(db, {
      id: actionLogId,
      leadId: req.leadId,
      type: req.kind === 'FOLLOW_UP' ? 'FOLLOW_UP_MESSAGE' : 'MESSAGE',
      status: row.status === 'SENT' ? 'COMPLETED' : row.status === 'AWAITING_APPROVAL' ? 'AWAITING_APPROVAL' : 'PENDING',
      summary: req.message.summary,
      parentActionId: req.parentActionId,
      input: {
        channel: req.message.channel,
        direction: 'OUTBOUND',
        ...(req.kind === 'MANUAL' && { manual: true }),
        ...(req.followUp && {
          attemptNumber: req.followUp.attemptNumber,
          adminTriggered: req.followUp.adminTriggered,
          missingItemsCount: req.message.missingRequiredItems,
        }),
        ...(status === 'AWAITING_APPROVAL' && { draftId: req.outboxId, draft: { subject: req.message.subject, body: req.message.body } }),
      },
    });
    return row;
  }

  return {
    /** Autopilot: write the outbox row, then send it. */
    async sendMessage(req: OutboundRequest): Promise<SendOutcome> {
      return deliver(await prepare(req, 'PENDING'));
    },

    /** Listen mode: the same row, held AWAITING_APPROVAL until an admin decides. */
    async draftMessage(req: OutboundRequest): Promise<void> {
      await prepare(req, 'AWAITING_APPROVAL');
    },

    /** Approval: the (possibly edited) draft becomes PENDING and is sent. Safe to retry at any point. */
    async sendDraft(input: ApproveDraftInput): Promise<DraftDecision> {
      const edited = input.body !== undefined && input.body.trim() !== '';
      await transitionOutbox(db, input.draftId, ['AWAITING_APPROVAL'], {
        status: 'PENDING',
        decided_by: input.by,
        ...(edited && { body: input.body!.trim(), edited: true }),
      });
      const row = await getOutbox(db, input.draftId);
      if (!row) throw badInput('DraftNotFound', `draft ${input.draftId} does not exist`);
      const outcome = await deliver(row);
      return { draftId: input.draftId, outcome: outcome.status === 'SENT' ? 'SENT' : 'CANCELLED', messageId: outcome.messageId };
    },

    async rejectDraft(input: RejectDraftInput): Promise<DraftDecision> {
      const row = await transitionOutbox(db, input.draftId, ['AWAITING_APPROVAL'], {
        status: 'REJECTED',
        decided_by: input.by,
        decision_reason: input.reason,
      });
      const current = row ?? (await getOutbox(db, input.draftId));
      if (!current) throw badInput('DraftNotFound', `draft ${input.draftId} does not exist`);
      await closeActionLog(db, current.action_log_id, 'CANCELLED', { error: `Rejected by ${input.by}: ${input.reason}` });
      return { draftId: input.draftId, outcome: 'REJECTED', messageId: null, body: current.body };
    },

    /** A newer message from the lead makes a waiting draft stale. */
    async cancelDraft(input: { draftId: string; reason: string }): Promise<void> {
      const row = (await transitionOutbox(db, input.draftId, ['AWAITING_APPROVAL'], { status: 'CANCELLED', decision_reason: input.reason }))
        ?? (await getOutbox(db, input.draftId));
      if (row) await closeActionLog(db, row.action_log_id, 'CANCELLED', { error: input.reason });
    },
  };
}
