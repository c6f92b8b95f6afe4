import type { Kysely } from 'kysely';
import { getChecklistItems } from '../db/checklist';
import { listDocumentMeta } from '../db/documents';
import { getLead } from '../db/leads';
import { listConversation } from '../db/messages';
import type { Database } from '../db/schema';
import { getWorkspace } from '../db/workspaces';
import { redactPii } from '../policy/redact';
import type { ComposeRequest } from '../../workflows/types';
import type { AgentContext } from './context';

const RECENT_MESSAGES = 12;
const MESSAGE_CHARS = 1_500;
const HISTORY_LOOKBACK = 200;

/**
 * One context for the lead across SMS and email: profile, checklist, documents and the conversation, with older
 * turns reduced to one line each beyond a budget. Personal numbers are masked before anything leaves here.
 */
export async function buildAgentContext(db: Kysely<Database>, req: ComposeRequest): Promise<AgentContext | null> {
  const lead = await getLead(db, req.leadId);
  if (!lead) return null;
  const [ws, checklist, messages, documents] = await Promise.all([
    getWorkspace(db, lead.workspace_id),
    getChecklistItems(db, lead.id),
    listConversation(db, lead.id, HISTORY_LOOKBACK),
    listDocumentMeta(db, { leadId: lead.id }),
  ]);
  // File names are the sender's words: masked like any message text before they reach a model or a reply.
  const attachmentsOf = (messageId: string) => documents.filter((d) => d.message_id === messageId).map((d) => redactPii(d.filename));
  const inbound = req.inboundMessageId ? messages.find((m) => m.id === req.inboundMessageId) : undefined;
  const others = messages.filter((m) => m.id !== req.inboundMessageId);
  const recent = others.slice(-RECENT_MESSAGES);
  const older = others.slice(0, -RECENT_MESSAGES);
  return {
    reason: req.reason,
    channel: req.channel,
    persona: {
      lenderName: ws?.settings.lenderName ?? 'our team',
      agentName: ws?.settings.agentName ?? 'the assistant',
      instructions: ws?.settings.instructions ?? null,
    },
    lead: { firstName: lead.first_name, lastName: lead.last_name, businessName: lead.business_name, email: lead.email, phone: lead.phone_number },
    checklist: checklist.map((i) => ({
      code: i.code,
      label: i.label,
      fieldType: i.field_type,
      isRequired: i.is_required,
      status: i.status,
      clientInstructions: i.client_instructions,
      display: i.value === null || i.value === undefined ? null : redactPii(displayValue(i.value)),
      problem: i.validation_error,
    })),
    documents: documents.map((d) => ({ filename: redactPii(d.filename), status: d.doc_type ? `${d.status}: ${d.doc_type}` : d.status })),
    earlierSummary: older.map(
      (m) => `${m.created_at.toISOString().slice(0, 10)} ${m.channel} ${m.direction === 'INBOUND' ? 'from lead' : 'to lead'}: ${redactPii(m.body).replace(/\s+/g, ' ').slice(0, 80)}`,
    ),
    conversation: recent.map((m) => ({
      direction: m.direction,
      channel: m.channel,
      body: redactPii(m.body).slice(0, MESSAGE_CHARS),
      at: m.created_at.toISOString(),
      attachments: attachmentsOf(m.id),
    })),
    inbound: inbound
      ? {
          body: redactPii(inbound.body).slice(0, MESSAGE_CHARS * 2),
          attachments: attachmentsOf(inbound.id),
          channel: inbound.channel,
          documentNotes: documents.filter((d) => d.message_id === inbound.id && d.verdict).map((d) => redactPii(d.verdict!)),
        }
      : null,
    attemptNumber: req.attemptNumber,
    finalAttempt: req.finalAttempt,
  };
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (value && typeof value === 'object' && 'street' in value) {
    const a = value as { street: string; city: string; state: string; postalCode: string };
    return `${a.street}, ${a.city}, ${a.state} ${a.postalCode}`;
  }
  return JSON.stringify(value);
}
