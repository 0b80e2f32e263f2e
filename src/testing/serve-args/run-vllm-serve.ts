import { createServer } from 'node:net';
import { loadEmulatorDependencies } from '../generation/emulator-dependencies';
import { startVllmEmulator } from '../start-vllm-emulator';
import { loggers, printServingLines, runStartupPhases, type StartupInput } from '../startup/startup-sequence';
import { getVersionProfile, VLLM_EMULATOR_VERSIONS, type VllmEmulatorVersion } from '../version-profiles';
import { parseServeArgs } from './parse-serve-args';
import { releaseChoices, releaseMissingFlags } from './release-choices';
import { resolveServeSettings } from './serve-settings';

/** Where `runVllmServe` writes and what it reads. */
export interface RunVllmServeIo {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** The pid shown in log prefixes. @default process.pid */
  pid?: number;
  /** Aborting stops the server (SIGTERM/SIGINT in the CLI); the run then resolves with 0. */
  signal?: AbortSignal;
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * Emulates `vllm serve [model] [flags…]`: vLLM's argument parsing (exit 2 on bad flags), its
 * startup log phase by phase, configured startup failures (exit 1), then serving until `signal`
 * aborts (exit 0) or the engine dies (exit 1). Resolves with the process exit code.
 */
export async function runVllmServe(argv: readonly string[], io: RunVllmServeIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const sink = {
    stdout: io.stdout ?? ((text: string) => process.stdout.write(text)),
    stderr: io.stderr ?? ((text: string) => process.stderr.write(text)),
  };
  const version = (env.VLLM_EMULATOR_VERSION || 'latest') as VllmEmulatorVersion;
  if (!(version in VLLM_EMULATOR_VERSIONS)) {
    sink.stderr(
      `VLLM_EMULATOR_VERSION must be one of ${Object.keys(VLLM_EMULATOR_VERSIONS).join(', ')} (got '${version}').\n`,
    );
    return 2;
  }
  const profile = getVersionProfile(version);
  const parsed = parseServeArgs(argv, releaseChoices(profile), releaseMissingFlags(profile));
  if (!parsed.ok) {
    if (parsed.stdout) sink.stdout(parsed.stdout);
    if (parsed.stderr) sink.stderr(parsed.stderr);
    return parsed.exitCode;
  }
  await loadEmulatorDependencies(); // before the startup log, so a missing package is the only output
  const settings = resolveServeSettings(parsed, env);
  const signal = io.signal ?? new AbortController().signal;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal.aborted) return resolve();
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  const input: StartupInput = {
    parsed,
    settings,
    profile: getVersionProfile(version),
    sink,
    pid: io.pid ?? process.pid,
    sleep,
  };
  const { api } = loggers(input);
  const port = settings.options.port ?? 8000;
  const host = settings.options.host ?? '127.0.0.1';
  if (!(await portFree(port, host))) {
    api.stderr('OSError: [Errno 98] Address already in use');
    return 1;
  }
  const failed = await runStartupPhases(input);
  if (failed !== undefined) return failed;
  if (signal.aborted) return 0;
  let engineDied!: () => void;
  const died = new Promise<void>((resolve) => {
    engineDied = resolve;
  });
  const emulator = await startVllmEmulator({ ...settings.options, onEngineDeath: () => engineDied() });
  printServingLines(input, `http://${settings.displayHost}:${emulator.port}`, emulator.routes);
  const aborted = new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  const outcome = await Promise.race([aborted.then(() => 0), died.then(() => 1)]);
  if (outcome === 1) {
    api.log(
      'WARNING',
      'core_client.py:728',
      '[shutdown] MPClient: engine core exited unexpectedly; starting cleanup',
    );
    api.stderr(
      'vllm.v1.engine.exceptions.EngineDeadError: EngineCore encountered an issue. See stack trace (above) for the root cause.',
    );
  } else {
    api.stderr('INFO:     Shutting down');
  }
  await emulator.close();
  return outcome;
}
