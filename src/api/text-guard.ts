import type { FastifyInstance } from 'fastify';
import { unstorableTextAt } from '../db/storable-text';
import { ApiError } from './errors';

/** A 400 naming the field when `value` (from the request's `where`) holds text PostgreSQL cannot store. */
export function assertStorable(value: unknown, where: string): void {
  const at = unstorableTextAt(value);
  if (at === null) return;
  const field = at || where;
  const message = 'contains a NUL character or half of a surrogate pair, which cannot be stored';
  throw new ApiError(400, 'validation_error', `${field}: ${message}`, [{ field, message }]);
}

/**
 * A request to /api whose path, query or JSON body holds such text is refused before any handler writes part of
 * it. (Webhooks keep such text, made storable: see storeInbound.)
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    assertStorable(req.params, 'params');
    assertStorable(req.query, 'query');
    assertStorable(req.body, 'body');
  });
}
