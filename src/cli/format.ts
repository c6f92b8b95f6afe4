import type { draftView, leadView } from '../api/views';
import type { ActionLog } from '../db/action-logs';
import type { groupChecklist } from '../db/checklist';

// The server's own view types, imported as types only, so the CLI follows the API's shapes without loading it.
export type Lead = ReturnType<typeof leadView>;
export type Draft = ReturnType<typeof draftView>;

export interface LeadPage {
  leads: Lead[];
  nextCursor: string | null;
}

export interface LeadDetail {
  lead: Lead;
  checklist: ReturnType<typeof groupChecklist>;
  documents: { filename: string; mimeType: string; size: number; status: string }[];
  nextFollowUp: { scheduledAt: string | null; channel?: string; attemptNumber?: number } | null;
  pendingDrafts: Draft[];
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** Left-aligned columns; the last one is not padded so long text does not drag trailing spaces. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

/** ISO time to the second: the API's UTC instants, without noise. */
export function time(iso: string | null): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '-';
}

function oneLine(text: string | null, max = 60): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const name = (l: Lead) => [l.firstName, l.lastName].filter(Boolean).join(' ') || '(no name)';
const contact = (l: Lead) => [l.phoneNumber, l.email].filter(Boolean).join(' ') || '-';

export function formatLeads(leads: Lead[]): string {
  if (leads.length === 0) return 'No leads.';
  return table(
    ['ID', 'NAME', 'CONTACT', 'STATUS', 'MODE', 'CREATED'],
    leads.map((l) => [l.id, name(l), contact(l), l.status, l.mode, time(l.createdAt)]),
  );
}

export function formatLead(d: LeadDetail): string {
  const l = d.lead;
  const optedOut = [l.smsOptedOut && 'SMS', l.emailOptedOut && 'email'].filter(Boolean).join(', ');
  const lines = [
    `${name(l)}${l.businessName ? ` (${l.businessName})` : ''}`,
    `  id        ${l.id}`,
    `  contact   ${contact(l)}${optedOut ? `  (opted out: ${optedOut})` : ''}`,
    `  status    ${l.status}, ${l.mode}, assigned to ${l.assigneeType}`,
    `  created   ${time(l.createdAt)}`,
    `  follow-up ${d.nextFollowUp ? `${time(d.nextFollowUp.scheduledAt)}${d.nextFollowUp.channel ? ` by ${d.nextFollowUp.channel}` : ''}` : 'none scheduled'}`,
    '',
    'Checklist',
  ];
  for (const group of d.checklist) {
    lines.push(`  ${group.name}`);
    for (const item of group.items) {
      const value = item.value == null ? '' : `: ${oneLine(typeof item.value === 'string' ? item.value : JSON.stringify(item.value), 40)}`;
      lines.push(`    [${item.status}] ${item.label}${item.isRequired ? '' : ' (optional)'}${value}`);
    }
  }
  lines.push('', `Documents (${d.documents.length})`);
  for (const doc of d.documents) lines.push(`  ${doc.filename}  ${doc.mimeType}  ${doc.size} bytes  ${doc.status}`);
  lines.push('', `Drafts awaiting approval (${d.pendingDrafts.length})`);
  for (const draft of d.pendingDrafts) lines.push(`  ${draft.id}  ${draft.channel}  ${oneLine(draft.body)}`);
  return lines.join('\n');
}

export function formatTimeline(logs: ActionLog[]): string {
  if (logs.length === 0) return 'Nothing on the timeline yet.';
  return table(
    ['TIME', 'TYPE', 'STATUS', 'SUMMARY'],
    logs.map((l) => [time(l.createdAt), l.type, l.status, oneLine(l.error ? `${l.summary} (${l.error})` : l.summary, 100)]),
  );
}

export interface ReviewItem {
  id: string;
  code: string;
  label: string;
  status: string;
  validationError: string | null;
  updatedAt: string;
  lead: { id: string; name: string };
}

export function formatReview(items: ReviewItem[]): string {
  if (items.length === 0) return 'Nothing to review.';
  return table(
    ['ITEM', 'LEAD', 'NAME', 'CHECKLIST ITEM', 'STATUS', 'SINCE', 'WHY'],
    items.map((i) => [i.id, i.lead.id, i.lead.name, i.label, i.status, time(i.updatedAt), oneLine(i.validationError ?? '-')]),
  );
}

export function formatDrafts(drafts: Draft[]): string {
  if (drafts.length === 0) return 'No drafts.';
  return table(
    ['ID', 'LEAD', 'CHANNEL', 'TO', 'STATUS', 'CREATED', 'BODY'],
    drafts.map((d) => [d.id, d.leadId, d.channel, d.to ?? '-', d.status, time(d.createdAt), oneLine(d.body)]),
  );
}
