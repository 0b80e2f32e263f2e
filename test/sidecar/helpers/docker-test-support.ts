import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Label put on every container a test run starts, so cleanup finds them even after a failure. */
export const TEST_RUN_LABEL = 'sidecar-test-run';
export const testRunId = randomUUID().slice(0, 8);

/** Builds (or reuses) the emulator image with the emulator engineer's script; returns its tag. */
export function buildEmulatorImage(): string {
  const output = execFileSync(process.execPath, [join(ROOT, 'scripts/build-emulator-image.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  });
  return output.trim().split('\n').at(-1) ?? '';
}

export function docker(...args: string[]): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  }).trim();
}

/** Ids of this run's containers (all states). */
export function testContainers(): string[] {
  return docker('ps', '-aq', '--no-trunc', '--filter', `label=${TEST_RUN_LABEL}=${testRunId}`)
    .split('\n')
    .filter(Boolean);
}

/** Removes every container of this run. */
export function removeTestContainers(): void {
  const ids = testContainers();
  if (ids.length > 0) docker('rm', '-f', ...ids);
}

/** A child Node process running test/sidecar/fixtures/start-server-process.ts. */
export interface ServerProcess {
  pid: number;
  /** The first line it printed (the started server, or an error). */
  result: Promise<{ containerId?: string; baseURL?: string; attached?: boolean; error?: string }>;
  /** Closes its stdin: it stops its server (unless reused) and exits. */
  finish(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function startServerProcess(options: object, mode: 'wait' | 'exit' = 'wait'): ServerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      TSX_LOADER,
      join(ROOT, 'test/sidecar/fixtures/start-server-process.ts'),
      JSON.stringify(options),
      mode,
    ],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const lines = createInterface({ input: child.stdout });
  const result = new Promise<{ containerId?: string; baseURL?: string; attached?: boolean; error?: string }>(
    (resolveResult) => {
      lines.once('line', (line) => resolveResult(JSON.parse(line)));
      child.once('exit', () => resolveResult({ error: 'exited without a result' }));
    },
  );
  return {
    pid: child.pid ?? -1,
    result,
    async finish() {
      child.stdin.end();
      await exited;
    },
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs the `vllm-ai-provider` CLI from source; resolves when it prints `marker` on stdout. */
export function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src/cli/index.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async waitFor(marker: string, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(marker)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`CLI did not print "${marker}":\n${stdout}\n${stderr}`);
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
      }
    },
  };
}
