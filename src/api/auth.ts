import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findWorkspaceIdByApiKey } from '../db/workspaces';
import { ApiError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    workspaceId: string;
  }
}

/** Every route under /api needs `x-api-key`; the key decides the workspace the request acts in. */
export function installApiKeyAuth(app: FastifyInstance, db: Kysely<Database>): void {
  app.decorateRequest('workspaceId', '');
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // Decided by the route that matched, never the raw URL: an encoded path ("/%61pi/…") or an absolute-form request
    // line ("GET http://host/api/…") reaches the same handler as "/api/…" without starting with it.
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key === '') throw new ApiError(401, 'unauthorized', 'Missing x-api-key header');
    const workspaceId = await findWorkspaceIdByApiKey(db, key);
    if (!workspaceId) throw new ApiError(401, 'unauthorized', 'Invalid API key');
    req.workspaceId = workspaceId;
  });
}
