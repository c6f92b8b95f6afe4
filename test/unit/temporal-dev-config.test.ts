import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  devServerArgs,
  dynamicConfigArgs,
  loadDevServerConfig,
  parseDevServerConfig,
  searchAttributeArgs,
} from '../../src/temporal/dev-config';

const FILE = '/repo/temporal-dev.yml';

const SAMPLE = `
cli:
  version: v1.5.1
server:
  ip: 127.0.0.1
  port: 7233
  uiPort: 8233
  namespace: default
  dbFilename: .data/temporal.sqlite
  logLevel: warn
searchAttributes:
  LeadId: Keyword
  AwaitingApproval: Bool
dynamicConfig:
  frontend.enableUpdateWorkflowExecution: true
  limit.maxIDLength: 255
`;

/** The value following each occurrence of `flag`. */
function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}

describe('parseDevServerConfig', () => {
  it('resolves dbFilename against the settings file and fills defaults', () => {
    const config = parseDevServerConfig('cli: { version: v1.5.1 }\nserver: { dbFilename: data/t.sqlite }', FILE);
    assert.equal(config.server.dbFilename, '/repo/data/t.sqlite');
    assert.equal(config.server.ip, '127.0.0.1');
    assert.equal(config.server.port, 7233);
    assert.equal(config.server.logLevel, 'warn');
    assert.deepEqual(config.searchAttributes, {});
    assert.deepEqual(config.dynamicConfig, {});
  });

  it('keeps an omitted dbFilename as null (in-memory server)', () => {
    const config = parseDevServerConfig('cli: { version: v1.5.1 }\nserver: {}', FILE);
    assert.equal(config.server.dbFilename, null);
    assert.equal(flagValues(devServerArgs(config), '--db-filename').length, 0);
  });

  it('names a misspelt key', () => {
    assert.throws(
      () => parseDevServerConfig('cli: { version: v1.5.1 }\nserver: { prot: 7233 }', FILE),
      (err: Error) => err.message.includes(FILE) && /server: Unrecognized key: "prot"/.test(err.message),
    );
  });

  it('names each key with a bad value', () => {
    const text = 'cli: { version: "1.5" }\nserver: { port: 70000 }\nsearchAttributes: { LeadId: String }';
    assert.throws(
      () => parseDevServerConfig(text, FILE),
      (err: Error) =>
        /cli\.version: .*release tag/.test(err.message) &&
        /server\.port: Too big/.test(err.message) &&
        /searchAttributes\.LeadId: .*Keyword/.test(err.message),
    );
  });

  it('reports YAML syntax errors with the file name', () => {
    assert.throws(() => parseDevServerConfig('cli: [', FILE), (err: Error) => err.message.startsWith(`Cannot parse ${FILE}`));
  });
});

describe('devServerArgs', () => {
  const config = parseDevServerConfig(SAMPLE, FILE);

  it('builds the start-dev command line from the settings', () => {
    assert.deepEqual(devServerArgs(config), [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      '7233',
      '--ui-port',
      '8233',
      '--db-filename',
      '/repo/.data/temporal.sqlite',
      '--log-level',
      'warn',
      '--search-attribute',
      'LeadId=Keyword',
      '--search-attribute',
      'AwaitingApproval=Bool',
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--dynamic-config-value',
      'limit.maxIDLength=255',
    ]);
  });

  it('lets overrides win', () => {
    const args = devServerArgs(config, {
      ip: '0.0.0.0',
      port: 17233,
      dbFilename: null,
      extraDynamicConfig: { 'limit.maxIDLength': 100, 'system.enableEagerWorkflowStart': false },
    });
    assert.deepEqual(flagValues(args, '--ip'), ['0.0.0.0']);
    assert.deepEqual(flagValues(args, '--port'), ['17233']);
    assert.deepEqual(flagValues(args, '--db-filename'), []);
    assert.deepEqual(flagValues(args, '--dynamic-config-value'), [
      'frontend.enableUpdateWorkflowExecution=true',
      'limit.maxIDLength=100',
      'system.enableEagerWorkflowStart=false',
    ]);
  });

  it('drops the UI port when headless', () => {
    const args = devServerArgs(config, { headless: true, uiPort: 9000 });
    assert.ok(args.includes('--headless'));
    assert.ok(!args.includes('--ui-port'));
  });

  it('adds --namespace only for a namespace other than the always-created "default"', () => {
    assert.ok(!devServerArgs(config).includes('--namespace'));
    const other = parseDevServerConfig('cli: { version: v1.5.1 }\nserver: { namespace: leads }', FILE);
    assert.deepEqual(flagValues(devServerArgs(other), '--namespace'), ['leads']);
  });

  it('JSON-encodes dynamic config values', () => {
    const text = 'cli: { version: v1.5.1 }\nserver: {}\ndynamicConfig: { a.b: [{ value: 3 }], c: "x y" }';
    assert.deepEqual(dynamicConfigArgs(parseDevServerConfig(text, FILE)), [
      '--dynamic-config-value',
      'a.b=[{"value":3}]',
      '--dynamic-config-value',
      'c="x y"',
    ]);
  });

  it('gives tests just the search attribute flags', () => {
    assert.deepEqual(searchAttributeArgs(config), [
      '--search-attribute',
      'LeadId=Keyword',
      '--search-attribute',
      'AwaitingApproval=Bool',
    ]);
  });
});

describe('loadDevServerConfig', () => {
  it('accepts the repository temporal-dev.yml', async () => {
    const config = await loadDevServerConfig();
    assert.match(config.cli.version, /^v\d+\.\d+\.\d+$/);
    assert.ok(searchAttributeArgs(config).includes('LeadId=Keyword'));
  });

  it('names the file and the bad key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temporal-dev-config-'));
    try {
      const file = join(dir, 'temporal-dev.yml');
      await writeFile(file, 'cli: { version: v1.5.1 }\nserver: { logLevel: loud }\n');
      await assert.rejects(loadDevServerConfig(file), (err: Error) => {
        assert.match(err.message, new RegExp(`in ${file}`));
        assert.match(err.message, /server\.logLevel: /);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which file is missing', async () => {
    await assert.rejects(loadDevServerConfig('/nonexistent/temporal-dev.yml'), /Cannot read .*\/nonexistent\/temporal-dev\.yml/);
  });
});
