import { pino, type DestinationStream, type Logger } from 'pino';

// Paths that may hold message bodies, contact details or secrets: never written at any level.
const REDACT = ['body', '*.body', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'x-api-key', '*["x-api-key"]', 'req.headers["x-api-key"]'];

export function createLogger(level: string, name = 'lead-agent', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' }, serializers: { err: errorWithoutData } };
  return destination ? pino(options, destination) : pino(options);
}

/** A quoted value after a colon: how PostgreSQL quotes input in a message ('… for type uuid: "123-45-6789"'). */
const QUOTED_VALUE = /: "(?:[^"\\]|\\.)*"/g;

/**
 * PostgreSQL errors carry the data they choked on: the row in `detail` ("Key (email)=(dana@x.com) already exists"),
 * the input in the message. The SQLSTATE, constraint, table and column say what went wrong without it.
 */
function errorWithoutData(err: unknown) {
  const out = pino.stdSerializers.err(err as Error) as Record<string, unknown> | undefined;
  const e = err as { code?: unknown; severity?: unknown } | null;
  if (!out || typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined) return out;
  for (const k of ['detail', 'where', 'hint', 'internalQuery', 'parameters']) delete out[k];
  for (const k of ['message', 'stack'] as const) if (typeof out[k] === 'string') out[k] = (out[k] as string).replace(QUOTED_VALUE, ': "[redacted]"');
  return out;
}

/** `+15125550199` -> `+1512***0199`, `dana@x.com` -> `d***@x.com`: enough to tell leads apart in a log. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return address.length > 8 ? `${address.slice(0, 5)}***${address.slice(-4)}` : '***';
}
