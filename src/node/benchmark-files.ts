import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { VllmBenchmarkResult } from '../bench/benchmark-types';
import { parseBenchmarkResult } from '../bench/parse-benchmark-result';

/**
 * Writes a benchmark result as pretty-printed JSON (creating the folder), to be read back with
 * {@link loadBenchmark} or compared between runs.
 */
export async function saveBenchmark(result: VllmBenchmarkResult, path: string): Promise<void> {
  const checked = parseBenchmarkResult(result);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(checked, null, 2)}\n`, 'utf8');
}

/**
 * Reads a benchmark result written by {@link saveBenchmark}. Errors name the file and what is wrong
 * with it (missing, not JSON, not a benchmark result, or another format version).
 */
export async function loadBenchmark(path: string): Promise<VllmBenchmarkResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`loadBenchmark: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`loadBenchmark: ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseBenchmarkResult(value);
  } catch (error) {
    const reason = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`loadBenchmark: ${path}: ${reason}`, { cause: error });
  }
}
