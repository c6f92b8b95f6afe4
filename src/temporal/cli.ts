// Finding the Temporal CLI (which runs the dev server), and installing a pinned version
// into a per-user cache when none is found.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type Log = (line: string) => void;

const GO_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
const GO_PROGRESS_INTERVAL_MS = 30_000;
// Node's names → the release archive's names.
const RELEASE_PLATFORMS: Record<string, string> = { linux: 'linux', darwin: 'darwin' };
const RELEASE_ARCHS: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Where ensureTemporalCli installs `version`; its `temporal` binary is only ever renamed into place. */
export function temporalCliCacheDir(version: string): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'lead-agent', 'temporal-cli', version);
}

/**
 * TEMPORAL_CLI_PATH, else the cached install of `version`, else `temporal` on PATH if it is
 * `version` or newer. Null when none qualifies.
 */
export async function findTemporalCli(version: string, log: Log = console.error): Promise<string | null> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!(await isExecutable(fromEnv))) {
      throw new Error(`TEMPORAL_CLI_PATH is set to ${fromEnv}, which is not an executable file. Fix or unset it.`);
    }
    return fromEnv;
  }

  const cached = join(temporalCliCacheDir(version), 'temporal');
  if (await isExecutable(cached)) return cached;

  const onPath = await findOnPath('temporal');
  if (!onPath) return null;
  const found = await cliVersion(onPath);
  if (found && compareVersions(found, version) >= 0) return onPath;
  log(
    `Ignoring ${onPath}: it reports ${found ? `version ${found}` : 'no release version (a source build?)'}, ` +
      `and this project needs ${version} or newer. Set TEMPORAL_CLI_PATH=${onPath} to use it anyway.`,
  );
  return null;
}

/** Finds the CLI, or installs `version` into the cache (Go build, else release download). */
export async function ensureTemporalCli({ version, log = console.error }: { version: string; log?: Log }): Promise<string> {
  const found = await findTemporalCli(version, log);
  if (found) return found;

  const dir = temporalCliCacheDir(version);
  await mkdir(dir, { recursive: true });
  const failures: string[] = [];
  for (const [method, install] of [
    ['go install', installWithGo],
    ['download', installFromRelease],
  ] as const) {
    // A fresh staging dir per attempt: only a finished binary gets renamed into `dir`.
    const staging = await mkdtemp(join(dir, '.install-'));
    try {
      const built = await install(version, staging, log);
      if (built === null) continue;
      const target = join(dir, 'temporal');
      await rename(built, target);
      log(`Installed the Temporal CLI ${version} at ${target}`);
      return target;
    } catch (err) {
      failures.push(`${method}: ${(err as Error).message}`);
      log(`Could not install the Temporal CLI with ${method}: ${(err as Error).message}`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  throw new Error(
    [
      `The Temporal CLI ${version} is not installed and could not be installed automatically.`,
      ...failures.map((failure) => `  - ${failure}`),
      'Do one of:',
      `  - install Go >= 1.25 (https://go.dev/dl/) and run this again; it builds the CLI into ${dir}`,
      `  - download the Temporal CLI ${version} for your platform from https://github.com/temporalio/cli/releases,`,
      '    extract it, and set TEMPORAL_CLI_PATH=/path/to/temporal',
    ].join('\n'),
  );
}

/** Builds the CLI with `go install`; null when Go is not on PATH. */
async function installWithGo(version: string, staging: string, log: Log): Promise<string | null> {
  const go = await findOnPath('go');
  if (!go) {
    log('Go is not on PATH; skipping the source build of the Temporal CLI.');
    return null;
  }
  log(`Building the Temporal CLI ${version} with Go (${go}); the first build downloads modules and takes several minutes…`);
  const started = Date.now();
  const stderr: string[] = [];
  const child = spawn(go, ['install', `${GO_PACKAGE}@${version}`], {
    env: { ...process.env, GOBIN: staging },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  // `go install` is silent for minutes; a heartbeat shows it is not hung.
  const heartbeat = setInterval(() => {
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    log(`still building the Temporal CLI with Go (first run takes several minutes)… ${minutes} min so far`);
  }, GO_PROGRESS_INTERVAL_MS);
  try {
    const code = await new Promise<number | null>((resolveExit, rejectExit) => {
      child.on('error', rejectExit);
      child.on('close', resolveExit);
    });
    if (code !== 0) {
      const output = stderr.join('').trim().split('\n').slice(-30).join('\n');
      throw new Error(`go install exited with ${code}:\n${output}`);
    }
  } finally {
    clearInterval(heartbeat);
  }
  return join(staging, 'temporal');
}

/** Downloads and unpacks the official release archive for this platform. */
async function installFromRelease(version: string, staging: string, log: Log): Promise<string> {
  const platform = RELEASE_PLATFORMS[process.platform];
  const arch = RELEASE_ARCHS[process.arch];
  if (!platform || !arch) throw new Error(`no release archive for ${process.platform}/${process.arch}`);
  const url = `https://temporal.download/cli/archive/${version}?platform=${platform}&arch=${arch}`;
  log(`Downloading the Temporal CLI ${version} from ${url}…`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    // fetch's own message is just "fetch failed"; the cause says why (DNS, TLS, refused…).
    const cause = (err as Error & { cause?: Error }).cause;
    throw new Error(`GET ${url} failed: ${cause?.message ?? (err as Error).message}`);
  }
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  const archive = join(staging, 'temporal.tar.gz');
  await pipeline(Readable.fromWeb(response.body), createWriteStream(archive));
  await execFileAsync('tar', ['-xzf', archive, '-C', staging]);
  const binary = join(staging, 'temporal');
  if (!(await isExecutable(binary))) throw new Error(`the archive from ${url} has no executable 'temporal' at its top level`);
  return binary;
}

async function findOnPath(command: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir || '.', command);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** "1.5.1" from `temporal version 1.5.1 (Server …)`; null for builds without a release version (0.0.0-DEV). */
async function cliVersion(cli: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(cli, ['--version'], { timeout: 10_000 });
    const match = /version v?(\d+\.\d+\.\d+)/.exec(stdout);
    return match && match[1] !== '0.0.0' ? match[1] : null;
  } catch {
    return null;
  }
}

function compareVersions(a: string, b: string): number {
  const parse = (v: string) => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}
