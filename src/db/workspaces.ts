import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toJson } from './json';
import type { Database, WorkspaceSettings } from './schema';

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');
export const generateApiKey = (): string => `la_${randomBytes(24).toString('base64url')}`;

export async function ensureWorkspace(
  db: Kysely<Database>,
  ws: { id: string; name: string; settings: WorkspaceSettings },
): Promise<void> {
  await db
    .insertInto('workspaces')
    .values({ id: ws.id, name: ws.name, settings: toJson(ws.settings) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: ws.name, settings: toJson(ws.settings) }))
    .execute();
}

export async function getWorkspace(db: Kysely<Database>, id: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Registers a key (stored hashed only); registering the same key twice is a no-op. */
export async function addApiKey(db: Kysely<Database>, workspaceId: string, key: string, label: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ id: randomUUID(), workspace_id: workspaceId, key_hash: hashApiKey(key), label })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
}

export async function findWorkspaceIdByApiKey(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('api_keys').select('workspace_id').where('key_hash', '=', hashApiKey(key)).executeTakeFirst();
  return row?.workspace_id;
}
