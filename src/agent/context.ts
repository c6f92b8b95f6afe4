import type { Channel, ChecklistItemStatus, Direction } from '../../workflows/types';

/** Everything an agent (offline or model) may see for one turn. Built by activities/agent.ts from the database. */
export interface AgentContext {
  reason: 'REPLY' | 'FOLLOW_UP';
  channel: Channel;
  persona: { lenderName: string; agentName: string };
  lead: { firstName: string | null; lastName: string | null; businessName: string | null };
  checklist: { code: string; label: string; isRequired: boolean; status: ChecklistItemStatus; clientInstructions: string | null }[];
  conversation: { direction: Direction; channel: Channel; body: string; at: string; attachments: string[] }[];
  /** The message this turn answers (REPLY only). */
  inbound: { body: string; attachments: string[] } | null;
  attemptNumber?: number;
  finalAttempt?: boolean;
}

export const missingRequired = (ctx: AgentContext) =>
  ctx.checklist.filter((i) => i.isRequired && (i.status === 'TODO' || i.status === 'INVALID'));
