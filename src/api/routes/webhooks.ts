import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_WORKSPACE_ID } from '../../bootstrap';
import { checkBasicAuth, parsePostmarkInbound } from '../../channels/postmark-webhook';
import {
  EMPTY_TWIML,
  mergeDeliveryStatus,
  parseTwilioInbound,
  parseTwilioStatus,
  twilioWebhookUrl,
  verifyTwilioSignature,
  type TwilioParams,
  type TwilioStatusCallback,
} from '../../channels/twilio-webhook';
import { upsertActionLog } from '../../db/action-logs';
import { updateLead } from '../../db/leads';
import { InvalidAddressError, storeInbound, type InboundMessage } from '../../inbound/intake';
import { refusedAttachment } from '../../inbound/rejected-attachments';
import { requireWorkspace, type ApiContext } from '../context';
import { ApiError } from '../errors';

// Postmark posts up to 35 MB of attachments, base64-encoded inside JSON. A 413 would make it retry for hours.
const POSTMARK_BODY_LIMIT = 50 * 1024 * 1024;

/**
 * Provider webhooks. Each stores the message exactly once (by the provider's id) and only then signals the lead's
 * workflow, answering fast; the work happens in the workflow. Provider webhooks act for the default workspace.
 */
export async function webhookRoutes(app: FastifyInstance, ctx: ApiContext) {
  await app.register(formbody);
  const { config } = ctx;

  function requireTwilio(req: FastifyRequest): void {
    if (!config.TWILIO_AUTH_TOKEN || !config.PUBLIC_BASE_URL) {
      throw new ApiError(503, 'not_configured', 'Twilio webhooks need TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL');
    }
    const url = twilioWebhookUrl(config.PUBLIC_BASE_URL, req.url);
    if (!verifyTwilioSignature(config.TWILIO_AUTH_TOKEN, req.headers['x-twilio-signature'], url, (req.body ?? {}) as TwilioParams)) {
      req.log.warn({ path: req.url.split('?')[0] }, 'twilio webhook refused: bad or missing signature');
      throw new ApiError(403, 'forbidden', 'X-Twilio-Signature is missing or does not match');
    }
  }

  const invalid = (field: string, reason: string) => new ApiError(400, 'validation_error', `${field}: ${reason}`, [{ field, message: reason }]);

  async function deliver(input: Omit<InboundMessage, 'workspaceId' | 'checklistTemplate'>) {
    const ws = await requireWorkspace(ctx, DEFAULT_WORKSPACE_ID);
    try {
      const stored = await storeInbound(ctx.db, { ...input, workspaceId: ws.id, checklistTemplate: ws.settings.checklistTemplate });
      await ctx.agent.deliverInbound({ leadId: stored.lead.id, workspaceId: ws.id }, stored.message.id);
      return stored;
    } catch (err) {
      if (err instanceof InvalidAddressError) throw invalid('From', err.message);
      throw err;
    }
  }

  /** Delivery state only moves forward; a 21610 means the number opted out at the carrier. */
  async function applyStatus(status: TwilioStatusCallback) {
    const message = await ctx.db
      .selectFrom('messages')
      .select(['id', 'lead_id', 'status'])
      .where('provider', '=', 'twilio')
      .where('provider_message_id', '=', status.messageSid)
      .executeTakeFirst();
    if (!message) return false;
    const next = mergeDeliveryStatus(message.status, status.status);
    if (next !== message.status) await ctx.db.updateTable('messages').set({ status: next }).where('id', '=', message.id).execute();
    if (status.optedOut) {
      await updateLead(ctx.db, message.lead_id, { sms_opted_out: true });
      await upsertActionLog(ctx.db, {
        id: `opt-out-${status.messageSid}`,
        leadId: message.lead_id,
        type: 'SYSTEM_NOTE',
        status: 'COMPLETED',
        summary: 'Carrier reported the number opted out (Twilio 21610); no more SMS',
        input: { channel: 'SMS', errorCode: status.errorCode },
      });
    }
    return true;
  }

  const twiml = (reply: FastifyReply) => reply.status(200).type('text/xml').send(EMPTY_TWIML);

  app.post('/webhooks/twilio/sms', async (req, reply) => {
    requireTwilio(req);
    const parsed = parseTwilioInbound((req.body ?? {}) as TwilioParams);
    if (parsed.kind === 'invalid') throw invalid(parsed.field, parsed.reason);
    if (parsed.kind === 'status') {
      // A status callback sent to the inbound URL: not a message, but not to be lost either.
      await applyStatus(parsed);
      return twiml(reply);
    }
    await deliver({
      channel: 'SMS',
      from: parsed.fromNumber,
      to: parsed.toNumber,
      subject: null,
      body: parsed.body,
      provider: 'twilio',
      providerMessageId: parsed.messageSid,
      attachments: [],
      media: parsed.media,
    });
    return twiml(reply);
  });

  app.post('/webhooks/twilio/status', async (req, reply) => {
    requireTwilio(req);
    const parsed = parseTwilioStatus((req.body ?? {}) as TwilioParams);
    if (parsed.kind === 'invalid') throw invalid(parsed.field, parsed.reason);
    const known = await applyStatus(parsed);
    if (!known) req.log.info({ messageSid: parsed.messageSid }, 'status callback for a message we did not send; ignored');
    return reply.status(200).send();
  });

  app.post('/webhooks/postmark/inbound', { bodyLimit: POSTMARK_BODY_LIMIT }, async (req, reply) => {
    if (!config.POSTMARK_WEBHOOK_USER || !config.POSTMARK_WEBHOOK_PASSWORD) {
      throw new ApiError(503, 'not_configured', 'Postmark webhooks need POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD');
    }
    if (!checkBasicAuth(req.headers.authorization, config.POSTMARK_WEBHOOK_USER, config.POSTMARK_WEBHOOK_PASSWORD)) {
      throw new ApiError(403, 'forbidden', 'HTTP basic auth is missing or wrong');
    }
    const parsed = parsePostmarkInbound(req.body, { maxAttachmentBytes: config.MAX_ATTACHMENT_BYTES });
    if (parsed.kind === 'invalid') throw invalid(parsed.field, parsed.reason);
    const stored = await deliver({
      channel: 'EMAIL',
      from: parsed.from,
      to: parsed.to,
      subject: parsed.subject || null,
      body: parsed.text,
      provider: 'postmark',
      providerMessageId: parsed.messageId,
      attachments: [
        ...parsed.attachments.map((a) => ({ filename: a.filename, mimeType: a.mimeType, content: a.content })),
        // Files refused on arrival are kept as rows without bytes: the lead is told what to resend.
        ...parsed.rejectedAttachments.flatMap((r) => refusedAttachment(r.filename, 'application/octet-stream', r.reason, config.MAX_ATTACHMENT_BYTES, r.size) ?? []),
      ],
      thread: parsed.thread,
      leadId: parsed.mailboxHash,
    });
    if (parsed.rejectedAttachments.length) {
      req.log.warn({ messageId: stored.message.id, rejected: parsed.rejectedAttachments }, 'some email attachments could not be used');
    }
    return reply.status(200).send({ leadId: stored.lead.id, messageId: stored.message.id, duplicate: stored.duplicate });
  });
}
