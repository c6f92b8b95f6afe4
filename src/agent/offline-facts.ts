import { parseAmount } from '../checklist/values';
import type { ToolCall } from '../../workflows/types';
import type { AgentContext } from './context';
import { detectIntent } from './intents';

// What the offline agent can read out of a plain message: the values lenders ask for most, said the usual ways.
const EIN = /\b(?:ein|tax id|employer id(?:entification number)?)\b[^\d]{0,20}(\d{2}-?\d{7})\b|\b(\d{2}-\d{7})\b/i;
const BUSINESS_NAME = /\b(?:business|company)(?:'s)?(?:\s+legal)?(?:\s+name)?\s+(?:is|=|:)\s+([A-Za-z0-9&'. -]{2,80}?)(?=[,.;!\n]|\s+and\b|$)/i;
const BUSINESS_WITH_SUFFIX = /\b([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,5}\s+(?:LLC|L\.L\.C\.|Inc\.?|Corp\.?|Co\.|Ltd\.?|LLP))(?=\W|$)/;
const LOAN_AMOUNT = /\b(?:borrow|loan (?:of|for)|need(?:ing)?|looking for|requesting|want)\b[^$\d]{0,25}(\$?\s*\d[\d,.]*\s*(?:k|m|mm|thousand|million)?)\b/i;
const ADDRESS = /\b(\d{1,6}\s+[^,\n]{3,60},\s*[^,\n]{2,40},\s*[A-Za-z]{2}\s+\d{5}(?:-\d{4})?)\b/;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;

/** Tool calls for the facts and intents found in the inbound message; empty when there is nothing to record. */
export function proposeToolCalls(ctx: AgentContext, newId: (i: number) => string): ToolCall[] {
  const text = ctx.inbound?.body ?? '';
  if (!text.trim()) return [];
  const calls: Omit<ToolCall, 'id'>[] = [];
  const has = (code: string) => ctx.checklist.some((i) => i.code === code);
  const record = (code: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '' && has(code)) calls.push({ name: 'update_checklist_item', input: { code, value } });
  };

  const ein = EIN.exec(text);
  record('ein', ein?.[1] ?? ein?.[2]);
  record('business_name', (BUSINESS_NAME.exec(text)?.[1] ?? BUSINESS_WITH_SUFFIX.exec(text)?.[1])?.trim());
  const amount = LOAN_AMOUNT.exec(text);
  record('loan_amount', amount ? parseAmount(amount[1]) : null);
  record('business_address', ADDRESS.exec(text)?.[1]);

  const email = EMAIL.exec(text)?.[0].toLowerCase();
  if (email && ctx.inbound?.channel === 'SMS' && email !== ctx.lead.email) calls.push({ name: 'update_contact', input: { email } });

  const intent = detectIntent(text);
  if (intent === 'NOT_INTERESTED') calls.push({ name: 'set_lead_status', input: { status: 'NOT_INTERESTED', reason: 'The lead said they are not interested' } });
  if (intent === 'HUMAN') calls.push({ name: 'request_human', input: { reason: 'The lead asked to speak with a person' } });
  return calls.map((c, i) => ({ ...c, id: newId(i) }));
}
