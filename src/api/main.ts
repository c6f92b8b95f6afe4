// `npm run api`: the HTTP API on its own (production: next to one or more `npm run worker` processes).
import { startApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../log';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL, 'api');
if (!config.DATABASE_URL) {
  log.fatal('the API on its own needs DATABASE_URL (the embedded database serves one process; use `npm start` for that)');
  process.exit(1);
}
const app = await startApp(config, { api: true, log }).catch((err) => {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
log.info({ url: app.url }, 'API listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.stop().then(() => process.exit(0)));
}
