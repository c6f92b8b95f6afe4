// `npx lead-agent <command>`: an admin's view of a running Lead Agent, through its HTTP API only, so it works the
// same against a laptop or a deployed server.
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { AGENT_MODES, CHANNELS } from '../../workflows/types';
import { readAttachments, uploadForm } from './attachments';
import { CliError } from './errors';
import { formatDrafts, formatLead, formatLeads, formatReview, formatTimeline, printJson, type Draft, type LeadDetail, type LeadPage, type ReviewItem } from './format';
import { ApiClient } from './http';
import { resolveSettings } from './settings';
import type { ActionLog } from '../db/action-logs';

/** Case-insensitive choice (`sms`, `SMS`), returned the way the API spells it. */
function oneOf(values: readonly string[]) {
  return (value: string) => {
    const upper = value.toUpperCase();
    if (!values.includes(upper)) throw new InvalidArgumentError(`expected one of ${values.map((v) => v.toLowerCase()).join(', ')}`);
    return upper;
  };
}

// Statuses are left for the API to validate: its message lists the allowed values and stays current.
const upper = (value: string) => value.toUpperCase();
const segments = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

function api(cmd: Command): ApiClient {
  const { url, apiKey } = cmd.optsWithGlobals<{ url?: string; apiKey?: string }>();
  return new ApiClient(resolveSettings({ url, apiKey }));
}

/** Raw JSON for scripts, a readable rendering otherwise. */
function output<T>(json: boolean | undefined, value: T, render: (v: T) => string): void {
  if (json) printJson(value);
  else console.log(render(value));
}

const program = new Command('lead-agent')
  .description('Admin CLI for a running Lead Agent (talks to its HTTP API)')
  .option('--url <url>', 'API base URL (env LEAD_AGENT_URL; default http://127.0.0.1:$PORT, port 3000)')
  .option('--api-key <key>', 'API key (env LEAD_AGENT_API_KEY; default the development key in .data/dev-api-key)')
  .showHelpAfterError('(run with --help for usage)');

const leads = program.command('leads').description('list and inspect leads');

leads
  .command('list')
  .description('leads, newest first')
  .option('--status <status>', 'IN_PROGRESS, COMPLETED, NOT_INTERESTED or OPTED_OUT', upper)
  .option('--q <text>', 'search names, business, email and phone')
  .option('--limit <n>', 'page size, 1-200 (default 50)')
  .option('--cursor <cursor>', 'next page, from a previous listing')
  .option('--json', 'raw JSON')
  .action(async (opts, cmd: Command) => {
    const page = await api(cmd).get<LeadPage>('/api/v1/leads', { status: opts.status, q: opts.q, limit: opts.limit, cursor: opts.cursor });
    output(opts.json, page, (p) => formatLeads(p.leads) + (p.nextCursor ? `\n\nMore: --cursor ${p.nextCursor}` : ''));
  });

leads
  .command('show')
  .description('a lead with its checklist, documents, next follow-up and pending drafts')
  .argument('<leadId>')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, opts, cmd: Command) => {
    output(opts.json, await api(cmd).get<LeadDetail>(`/api/v1/leads/${segments(leadId)}`), formatLead);
  });

program
  .command('timeline')
  .description("a lead's action log, oldest first")
  .argument('<leadId>')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, opts, cmd: Command) => {
    output(opts.json, await api(cmd).get<ActionLog[]>(`/api/v1/leads/${segments(leadId)}/action-logs`), formatTimeline);
  });

program
  .command('drafts')
  .description('outgoing messages by status (default: awaiting approval)')
  .option('--status <status>', 'AWAITING_APPROVAL, SENT, REJECTED, CANCELLED, PENDING or FAILED', upper)
  .option('--lead <leadId>', "only this lead's drafts")
  .option('--limit <n>', 'page size, 1-500 (default 100), oldest first')
  .option('--cursor <cursor>', 'next page, from a previous listing')
  .option('--json', 'raw JSON (the array; the next page is named on stderr)')
  .action(async (opts, cmd: Command) => {
    const page = await api(cmd).getPage<Draft[]>('/api/v1/drafts', { status: opts.status, leadId: opts.lead, limit: opts.limit, cursor: opts.cursor });
    output(opts.json, page.data, formatDrafts);
    if (page.nextCursor) console.error(`More: --cursor ${page.nextCursor}`);
  });

program
  .command('approve')
  .description('send a draft, optionally with edited text')
  .argument('<leadId>')
  .argument('<draftId>')
  .option('--body <text>', 'send this text instead of the draft')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, draftId: string, opts, cmd: Command) => {
    const res = await api(cmd).post<{ messageId: string }>(`/api/v1/leads/${segments(leadId, 'drafts', draftId)}/approve`, { body: opts.body });
    output(opts.json, res, (r) => `Approved draft ${draftId}: sent as message ${r.messageId}.`);
  });

program
  .command('reject')
  .description('discard a draft; nothing is sent')
  .argument('<leadId>')
  .argument('<draftId>')
  .requiredOption('--reason <text>', 'why (kept on the timeline)')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, draftId: string, opts, cmd: Command) => {
    const res = await api(cmd).post(`/api/v1/leads/${segments(leadId, 'drafts', draftId)}/reject`, { reason: opts.reason });
    output(opts.json, res, () => `Rejected draft ${draftId}.`);
  });

