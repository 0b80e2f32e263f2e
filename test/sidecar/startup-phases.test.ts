import { describe, expect, it } from 'vitest';
import { LineSplitter, parseLogLine } from '../../src/sidecar/log-lines';
import { StartupPhaseTracker } from '../../src/sidecar/startup-phase-tracker';
import { VLLM_STARTUP_PHASES, type VllmStartupProgress } from '../../src/sidecar/startup-phases';
import { HEAD_STARTUP, OLD_STARTUP_LINES } from './fixtures/startup-logs';

function track(lines: readonly string[]): { events: VllmStartupProgress[]; tracker: StartupPhaseTracker } {
  const events: VllmStartupProgress[] = [];
  const tracker = new StartupPhaseTracker(
    (event) => events.push(event),
    () => 0,
  );
  for (const line of lines) tracker.handleLine(line);
  return { events, tracker };
}

function headLines(): string[] {
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  return HEAD_STARTUP.flatMap(([stream, chunk]) => splitters[stream].push(chunk));
}

describe('log lines', () => {
  it('splits on \\n and \\r (tqdm redraws), keeps the unfinished tail, drops blank and prefix-only lines', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\r\nbar  1%\rbar 50%\rbar 1')).toEqual(['a', 'bar  1%', 'bar 50%']);
    expect(splitter.push('00%\n(EngineCore pid=7) \n\n')).toEqual(['bar 100%']);
    expect(splitter.push('tail')).toEqual([]);
    expect(splitter.flush()).toEqual(['tail']);
  });

  it('strips ANSI colours and peels nested process prefixes and the logger header', () => {
    const raw =
      '\x1b[0;36m(RayWorkerProc pid=65043)\x1b[0;0m (Worker pid=65043) \x1b[32mINFO\x1b[0m 08-17 12:00:00 [core.py:1] Hello';
    const [line] = new LineSplitter().push(`${raw}\n`);
    expect(parseLogLine(line)).toEqual({ raw: line, message: 'Hello', level: 'INFO' });
    expect(parseLogLine('(APIServer pid=1) INFO:     Application startup complete.').message).toBe(
      'Application startup complete.',
    );
    expect(parseLogLine('MYPREFIX WARNING 08-17 12:00:00 [x.py:2] careful').level).toBe('WARNING');
  });
});

describe('startup phases', () => {
  it('reports every phase of a HEAD startup in order, from vLLM’s real log lines', () => {
    const { events } = track(headLines());
    const started = events.filter((event) => event.phaseStarted).map((event) => event.phase);
    expect(started).toEqual([
      'starting',
      'resolving-model',
      'initializing-engine',
      'downloading-weights',
      'loading-weights',
      'compiling',
      'profiling-memory',
      'capturing-cuda-graphs',
      'starting-api-server',
    ]);
    const indexes = started.map((phase) => VLLM_STARTUP_PHASES.indexOf(phase));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('reports percentages within a phase from the tqdm bars, once per value', () => {
    const { events } = track(headLines());
    const loading = events.filter((event) => event.phase === 'loading-weights').map((event) => event.percent);
    expect(loading).toEqual([undefined, 0, 50, 100]);
    const graphs = events
      .filter((event) => event.phase === 'capturing-cuda-graphs')
      .map((event) => event.percent);
    expect(graphs).toEqual([0, 49, 100]);
    expect(events.find((event) => event.percent === 50)?.message).toBe(
      'Loading safetensors checkpoint shards: 50%',
    );
  });

  it('collects the facts vLLM prints (version, architecture, context length, KV cache, tasks)', () => {
    const { tracker } = track(headLines());
    expect(tracker.facts).toEqual({
      vllmVersion: '0.23.0',
      architecture: 'Qwen3ForCausalLM',
      maxModelLen: 40960,
      kvCacheTokens: 561952,
      maxConcurrency: 13.72,
      supportedTasks: ['generate'],
    });
  });

  it('understands the older wording (no prefix, EngineCore_DP0, "takes", two KV lines, "seconds")', () => {
    const { events, tracker } = track(OLD_STARTUP_LINES);
    expect(events.filter((event) => event.phaseStarted).map((event) => event.phase)).toEqual([
      'starting',
      'resolving-model',
      'downloading-weights',
      'loading-weights',
      'compiling',
      'profiling-memory',
      'capturing-cuda-graphs',
      'starting-api-server',
    ]);
    expect(tracker.facts).toMatchObject({
      vllmVersion: '0.9.0.1',
      kvCacheTokens: 188640,
      maxConcurrency: 5.23,
    });
  });

  it('never goes back to an earlier phase and enters "starting" on the first unknown line', () => {
    const { events } = track([
      'some unrelated output',
      'INFO 08-17 12:00:04 [model.py:672] Resolved architecture: X',
    ]);
    expect(events.map((event) => [event.phase, event.step, event.totalSteps])).toEqual([
      ['starting', 2, 11],
      ['resolving-model', 3, 11],
    ]);
    const tracker = new StartupPhaseTracker(
      () => {},
      () => 0,
    );
    expect(tracker.enter('compiling', 'x')).toBe(true);
    expect(tracker.enter('loading-weights', 'x')).toBe(false);
    expect(tracker.phase).toBe('compiling');
  });

  it('puts phases seen slightly out of order (stdout vs stderr) back in order within the reorder window', async () => {
    const events: VllmStartupProgress[] = [];
    const tracker = new StartupPhaseTracker(
      (event) => events.push(event),
      () => 0,
      30,
    );
    tracker.handleLine('Loading safetensors checkpoint shards:   0% Completed | 0/1');
    tracker.handleLine(
      '(EngineCore pid=9) INFO 08-17 12:00:13 [model_runner.py:358] Loading model from scratch...',
    );
    expect(events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(events.map((event) => event.phase)).toEqual(['downloading-weights', 'loading-weights']);
    tracker.handleLine(
      '(EngineCore pid=9) INFO 08-17 12:00:13 [model_runner.py:358] Loading model from scratch...',
    );
    tracker.enter('ready', 'Ready');
    tracker.flush();
    expect(events.map((event) => event.phase)).toEqual(['downloading-weights', 'loading-weights', 'ready']);
  });
});
