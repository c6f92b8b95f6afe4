// `npm start`: everything on one machine for development. The Temporal dev server (per temporal-dev.yml, installed
// on first use), the database (embedded PGlite under .data/ unless DATABASE_URL is set), the worker and the API.
import { startApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { ensureTemporalCli } from '../temporal/cli';
import { loadDevServerConfig } from '../temporal/dev-config';
import { DevServerPortInUseError, startDevServer, type DevServer } from '../temporal/dev-server';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);

async function main() {
  let devServer: DevServer | undefined;
  let uiUrl: string | null = null;
  if (!process.env.TEMPORAL_ADDRESS) {
    const devConfig = await loadDevServerConfig();
    const cliPath = await ensureTemporalCli({ version: devConfig.cli.version, log: (line) => log.info(line) });
    try {
      devServer = await startDevServer({ cliPath, config: devConfig, log: (line) => log.debug({ temporal: line }) });
      uiUrl = devServer.uiUrl;
      config.TEMPORAL_ADDRESS = devServer.address;
    } catch (err) {
      // `npm run temporal` in another terminal is a fine way to work: use that server.
      if (!(err instanceof DevServerPortInUseError && err.temporalRunning)) throw err;
      config.TEMPORAL_ADDRESS = err.address;
      uiUrl = devConfig.server.headless ? null : `http://${devConfig.server.ip}:${devConfig.server.uiPort ?? devConfig.server.port + 1000}`;
      log.info({ address: err.address }, 'using the Temporal server already running there');
    }
    config.TEMPORAL_NAMESPACE = devConfig.server.namespace;
  }

  const app = await startApp(config, { api: true, worker: true, log });
  const stop = async () => {
    log.info('stopping');
    await app.stop();
    await devServer?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const key = app.apiKey ?? '<your LEAD_AGENT_API_KEY>';
  console.log(
    [
      '',
      'Lead Agent is running.',
      `  HTTP API     ${app.url}`,
      `  Review page  ${app.url}/review   (drafts awaiting approval; sign in with the API key)`,
      `  Temporal     ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`,
      ...(uiUrl ? [`  Temporal UI  ${uiUrl}`] : []),
      `  Database     ${app.database.kind === 'embedded' ? `embedded PGlite in ${config.DATA_DIR}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
      `  API key      ${key}${app.generatedKey ? '   (development key, kept in .data/dev-api-key)' : ''}`,
      '',
      'Try it:',
      `  curl -s -X POST ${app.url}/api/v1/messages/inbound -H 'x-api-key: ${key}' -H 'content-type: application/json' \\`,
      `    -d '{"channel":"SMS","from":"+15125550123","body":"Hi, I need a loan","externalMessageId":"demo-1"}'`,
      `  curl -s ${app.url}/api/v1/leads/<leadId>/action-logs -H 'x-api-key: ${key}'`,
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
