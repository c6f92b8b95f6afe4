import type { Logger } from 'pino';
import { ClaudeAgent } from './agent/claude';
import type { AgentModel } from './agent/model';
import { offlineModel } from './agent/offline-model';
import { DevTransport } from './channels/dev-transport';
import type { Transport } from './channels/transport';
import type { Config } from './config';
import type { Channel } from '../workflows/types';

/** Outbound transports per channel. Twilio and Postmark adapters slot in here when their credentials are set. */
export function createTransports(log: Logger): Record<Channel, Transport> {
  return {
    SMS: new DevTransport('dev:sms', log),
    EMAIL: new DevTransport('dev:email', log),
  };
}

/** Claude when a key is configured, otherwise the deterministic offline agent. */
export function createAgentModel(config: Config): AgentModel {
  if (!config.ANTHROPIC_API_KEY) return offlineModel;
  return new ClaudeAgent({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL });
}
