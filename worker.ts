import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { loadConfig, type Config } from './src/config';
import { connectDatabase } from './src/db/connect';
import { bootstrap } from './src/bootstrap';
import { createLogger } from './src/log';
import { createActivityDeps } from './src/runtime';

const WORKFLOWS_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workflows', 'index.ts');

/** A worker on task queue `lead-agent` (or TEMPORAL_TASK_QUEUE) running the lead workflow and its activities. */
export async function createWorker(
  config: Config,
  deps: ActivityDeps,
  connection?: NativeConnection,
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    connection: connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS })),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(deps),
    ...options,
  });
}

/** Quiets the SDK's and the Rust core's logs to warnings. Temporal allows this once per process, before any use. */
export function installRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
    });
  } catch (err) {
    if ((err as Error).name !== 'IllegalStateError') throw err; // already installed (e.g. by a test environment)
  }
}

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'worker');
  if (!config.DATABASE_URL) {
    throw new Error('worker.ts on its own needs DATABASE_URL (the embedded database serves one process; use `npm start` for that)');
  }
  installRuntime();
  const database = await connectDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await bootstrap(database.db, config);
  const deps = createActivityDeps(config, database.db, log);
  const worker = await createWorker(config, deps);
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker running');
  await worker.run();
  await deps.close();
  await database.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
