import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Writes an executable `vllm` that behaves like `vllm serve …` by running this checkout's emulator
 * CLI (`vllm-ai-provider emulate`), so the `process` runtime can be tested without vLLM.
 */
export async function createVllmShim(): Promise<{ directory: string; executable: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'vllm-shim-'));
  const executable = join(directory, 'vllm');
  const script = [
    '#!/bin/sh',
    '# vllm serve <args> -> vllm-ai-provider emulate <args>',
    'shift',
    `exec '${process.execPath}' --import '${pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href}' '${join(ROOT, 'src/cli/index.ts')}' emulate "$@"`,
    '',
  ].join('\n');
  await writeFile(executable, script);
  await chmod(executable, 0o755);
  return { directory, executable };
}
