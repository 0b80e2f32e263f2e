import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchCommand } from '../../src/cli/bench-args';
import { formatProgressBar } from '../../src/cli/bench-format';
import { loadBenchmark } from '../../src/node';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

function bench(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, 'bench', ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

let emulator: VllmEmulator;
let folder: string;
beforeAll(async () => {
  emulator = await startVllmEmulator({ apiKey: 'secret-key', timeToFirstTokenMs: 5 });
  folder = await mkdtemp(join(tmpdir(), 'vllm-bench-cli-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});

describe('vllm-ai-provider bench', () => {
  it('runs the sweep (key from VLLM_API_KEY), prints the table and best level, writes SVG and JSON', async () => {
    const svg = join(folder, 'report.svg');
    const json = join(folder, 'results.json');
    const { code, stdout, stderr } = await bench(
      [
        '--base-url',
        emulator.baseURL,
        '--concurrency',
        '1,4',
        '--requests',
        '12',
        '--output-tokens',
        '8',
        '--prompt-tokens',
        '32',
        '--out',
        svg,
        '--save',
        json,
        '--max-latency-ms',
        '5000',
      ],
      { VLLM_API_KEY: 'secret-key' },
    );
    expect(stderr).toContain('12/12  concurrency 4 (2/2)  measuring');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /concurrency\s+req\/s\s+out tok\/s\s+TTFT p50\/p99 ms\s+ITL p50\/p99 ms\s+E2E p50\/p99 ms\s+errors/,
    );
    expect(stdout).toMatch(
      /^\s+1\s+[\d.]+\s+\d+\s+[\d.]+ \/ [\d.]+\s+[\d.]+ \/ [\d.]+\s+[\d.]+ \/ [\d.]+\s+0$/m,
    );
    expect(stdout).toMatch(/Best throughput with time to first token p99 ≤ 5000 ms: concurrency \d/);
    expect(stdout).not.toContain('secret-key');
    expect(XMLValidator.validate(await readFile(svg, 'utf8'))).toBe(true);
    const saved = await loadBenchmark(json);
    expect(saved.levels.map((level) => [level.concurrency, level.completed])).toEqual([
      [1, 12],
      [4, 12],
    ]);
    // Every generation request carried the key from the environment.
    const generations = emulator.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(generations.length).toBe(2 * 12 + 1 + 4);
    expect(generations.every((request) => request.headers.authorization === 'Bearer secret-key')).toBe(true);

    // --load re-renders saved results without sending anything.
    const before = emulator.requests.length;
    const loaded = await bench(['--load', json, '--json']);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual(saved);
    expect(emulator.requests.length).toBe(before);
  });

  it('exits 1 with the server’s message when no request succeeds (wrong key)', async () => {
    const { code, stdout } = await bench(
      [
        '--base-url',
        emulator.baseURL,
        '--model',
        'Qwen/Qwen3-0.6B',
        '--concurrency',
        '2',
        '--requests',
        '4',
        '--warmup',
        '0',
      ],
      { VLLM_API_KEY: 'wrong' },
    );
    expect(code).toBe(1);
    expect(stdout).toContain('concurrency 2: 4× HTTP 401: Unauthorized');
    expect(stdout).toContain('No concurrency level meets the criterion');
  });

  it('usage errors exit 2 and name the option', async () => {
    const result = await bench(['--api-key', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Set VLLM_API_KEY instead.');
    expect(result.stderr).not.toContain('usage: x');
  });
});

describe('bench arguments', () => {
  it('maps every option', () => {
    expect(
      parseBenchCommand([
        '--base-url',
        'http://h:8000/v1',
        '--model',
        'm',
        '--concurrency',
        '1, 8,32',
        '--requests',
        '50',
        '--warmup',
        '0',
        '--prompt-tokens',
        '512',
        '--output-tokens',
        '64',
        '--no-stream',
        '--endpoint',
        'completion',
        '--timeout-ms',
        '0',
        '--max-latency-ms',
        '900',
        '--latency',
        'e2e',
        '--percentile',
        'p90',
        '--out',
        'r.svg',
        '--save',
        'r.json',
      ]),
    ).toEqual({
      help: false,
      options: {
        baseURL: 'http://h:8000/v1',
        model: 'm',
        concurrency: [1, 8, 32],
        requests: 50,
        warmup: 0,
        promptTokens: 512,
        outputTokens: 64,
        streaming: false,
        endpoint: 'completion',
        timeoutMs: 0,
      },
      analysis: { maxLatencyMs: 900, latency: 'e2e', percentile: 'p90' },
      out: 'r.svg',
      save: 'r.json',
      load: undefined,
      json: false,
    });
  });

  it.each([
    [['--requests', '0'], "--requests must be an integer >= 1, got '0'."],
    [['--concurrency', '4,'], "--concurrency must be an integer >= 1, got ''."],
    [['--latency', 'p99'], "--latency must be one of ttft, itl, tpot, e2e, got 'p99'."],
    [
      ['--out', 'report.png'],
      "--out writes an SVG chart: give a file name ending in .svg, got 'report.png'.",
    ],
    [
      ['--load', 'a.json', '--save', 'b.json'],
      '--load reads saved results and runs nothing: it cannot be combined with --save.',
    ],
    [['extra'], "Unexpected argument 'extra'"],
  ])('%j → %s', (argv, message) => {
    expect(() => parseBenchCommand(argv)).toThrow(message);
  });

  it('draws a progress bar', () => {
    expect(
      formatProgressBar(
        {
          concurrency: 16,
          levelIndex: 2,
          levelCount: 4,
          phase: 'measure',
          completed: 64,
          total: 128,
          errors: 2,
        },
        80,
      ),
    ).toBe('[██████████░░░░░░░░░░]    64/128  concurrency 16 (3/4)  measuring  2 errors');
  });
});
