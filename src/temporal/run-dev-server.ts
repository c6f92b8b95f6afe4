// `npm run temporal`: the Temporal dev server per temporal-dev.yml, in the foreground until Ctrl-C.
import { ensureTemporalCli } from './cli';
import { loadDevServerConfig } from './dev-config';
import { startDevServer } from './dev-server';

try {
  const config = await loadDevServerConfig();
  const cliPath = await ensureTemporalCli({ version: config.cli.version });
  const server = await startDevServer({ cliPath, config });

  console.log(`Temporal dev server: ${server.address} (namespace ${server.namespace})`);
  if (server.uiUrl) console.log(`Web UI:              ${server.uiUrl}`);
  console.log(config.server.dbFilename ? `Data:                ${config.server.dbFilename}` : 'Data:                in memory');
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.error('Stopping the Temporal dev server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const code = await server.exited;
  if (!stopping) {
    console.error(`The Temporal dev server exited unexpectedly (${code}).`);
    process.exit(1);
  }
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
