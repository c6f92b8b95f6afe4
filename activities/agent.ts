import type { AgentContext } from '../src/agent/context';
import { composeOffline } from '../src/agent/offline-agent';
import { getChecklistItems } from '../src/db/checklist';
import { listDocumentMeta } from '../src/db/documents';
import { getLead } from '../src/db/leads';
import { listConversation } from '../src/db/messages';
import { getWorkspace } from '../src/db/workspaces';
import type { ComposeRequest, ComposedMessage } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export function agentActivities({ db }: ActivityDeps) {
  return {
    /** Steps 3-5 of a turn: decide what to say. Reads only, so a retry is harmless. */
    async composeReply(req: ComposeRequest): Promise<ComposedMessage> {
      const lead = await getLead(db, req.leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${req.leadId} does not exist`);
      const [ws, checklist, conversation] = await Promise.all([
        getWorkspace(db, lead.workspace_id),
        getChecklistItems(db, lead.id),
        listConversation(db, lead.id),
      ]);
      const docs = await listDocumentMeta(db, { messageIds: conversation.map((m) => m.id) });
      const attachmentsOf = (messageId: string) => docs.filter((d) => d.message_id === messageId).map((d) => d.filename);
      const inbound = req.inboundMessageId ? conversation.find((m) => m.id === req.inboundMessageId) : undefined;
      const ctx: AgentContext = {
        reason: req.reason,
        channel: req.channel,
        persona: { lenderName: ws?.settings.lenderName ?? 'our team', agentName: ws?.settings.agentName ?? 'the assistant' },
        lead: { firstName: lead.first_name, lastName: lead.last_name, businessName: lead.business_name },
        checklist: checklist.map((i) => ({
          code: i.code,
          label: i.label,
          isRequired: i.is_required,
          status: i.status,
          clientInstructions: i.client_instructions,
        })),
        conversation: conversation
          .filter((m) => m.id !== req.inboundMessageId)
          .map((m) => ({ direction: m.direction, channel: m.channel, body: m.body, at: m.created_at.toISOString(), attachments: attachmentsOf(m.id) })),
        inbound: inbound ? { body: inbound.body, attachments: attachmentsOf(inbound.id) } : null,
        attemptNumber: req.attemptNumber,
        finalAttempt: req.finalAttempt,
      };
      const composed = composeOffline(ctx);
      // An email reply stays in the lead's thread: same subject, prefixed once with "Re:".
      const threadSubject = inbound?.channel === 'EMAIL' ? inbound.subject : null;
      if (req.channel === 'EMAIL' && threadSubject) {
        composed.subject = /^re:/i.test(threadSubject) ? threadSubject : `Re: ${threadSubject}`;
      }
      return composed;
    },
  };
}
