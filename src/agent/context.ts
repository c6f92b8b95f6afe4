import type { Channel, ChecklistItemStatus, Direction } from '../../workflows/types';
import { isMissingRequired } from '../checklist/missing';

/** Everything an agent (offline or model) may see for one step. Built from the database by context-builder.ts. */
export interface AgentContext {
  reason: 'REPLY' | 'FOLLOW_UP';
  channel: Channel;
  persona: { lenderName: string; agentName: string; instructions: string | null };
  lead: { firstName: string | null; lastName: string | null; businessName: string | null; email: string | null; phone: string | null };
  checklist: {
    code: string;
    label: string;
    fieldType: string;
    isRequired: boolean;
    status: ChecklistItemStatus;
    clientInstructions: string | null;
    /** What we hold, readable (redacted), when the item is filled. */
    display: string | null;
    problem: string | null;
  }[];
  documents: { filename: string; status: string }[];
  /** Older messages beyond the budget, one short redacted line each. */
  earlierSummary: string[];
  /** Recent messages on every channel, oldest first, redacted. */
  conversation: { direction: Direction; channel: Channel; body: string; at: string; attachments: string[] }[];
  /** The message this turn answers (REPLY only). */
  inbound: { body: string; attachments: string[]; channel: Channel; documentNotes: string[] } | null;
  attemptNumber?: number;
  finalAttempt?: boolean;
}

export const missingRequired = (ctx: AgentContext) => ctx.checklist.filter(isMissingRequired);
