import type { AgentStepResult, ComposedMessage, ToolResult, TranscriptEntry } from '../../workflows/types';
import { missingRequired, type AgentContext } from './context';
import { quotable } from '../policy/echo';
import { detectIntent } from './intents';
import { proposeToolCalls } from './offline-facts';

const SMS_ITEMS = 2;
const EMAIL_ITEMS = 6;

/**
 * The default agent when no model is configured: deterministic, on the same loop as the model. Its first step
 * records what the message states (tool calls); its last writes the reply from the checklist as it then stands.
 */
export function offlineStep(ctx: AgentContext, transcript: TranscriptEntry[], turnId: string): AgentStepResult {
  if (ctx.reason === 'REPLY' && transcript.length === 0) {
    const calls = proposeToolCalls(ctx, (i) => `offline-${turnId}-${i}`);
    if (calls.length) return { kind: 'tool_calls', text: null, calls };
  }
  return { kind: 'final', message: composeOffline(ctx, transcript) };
}

/** The reply itself. It says what it understood, then what is still missing. */
export function composeOffline(ctx: AgentContext, transcript: TranscriptEntry[] = []): ComposedMessage {
  const results = transcript.flatMap((t) => (t.role === 'tool' ? t.results : []));
  const missing = missingRequired(ctx);
  const isEmail = ctx.channel === 'EMAIL';
  const asking = missing.slice(0, isEmail ? EMAIL_ITEMS : SMS_ITEMS);
  const wanted = asking.map((i) => i.clientInstructions ?? i.label);
  const ask = wanted.length ? listPhrase(wanted) : '';
  const firstContact = !ctx.conversation.some((m) => m.direction === 'OUTBOUND');
  const { lenderName, agentName } = ctx.persona;
  const noted = acknowledgements(ctx, results);
  const optedOutOfLoan = results.some((r) => !r.isError && r.effects?.status === 'NOT_INTERESTED');
  const toHuman = results.some((r) => !r.isError && r.effects?.assignee === 'HUMAN');

  let lines: string[];
  let summary: string;
  let subject = 'Your loan application';

  if (ctx.reason === 'FOLLOW_UP') {
    subject = 'Finishing up your application';
    summary = `Follow-up ${ctx.attemptNumber ?? 1}: requested ${missing.length} missing item(s)`;
    // Between turns a reviewer may have refused a file: say why, since no reply has told the lead.
    const again = listPhrase(
      asking.map((i, k) => {
        const why = i.status === 'INVALID' && i.problem ? i.problem.split(';')[0]!.trim().replace(/\.$/, '').slice(0, 100) : null;
        return why ? `a new copy of ${wanted[k]} (${why})` : wanted[k]!;
      }),
    );
    lines = [
      `Just checking in on your application with ${lenderName}.`,
      again ? `To keep it moving we still need ${again}.` : 'Your application has everything we asked for.',
      ctx.finalAttempt
        ? "This is my last reminder for now. Whenever you're ready, just reply here and we'll pick up where we left off."
        : 'You can reply here with photos or PDFs whenever it suits you.',
    ];
  } else if (optedOutOfLoan) {
    summary = 'Lead said they are not interested; follow-ups stopped';
    lines = ["Understood, thanks for letting us know. We won't follow up further.", `If anything changes, just reply here and ${lenderName} will be glad to help.`];
  } else if (toHuman) {
    summary = 'Lead asked for a person; handed to a loan officer';
    lines = [`Of course. I've asked a loan officer at ${lenderName} to get back to you personally, usually within one business day.`];
  } else if (firstContact) {
    summary = `Introduced the assistant and requested ${wanted.length} required item(s)`;
    subject = `Your application with ${lenderName}`;
    lines = [
      `I'm ${agentName}, ${lenderName}'s AI assistant, and I'll help you get your loan application ready.`,
      ...(isEmail || !noted.length ? ['Here is how it works: I collect a few details and documents, then a loan officer reviews your file.'] : []),
      ...noted,
      ...received(ctx).map((r) => r.trim()),
      ask ? `${noted.length || ctx.inbound?.attachments.length ? 'Next' : 'To get started'}, please send ${ask}.` : 'We already have everything we need to get started.',
    ];
  } else {
    const intent = detectIntent(ctx.inbound?.body ?? '');
    const files = received(ctx).join('');
    const still = ask ? `We still need ${ask}.` : 'We have everything we asked for; a loan officer will review your file.';
    if (intent === 'STATUS') {
      summary = `Answered a status question: ${missing.length} required item(s) missing`;
      lines = [files + (missing.length ? `Here's where things stand: ${still}` : still), ...recap(ctx, isEmail)];
    } else if (intent === 'TERMS_QUESTION') {
      summary = 'Answered a question about rates or approval: a loan officer will discuss it';
      lines = [`Good question. Rates, terms and timing depend on a loan officer's review of your complete file, so I can't quote them, but they'll go over everything with you.`, files + still];
    } else if (intent === 'QUESTION') {
      summary = 'Answered a general question and listed what is missing';
      lines = [...noted, `Thanks for asking; a loan officer can go into that when they review your file.`, files + still];
    } else if (intent === 'DOCUMENT_PROMISE') {
      summary = 'Acknowledged that the lead will send documents';
      lines = [files + `Sounds good, thank you. ${still}`];
    } else {
      summary = noted.length ? `Recorded ${noted.length} detail(s) and listed what is missing` : files ? 'Reported on the files received and listed what is missing' : `Replied and listed ${missing.length} missing item(s)`;
      lines = [...noted, (files || (noted.length ? '' : 'Thanks for your message. ')) + still, ...(isEmail ? recap(ctx, true) : [])];
    }
  }

  const name = ctx.lead.firstName?.trim();
  const body = isEmail
    ? [`Hi ${name || 'there'},`, '', ...lines, '', 'Best regards,', agentName, `${lenderName} (AI assistant)`].join('\n')
    : [`${name ? `Hi ${name}, ` : firstContact ? 'Hi, ' : ''}${lines.join(' ')}`, firstContact ? 'Reply STOP to opt out.' : '']
        .filter(Boolean)
        .join(' ');
  return { channel: ctx.channel, subject: isEmail ? subject : null, body, summary, missingRequiredItems: missing.length };
}

