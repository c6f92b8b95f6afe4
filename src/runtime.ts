import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities/deps';
import { ClaudeAgent } from './agent/claude';
import type { AgentModel } from './agent/model';
import { offlineModel } from './agent/offline-model';
import { createTransports as createChannelTransports } from './channels/providers';
import type { Transport } from './channels/transport';
import type { Config } from './config';
import type { Database } from './db/schema';
import { OcrPool } from './documents/ocr-pool';
import type { Channel } from '../workflows/types';

/** Twilio and Postmark when their credentials are configured, the dev transport for a channel without them. */
export function createTransports(config: Config, log: Logger): Record<Channel, Transport> {
  // The adapters read the same variable names the configuration validated.
  return createChannelTransports(config as unknown as NodeJS.ProcessEnv, log);
}

/** Claude when a key is configured, otherwise the deterministic offline agent. */
export function createAgentModel(config: Config): AgentModel {
  if (!config.ANTHROPIC_API_KEY) return offlineModel;
  return new ClaudeAgent({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL });
}

/** Everything the activities stand on, built once per worker process; `close()` stops the OCR workers and engine. */
export function createActivityDeps(config: Config, db: Kysely<Database>, log: Logger): ActivityDeps & { close(): Promise<void> } {
  const ocr = new OcrPool({
    onError: (err) => log.error({ err: String(err) }, 'OCR worker error'),
    // The page keeps its tesseract reading; the error comes from onnxruntime or sharp, never with document text.
    onPaddleError: (err) => log.warn({ err: String(err) }, 'PaddleOCR failed, tesseract reading kept'),
    ...(config.PADDLE_OCR === 'off' && { paddle: false as const }),
  });
  return {
    db,
    transports: createTransports(config, log.child({ component: 'transport' })),
    agent: createAgentModel(config),
    config,
    ocr,
    log,
    close: () => ocr.close(),
  };
}
