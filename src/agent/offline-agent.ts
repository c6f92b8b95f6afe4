import type { ComposedMessage } from '../../workflows/types';
import { missingRequired, type AgentContext } from './context';
import { detectIntent } from './intents';

const SMS_ITEMS = 2;
const EMAIL_ITEMS = 6;

/**
 * The default agent when no model is configured: deterministic, and good enough to carry a real conversation.
 * It introduces itself to a new lead, then always says what it understood and what is still missing.
 */
export function composeOffline(ctx: AgentContext): ComposedMessage {
  const missing = missingRequired(ctx);
  const isEmail = ctx.channel === 'EMAIL';
  const wanted = missing.slice(0, isEmail ? EMAIL_ITEMS : SMS_ITEMS).map((i) => i.clientInstructions ?? i.label);
  const ask = wanted.length ? listPhrase(wanted) : '';
  const firstContact = !ctx.conversation.some((m) => m.direction === 'OUTBOUND');
  const { lenderName, agentName } = ctx.persona;

  let lines: string[];
  let summary: string;
  let subject = 'Your loan application';

  if (ctx.reason === 'FOLLOW_UP') {
    subject = 'Finishing up your application';
    summary = `Follow-up ${ctx.attemptNumber ?? 1}: requested ${missing.length} missing item(s)`;
    lines = [
      `Just checking in on your application with ${lenderName}.`,
      ask ? `To keep it moving we still need ${ask}.` : 'Your application has everything we asked for.',
      ctx.finalAttempt
        ? "This is my last reminder for now. Whenever you're ready, just reply here and we'll pick up where we left off."
        : 'You can reply here with photos or PDFs whenever it suits you.',
    ];
  } else if (firstContact) {
    summary = `Introduced the assistant and requested ${wanted.length} required item(s)`;
    lines = [
      `I'm ${agentName}, ${lenderName}'s AI assistant, and I'll help you get your loan application ready.`,
      'Here is how it works: I collect a few details and documents, then a loan officer reviews your file.',
      ask ? `To get started, please send ${ask}.` : 'We already have everything we need to get started.',
      ...(ctx.inbound?.attachments.length ? [`I received ${listPhrase(ctx.inbound.attachments)}; we'll review it shortly.`] : []),
    ];
    subject = `Your application with ${lenderName}`;
  } else {
    const intent = detectIntent(ctx.inbound?.body ?? '');
    const received = ctx.inbound?.attachments.length ? `Thanks, I received ${listPhrase(ctx.inbound.attachments)}. ` : '';
    const still = ask ? `We still need ${ask}.` : 'We have everything we asked for; a loan officer will review your file.';
    switch (intent) {
      case 'NOT_INTERESTED':
        summary = 'Lead said they are not interested';
        lines = ["Understood, thanks for letting us know. We won't follow up further.", `If anything changes, just reply here and ${lenderName} will be glad to help.`];
        break;
      case 'HUMAN':
        summary = 'Lead asked for a person';
        lines = [`Of course. I've asked a loan officer at ${lenderName} to reach out to you.`, received + still];
        break;
      case 'STATUS':
        summary = `Answered a status question: ${missing.length} required item(s) missing`;
        lines = [received + (missing.length ? `Here's where things stand: ${still}` : still)];
        break;
      case 'DOCUMENT_PROMISE':
        summary = 'Acknowledged that the lead will send documents';
        lines = [received + `Sounds good, thank you. ${still}`];
        break;
      default:
        summary = received ? 'Acknowledged the files received and listed what is missing' : `Replied and listed ${missing.length} missing item(s)`;
        lines = [received ? received + still : `Thanks for your message. ${still}`];
    }
  }

  const name = ctx.lead.firstName?.trim();
  const body = isEmail
    ? [`Hi ${name || 'there'},`, '', ...lines, '', 'Best regards,', `${agentName}`, `${lenderName} (AI assistant)`].join('\n')
    : [`${name ? `Hi ${name}, ` : firstContact ? 'Hi, ' : ''}${lines.join(' ')}`, firstContact ? 'Reply STOP to opt out.' : '']
        .filter(Boolean)
        .join(' ');
  return { channel: ctx.channel, subject: isEmail ? subject : null, body, summary, missingRequiredItems: missing.length };
}

function listPhrase(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
