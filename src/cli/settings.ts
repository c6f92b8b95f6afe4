import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config';
import { CliError } from './errors';

export interface Settings {
  url: string;
  apiKey: string;
}

/** Flags win over the environment; the key falls back to the development key `npm start` keeps in DATA_DIR. */
export function resolveSettings(flags: { url?: string; apiKey?: string }, env: NodeJS.ProcessEnv = process.env): Settings {
  const url = (flags.url || env.LEAD_AGENT_URL || `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, '');
  if (!URL.canParse(url)) throw new CliError(`not a URL: ${url} (expected e.g. http://127.0.0.1:3000)`);
  const apiKey = (flags.apiKey || env.LEAD_AGENT_API_KEY || readDevKey(env))?.trim();
  if (!apiKey) {
    throw new CliError('no API key: pass --api-key, set LEAD_AGENT_API_KEY, or run `npm start` once so it writes .data/dev-api-key');
  }
  // fetch would echo an invalid header value in its error; refuse it here so the key is never printed.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) throw new CliError('the API key contains characters an HTTP header cannot carry');
  return { url, apiKey };
}

function readDevKey(env: NodeJS.ProcessEnv): string | undefined {
  const file = path.join(env.DATA_DIR || path.join(ROOT_DIR, '.data'), 'dev-api-key');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
