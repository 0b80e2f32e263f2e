import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** One recorded invocation of the `docker` client: its arguments, exactly as it received them. */
export type DockerInvocation = string[];

/**
 * Puts a `docker` first on PATH that appends its argv to a log and execs the real docker client, so
 * a test sees every command line the sidecar gave the client (inspecting the container afterwards,
 * or sampling /proc, misses a client that ran and exited in between). `stop()` restores PATH;
 * the invocations stay readable.
 */
export function recordDockerArgv(): { invocations(): DockerInvocation[]; stop(): void } {
  const realDocker = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
  const directory = mkdtempSync(join(tmpdir(), 'docker-argv-'));
  const log = join(directory, 'argv.log');
  writeFileSync(log, '');
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  // One record per invocation: a NUL after each argument, a 0x1e (record separator) at the end.
  writeFileSync(
    join(directory, 'docker'),
    `#!/bin/sh\n{ for arg in "$@"; do printf '%s\\0' "$arg"; done; printf '\\036'; } >> ${quote(log)}\nexec ${quote(realDocker)} "$@"\n`,
  );
  chmodSync(join(directory, 'docker'), 0o755);
  const previousPath = process.env.PATH;
  process.env.PATH = `${directory}${delimiter}${previousPath ?? ''}`;
  let stopped: DockerInvocation[] | undefined;
  const read = () =>
    readFileSync(log, 'utf8')
      .split('\x1e')
      .filter((record) => record !== '')
      .map((record) => record.split('\0').slice(0, -1));
  return {
    invocations: () => stopped ?? read(),
    stop() {
      if (stopped !== undefined) return;
      stopped = read();
      process.env.PATH = previousPath;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
