import { z } from 'zod';
import { strictInputSchema } from './strict-schema';

// The tools the agent may call. Each input is validated against its schema before anything runs; the same schemas
// are sent to the model as strict JSON schemas. No tool sends a message: replies go through the outbox and the
// policy guard only.
export const TOOL_DEFINITIONS = {
  get_checklist: {
    description: "Read the lead's checklist: every item with its code, label, type, whether it is required, status and value.",
    input: z.object({}).strict(),
  },
  update_checklist_item: {
    description:
      'Record a value the lead stated in a message (business name, EIN, loan amount, address, dates...) on the checklist item with this code. Not for document items: those are completed by uploads.',
    input: z.object({ code: z.string().min(1).max(100), value: z.union([z.string().min(1).max(500), z.number()]) }).strict(),
  },
  get_documents_status: {
    description: 'List the files the lead has sent, with what each was taken as and any problem found.',
    input: z.object({}).strict(),
  },
  set_lead_status: {
    description: 'Mark the lead NOT_INTERESTED when they clearly say they no longer want a loan, or back to IN_PROGRESS when they return.',
    input: z.object({ status: z.enum(['NOT_INTERESTED', 'IN_PROGRESS']), reason: z.string().min(1).max(500) }).strict(),
  },
  request_human: {
    description: 'Hand the lead to a human loan officer: they asked for a person, complained, threatened legal action, are in distress, or asked something only a person may answer.',
    input: z.object({ reason: z.string().min(1).max(500) }).strict(),
  },
  note: {
    description: 'Write an internal note on the lead\'s timeline for the loan officer. The lead never sees it.',
    input: z.object({ text: z.string().min(1).max(2000) }).strict(),
  },
  update_contact: {
    description: "Record the lead's own contact details or name when they state them (e.g. an email address given by SMS).",
    input: z
      .object({
        email: z.string().max(320).optional(),
        firstName: z.string().max(100).optional(),
        lastName: z.string().max(100).optional(),
      })
      .strict(),
  },
} as const;

export type ToolName = keyof typeof TOOL_DEFINITIONS;

export const isToolName = (name: string): name is ToolName => Object.hasOwn(TOOL_DEFINITIONS, name);

/** The tool definitions in the Messages API's shape. */
export function toolSchemas() {
  return Object.entries(TOOL_DEFINITIONS).map(([name, def]) => ({ name, description: def.description, input_schema: strictInputSchema(def.input), strict: true }));
}
