import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createTestDatabase } from './database';
import { startTestTemporal } from './temporal';

export const TEST_API_KEY = 'test-key-0123456789';

export interface Stack {
  app: RunningApp;
  temporal: TestWorkflowEnvironment;
  env: Record<string, string>;
  api<T = any>(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * The whole product for an end-to-end test: a real Temporal dev server, a fresh PostgreSQL database (PGlite when
 * DATABASE_URL is unset), the worker and the HTTP API on a free port. Nothing of ours is mocked.
 */
export async function startStack(opts: { env?: Record<string, string>; worker?: boolean; dynamicConfig?: Record<string, unknown>; workerOptions?: Partial<WorkerOptions> } = {}): Promise<Stack> {
  const temporal = await startTestTemporal(opts.dynamicConfig);
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lead-agent-test-'));
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: 'lead-agent',
    LEAD_AGENT_API_KEY: TEST_API_KEY,
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }),
    ...opts.env,
  };
  const config = loadConfig(env);
  const app = await startApp(config, {
    api: true,
    worker: opts.worker ?? true,
    log: createLogger(config.LOG_LEVEL, 'test'),
    workerOptions: { shutdownGraceTime: '1s', ...opts.workerOptions },
  });
  return {
    app,
    temporal,
    env,
    async api(method, route, body, headers = { 'x-api-key': TEST_API_KEY }) {
      const res = await fetch(new URL(route, app.url), {
        method,
        headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      await app.stop();
      await temporal.teardown();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
