import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBenchmarkResult, renderBenchmarkSvg } from '../../src';
import { loadBenchmark, saveBenchmark } from '../../src/node';
import { level, result } from './benchmark-fixture';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vllm-bench-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('saveBenchmark / loadBenchmark', () => {
  it('round trip: what is loaded equals what was saved (and renders the same chart)', async () => {
    const original = result([
      level(1),
      level(4, { errors: 1, completed: 99, errorSamples: [{ message: 'HTTP 500: x', count: 1 }] }),
    ]);
    const path = join(folder, 'nested', 'run.json');
    await saveBenchmark(original, path);
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(original);
    const loaded = await loadBenchmark(path);
    expect(loaded).toEqual(original);
    expect(renderBenchmarkSvg(loaded)).toBe(renderBenchmarkSvg(original));
  });

  it('a non-streamed result (null latencies) round-trips too', async () => {
    const original = result([level(2, { ttftMs: null, itlMs: null, tpotMs: null })], false);
    const path = join(folder, 'plain.json');
    await saveBenchmark(original, path);
    expect(await loadBenchmark(path)).toEqual(original);
  });

  it('errors name the file and the problem', async () => {
    await expect(loadBenchmark(join(folder, 'missing.json'))).rejects.toThrow(
      /loadBenchmark: cannot read .*missing\.json: ENOENT/,
    );
    const notJson = join(folder, 'broken.json');
    await writeFile(notJson, '{"format":');
    await expect(loadBenchmark(notJson)).rejects.toThrow(/loadBenchmark: .*broken\.json is not JSON/);
    const other = join(folder, 'other.json');
    await writeFile(other, JSON.stringify({ ...result([level(1)]), formatVersion: 2 }));
    await expect(loadBenchmark(other)).rejects.toThrow(
      /loadBenchmark: .*other\.json: Not a vllm-ai-provider benchmark result: formatVersion: .*formatVersion 1\) can be read/,
    );
    const wrongField = join(folder, 'field.json');
    const bad = result([level(1)]) as unknown as { levels: { requestsPerSecond: unknown }[] };
    bad.levels[0].requestsPerSecond = 'fast';
    await writeFile(wrongField, JSON.stringify(bad));
    await expect(loadBenchmark(wrongField)).rejects.toThrow(/levels\.0\.requestsPerSecond/);
  });

  it('saveBenchmark refuses an object that is not a benchmark result', async () => {
    await expect(saveBenchmark({} as never, join(folder, 'x.json'))).rejects.toThrow(
      /Not a vllm-ai-provider benchmark result/,
    );
    expect(() => parseBenchmarkResult(null)).toThrow(/\(root\)/);
  });
});