/** "Thanks, I've noted your EIN." / "The EIN you sent doesn't look right: ..." for this turn's recorded values. */
function acknowledgements(ctx: AgentContext, results: ToolResult[]): string[] {
  // "your business's EIN": the same words the lead was asked with.
  const labelOf = (code: string) => {
    const item = ctx.checklist.find((i) => i.code === code);
    return item?.clientInstructions ?? item?.label ?? code;
  };
  const done = results.filter((r) => r.name === 'update_checklist_item' && !r.isError).map((r) => labelOf((r.output as { code: string }).code));
  const refused = results.filter((r) => r.name === 'update_checklist_item' && r.isError).map((r) => (r.output as { error: string }).error);
  return [
    ...(done.length ? [`Thanks, I've noted ${listPhrase(done)}.`] : []),
    ...refused.map((e) => `One thing to double-check: ${e}.`),
  ];
}

/** One sentence per file the lead just sent: what it was taken as and what, if anything, was wrong with it. */
function received(ctx: AgentContext): string[] {
  const inbound = ctx.inbound;
  if (!inbound?.attachments.length) return [];
  if (inbound.documentNotes.length) return inbound.documentNotes.map((n) => `${n} `);
  const names = inbound.attachments.map((name, i) => quotable(name) ?? `file ${i + 1}`);
  return [`Thanks, I received ${listPhrase(names)}; we'll review ${names.length > 1 ? 'them' : 'it'} shortly. `];
}

/** What we already hold, so a lead switching channels sees the same application. */
function recap(ctx: AgentContext, include: boolean): string[] {
  if (!include) return [];
  // Only what can be quoted safely: a stated value is the lead's words, not ours.
  const held = ctx.checklist.flatMap((i) => {
    const value = i.status === 'COMPLETED' && i.display ? quotable(i.display) : null;
    return value ? [`${i.label}: ${value}`] : [];
  });
  return held.length ? [`What we have so far: ${held.join('; ')}.`] : [];
}

function listPhrase(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
