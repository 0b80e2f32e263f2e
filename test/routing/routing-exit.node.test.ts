import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

const SCRIPT = fileURLToPath(new URL('./fixtures/exit-without-close.ts', import.meta.url));

let replicas: VllmEmulator[] = [];
beforeAll(async () => {
  replicas = await Promise.all([1, 2, 3].map((seed) => startVllmEmulator({ seed })));
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
});

describe('no leaked timers or sockets', () => {
  it('a process using a routed provider exits by itself, with health checks running and no close()', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...replicas.map((r) => r.baseURL)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // The health-check loop would run for 30 s of idleness if its timers held the process; give 20 s.
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    clearTimeout(killer);
    expect(output).toContain('done 11');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // The replicas really were polled by the child's health checks.
    expect(replicas.every((replica) => replica.requests.some((request) => request.path === '/health'))).toBe(
      true,
    );
  }, 40_000);
});
