import type { Kysely } from 'kysely';
import { checkValue } from '../checklist/values';
import { upsertActionLog } from '../db/action-logs';
import { getChecklistItems } from '../db/checklist';
import { listDocumentMeta } from '../db/documents';
import { getLead, updateLead } from '../db/leads';
import type { Database } from '../db/schema';
import { handToHuman } from '../leads/hand-to-human';
import { normalizeEmail } from '../leads/identity';
import type { ToolCall, ToolResult } from '../../workflows/types';
import { isToolName, TOOL_DEFINITIONS, type ToolName } from './tools';

type Outcome = Pick<ToolResult, 'output' | 'isError' | 'effects'>;
const fail = (message: string): Outcome => ({ output: { error: message }, isError: true });

/**
 * Runs one tool call for a lead. An unknown tool or an input that does not match its schema is refused and
 * reported back to the model as an error result; nothing runs. Writes are idempotent per call id.
 */
export async function runToolCall(db: Kysely<Database>, leadId: string, call: ToolCall): Promise<Outcome> {
  if (!isToolName(call.name)) return fail(`Unknown tool "${call.name}". Available: ${Object.keys(TOOL_DEFINITIONS).join(', ')}`);
  const parsed = TOOL_DEFINITIONS[call.name].input.safeParse(call.input ?? {});
  if (!parsed.success) {
    return fail(`Invalid input for ${call.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
  }
  return TOOLS[call.name](db, leadId, parsed.data as never, call.id);
}

type Handler<N extends ToolName> = (
  db: Kysely<Database>,
  leadId: string,
  input: import('zod').infer<(typeof TOOL_DEFINITIONS)[N]['input']>,
  callId: string,
) => Promise<Outcome>;

const TOOLS: { [N in ToolName]: Handler<N> } = {
  async get_checklist(db, leadId) {
    const items = await getChecklistItems(db, leadId);
    return {
      isError: false,
      output: {
        items: items.map((i) => ({ code: i.code, label: i.label, fieldType: i.field_type, required: i.is_required, status: i.status, value: i.value, problem: i.validation_error })),
      },
    };
  },

  async update_checklist_item(db, leadId, { code, value }) {
    const item = (await getChecklistItems(db, leadId)).find((i) => i.code === code);
    if (!item) return fail(`No checklist item with code "${code}"`);
    const checked = checkValue(item.field_type, value);
    if (!checked.ok) return fail(`${item.label}: ${checked.reason}`);
    await db
      .updateTable('lead_checklist_items')
      .set({ value: JSON.stringify(checked.value), status: 'COMPLETED', source: 'agent', validation_error: null, updated_at: new Date() })
      .where('id', '=', item.id)
      .execute();
    return { isError: false, output: { code, label: item.label, status: 'COMPLETED', value: checked.value } };
  },

  async get_documents_status(db, leadId) {
    const docs = await listDocumentMeta(db, { leadId });
    return { isError: false, output: { documents: docs.map((d) => ({ filename: d.filename, mimeType: d.mime_type, status: d.status, receivedAt: d.created_at.toISOString() })) } };
  },

  async set_lead_status(db, leadId, { status }) {
    await updateLead(db, leadId, { status });
    return { isError: false, output: { status }, effects: { status } };
  },

  async request_human(db, leadId, { reason }, callId) {
    await handToHuman(db, leadId, { id: `escalation-${callId}`, reason, input: { reason, source: 'agent' } });
    return { isError: false, output: { assignee: 'HUMAN' }, effects: { assignee: 'HUMAN' } };
  },

  async note(db, leadId, { text }, callId) {
    await upsertActionLog(db, { id: `note-${callId}`, leadId, type: 'SYSTEM_NOTE', status: 'COMPLETED', summary: text, input: { source: 'agent' } });
    return { isError: false, output: { saved: true } };
  },

  async update_contact(db, leadId, input) {
    const lead = await getLead(db, leadId);
    if (!lead) return fail('lead not found');
    const email = input.email === undefined ? undefined : normalizeEmail(input.email);
    if (email === null) return fail(`"${input.email}" is not an email address`);
    if (email && email !== lead.email) {
      const owner = await db.selectFrom('leads').select('id').where('workspace_id', '=', lead.workspace_id).where('email', '=', email).executeTakeFirst();
      if (owner) return fail('that email address belongs to another lead; a loan officer will link them');
    }
    await updateLead(db, leadId, {
      ...(email && { email }),
      ...(input.firstName && { first_name: input.firstName.trim() }),
      ...(input.lastName && { last_name: input.lastName.trim() }),
    });
    return { isError: false, output: { updated: Object.keys(input) } };
  },
};

