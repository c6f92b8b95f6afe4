import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** Every error the API returns: `{ error: { code, message, details? } }`, never a stack trace. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** Parses with a zod schema; a failure is a 400 that names each field at fault. */
export function parseOr400<T extends z.ZodType>(schema: T, data: unknown, where: 'body' | 'query' | 'params' = 'body'): z.infer<T> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const details: FieldError[] = result.error.issues.map((i) => ({
    field: i.path.length ? i.path.join('.') : where,
    message: i.message,
  }));
  throw new ApiError(400, 'validation_error', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | Error, req, reply) => {
    if (err instanceof ApiError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large.
      const code = (err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large'
        : (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type'
        : status === 400 ? 'invalid_body' : 'bad_request';
      const field = (err as FastifyError).code?.startsWith('FST_ERR_CTP') ? 'body' : undefined;
      return reply.status(status).send({ error: { code, message: err.message, ...(field ? { details: [{ field, message: err.message }] } : {}) } });
    }
    if (isUnavailable(err)) {
      req.log.warn({ err: err.message }, 'dependency unavailable');
      return reply.status(503).send({ error: { code: 'unavailable', message: 'A backing service is unavailable; retry shortly' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Internal error' } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` } }),
  );
}

/** Connection failures to PostgreSQL or Temporal: the request was fine, the service is not. */
function isUnavailable(err: Error): boolean {
  const code = (err as { code?: string | number }).code;
  return code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 14 /* gRPC UNAVAILABLE */ || err.name === 'ServiceError' || err.name === 'ConnectionError';
}
