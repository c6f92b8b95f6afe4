import { pino, type Logger } from 'pino';

// Paths that may hold message bodies, contact details or secrets: never written at any level.
const REDACT = ['body', '*.body', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'x-api-key', '*["x-api-key"]', 'req.headers["x-api-key"]'];

export function createLogger(level: string, name = 'lead-agent'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}

/** `+15125550199` -> `+1512***0199`, `dana@x.com` -> `d***@x.com`: enough to tell leads apart in a log. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return address.length > 8 ? `${address.slice(0, 5)}***${address.slice(-4)}` : '***';
}
