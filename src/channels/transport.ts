import type { Channel } from '../../workflows/types';

export interface OutboundEnvelope {
  outboxId: string;
  leadId: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
}

export interface SendResult {
  provider: string;
  /** Stable for one outbox id: a retried send of the same envelope must report the same id. */
  providerMessageId: string;
  from: string;
  status: string;
}

/** One per channel: the dev stand-in now, Twilio and Postmark adapters behind the same shape. */
export interface Transport {
  readonly provider: string;
  send(envelope: OutboundEnvelope): Promise<SendResult>;
}
