import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFreePort } from '../../src/sidecar/process-utils';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PLAYGROUND_DIR = join(ROOT, 'playground');
const NEXT_BIN = join(ROOT, 'node_modules/next/dist/bin/next');
const BUILD_ID = join(PLAYGROUND_DIR, '.next/BUILD_ID');

/** Environment for every Next.js process: no telemetry (no network); vLLM settings only from `extra`. */
function nextEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of [
    'VLLM_BASE_URL',
    'VLLM_API_KEY',
    'VLLM_MODEL',
    'PLAYGROUND_EMULATOR',
    'VLLM_VISION_BASE_URL',
    'VLLM_VISION_MODEL',
    'VLLM_TRANSCRIPTION_BASE_URL',
    'VLLM_TRANSCRIPTION_MODEL',
  ])
    delete environment[name];
  return { ...environment, ...extra };
}

function newestModification(path: string, skip: ReadonlySet<string>): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (skip.has(entry)) continue;
    newest = Math.max(newest, newestModification(join(path, entry), skip));
  }
  return newest;
}

/** Whether `.next` was built after the last change to the playground's sources and the package's dist/. */
export function playgroundBuildIsFresh(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  const sources = newestModification(PLAYGROUND_DIR, new Set(['.next', 'node_modules', 'next-env.d.ts']));
  const dist = existsSync(join(ROOT, 'dist')) ? newestModification(join(ROOT, 'dist'), new Set()) : Infinity;
  return built > sources && built > dist;
}

function run(
  command: string[],
  cwd: string,
  environment: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, command, {
      cwd,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', rejectRun);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolveRun();
      else rejectRun(new Error(`${command.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** `next build` of the playground (skipped when `.next` is newer than its sources and dist/). */
export async function buildPlayground(): Promise<'built' | 'fresh'> {
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  }
  if (playgroundBuildIsFresh()) return 'fresh';
  await run([NEXT_BIN, 'build'], PLAYGROUND_DIR, nextEnvironment({ NODE_ENV: 'production' }), 300_000);
  return 'built';
}

export interface RunningPlayground {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The server's output so far (for failure messages). */
  output(): string;
  /** Stops `next start` and everything it spawned (its process group). Idempotent. */
  close(): Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * `next start` on 127.0.0.1 and a free port; resolves once it serves pages. The port is picked
 * just before the start, so another process may take it in between: then it tries another.
 */
export async function startPlayground(environment: Record<string, string>): Promise<RunningPlayground> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(environment);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnFreePort(environment: Record<string, string>): Promise<RunningPlayground> {
  const port = await findFreePort('127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: PLAYGROUND_DIR,
      env: nextEnvironment({ NODE_ENV: 'production', ...environment }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so close() also stops anything it spawned
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  // A crashed test worker must not leave the server behind.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const close = async () => {
    process.off('exit', onExit);
    if (!running) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 90_000;
  while (true) {
    if (!running) throw new Error(`next start exited before serving:\n${output}`);
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`next start did not serve ${url} within 90 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  return { url, output: () => output, close };
}
