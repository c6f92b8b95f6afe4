// Settings for the local Temporal dev server, read from temporal-dev.yml, and the
// `temporal server start-dev` flags built from them.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_DEV_CONFIG_FILE = resolve(REPO_ROOT, 'temporal-dev.yml');

// The index types `--search-attribute Name=Type` accepts.
const SEARCH_ATTRIBUTE_TYPES = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;

const port = z.int().min(1).max(65535);

// Strict objects, so a misspelt key is reported instead of silently ignored.
const devServerConfigSchema = z.strictObject({
  cli: z.strictObject({
    version: z.string().regex(/^v\d+\.\d+\.\d+$/, 'expected a release tag such as v1.5.1'),
  }),
  server: z.strictObject({
    ip: z.string().min(1).default('127.0.0.1'),
    port: port.default(7233),
    uiPort: port.optional(),
    headless: z.boolean().default(false),
    httpPort: port.optional(),
    metricsPort: port.optional(),
    namespace: z.string().min(1).default('default'),
    dbFilename: z.string().min(1).nullable().default(null),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'never']).default('warn'),
  }),
  searchAttributes: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an identifier'), z.enum(SEARCH_ATTRIBUTE_TYPES))
    .default({}),
  dynamicConfig: z.record(z.string().min(1), z.json()).default({}),
});

export type DevServerConfig = z.infer<typeof devServerConfigSchema>;

export interface DevServerOverrides {
  ip?: string;
  port?: number;
  uiPort?: number;
  /** A path, or null for an in-memory server. */
  dbFilename?: string | null;
  headless?: boolean;
  /** Merged over the file's dynamicConfig. */
  extraDynamicConfig?: Record<string, unknown>;
}

/** Parses temporal-dev.yml text; `file` names it in errors and anchors a relative dbFilename. */
export function parseDevServerConfig(text: string, file: string): DevServerConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`Cannot parse ${file}: ${(err as Error).message}`);
  }
  const result = devServerConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.');
      return `  - ${key || '(top level)'}: ${issue.message}`;
    });
    throw new Error(`Invalid Temporal dev server settings in ${file}:\n${problems.join('\n')}`);
  }
  const config = result.data;
  if (config.server.dbFilename !== null) {
    config.server.dbFilename = resolve(dirname(file), config.server.dbFilename);
  }
  return config;
}

export async function loadDevServerConfig(file = DEFAULT_DEV_CONFIG_FILE): Promise<DevServerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read Temporal dev server settings ${file}: ${(err as Error).message}`);
  }
  return parseDevServerConfig(text, file);
}

/** Full argv (after the executable) for `temporal server start-dev`. */
export function devServerArgs(config: DevServerConfig, overrides: DevServerOverrides = {}): string[] {
  const { server } = config;
  const headless = overrides.headless ?? server.headless;
  const uiPort = overrides.uiPort ?? server.uiPort;
  const dbFilename = overrides.dbFilename === undefined ? server.dbFilename : overrides.dbFilename;
  const args = [
    'server',
    'start-dev',
    '--ip',
    overrides.ip ?? server.ip,
    '--port',
    String(overrides.port ?? server.port),
  ];
  if (headless) args.push('--headless');
  else if (uiPort !== undefined) args.push('--ui-port', String(uiPort));
  if (server.httpPort !== undefined) args.push('--http-port', String(server.httpPort));
  if (server.metricsPort !== undefined) args.push('--metrics-port', String(server.metricsPort));
  // start-dev always creates "default"; --namespace adds further ones.
  if (server.namespace !== 'default') args.push('--namespace', server.namespace);
  if (dbFilename !== null) args.push('--db-filename', dbFilename);
  args.push('--log-level', server.logLevel);
  args.push(...searchAttributeArgs(config));
  args.push(...dynamicConfigFlags({ ...config.dynamicConfig, ...overrides.extraDynamicConfig }));
  return args;
}

/** `--search-attribute Name=Type` pairs, e.g. for TestWorkflowEnvironment.createLocal's extraArgs. */
export function searchAttributeArgs(config: DevServerConfig): string[] {
  return Object.entries(config.searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

/** `--dynamic-config-value KEY=JSON` pairs, e.g. for TestWorkflowEnvironment.createLocal's extraArgs. */
export function dynamicConfigArgs(config: DevServerConfig): string[] {
  return dynamicConfigFlags(config.dynamicConfig);
}

function dynamicConfigFlags(values: Record<string, unknown>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
