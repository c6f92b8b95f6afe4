import { getLead } from '../src/db/leads';
import { claimForTurn, getMessage } from '../src/db/messages';
import { upsertActionLog } from '../src/db/action-logs';
import { listDocumentMeta } from '../src/db/documents';
import { getWorkspace } from '../src/db/workspaces';
import type { AcceptedInbound, LeadSettings } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export function inboundActivities({ db }: ActivityDeps) {
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
     * another turn already answered it (a duplicate delivery), and the workflow does nothing more.
     */
    async acceptInbound(input: { leadId: string; messageId: string; turnId: string }): Promise<AcceptedInbound> {
      const message = await getMessage(db, input.messageId);
      if (!message || message.lead_id !== input.leadId) {
        throw badInput('MessageNotFound', `message ${input.messageId} is not a message of lead ${input.leadId}`);
      }
      const actionLogId = `inbound-${message.id}`;
      if (!(await claimForTurn(db, message.id, input.turnId))) return { accepted: false, channel: message.channel, actionLogId };
      const docs = await listDocumentMeta(db, { messageIds: [message.id] });
      const channel = message.channel.toLowerCase();
      await upsertActionLog(db, {
        id: actionLogId,
        leadId: input.leadId,
        type: 'MESSAGE',
        status: 'COMPLETED',
        summary: `Incoming ${channel}: ${message.subject ?? 'No subject'}${docs.length ? ` (${docs.length} attachment${docs.length > 1 ? 's' : ''})` : ''}`,
        input: {
          channel: message.channel,
          direction: 'INBOUND',
          metadata: { provider: message.provider, numMedia: docs.length },
        },
        messageIds: [message.id],
      });
      if (docs.length) {
        await upsertActionLog(db, {
          id: `documents-${message.id}`,
          leadId: input.leadId,
          type: 'DOCUMENT_UPLOAD',
          status: 'COMPLETED',
          summary: `${docs.length} file${docs.length > 1 ? 's' : ''} received by ${channel}`,
          input: { documents: docs.map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mime_type, size: d.size })) },
          parentActionId: actionLogId,
        });
      }
      return { accepted: true, channel: message.channel, actionLogId };
    },
  };
}
