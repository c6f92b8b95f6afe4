// `tsx src/temporal/install-cli.ts`: makes sure the pinned Temporal CLI is available and prints
// its path as the last line of stdout (progress goes to stderr).
import { ensureTemporalCli } from './cli';
import { loadDevServerConfig } from './dev-config';

try {
  const config = await loadDevServerConfig();
  console.log(await ensureTemporalCli({ version: config.cli.version }));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
