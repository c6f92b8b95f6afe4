import type { Kysely } from 'kysely';
import { storable } from '../db/storable-text';
import { insertDocuments, type AttachmentRejection } from '../db/documents';
import { findOrCreateLeadByAddress, getLead } from '../db/leads';
import { findMessageByProviderId, insertMessageOnce } from '../db/messages';
import type { Database, LeadRow, MessageRow, MessageThread } from '../db/schema';
import { normalizeAddress } from '../leads/identity';
import type { Channel } from '../../workflows/types';

export interface InboundAttachment {
  filename: string;
  mimeType: string;
  content: Uint8Array;
  /** Refused on arrival (e.g. over the size limit): stored without bytes so the lead is told what to resend. */
  rejection?: AttachmentRejection;
}

export interface InboundMessage {
  workspaceId: string;
  channel: Channel;
  from: string;
  to: string | null;
  subject: string | null;
  body: string;
  provider: string;
  providerMessageId: string;
  attachments: InboundAttachment[];
  thread?: MessageThread;
  /** MMS media to fetch later, durably, in the lead's workflow. */
  media?: { url: string; contentType: string }[];
  /** A lead named by the channel itself (an email's plus-address): it wins over the sender's address. */
  leadId?: string | null;
  checklistTemplate: string;
}

export class InvalidAddressError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Step 1 of every conversation turn, before any workflow is involved: find or create the lead, then store the
 * message and its files exactly once. Only after this has committed may the caller signal the workflow, so an
 * accepted message is never lost; a redelivery finds the stored row and is reported as a duplicate.
 */
export async function storeInbound(
  db: Kysely<Database>,
  delivered: InboundMessage,
): Promise<{ lead: LeadRow; message: MessageRow; duplicate: boolean }> {
  // What a provider delivers is kept even when it holds text PostgreSQL cannot store (a NUL in an SMS body).
  const m = storable(delivered);
  const address = normalizeAddress(m.channel, m.from);
  if (!address) {
    throw new InvalidAddressError('from', m.channel === 'SMS' ? `"${m.from}" is not a valid phone number` : `"${m.from}" is not a valid email address`);
  }
  // A redelivery belongs to the lead it was first stored for, whoever matches the address now: look before finding
  // (or creating) a lead by address, which may have changed hands since.
  const earlier = await findMessageByProviderId(db, m.workspaceId, m.provider, m.providerMessageId);
  const owner = earlier && (await getLead(db, earlier.lead_id));
  if (earlier && owner) return { lead: owner, message: earlier, duplicate: true };
  // The lead, when new, is created in the same transaction as its first message: a failure stores neither.
  const stored = await db.transaction().execute(async (tx) => {
    const routed = m.leadId ? await getLead(tx, m.leadId, m.workspaceId) : undefined;
    const lead =
      routed ??
      (await findOrCreateLeadByAddress(tx, m.channel, address, {
        workspace_id: m.workspaceId,
        checklist_template: m.checklistTemplate,
        source: `inbound-${m.channel.toLowerCase()}`,
      }));
    const result = await insertMessageOnce(tx, {
      workspaceId: m.workspaceId,
      leadId: lead.id,
      channel: m.channel,
      direction: 'INBOUND',
      from: address,
      to: m.to,
      subject: m.subject,
      body: m.body,
      provider: m.provider,
      providerMessageId: m.providerMessageId,
      status: 'received',
      thread: m.thread,
      media: m.media,
    });
    if (!result.duplicate) {
      await insertDocuments(tx, m.attachments.map((a) => ({ ...a, workspaceId: m.workspaceId, leadId: lead.id, messageId: result.message.id })));
    }
    return { ...result, lead };
  });
  // Lost a race with a concurrent delivery of the same message: it belongs to the lead that one stored it for.
  const first = stored.duplicate && stored.message.lead_id !== stored.lead.id ? await getLead(db, stored.message.lead_id) : undefined;
  return { lead: first ?? stored.lead, message: stored.message, duplicate: stored.duplicate };
}
