import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasDocker, requireOrSkip } from '../helpers/system-requirements';

// Every file in examples/ runs to completion against the embedded emulator (no VLLM_* variables),
// as `npm run example <name>` runs it, and prints what it is about. The package is imported from
// dist/ like user code (npm test builds it first).
const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES_DIR = join(ROOT, 'examples');
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs');

interface ExampleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Environment without any VLLM_* variable, so each example starts its own emulator. */
function exampleEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VLLM_') && name !== 'HF_TOKEN') environment[name] = value;
  }
  // As `npm run example` runs them: 'vllm-ai-provider' resolves to dist/ (no tsconfig paths to src/).
  return { ...environment, NO_COLOR: '1', TSX_TSCONFIG_PATH: join(EXAMPLES_DIR, 'tsconfig.run.json') };
}

function runNode(args: string[], timeoutMs: number): Promise<ExampleRun> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: exampleEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // An example must exit by itself: a leaked server, socket or timer keeps it alive.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, output });
    });
  });
}

const runExample = (name: string, timeoutMs = 60_000) =>
  runNode(['--import', TSX_LOADER, join(EXAMPLES_DIR, `${name}.ts`)], timeoutMs);

/** What each example must print (besides exiting 0): evidence that it did its job. */
const EXPECTED: Record<string, RegExp[]> = {
  quickstart: [
    /embedded vLLM emulator/,
    /# generateText/,
    /# streamText/,
    /# Output\.object/,
    /\d+ dimensions/,
  ],
  generate: [
    /started the embedded vLLM emulator/,
    /finish reason: (stop|length)/,
    /usage: \d+ prompt \+ \d+ completion/,
  ],
  stream: [/first token after \d+ ms/, /usage: \d+ prompt \+ \d+ completion/],
  'structured-output': [
    /Output\.object: \{/,
    /servings: \d+/,
    /Output\.array: \[/,
    /Output\.choice: (positive|neutral|negative)\n/,
  ],
  'guided-decoding': [
    /→ \d{4}-\d{2}-\d{2} \(matches: true\)/,
    /→ (Python|Rust|Go|C\+\+)\n/,
    /→ (approve|reject|escalate)\n/,
  ],
  tools: [
    /step 1 \(finish reason: tool-calls\)/,
    /tool call +getWeather\(\{"city":/,
    /tool result \{"city"/,
    /answer: \S+/,
  ],
  reasoning: [
    /\[thinking\] \S+/,
    /\[answer\] \S+/,
    /reasoning tokens: \d+/,
    /thinking off → reasoning: undefined/,
  ],
  'embeddings-rerank': [/4 embeddings of 1024 dimensions/, /top 2 after reranking:\n {2}\d\.\d{3} /],
  lora: [
    /loaded support-lora/,
    /adapters served: sql-lora .*support-lora/,
    /adapter +\(sql-lora\): \S+/,
    /unloaded support-lora/,
  ],
  'beam-search': [/best beam: \S+/, /beam 0 \(/, /beam 1 \(/, /beam 2 \(/],
  logprobs: [/p=\d+\.\d%\s+top 3: /],
  batch: [/10\/10 done/, /#9 maps: \S+/, /10 succeeded, 0 failed/],
  'multiple-endpoints': [
    /started 3 embedded vLLM emulators/,
    /6\/6 calls succeeded/,
    /event request-failover/,
    /9\/9 calls succeeded/,
  ],
  'server-client': [
    /health: ok/,
    /vLLM version: \d+\.\d+/,
    /fits the context: false/,
    /under load: \d+ running/,
    /generated tokens\/s/,
  ],
  sidecar: [/ready after \d+ ms/, /health: healthy/, /stopped in \d+ ms/],
  vision: [
    /serving Qwen\/Qwen2\.5-VL-3B-Instruct/,
    /answer: \S+/,
    /three images → At most 2 image\(s\) may be provided in one prompt\..*--limit-mm-per-prompt/,
    /checked before sending → The prompt has 3 image part\(s\)/,
  ],
  transcribe: [
    /text: +\S+/,
    /language: en, duration: 40 s, \d+ segments/,
    /\[0\.00–\d+\.\d\d\] +\S+/,
    /translation: \S+/,
    /streamed: \S+/,
  ],
  responses: [
    /\[thinking\] \S+/,
    /\[answer\] \S+/,
    /usage: \d+ in, \d+ out \(\d+ reasoning\)/,
    /tool call weather\(\{"city":/,
    /answer after 2 steps: \S+/,
    /Output\.object: \{"name":/,
  ],
};

const examples = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

function expectSuccess(name: string, run: ExampleRun): void {
  const report = `examples/${name}.ts exited with ${run.signal ?? run.code}:\n${run.output}`;
  expect(run.code, report).toBe(0);
  for (const pattern of EXPECTED[name] ?? []) expect(run.output, report).toMatch(pattern);
}

describe('examples', () => {
  it('every example has expectations here (a new example cannot go untested)', () => {
    expect(examples).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.concurrent('run to completion against the embedded emulator', () => {
    for (const name of examples.filter((example) => example !== 'sidecar')) {
      it(name, async () => expectSuccess(name, await runExample(name)), 90_000);
    }
  });

  describe.skipIf(requireOrSkip('Docker', hasDocker()))('sidecar (Docker)', () => {
    it('starts a vLLM emulator container, generates, stops it and leaves no container', async () => {
      const run = await runExample('sidecar', 240_000);
      expectSuccess('sidecar', run);
      const containerId = /\(container ([0-9a-f]{12})\)/.exec(run.output)?.[1];
      expect(containerId).toBeDefined();
      const left = execFileSync('docker', ['ps', '-aq', '--filter', `id=${containerId}`], {
        encoding: 'utf8',
      });
      expect(left.trim()).toBe('');
    }, 300_000);
  });

  it('npm run example without a valid name lists the examples', async () => {
    const runner = join(EXAMPLES_DIR, 'helpers/run-example.ts');
    const missing = await runNode(['--import', TSX_LOADER, runner], 30_000);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('Usage: npm run example <name>');
    expect(missing.output).toContain('structured-output');
    const unknown = await runNode(['--import', TSX_LOADER, runner, 'no-such-example'], 30_000);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('Unknown example "no-such-example"');
  });
});
