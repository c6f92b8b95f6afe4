import { heartbeat } from '@temporalio/activity';
import { downloadInboundMedia } from '../src/channels/twilio-media';
import { upsertActionLog } from '../src/db/action-logs';
import { insertDocuments, listDocumentMeta } from '../src/db/documents';
import { getLead, updateLead } from '../src/db/leads';
import { claimForTurn, getMessage } from '../src/db/messages';
import { getWorkspace } from '../src/db/workspaces';
import { handToHuman } from '../src/leads/hand-to-human';
import { usableChannels } from '../src/leads/reachability';
import { consentReply, detectConsent } from '../src/policy/consent';
import { detectEscalation, type EscalationReason } from '../src/policy/escalation';
import { refusedAttachment } from '../src/inbound/rejected-attachments';
import type { AcceptedInbound, Channel, LeadSettings, LeadStatus } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

const ESCALATION_REASONS: Record<EscalationReason, string> = {
  HUMAN_REQUESTED: 'asked for a person',
  COMPLAINT: 'complaint',
  LEGAL_THREAT: 'legal threat',
  DISTRESS: 'the lead may be in distress',
  UNSUPPORTED_LANGUAGE: 'a language the agent does not handle',
};

export function inboundActivities({ db, config }: ActivityDeps) {
  return {
    /** The lead's decision-making settings, read when its workflow starts. */
    async loadLeadSettings(leadId: string): Promise<LeadSettings> {
      const lead = await getLead(db, leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${leadId} does not exist`);
      const ws = await getWorkspace(db, lead.workspace_id);
      return {
        mode: lead.mode ?? ws?.settings.defaultMode ?? 'AUTOPILOT',
        status: lead.status,
        assignee: lead.assignee_type,
        followUpCadenceMs: ws?.settings.followUpCadenceMs ?? [],
      };
    },

    /**
     * Step 2 of a turn: take the stored message for this turn and put it on the timeline. `accepted: false` means
     * another turn already answered it (a duplicate delivery), and the workflow does nothing more. STOP, START and
     * HELP are recognised here and change the lead's consent before anything is said.
     */
    async acceptInbound(input: { leadId: string; messageId: string; turnId: string }): Promise<AcceptedInbound> {
      const message = await getMessage(db, input.messageId);
      if (!message || message.lead_id !== input.leadId) {
        throw badInput('MessageNotFound', `message ${input.messageId} is not a message of lead ${input.leadId}`);
      }
      const actionLogId = `inbound-${message.id}`;
      const base = { channel: message.channel, actionLogId, hasPendingMedia: false, hasDocuments: false, consent: null, escalated: false };
      if (!(await claimForTurn(db, message.id, input.turnId))) return { ...base, accepted: false };
      const docs = await listDocumentMeta(db, { messageIds: [message.id] });
      const channel = message.channel.toLowerCase();
      const numMedia = Math.max(docs.length, message.media.length);
      await upsertActionLog(db, {
        id: actionLogId,
        leadId: input.leadId,
        type: 'MESSAGE',
        status: 'COMPLETED',
        summary: `Incoming ${channel}: ${message.subject ?? 'No subject'}${numMedia ? ` (${numMedia} attachment${numMedia > 1 ? 's' : ''})` : ''}`,
        input: { channel: message.channel, direction: 'INBOUND', metadata: { provider: message.provider, numMedia } },
        messageIds: [message.id],
      });
      if (docs.length) await recordUpload(input.leadId, message.id, actionLogId);
      const consent = await applyConsent(input.leadId, message.channel, message.body, message.subject, actionLogId);
      const escalated = !consent && (await applyEscalation(input.leadId, message.body, actionLogId));
      return { ...base, accepted: true, hasPendingMedia: message.media.length > 0 && docs.length === 0, hasDocuments: numMedia > 0, consent, escalated };
    },

    /** MMS media become documents of their message. Retried as a whole; files already stored are not fetched again. */
    async fetchInboundMedia(input: { leadId: string; messageId: string }): Promise<void> {
      const message = await getMessage(db, input.messageId);
      if (!message || message.media.length === 0) return;
      if ((await listDocumentMeta(db, { messageIds: [message.id] })).length) return;
      if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) {
        throw badInput('MessageNotFound', 'MMS media cannot be fetched without TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      }
      heartbeat('downloading');
      const { files, failures } = await downloadInboundMedia(
        { messageSid: message.provider_message_id, media: message.media },
        {
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
          maxBytes: config.MAX_ATTACHMENT_BYTES,
        },
      );
      heartbeat('storing');
      const base = { workspaceId: message.workspace_id, leadId: input.leadId, messageId: message.id };
      await insertDocuments(db, [
        ...files.map((f) => ({ ...base, filename: f.filename, mimeType: f.mimeType, content: f.content })),
        // Media that could not be fetched still get a row and a verdict, so the lead is asked to send them again.
        ...failures.flatMap((f) => {
          const refused = refusedAttachment(`mms-${message.provider_message_id.slice(-8)}-${f.index + 1}`, message.media[f.index]?.contentType ?? 'application/octet-stream', f.reason, config.MAX_ATTACHMENT_BYTES);
          return refused ? [{ ...base, ...refused }] : [];
        }),
      ]);
      await recordUpload(input.leadId, message.id, `inbound-${message.id}`, failures.map((f) => ({ index: f.index, reason: f.reason, message: f.message })));
    },
  };

  async function recordUpload(leadId: string, messageId: string, parentActionId: string, failures: unknown[] = []) {
    const docs = await listDocumentMeta(db, { messageIds: [messageId] });
    await upsertActionLog(db, {
      id: `documents-${messageId}`,
      leadId,
      type: 'DOCUMENT_UPLOAD',
      status: failures.length && !docs.length ? 'FAILED' : 'COMPLETED',
      summary: `${docs.length} file${docs.length === 1 ? '' : 's'} received${failures.length ? `, ${failures.length} could not be fetched` : ''}`,
      input: { documents: docs.map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mime_type, size: d.size })), failures },
      parentActionId,
    });
  }

  /** A message only a person should answer: the lead goes to a human, with an ESCALATION on the timeline. */
  async function applyEscalation(leadId: string, body: string, parentActionId: string): Promise<boolean> {
    const match = detectEscalation(body);
    if (!match) return false;
    await handToHuman(db, leadId, {
      id: `escalation-${parentActionId}`,
      reason: ESCALATION_REASONS[match.reason],
      input: { source: 'inbound', reason: match.reason, ...(match.language ? { language: match.language } : {}) },
      parentActionId,
    });
    return true;
  }

  /** Opt-out / opt-in / help, per channel. Opting out of every channel the lead has makes the lead OPTED_OUT. */
  async function applyConsent(leadId: string, channel: Channel, body: string, subject: string | null, parentActionId: string): Promise<AcceptedInbound['consent']> {
    const match = detectConsent(channel, body, subject);
    const lead = await getLead(db, leadId);
    if (!match || !lead) return null;
    // "YES" is an ordinary answer unless the lead is opted out on this channel.
    const optedOut = channel === 'SMS' ? lead.sms_opted_out : lead.email_opted_out;
    if (match.kind === 'OPT_IN' && !optedOut) return null;
    let updated = lead;
    if (match.kind !== 'HELP') {
      const value = match.kind === 'OPT_OUT';
      updated = (await updateLead(db, leadId, channel === 'SMS' ? { sms_opted_out: value } : { email_opted_out: value })) ?? lead;
      const status: LeadStatus = value && usableChannels(updated).length === 0 ? 'OPTED_OUT' : updated.status === 'OPTED_OUT' && !value ? 'IN_PROGRESS' : updated.status;
      if (status !== updated.status) updated = (await updateLead(db, leadId, { status })) ?? updated;
      await upsertActionLog(db, {
        id: `consent-${parentActionId}`,
        leadId,
        type: 'SYSTEM_NOTE',
        status: 'COMPLETED',
        summary: `Lead ${value ? 'opted out of' : 'opted back in to'} ${channel === 'SMS' ? 'SMS' : 'email'}${status === 'OPTED_OUT' ? '; no channel left, lead OPTED_OUT' : ''}`,
        input: { channel, consent: match.kind, via: match.via },
        parentActionId,
      });
    }
    const ws = await getWorkspace(db, lead.workspace_id);
    const text = consentReply(match.kind, { lenderName: ws?.settings.lenderName ?? config.LENDER_NAME, channel });
    return {
      kind: match.kind,
      leadStatus: updated.status,
      reply: {
        channel,
        subject: channel === 'EMAIL' ? (match.kind === 'OPT_OUT' ? 'You have been unsubscribed' : 'Your messages from us') : null,
        body: text,
        summary: match.kind === 'OPT_OUT' ? 'Confirmed the opt-out' : match.kind === 'OPT_IN' ? 'Confirmed the opt-in' : 'Sent help information',
        missingRequiredItems: 0,
      },
    };
  }
}
