import {
  createVllmSidecar,
  type StartedVllmServer,
  VLLM_STARTUP_PHASE_TITLES,
  VllmSidecarError,
  type VllmStartupProgress,
} from '../sidecar';
import { parseServeCommand, SERVE_USAGE, ServeUsageError } from '../sidecar/serve-cli-options';
import { formatProgressLine, formatReadyBanner } from '../sidecar/terminal-format';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Draws progress: one redrawn line per phase on a terminal, one line per phase otherwise. */
function createProgressView(stream: NodeJS.WriteStream) {
  const tty = stream.isTTY === true;
  let open = false;
  return {
    progress(event: VllmStartupProgress) {
      const line = formatProgressLine(event, VLLM_STARTUP_PHASE_TITLES[event.phase], stream.columns ?? 100);
      if (tty) {
        if (event.phaseStarted && open) stream.write('\n');
        stream.write(`\r\x1b[2K${line}`);
        open = true;
      } else if (event.phaseStarted) {
        stream.write(`${line}\n`);
      }
    },
    log(line: string) {
      if (tty && open) stream.write('\r\x1b[2K');
      stream.write(`  │ ${line}\n`);
      open = false;
    },
    end() {
      if (tty && open) stream.write('\n');
      open = false;
    },
  };
}

/**
 * `vllm-ai-provider serve <model> [options]`: starts vLLM with progress per phase, prints the base
 * URL and a snippet, then serves until Ctrl-C (which stops the server) or the server dies.
 */
export async function run(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parseServeCommand>;
  try {
    command = parseServeCommand(argv);
  } catch (error) {
    if (!(error instanceof ServeUsageError)) throw error;
    process.stderr.write(`${SERVE_USAGE}\nvllm-ai-provider serve: ${error.message}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }

  const view = createProgressView(process.stderr);
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  let wake: () => void = () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    controller.abort(new Error(`Interrupted (${signal}).`));
    wake();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  let server: StartedVllmServer | undefined;
  try {
    server = await createVllmSidecar().start({
      ...command.options,
      signal: controller.signal,
      onProgress: (event) => view.progress(event),
      onLog: command.showLogs ? (line) => view.log(line) : undefined,
    });
    view.end();
    process.stdout.write(formatReadyBanner(server, command.detach));
    if (command.detach) {
      server.detach();
      return 0;
    }

    const monitor = server.monitor({ intervalMs: 5_000, stats: false });
    let exitCode: number | undefined;
    monitor.on('exited', (event) => {
      process.stderr.write(
        `\nvLLM exited (${event.reason}): ${event.message}\n${event.logTail.join('\n')}\n`,
      );
      exitCode = 1;
      wake();
    });
    monitor.on('unhealthy', (event) => process.stderr.write(`vLLM is unhealthy: ${event.message}\n`));
    monitor.on('healthy', () => process.stderr.write('vLLM is healthy again.\n'));
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (interrupted) resolve();
    });
    monitor.stop();
    process.stderr.write(interrupted ? `\nStopping ${server.containerId.slice(0, 12)}…\n` : '');
    await server.stop();
    return exitCode ?? 0;
  } catch (error) {
    view.end();
    if (VllmSidecarError.isInstance(error)) {
      if (error.reason === 'aborted' && interrupted) {
        process.stderr.write('Start interrupted; the half-started server was removed.\n');
        return 130;
      }
      process.stderr.write(`vllm-ai-provider serve: ${error.message}\n`);
      await server?.stop().catch(() => undefined);
      return 1;
    }
    await server?.stop().catch(() => undefined);
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
