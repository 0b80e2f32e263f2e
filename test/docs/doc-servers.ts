import { findFreePort } from '../../src/sidecar/process-utils';
import { runVllmServe } from '../../src/testing';
import type { ServeCommand } from './doc-blocks';

// Starts the servers the docs tell the reader to start: each `vllm serve …` command runs through the
// emulator's own `vllm serve` (vLLM's argument parser, flags and startup, same environment
// assignments), on a free port instead of the documented one; blocks reach it through the port map
// (doc-preload.mjs), so the emulator serves exactly what that command serves — and nothing else.

interface RunningServer {
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Same argv, on `port` and 127.0.0.1. */
function onPort(argv: readonly string[], port: number): string[] {
  const result: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--port' || argv[index] === '--host') {
      index++;
      continue;
    }
    if (argv[index].startsWith('--port=') || argv[index].startsWith('--host=')) continue;
    result.push(argv[index]);
  }
  return [...result, '--host', '127.0.0.1', '--port', String(port)];
}

async function startServer(command: ServeCommand): Promise<RunningServer> {
  const port = await findFreePort('127.0.0.1');
  const controller = new AbortController();
  let output = '';
  const write = (text: string) => {
    output += text;
  };
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const run = runVllmServe(onPort(command.argv, port), {
    // Only the command's own assignments: the test's environment (VLLM_API_KEY…) must not leak in.
    env: { ...command.env },
    signal: controller.signal,
    stdout: write,
    stderr: (text) => {
      write(text);
      if (output.includes('Application startup complete.')) ready();
    },
  });
  const exited = run.then((code) => {
    throw new Error(`\`${command.text}\` exited with ${code} before serving:\n${output.slice(-3000)}`);
  });
  await Promise.race([started, exited]);
  exited.catch(() => {}); // after startup, the exit on stop is expected
  return {
    port,
    output: () => output,
    stop: async () => {
      controller.abort();
      await run;
    },
  };
}

/** Starts each distinct command once (blocks that name the same command share its server). */
export class DocServers {
  private readonly servers = new Map<string, Promise<RunningServer>>();

  private key(command: ServeCommand): string {
    return `${JSON.stringify(command.env)} ${command.argv.join(' ')}`;
  }

  /** `{ documented port: real port }` for a block's commands; two servers on one documented port fail. */
  async portMap(commands: readonly ServeCommand[]): Promise<Record<string, number>> {
    const map: Record<string, number> = {};
    for (const command of commands) {
      if (map[command.port] !== undefined)
        throw new Error(`the docs start two servers on port ${command.port}: give each its own --port`);
      let server = this.servers.get(this.key(command));
      if (server === undefined) {
        server = startServer(command);
        this.servers.set(this.key(command), server);
      }
      map[command.port] = (await server).port;
    }
    return map;
  }

  async stopAll(): Promise<void> {
    const all = await Promise.allSettled(this.servers.values());
    await Promise.all(all.map((entry) => (entry.status === 'fulfilled' ? entry.value.stop() : undefined)));
    this.servers.clear();
  }
}
