import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AgentModel } from '../src/agent/model';
import type { Transport } from '../src/channels/transport';
import type { Config } from '../src/config';
import type { OcrPool } from '../src/documents/ocr-pool';
import type { Database } from '../src/db/schema';
import type { Channel } from '../workflows/types';

/** What every activity stands on; built once per worker by worker.ts (or by a test). */
export interface ActivityDeps {
  db: Kysely<Database>;
  transports: Record<Channel, Transport>;
  agent: AgentModel;
  config: Config;
  /** Shared OCR workers (tesseract.js), started on first use. */
  ocr: OcrPool;
  log: Logger;
}
