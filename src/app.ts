import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LeadAgentClient } from '../client';
import { createWorker, installRuntime } from '../worker';
import { buildServer } from './api/server';
import { bootstrap } from './bootstrap';
import type { Config } from './config';
import { connectDatabase, type DatabaseHandle } from './db/connect';
import { createLogger } from './log';
import { createActivityDeps } from './runtime';

export interface RunningApp {
  config: Config;
  database: DatabaseHandle;
  agent: LeadAgentClient;
  workspaceId: string;
  apiKey: string | null;
  generatedKey: boolean;
  server?: FastifyInstance;
  url?: string;
  worker?: { instance: Worker; running: Promise<void>; close(): Promise<void> };
  log: Logger;
  stop(): Promise<void>;
}

/**
 * Starts the parts of Lead Agent this process should run: the database (migrated), the Temporal client, and the
 * HTTP API and/or the worker. `npm start`, the tests and the benchmark all come through here.
 */
export async function startApp(
  config: Config,
  opts: { api?: boolean; worker?: boolean; log?: Logger; workerOptions?: Partial<WorkerOptions> } = {},
): Promise<RunningApp> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = await connectDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const boot = await bootstrap(database.db, config);
  const agent = await LeadAgentClient.connect({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
  });

  let worker: RunningApp['worker'];
  let nativeConnection: NativeConnection | undefined;
  if (opts.worker) {
    installRuntime();
    nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    const deps = createActivityDeps(config, database.db, log);
    const instance = await createWorker(config, deps, nativeConnection, opts.workerOptions);
    worker = { instance, running: instance.run(), close: deps.close };
    worker.running.catch((err) => log.error({ err }, 'worker stopped with an error'));
  }

  let server: FastifyInstance | undefined;
  let url: string | undefined;
  if (opts.api) {
    server = buildServer(
      {
        db: database.db,
        agent,
        config,
        temporalHealthy: async () => {
          // A bounded call: /health must answer even when Temporal does not.
          await agent.client.connection.withDeadline(Date.now() + 2_000, () => agent.client.workflowService.getSystemInfo({}));
          return true;
        },
      },
      log.child({ component: 'api' }),
    );
    url = await server.listen({ port: config.PORT, host: config.HOST });
  }

  return {
    config,
    database,
    agent,
    workspaceId: boot.workspaceId,
    apiKey: boot.apiKey,
    generatedKey: boot.generated,
    server,
    url,
    worker,
    log,
    async stop() {
      await server?.close();
      if (worker) {
        if (worker.instance.getState() === 'RUNNING') worker.instance.shutdown();
        await worker.running.catch(() => undefined);
        await worker.close();
      }
      await nativeConnection?.close();
      await agent.close();
      await database.close();
    },
  };
}
