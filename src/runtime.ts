import type { Logger } from 'pino';
import { DevTransport } from './channels/dev-transport';
import type { Transport } from './channels/transport';
import type { Channel } from '../workflows/types';

/** Outbound transports per channel. Twilio and Postmark adapters slot in here when their credentials are set. */
export function createTransports(log: Logger): Record<Channel, Transport> {
  return {
    SMS: new DevTransport('dev:sms', log),
    EMAIL: new DevTransport('dev:email', log),
  };
}
