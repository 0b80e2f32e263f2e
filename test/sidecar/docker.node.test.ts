import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { generateText } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createVllmSidecar,
  listVllmServers,
  type StartedVllmServer,
  type VllmServerEvent,
  type VllmServerOptions,
  VllmSidecarError,
  type VllmStartupProgress,
} from '../../src/sidecar';
import { hasDocker, requireOrSkip } from '../helpers/system-requirements';
import { recordDockerArgv } from './helpers/docker-argv-recorder';
import {
  buildEmulatorImage,
  docker,
  removeTestContainers,
  startCli,
  startServerProcess,
  TEST_RUN_LABEL,
  testContainers,
  testRunId,
} from './helpers/docker-test-support';
import { processCommandLines } from './helpers/process-command-lines';

// The sidecar against a real Docker engine, with the emulator image standing in for vllm/vllm-openai.
const skip = requireOrSkip('Docker', hasDocker());

let image = '';
const base = (): VllmServerOptions => ({
  model: 'Qwen/Qwen3-0.6B',
  image,
  pull: 'never',
  gpus: false,
  hfCachePath: false,
  vllmCachePath: false,
  healthPollIntervalMs: 100,
  stopTimeoutMs: 5_000,
  labels: { [TEST_RUN_LABEL]: testRunId },
  env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '600' },
});
const sidecar = () => createVllmSidecar(base(), { env: {} });
const servers: StartedVllmServer[] = [];

