import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChecklistTemplate } from '../checklist/templates';
import { toJson } from './json';
import type { ChecklistItemRow, Database } from './schema';

const templateItemId = (template: string, code: string) => `${template}:${code}`;

/** Writes the shipped templates into the database (idempotent; edits to a shipped template replace the old text). */
export async function syncTemplates(db: Kysely<Database>, templates: ChecklistTemplate[]): Promise<void> {
  for (const t of templates) {
    let position = 0;
    for (const group of t.groups) {
      for (const item of group.items) {
        const row = {
          template_code: t.code,
          template_name: t.name,
          group_name: group.name,
          code: item.code,
          label: item.label,
          field_type: item.fieldType,
          is_required: item.isRequired,
          validation_rules: toJson(item.validationRules),
          help_text: item.helpText ?? null,
          client_instructions: item.clientInstructions,
          position: position++,
        };
        await db
          .insertInto('checklist_template_items')
          .values({ id: templateItemId(t.code, item.code), ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
      }
    }
  }
}

/** Gives a lead its own copy of the template's items (a second call adds nothing). */
export async function instantiateChecklist(db: Kysely<Database>, leadId: string, templateCode: string): Promise<void> {
  const items = await db.selectFrom('checklist_template_items').selectAll().where('template_code', '=', templateCode).execute();
  if (items.length === 0) return;
  await db
    .insertInto('lead_checklist_items')
    .values(
      items.map((i) => ({
        id: randomUUID(),
        lead_id: leadId,
        checklist_item_id: i.id,
        group_name: i.group_name,
        code: i.code,
        label: i.label,
        field_type: i.field_type,
        is_required: i.is_required,
        validation_rules: toJson(i.validation_rules),
        help_text: i.help_text,
        client_instructions: i.client_instructions,
        position: i.position,
        status: 'TODO' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['lead_id', 'code']).doNothing())
    .execute();
}

export async function getChecklistItems(db: Kysely<Database>, leadId: string): Promise<ChecklistItemRow[]> {
  return db.selectFrom('lead_checklist_items').selectAll().where('lead_id', '=', leadId).orderBy('position').execute();
}

export interface ChecklistItemView {
  id: string;
  checklistItemId: string | null;
  code: string;
  label: string;
  fieldType: string;
  isRequired: boolean;
  status: string;
  value: unknown;
  validationError: string | null;
  source: string | null;
  validationRules: string[];
  clientInstructions: string | null;
  updatedAt: string;
}

/** Groups of items, the shape the reference product's checklist endpoint returns. */
export function groupChecklist(rows: ChecklistItemRow[]): { name: string; items: ChecklistItemView[] }[] {
  const groups = new Map<string, ChecklistItemView[]>();
  for (const r of rows) {
    const list = groups.get(r.group_name) ?? [];
    list.push({
      id: r.id,
      checklistItemId: r.checklist_item_id,
      code: r.code,
      label: r.label,
      fieldType: r.field_type,
      isRequired: r.is_required,
      status: r.status,
      value: r.value,
      validationError: r.validation_error,
      source: r.source,
      validationRules: r.validation_rules,
      clientInstructions: r.client_instructions,
      updatedAt: r.updated_at.toISOString(),
    });
    groups.set(r.group_name, list);
  }
  return [...groups].map(([name, items]) => ({ name, items }));
}

export interface NewChecklistItem {
  code: string;
  label: string;
  fieldType: ChecklistItemRow['field_type'];
  groupName: string;
  isRequired: boolean;
  validationRules: string[];
  helpText: string | null;
  clientInstructions: string | null;
}

/** An item only this lead has, placed after its last one; null when the lead already has an item with this code. */
export async function addChecklistItem(db: Kysely<Database>, leadId: string, item: NewChecklistItem): Promise<ChecklistItemRow | null> {
  // The lead's row is locked while the next position is taken: two items added at once would otherwise share one,
  // and their order would flip from one read to the next.
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('leads').select('id').where('id', '=', leadId).forUpdate().executeTakeFirst();
    const last = await tx.selectFrom('lead_checklist_items').select((eb) => eb.fn.max('position').as('max')).where('lead_id', '=', leadId).executeTakeFirst();
    const row = await tx
      .insertInto('lead_checklist_items')
      .values({
        id: randomUUID(),
        lead_id: leadId,
        checklist_item_id: null,
        group_name: item.groupName,
        code: item.code,
        label: item.label,
        field_type: item.fieldType,
        is_required: item.isRequired,
        validation_rules: toJson(item.validationRules),
        help_text: item.helpText,
        client_instructions: item.clientInstructions,
        position: Number(last?.max ?? -1) + 1,
        status: 'TODO',
      })
      .onConflict((oc) => oc.columns(['lead_id', 'code']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  });
}
