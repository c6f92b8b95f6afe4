// Running `temporal server start-dev` as a child process, per temporal-dev.yml.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Log } from './cli';
import { devServerArgs, type DevServerConfig, type DevServerOverrides } from './dev-config';

const execFileAsync = promisify(execFile);

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_LINES = 40;

export interface DevServer {
  /** gRPC address for clients and workers, `ip:port`. */
  address: string;
  /** Null when headless. */
  uiUrl: string | null;
  namespace: string;
  /** Resolves with the exit code (or signal name) when the server process ends, for whatever reason. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s. */
  stop(): Promise<void>;
}

/** The gRPC port is already taken; `temporalRunning` tells whether a Temporal server answers there. */
export class DevServerPortInUseError extends Error {
  constructor(
    readonly address: string,
    readonly temporalRunning: boolean,
  ) {
    super(
      temporalRunning
        ? `A Temporal server is already running at ${address} (another \`npm run temporal\` or \`npm start\`?). ` +
            'Stop it, or change server.port in temporal-dev.yml.'
        : `Port ${address} is in use by another program, so the Temporal dev server cannot listen there. ` +
            'Free it, or change server.port in temporal-dev.yml.',
    );
    this.name = 'DevServerPortInUseError';
  }
}

export async function startDevServer({
  cliPath,
  config,
  overrides = {},
  log = console.error,
}: {
  cliPath: string;
  config: DevServerConfig;
  overrides?: DevServerOverrides;
  /** Receives the server's own log lines (stderr). */
  log?: Log;
}): Promise<DevServer> {
  const ip = overrides.ip ?? config.server.ip;
  const port = overrides.port ?? config.server.port;
  const address = `${ip}:${port}`;
  const headless = overrides.headless ?? config.server.headless;
  const uiPort = overrides.uiPort ?? config.server.uiPort ?? port + 1000; // the CLI's own default
  const dbFilename = overrides.dbFilename === undefined ? config.server.dbFilename : overrides.dbFilename;
  const namespace = config.server.namespace;

  // The CLI would also refuse a busy port, but only we can tell the user a server is already there.
  if (await acceptsConnections(ip, port)) {
    throw new DevServerPortInUseError(address, await isTemporalServer(cliPath, address));
  }
  if (dbFilename !== null) await mkdir(dirname(resolve(dbFilename)), { recursive: true });

  const child = spawn(cliPath, devServerArgs(config, overrides), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
  };
  let stopping = false;
  // stdout only repeats the addresses we print ourselves; keep it for error reports.
  createInterface({ input: child.stdout! }).on('line', remember);
  createInterface({ input: child.stderr! }).on('line', (line) => {
    remember(line);
    // Shutdown logs a burst of warnings from pollers losing their connections: noise.
    if (!stopping) log(`[temporal] ${line}`);
  });
  const exited = new Promise<number | string>((resolveExit, rejectExit) => {
    child.once('error', rejectExit);
    // 'close' rather than 'exit': by then its last output lines have been read.
    child.once('close', (code, signal) => resolveExit(code ?? signal ?? 'unknown'));
  });
  // A crashed parent must not leave an orphaned server holding the ports.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(
    () => process.off('exit', killOnExit),
    () => process.off('exit', killOnExit),
  );
  const stop = () => {
    stopping = true;
    return stopChild(child, exited);
  };

  try {
    await waitUntilListening(ip, port, exited);
  } catch (err) {
    await stop();
    const output = tail.length > 0 ? `\nLast server output:\n${tail.join('\n')}` : '';
    throw new Error(`The Temporal dev server did not start: ${(err as Error).message}${output}`);
  }

  // Search attributes given at start only reach a namespace when start-dev creates it, so a
  // database from an earlier run would miss ones added to temporal-dev.yml since.
  if (dbFilename !== null) {
    try {
      await addSearchAttributes(cliPath, address, namespace, config.searchAttributes);
    } catch (err) {
      await stop();
      throw new Error(`Could not add the search attributes from temporal-dev.yml: ${(err as Error).message}`);
    }
  }

  return {
    address,
    uiUrl: headless ? null : `http://${ip}:${uiPort}`,
    namespace,
    exited: exited.catch((err: Error) => err.message),
    stop,
  };
}

async function waitUntilListening(ip: string, port: number, exited: Promise<number | string>): Promise<void> {
  let exitedWith: number | string | undefined;
  void exited.then(
    (code) => (exitedWith = code),
    (err: Error) => (exitedWith = err.message),
  );
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`it exited (${exitedWith}) before listening on ${ip}:${port}`);
    if (await acceptsConnections(ip, port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${ip}:${port} was not accepting connections after ${READY_TIMEOUT_MS / 1000} s`);
}

function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    const done = (result: boolean) => {
      socket.destroy();
      resolveConnect(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function isTemporalServer(cliPath: string, address: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(cliPath, ['operator', 'cluster', 'health', '--address', address], {
      timeout: 5_000,
    });
    return stdout.includes('SERVING');
  } catch {
    return false;
  }
}

/** Adds the attributes the namespace lacks; a type clash needs a human (old data may use it). */
async function addSearchAttributes(
  cliPath: string,
  address: string,
  namespace: string,
  wanted: Record<string, string>,
): Promise<void> {
  const target = ['--address', address, '--namespace', namespace];
  const existing = await runCli(cliPath, ['operator', 'search-attribute', 'list', ...target, '--output', 'json']);
  // e.g. { customAttributes: { LeadId: "INDEXED_VALUE_TYPE_KEYWORD" } }
  const custom: Record<string, string> = JSON.parse(existing).customAttributes ?? {};
  const normalize = (type: string) => type.replace(/^INDEXED_VALUE_TYPE_/, '').replaceAll('_', '').toLowerCase();
  const missing: string[] = [];
  for (const [name, type] of Object.entries(wanted)) {
    const current = custom[name];
    if (current === undefined) missing.push('--name', name, '--type', type);
    else if (normalize(current) !== normalize(type)) {
      throw new Error(
        `Search attribute ${name} is ${current} in the dev server's database but ${type} in temporal-dev.yml. ` +
          'Rename it in temporal-dev.yml, or delete the database file (server.dbFilename) to start afresh.',
      );
    }
  }
  if (missing.length > 0) await runCli(cliPath, ['operator', 'search-attribute', 'create', ...target, ...missing]);
}

async function runCli(cliPath: string, args: string[]): Promise<string> {
  try {
    return (await execFileAsync(cliPath, args, { timeout: 30_000 })).stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`\`temporal ${args.slice(0, 3).join(' ')}\` failed: ${stderr || (err as Error).message}`);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const settled = exited.then(
    () => true,
    () => true,
  );
  child.kill('SIGTERM');
  const timer = new Promise<false>((r) => setTimeout(() => r(false), STOP_GRACE_MS).unref());
  if (!(await Promise.race([settled, timer]))) {
    child.kill('SIGKILL');
    await settled;
  }
}
