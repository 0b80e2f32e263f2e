// The ONLY module that imports execa, and the only one that starts processes. Everything above
// it works with these small interfaces, which tests replace with fakes.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { VllmSidecarError } from './vllm-sidecar-error';

type Execa = typeof import('execa');

let execaModule: Promise<Execa> | undefined;

/**
 * execa is an optional peer dependency of vllm-ai-provider (only the sidecar runs processes), loaded
 * on first use: without it, a clear error names the package to install.
 */
function loadExeca(): Promise<Execa> {
  execaModule ??= import('execa').catch((error: unknown) => {
    execaModule = undefined;
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new VllmSidecarError({
      reason: 'runtime-unavailable',
      message:
        'vllm-ai-provider/sidecar needs the package "execa" (an optional peer dependency of vllm-ai-provider), which is not installed.',
      hint: 'Install it next to vllm-ai-provider: npm install execa',
      cause: error,
    });
  });
  return execaModule;
}

/** The outcome of a command. Never holds secrets: arguments are secret-free by construction. */
export interface CommandResult {
  /** The command line, for error messages. */
  command: string;
  stdout: string;
  stderr: string;
  /** `undefined` when the process did not exit normally (killed, timed out, not started). */
  exitCode: number | undefined;
  failed: boolean;
  timedOut: boolean;
  /** Stopped through `signal` / `stop()`. */
  isCanceled: boolean;
}

/** Options of a command. */
export interface CommandOptions {
  /** Extra environment variables (e.g. the values behind `-e NAME`); the parent's are inherited. */
  env?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Callbacks of a streaming command. */
export interface StreamHandlers {
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

/** A running command whose output is streamed. */
export interface StreamingCommand {
  readonly done: Promise<CommandResult>;
  /** Stops the command (SIGTERM). Idempotent. */
  stop(): void;
}

/** Runs one executable (`docker`, `podman`, `ps`, …). */
export interface CommandRunner {
  readonly executable: string;
  /** Runs to completion, buffering output. Resolves even when the command fails; check `failed`. */
  exec(args: readonly string[], options?: CommandOptions): Promise<CommandResult>;
  /** Runs while streaming output (e.g. `docker logs -f`). */
  stream(args: readonly string[], handlers: StreamHandlers, options?: CommandOptions): StreamingCommand;
}

function notFound(executable: string, cause: unknown): VllmSidecarError {
  return new VllmSidecarError({
    reason: 'runtime-unavailable',
    message: `Cannot run "${executable}": it is not installed or not on PATH.`,
    hint:
      executable === 'vllm'
        ? 'Install vLLM (pip install vllm) or use a container runtime (runtime: "docker").'
        : `Install ${executable} (Docker: https://docs.docker.com/engine/install/) or set the executable option.`,
    cause,
  });
}

type ExecaOutcome = {
  command: string;
  stdout?: unknown;
  stderr?: unknown;
  exitCode?: number;
  failed?: boolean;
  timedOut?: boolean;
  isCanceled?: boolean;
  code?: string;
  cause?: unknown;
};

function toResult(executable: string, outcome: ExecaOutcome): CommandResult {
  if (outcome.code === 'ENOENT' || (outcome.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw notFound(executable, outcome.cause);
  }
  return {
    command: outcome.command,
    stdout: typeof outcome.stdout === 'string' ? outcome.stdout : '',
    stderr: typeof outcome.stderr === 'string' ? outcome.stderr : '',
    exitCode: outcome.exitCode,
    failed: outcome.failed === true,
    timedOut: outcome.timedOut === true,
    isCanceled: outcome.isCanceled === true,
  };
}

/** A {@link CommandRunner} backed by execa: no shell, stdin closed, child killed if we exit. */
export function createCommandRunner(executable: string): CommandRunner {
  const baseOptions = (options: CommandOptions = {}) => ({
    reject: false,
    stdin: 'ignore' as const,
    cleanup: true,
    env: options.env,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    executable,
    async exec(args, options) {
      const { execa } = await loadExeca();
      const outcome = await execa(executable, [...args], baseOptions(options));
      return toResult(executable, outcome as ExecaOutcome);
    },
    stream(args, handlers, options) {
      let stopped = false;
      let subprocess: ReturnType<Execa['execa']> | undefined;
      const done = loadExeca().then(({ execa }) => {
        subprocess = execa(executable, [...args], { ...baseOptions(options), buffer: false });
        subprocess.stdout?.setEncoding('utf8');
        subprocess.stderr?.setEncoding('utf8');
        subprocess.stdout?.on('data', (chunk: string) => handlers.onStdout?.(chunk));
        subprocess.stderr?.on('data', (chunk: string) => handlers.onStderr?.(chunk));
        if (stopped) subprocess.kill();
        return subprocess.then((outcome) => toResult(executable, outcome as ExecaOutcome));
      });
      return {
        done,
        stop() {
          if (stopped) return;
          stopped = true;
          subprocess?.kill();
        },
      };
    },
  };
}

/** A detached background process (the `process` runtime's server). */
export interface DetachedProcess {
  readonly pid: number;
  /** Settles when the process exits (only observable by the process that spawned it). */
  readonly exited: Promise<{ exitCode: number | undefined; signal: string | undefined }>;
}

/**
 * Starts `executable args` in its own process group, stdout and stderr appended to `logFile`, not
 * tied to our lifetime (the caller decides when to stop it). No shell. Uses `child_process` directly:
 * the output goes straight to the file, so nothing in this process has to stay alive to copy it.
 */
export async function spawnDetachedProcess(
  executable: string,
  args: readonly string[],
  options: { env: Readonly<Record<string, string>>; logFile: string; cwd?: string },
): Promise<DetachedProcess> {
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(executable, [...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      shell: false,
    });
    const exited = new Promise<{ exitCode: number | undefined; signal: string | undefined }>(
      (resolveExit) => {
        child.once('exit', (code, signal) =>
          resolveExit({ exitCode: code ?? undefined, signal: signal ?? undefined }),
        );
        child.once('error', () => resolveExit({ exitCode: undefined, signal: undefined }));
      },
    );
    const pid = await new Promise<number>((resolvePid, rejectPid) => {
      child.once('spawn', () => resolvePid(child.pid ?? -1));
      child.once('error', rejectPid);
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? notFound(executable, error) : error;
    });
    child.unref();
    return { pid, exited };
  } finally {
    closeSync(fd);
  }
}

/** Runs a command synchronously, ignoring failures (only for `process.on('exit')`, where nothing async runs). */
export function runSyncIgnoringErrors(executable: string, args: readonly string[], timeoutMs = 15_000): void {
  try {
    spawnSync(executable, [...args], { stdio: 'ignore', timeout: timeoutMs, shell: false });
  } catch {
    // Best effort: the process is exiting.
  }
}
