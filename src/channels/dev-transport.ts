import type { Logger } from 'pino';
import { maskAddress } from '../log';
import type { OutboundEnvelope, SendResult, Transport } from './transport';

/**
 * Nothing leaves the machine: the message is stored by the caller (like any sent message) and announced here.
 * The text itself is logged only at debug level, since message bodies are personal data.
 */
export class DevTransport implements Transport {
  readonly provider = 'dev';
  constructor(
    private readonly from: string,
    private readonly log: Logger,
  ) {}

  async send(env: OutboundEnvelope): Promise<SendResult> {
    this.log.info(
      { outboxId: env.outboxId, leadId: env.leadId, channel: env.channel, to: maskAddress(env.to), chars: env.body.length },
      'dev transport: message delivered locally (nothing left the machine)',
    );
    this.log.debug({ outboxId: env.outboxId, subject: env.subject, text: env.body }, 'dev transport: message text');
    return { provider: this.provider, providerMessageId: `dev-${env.outboxId}`, from: this.from, status: 'delivered' };
  }
}