async function startError(promise: Promise<unknown>): Promise<VllmSidecarError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!VllmSidecarError.isInstance(error))
    throw new Error(`expected a VllmSidecarError, got ${String(error)}`);
  return error;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe.skipIf(skip)('sidecar with Docker (emulator image)', { timeout: 120_000 }, () => {
  beforeAll(() => {
    image = buildEmulatorImage();
  }, 300_000);
  afterEach(async () => {
    await Promise.allSettled(servers.splice(0).map((server) => server.stop({ timeoutMs: 0, remove: true })));
  });
  afterAll(() => removeTestContainers());

  it('start → phases in order → ready → generateText through provider() → stop leaves no container', async () => {
    const progress: VllmStartupProgress[] = [];
    const server = await sidecar().start({ onProgress: (event) => progress.push(event) });
    servers.push(server);
    expect(progress.filter((event) => event.phaseStarted).map((event) => event.phase)).toEqual([
      'starting',
      'resolving-model',
      'initializing-engine',
      'downloading-weights',
      'loading-weights',
      'compiling',
      'profiling-memory',
      'capturing-cuda-graphs',
      'starting-api-server',
      'ready',
    ]);
    expect(docker('inspect', '--format', '{{.State.Running}}', server.containerId)).toBe('true');
    const result = await generateText({
      model: server.provider()(server.modelId),
      prompt: 'Hello',
      maxOutputTokens: 8,
    });
    expect(`${result.reasoningText ?? ''}${result.text}`.length).toBeGreaterThan(0);
    expect(server.capabilities).toMatchObject({
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
      vllmVersion: '0.26.0',
    });
    const stats = await server.stats();
    expect(stats.memoryBytes).toBeGreaterThan(0);
    await server.stop();
    expect(testContainers()).not.toContain(server.containerId);
  });

  it('a bad flag fails in seconds with the classified reason and the log tail, and leaves no container', async () => {
    const started = Date.now();
    const error = await startError(sidecar().start({ vllmArgs: ['--no-such-flag', 'x'] }));
    expect(error).toMatchObject({ reason: 'bad-arguments', exitCode: 2 });
    expect(error.logTail.join('\n')).toContain('vllm: error: unrecognized arguments: --no-such-flag x');
    expect(error.message).toContain('--- last');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(testContainers()).toEqual([]);
  });

  it('an emulated CUDA OOM fails with reason out-of-memory', async () => {
    const error = await startError(sidecar().start({ env: { VLLM_EMULATOR_FAILURE: 'cuda-oom' } }));
    expect(error).toMatchObject({ reason: 'out-of-memory', exitCode: 1 });
    expect(error.hint).toMatch(/maxModelLen/);
    expect(testContainers()).toEqual([]);
  });

  it('keeps secrets out of docker inspect Args/Cmd and every process command line; binds 127.0.0.1 only', async () => {
    let duringStart = '';
    // Every argv the docker client gets, recorded by a `docker` wrapper first on PATH.
    const recorder = recordDockerArgv();
    let server: StartedVllmServer;
    try {
      server = await sidecar().start({
        apiKey: 'sk-docker-secret-42',
        hfToken: 'hf_dockersecretdockersecret42',
        onProgress: (event) => {
          if (event.phase === 'loading-weights' && event.phaseStarted) duringStart = processCommandLines();
        },
      });
      servers.push(server);
      await server.logs({ tail: 5 });
    } finally {
      recorder.stop();
    }
    const invocations = recorder.invocations();
    // The client really ran through the wrapper: `docker run …` with the secrets passed by name only.
    const run = invocations.find((argv) => argv[0] === 'run');
    expect(run, JSON.stringify(invocations)).toBeDefined();
    expect(run).toContain('Qwen/Qwen3-0.6B');
    const envArguments = run!.flatMap((argument, index) => (run![index - 1] === '--env' ? [argument] : []));
    expect(envArguments).toContain('VLLM_API_KEY');
    expect(envArguments).toContain('HF_TOKEN');
    expect(envArguments.every((argument) => !argument.includes('='))).toBe(true);
    expect(invocations.length).toBeGreaterThan(2); // run, inspect/logs, … — every one checked below
    for (const argv of invocations) {
      expect(argv.join(' ')).not.toContain('sk-docker-secret-42');
      expect(argv.join(' ')).not.toContain('hf_dockersecret');
    }
    const inspected = docker(
      'inspect',
      '--format',
      '{{json .Args}} {{json .Config.Cmd}} {{json .Path}}',
      server.containerId,
    );
    expect(inspected).toContain('Qwen/Qwen3-0.6B');
    for (const text of [inspected, duringStart, processCommandLines()]) {
      expect(text).not.toContain('sk-docker-secret-42');
      expect(text).not.toContain('hf_dockersecret');
    }
    // The key reached the server (it enforces it) through the environment.
    expect((await server.validate()).authEnforced).toBe(true);

    const bindings = JSON.parse(
      docker('inspect', '--format', '{{json .NetworkSettings.Ports}}', server.containerId),
    ) as Record<string, Array<{ HostIp: string; HostPort: string }>>;
    const hostPorts = Object.values(bindings).flat();
    expect(hostPorts.length).toBeGreaterThan(0);
    expect(hostPorts.every((binding) => binding.HostIp === '127.0.0.1')).toBe(true);
    const port = Number(new URL(server.baseURL).port);
    expect(await connects('127.0.0.1', port)).toBe(true);
    // Not reachable on any other address of this host (eth0, docker0, …).
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
      .map((address) => address?.address ?? '');
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(await connects(address, port)).toBe(false);
  });

  it('reuse across two processes → one container; a reused server survives its owners', async () => {
    const options = { ...base(), reuse: true, maxModelLen: 1234 };
    const first = startServerProcess(options);
    const second = startServerProcess(options);
    const [a, b] = await Promise.all([first.result, second.result]);
    expect(a.error ?? b.error).toBeUndefined();
    expect(a.containerId).toBe(b.containerId);
    expect([a.attached, b.attached].sort()).toEqual([false, true]);
    await Promise.all([first.kill('SIGKILL'), second.kill('SIGKILL')]);
    // Reused servers are never reaped: a new start attaches to the same container.
    const third = await sidecar().start({ reuse: true, maxModelLen: 1234 });
    servers.push(third);
    expect(third.containerId).toBe(a.containerId);
    expect(third.attached).toBe(true);
  });

  it('SIGKILL the owner → the next start reaps its orphaned container', async () => {
    const owner = startServerProcess({ ...base(), maxModelLen: 777 });
    const { containerId, error } = await owner.result;
    expect(error).toBeUndefined();
    await owner.kill('SIGKILL');
    expect(testContainers()).toContain(containerId);
    const orphan = (await listVllmServers()).find((server) => server.id === containerId);
    expect(orphan).toMatchObject({ orphan: true, ownerAlive: false, running: true });
    const server = await sidecar().start();
    servers.push(server);
    expect(testContainers()).not.toContain(containerId);
  });

  it('monitor + autoRestart brings the server back after docker kill', async () => {
    const server = await sidecar().start();
    servers.push(server);
    const events: VllmServerEvent['type'][] = [];
    const monitor = server.monitor({ intervalMs: 250, autoRestart: true, maxRestarts: 1, stats: false });
    const ready = new Promise<void>((resolve) => monitor.on('ready', () => resolve()));
    const restarted = new Promise<void>((resolve) => monitor.on('restarted', () => resolve()));
    for (const type of ['ready', 'exited', 'restarting', 'restarted'] as const)
      monitor.on(type, (event) => events.push(event.type));
    await ready;
    docker('kill', server.containerId);
    await restarted;
    monitor.stop();
    expect(events).toEqual(['ready', 'exited', 'restarting', 'restarted', 'ready']);
    expect((await server.health()).healthy).toBe(true);
    const { text } = await generateText({
      model: server.provider()(server.modelId),
      prompt: 'again',
      maxOutputTokens: 4,
    });
    expect(typeof text).toBe('string');
  });

  it('managed provider: starts on the first request; concurrent first requests → one container', async () => {
    await using managed = sidecar().createManagedVllm({ maxModelLen: 4321 });
    expect(testContainers()).toEqual([]);
    const results = await Promise.all(
      [1, 2, 3].map((index) =>
        generateText({ model: managed(managed.modelId), prompt: `Hi ${index}`, maxOutputTokens: 4 }),
      ),
    );
    expect(results).toHaveLength(3);
    expect(testContainers()).toHaveLength(1);
    await managed.close();
    expect(testContainers()).toEqual([]);
  });

  it('aborting a start (signal) removes the half-started container', async () => {
    const controller = new AbortController();
    const error = await startError(
      sidecar().start({
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'loading-weights') controller.abort();
        },
      }),
    );
    expect(error.reason).toBe('aborted');
    expect(testContainers()).toEqual([]);
  });

  it('the owner exiting (process.exit) or getting SIGTERM removes its non-reused container', async () => {
    const exiting = startServerProcess({ ...base(), maxModelLen: 600 }, 'exit');
    const terminated = startServerProcess({ ...base(), maxModelLen: 601 });
    const [exited, running] = await Promise.all([exiting.result, terminated.result]);
    expect(exited.error ?? running.error).toBeUndefined();
    await exiting.finish();
    await terminated.kill('SIGTERM');
    expect(testContainers()).not.toContain(exited.containerId);
    expect(testContainers()).not.toContain(running.containerId);
  });

  it('CLI: serve prints the base URL and snippet, Ctrl-C stops the container; ps/stop work on a detached server', async () => {
    const args = ['--image', image, '--pull', 'never', '--gpus', 'none', '--no-hf-cache', '--no-vllm-cache'];
    const serve = startCli(['serve', 'Qwen/Qwen3-0.6B', ...args, '--max-model-len', '2222']);
    await serve.waitFor('Press Ctrl-C to stop the server.');
    const { stdout, stderr } = serve.output();
    expect(stdout).toMatch(/base URL {3}http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(stdout).toContain("const vllm = createVllm({ baseURL: 'http://127.0.0.1:");
    expect(stderr).toContain('[11/11] Ready');
    const id = /server {5}([0-9a-f]{12})/.exec(stdout)?.[1] ?? '';
    expect(docker('inspect', '--format', '{{.State.Running}}', id)).toBe('true');
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(() => docker('inspect', id)).toThrow();

    const detached = startCli(['serve', 'Qwen/Qwen3-0.6B', ...args, '--max-model-len', '3333', '--detach']);
    expect(await detached.exited).toBe(0);
    const detachedId = /server {5}([0-9a-f]{12})/.exec(detached.output().stdout)?.[1] ?? '';
    const ps = startCli(['ps']);
    expect(await ps.exited).toBe(0);
    expect(ps.output().stdout).toMatch(
      new RegExp(`${detachedId}\\s+Qwen/Qwen3-0.6B\\s+running\\s+http://127.0.0.1:\\d+/v1\\s+reused`),
    );
    const stop = startCli(['stop', detachedId]);
    expect(await stop.exited).toBe(0);
    expect(stop.output().stdout).toContain(`stopped ${detachedId}`);
    expect(() => docker('inspect', detachedId)).toThrow();
  });
});
