import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { CHECKLIST_TEMPLATES, findTemplate } from './checklist/templates';
import type { Config } from './config';
import { syncTemplates } from './db/checklist';
import { migrateToLatest } from './db/migrate';
import type { Database } from './db/schema';
import { addApiKey, ensureWorkspace, generateApiKey } from './db/workspaces';

export const DEFAULT_WORKSPACE_ID = 'default';

/**
 * Brings a database to a working state: schema, shipped checklist templates, the default workspace and its
 * bootstrap API key. Idempotent; every process runs it on start.
 * Without LEAD_AGENT_API_KEY a development key is made once and kept in DATA_DIR, so it survives restarts.
 */
export async function bootstrap(db: Kysely<Database>, config: Config): Promise<{ workspaceId: string; apiKey: string | null; generated: boolean }> {
  await migrateToLatest(db);
  await syncTemplates(db, CHECKLIST_TEMPLATES);
  if (!findTemplate(config.DEFAULT_CHECKLIST_TEMPLATE)) {
    throw new Error(`DEFAULT_CHECKLIST_TEMPLATE "${config.DEFAULT_CHECKLIST_TEMPLATE}" is not one of: ${CHECKLIST_TEMPLATES.map((t) => t.code).join(', ')}`);
  }
  await ensureWorkspace(db, {
    id: DEFAULT_WORKSPACE_ID,
    name: config.LENDER_NAME,
    settings: {
      defaultMode: config.DEFAULT_MODE,
      lenderName: config.LENDER_NAME,
      agentName: config.AGENT_NAME,
      checklistTemplate: config.DEFAULT_CHECKLIST_TEMPLATE,
      followUpCadenceMs: config.FOLLOW_UP_CADENCE,
    },
  });
  if (config.LEAD_AGENT_API_KEY) {
    await addApiKey(db, DEFAULT_WORKSPACE_ID, config.LEAD_AGENT_API_KEY, 'LEAD_AGENT_API_KEY');
    return { workspaceId: DEFAULT_WORKSPACE_ID, apiKey: config.LEAD_AGENT_API_KEY, generated: false };
  }
  const keyFile = path.join(config.DATA_DIR, 'dev-api-key');
  const generated = !existsSync(keyFile);
  if (generated) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(keyFile, generateApiKey() + '\n', { mode: 0o600 });
  }
  const apiKey = readFileSync(keyFile, 'utf8').trim();
  await addApiKey(db, DEFAULT_WORKSPACE_ID, apiKey, 'development key');
  return { workspaceId: DEFAULT_WORKSPACE_ID, apiKey, generated };
}
