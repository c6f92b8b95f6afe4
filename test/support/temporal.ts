import { TestWorkflowEnvironment } from '@temporalio/testing';
import { installRuntime } from '../../worker';
import { ensureTemporalCli } from '../../src/temporal/cli';
import { dynamicConfigArgs, loadDevServerConfig, searchAttributeArgs } from '../../src/temporal/dev-config';

/**
 * A real Temporal dev server on a free port, from the same CLI binary and temporal-dev.yml settings as `npm start`
 * (in memory, headless). `dynamicConfig` adds test switches such as a small continue-as-new threshold.
 */
export async function startTestTemporal(dynamicConfig: Record<string, unknown> = {}): Promise<TestWorkflowEnvironment> {
  installRuntime();
  const config = await loadDevServerConfig();
  const path = await ensureTemporalCli({ version: config.cli.version });
  const extra = Object.entries(dynamicConfig).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]);
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      namespace: config.server.namespace,
      ui: false,
      extraArgs: [...searchAttributeArgs(config), ...dynamicConfigArgs(config), ...extra, '--log-level', 'error'],
    },
  });
}