program
  .command('mode')
  .description('autopilot: the agent replies; listen: every reply waits for approval')
  .argument('<leadId>')
  .argument('<mode>', 'autopilot or listen', oneOf(AGENT_MODES))
  .option('--json', 'raw JSON')
  .action(async (leadId: string, mode: string, opts, cmd: Command) => {
    const res = await api(cmd).put<{ lead: { mode: string } }>(`/api/v1/leads/${segments(leadId)}`, { mode });
    output(opts.json, res, (r) => `Lead ${leadId} is now in ${r.lead.mode} mode.`);
  });

program
  .command('send-inbound')
  .description('deliver a message as if the lead had sent it (testing, demos, replaying a provider)')
  .requiredOption('--channel <channel>', 'sms or email', oneOf(CHANNELS))
  .requiredOption('--from <address>', 'phone number (+1...) or email address')
  .option('--to <address>', 'our number or inbound address')
  .option('--subject <text>', 'email subject')
  .option('--body <text>', 'message text (may be empty with --attach)', '')
  .option('--attach <files...>', 'attach files (mime type from the extension)')
  .option('--id <externalMessageId>', 'provider message id; resending the same id is a no-op (default: random)')
  .option('--json', 'raw JSON')
  .action(async (opts, cmd: Command) => {
    const res = await api(cmd).post<{ leadId: string; messageId: string; workflowId: string; duplicate: boolean }>('/api/v1/messages/inbound', {
      channel: opts.channel,
      from: opts.from,
      to: opts.to,
      subject: opts.subject,
      body: opts.body,
      externalMessageId: opts.id ?? `cli-${randomUUID()}`,
      attachments: opts.attach ? await readAttachments(opts.attach) : undefined,
    });
    output(opts.json, res, (r) => `${r.duplicate ? 'Already received' : 'Delivered'}: message ${r.messageId} for lead ${r.leadId} (workflow ${r.workflowId}).`);
  });

program
  .command('review')
  .description('checklist items waiting for a person, across leads, longest-waiting first')
  .option('--status <status>', 'NEEDS_REVIEW (default), INVALID, TODO, COMPLETED or SKIPPED', upper)
  .option('--limit <n>', 'page size, 1-200 (default 50)')
  .option('--cursor <cursor>', 'next page, from a previous listing')
  .option('--json', 'raw JSON (the array; the next page is named on stderr)')
  .action(async (opts, cmd: Command) => {
    const page = await api(cmd).getPage<ReviewItem[]>('/api/v1/checklist-items', { status: opts.status, limit: opts.limit, cursor: opts.cursor });
    output(opts.json, page.data, formatReview);
    if (page.nextCursor) console.error(`More: --cursor ${page.nextCursor}`);
  });

program
  .command('settle')
  .description("set a checklist item's status or value by hand (source: manual)")
  .argument('<leadId>')
  .argument('<itemId>')
  .option('--status <status>', 'COMPLETED, INVALID, NEEDS_REVIEW, SKIPPED or TODO', upper)
  .option('--value <value>', 'a typed value (EIN, address, amount...), checked like the agent\'s')
  .option('--reason <text>', 'why (kept on the item and the timeline; for INVALID, told to the lead in the next follow-up)')
  .option('--by <name>', 'who decided (default admin)')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, itemId: string, opts, cmd: Command) => {
    const res = await api(cmd).put<{ item: { label: string; status: string } }>(`/api/v1/leads/${segments(leadId, 'checklist-items', itemId)}`, {
      status: opts.status,
      value: opts.value,
      reason: opts.reason,
      by: opts.by,
    });
    output(opts.json, res, (r) => `${r.item.label} is now ${r.item.status}.`);
  });

program
  .command('upload')
  .description("add documents to a lead's file (read by the agent; the lead is not messaged)")
  .argument('<leadId>')
  .argument('<files...>')
  .option('--item <itemId>', 'the checklist item the files are for')
  .option('--json', 'raw JSON')
  .action(async (leadId: string, files: string[], opts, cmd: Command) => {
    const res = await api(cmd).postForm<{ uploadId: string; documents: { id: string; filename: string }[] }>('/api/v1/documents', await uploadForm({ leadId, checklistItemId: opts.item }, files));
    output(opts.json, res, (r) => `Uploaded ${r.documents.map((d) => d.filename).join(', ')} (upload ${r.uploadId}); the agent reads them next.`);
  });

program
  .command('follow-up')
  .description('ask the agent to follow up with a lead now')
  .argument('<leadId>')
  .option('--channel <channel>', 'sms or email (default: the agent chooses)', oneOf(CHANNELS))
  .option('--json', 'raw JSON')
  .action(async (leadId: string, opts, cmd: Command) => {
    const res = await api(cmd).post(`/api/v1/leads/${segments(leadId)}/follow-ups`, { channel: opts.channel });
    output(opts.json, res, () => `Follow-up requested for lead ${leadId}.`);
  });

program
  .command('temporal')
  .description('run the Temporal dev server alone (temporal-dev.yml), in the foreground until Ctrl-C')
  .action(async () => {
    // The same entry point as `npm run temporal`; it owns its output, signals and exit code.
    await import('../temporal/run-dev-server');
  });

try {
  await program.parseAsync();
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`error: ${err.message}`);
  process.exitCode = 1;
}
