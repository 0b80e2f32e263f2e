// The published shape, as a new user gets it (CI step; needs the npm registry):
// 1. `npm pack` this package (dist/ must be built) and install the tarball in a fresh folder with the
//    newest `ai` and `zod` — then with the oldest `ai` 7 the package supports — and print the
//    install's package count and size;
// 2. type-check a consumer that imports every entry, with the newest TypeScript 6 and 7, `strict`,
//    under `nodenext` and `bundler` resolution (no `types` setting: TypeScript ≥ 6 loads no @types
//    package by itself), plus an edge consumer of the main entry with no Node types at all;
// 3. run a short script against the emulator from the installed package: generateText, streamText,
//    Output.object, a tool, embed, rerank, typed providerOptions;
// 4. start the installed CLI through `npx vllm-ai-provider emulate`, SIGTERM the npx process, and
//    check the emulator stopped and freed its port.
//
//   node scripts/check-published-package.mjs [--keep]      (npm run check:published)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');
/**
 * The oldest `ai` 7 this package supports: package.json `peerDependencies.ai` (optional peer,
 * `^7.0.163`: the first `ai` whose @ai-sdk/provider 4.0.36 and provider-utils 5.0.75 are the floors of
 * this package's caret ranges, so npm installs one copy of each; 4.0.36 is the first @ai-sdk/provider
 * with `timestampGranularities` and word timings in TranscriptionModelV4, which the transcription model
 * implements).
 */
const OLDEST_AI = packageJson.peerDependencies?.ai?.match(/\d+\.\d+\.\d+/)?.[0];
if (OLDEST_AI === undefined)
  throw new Error('package.json peerDependencies.ai must name the oldest supported ai 7');

const work = mkdtempSync(join(tmpdir(), 'vllm-ai-provider-published-'));
const started = Date.now();
const log = (message) => console.log(`check-published: ${message}`);
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

function npm(args, cwd) {
  try {
    return run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });
  } catch (error) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${error.stderr ?? error.message}`);
  }
}

/** Installed packages (every folder with a package.json under node_modules, scoped ones too) and bytes on disk. */
function measure(nodeModules) {
  let packages = 0;
  let bytes = 0;
  const walk = (directory, isModulesFolder) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (isModulesFolder && !entry.name.startsWith('.') && !entry.name.startsWith('@')) packages++;
        walk(path, entry.name === 'node_modules' || (isModulesFolder && entry.name.startsWith('@')));
      } else bytes += statSync(path).size;
    }
  };
  walk(nodeModules, true);
  return { packages, megabytes: (bytes / 1024 / 1024).toFixed(1) };
}

function freePort() {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const CONSUMER_ALL_ENTRIES = `import { embed, generateText, Output, rerank, streamText, tool } from 'ai';
import { z } from 'zod';
import {
  createVllm,
  createVllmClient,
  generateBatch,
  vllm,
  type VllmEmbeddingModelOptions,
  type VllmLanguageModelChatOptions,
  type VllmLanguageModelCompletionOptions,
  type VllmProviderSettings,
  type VllmRerankingModelOptions,
} from 'vllm-ai-provider';
import { createVllmNodeFetch } from 'vllm-ai-provider/node';
import { createManagedVllm, startVllmServer, type StartedVllmServer } from 'vllm-ai-provider/sidecar';
import { runVllmServe, startVllmEmulator, type VllmEmulator } from 'vllm-ai-provider/testing';

export const settings: VllmProviderSettings = { baseURL: 'http://localhost:8000/v1', fetch: createVllmNodeFetch() };
export const chat = { topK: 20, thinking: false } satisfies VllmLanguageModelChatOptions;
export const completion = { minP: 0.1 } satisfies VllmLanguageModelCompletionOptions;
export const embedding = { truncatePromptTokens: -1 } satisfies VllmEmbeddingModelOptions;
export const reranking = { rankFields: ['title'] } satisfies VllmRerankingModelOptions;
// @ts-expect-error typed options catch a wrong value
export const wrong = { topK: 'high' } satisfies VllmLanguageModelChatOptions;
export const used = [embed, generateText, Output, rerank, streamText, tool, z, createVllm, createVllmClient, generateBatch, vllm, createManagedVllm, startVllmServer, runVllmServe, startVllmEmulator];
export async function lifetimes(emulator: VllmEmulator, server: StartedVllmServer): Promise<void> {
  await emulator[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
  await using provider = createVllm({ baseURL: emulator.baseURL });
  void provider;
}
`;

const CONSUMER_EDGE = `import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';

export async function handler(): Promise<string> {
  await using vllm = createVllm({ baseURL: 'http://localhost:8000/v1' });
  const { text } = await generateText({
    model: vllm('Qwen/Qwen3-8B'),
    prompt: 'Hi',
    providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
  });
  return text;
}
`;

const SMOKE = `import { embed, generateText, isStepCount, Output, rerank, streamText, tool } from 'ai';
import { z } from 'zod';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { startVllmEmulator } from 'vllm-ai-provider/testing';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(\`smoke test failed: \${what}\`);
  console.log(\`ok  \${what}\`);
}

await using chat = await startVllmEmulator({
  model: 'Qwen/Qwen3-8B',
  enableAutoToolChoice: true,
  toolCallParser: 'hermes',
  reasoningParser: 'qwen3',
});
await using embedder = await startVllmEmulator({ model: 'BAAI/bge-m3', runner: 'pooling' });
await using reranker = await startVllmEmulator({ model: 'BAAI/bge-reranker-v2-m3', runner: 'pooling' });
const vllm = createVllm({ baseURL: chat.baseURL });

const generated = await generateText({
  model: vllm('Qwen/Qwen3-8B'),
  prompt: 'Is the sky blue?',
  providerOptions: { vllm: { structuredOutputs: { choice: ['yes', 'no'] }, thinking: false } satisfies VllmLanguageModelChatOptions },
});
check(['yes', 'no'].includes(generated.text), \`generateText with a choice constraint → \${generated.text}\`);

const streamed = streamText({
  model: vllm('Qwen/Qwen3-8B'),
  prompt: 'Say something',
  maxOutputTokens: 40,
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});
let chunks = 0;
for await (const _ of streamed.textStream) chunks++;
check(chunks > 1 && (await streamed.text).length > 0, \`streamText → \${chunks} chunks\`);

const { output } = await generateText({
  model: vllm('Qwen/Qwen3-8B'),
  output: Output.object({ schema: z.object({ city: z.string(), population: z.number() }) }),
  prompt: 'A city',
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});
check(typeof output.city === 'string' && typeof output.population === 'number', \`Output.object → \${JSON.stringify(output)}\`);

const withTool = await generateText({
  model: vllm('Qwen/Qwen3-8B'),
  prompt: 'Weather in Paris?',
  tools: { weather: tool({ inputSchema: z.object({ city: z.string() }), execute: async () => 'sunny' }) },
  stopWhen: isStepCount(2),
  maxOutputTokens: 300,
});
check(withTool.steps[0].toolCalls[0]?.toolName === 'weather' && withTool.steps.length === 2, 'a tool call, its result, then the answer');

const { embedding } = await embed({ model: createVllm({ baseURL: embedder.baseURL }).embeddingModel('BAAI/bge-m3'), value: 'GPU memory' });
check(embedding.length > 0, \`embed → \${embedding.length} dimensions\`);

const { ranking } = await rerank({
  model: createVllm({ baseURL: reranker.baseURL }).rerankingModel('BAAI/bge-reranker-v2-m3'),
  query: 'GPU memory',
  documents: ['KV cache paging', 'Bananas'],
});
check(ranking.length === 2, 'rerank → 2 ranked documents');

const wrong = await generateText({ model: createVllm({ baseURL: chat.baseURL.replace(/\\/v1$/, '') })('Qwen/Qwen3-8B'), prompt: 'Hi', maxRetries: 0 }).catch((error: Error) => error);
check(wrong instanceof Error && wrong.message.includes(\`set baseURL (or VLLM_BASE_URL) to '\${chat.baseURL}'\`), 'a baseURL without /v1 names the right one');
`;

async function npxEmulatorStopsWithItsLauncher(consumer) {
  const port = await freePort();
  const launcher = spawn(
    'npx',
    ['--no', 'vllm-ai-provider', 'emulate', 'Qwen/Qwen3-0.6B', '--port', String(port)],
    {
      cwd: consumer,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${resolve(process.execPath, '..')}:${process.env.PATH}` },
    },
  );
  let output = '';
  launcher.stdout.on('data', (chunk) => (output += chunk));
  launcher.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Application startup complete.')) {
    if (launcher.exitCode !== null || Date.now() > deadline)
      throw new Error(`npx vllm-ai-provider emulate did not start:\n${output}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  const pid = Number(/\(APIServer pid=(\d+)\)/.exec(output)?.[1]);
  const health = async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status;
    } catch {
      return 'refused';
    }
  };
  if ((await health()) !== 200) throw new Error('the emulator did not answer /health');
  launcher.kill('SIGTERM');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 200 && (alive() || (await health()) !== 'refused'); attempt++)
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  if (alive()) {
    process.kill(pid, 'SIGKILL');
    throw new Error(`SIGTERM to npx left the emulator (pid ${pid}) running`);
  }
  if ((await health()) !== 'refused')
    throw new Error(`port ${port} still answers after the emulator stopped`);
}

function writeConsumer(directory, aiVersion) {
  mkdirSync(join(directory, 'src'), { recursive: true });
  writeFileSync(
    join(directory, 'package.json'),
    `${JSON.stringify({ name: `consumer-ai-${aiVersion}`, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(directory, 'src/all-entries.ts'), CONSUMER_ALL_ENTRIES);
  writeFileSync(join(directory, 'src/smoke.ts'), SMOKE);
  writeFileSync(join(directory, 'src/edge.ts'), CONSUMER_EDGE);
  const base = {
    strict: true,
    target: 'es2022',
    lib: ['es2022'],
    skipLibCheck: false,
    noEmit: true,
    verbatimModuleSyntax: true,
  };
  const configs = {
    nodenext: { ...base, module: 'nodenext', moduleResolution: 'nodenext' },
    bundler: { ...base, module: 'esnext', moduleResolution: 'bundler' },
  };
  for (const [name, options] of Object.entries(configs)) {
    writeFileSync(
      join(directory, `tsconfig.${name}.json`),
      JSON.stringify({ compilerOptions: options, files: ['src/all-entries.ts', 'src/smoke.ts'] }, null, 2),
    );
    // The edge consumer: main entry only, no Node types anywhere (`types: []`, DOM's fetch).
    writeFileSync(
      join(directory, `tsconfig.edge-${name}.json`),
      JSON.stringify(
        { compilerOptions: { ...options, lib: ['es2022', 'dom'], types: [] }, files: ['src/edge.ts'] },
        null,
        2,
      ),
    );
  }
  writeFileSync(
    join(directory, 'tsconfig.build.json'),
    JSON.stringify(
      {
        extends: './tsconfig.nodenext.json',
        // Only to emit the script: the declarations were checked above.
        compilerOptions: { noEmit: false, outDir: 'build', rootDir: 'src', skipLibCheck: true },
        files: ['src/smoke.ts'],
      },
      null,
      2,
    ),
  );
}

async function checkConsumer(tarball, aiSpec) {
  const consumer = join(work, `consumer-${aiSpec.replace(/[^\w.]/g, '_')}`);
  writeConsumer(consumer, aiSpec);
  // What a user installs: the package, ai and zod — measured before the type-check tools join.
  npm(['install', tarball, `ai@${aiSpec}`, 'zod@latest'], consumer);
  const aiVersion = JSON.parse(readFileSync(join(consumer, 'node_modules/ai/package.json'), 'utf8')).version;
  const { packages, megabytes } = measure(join(consumer, 'node_modules'));
  log(
    `ai@${aiVersion}: npm install vllm-ai-provider ai zod → ${packages} packages, ${megabytes} MB in node_modules`,
  );

  npm(['install', '--save-dev', '@types/node@22', 'ts6@npm:typescript@6', 'ts7@npm:typescript@7'], consumer);
  const compilers = {
    'typescript 6': join(consumer, 'node_modules/ts6/bin/tsc'),
    'typescript 7': join(consumer, 'node_modules/ts7/bin/tsc'),
  };
  for (const [name, tsc] of Object.entries(compilers)) {
    const version = run(process.execPath, [tsc, '--version']).trim();
    const upstream = new Map();
    for (const config of ['nodenext', 'bundler', 'edge-nodenext', 'edge-bundler']) {
      let output = '';
      try {
        run(process.execPath, [tsc, '-p', `tsconfig.${config}.json`], { cwd: consumer });
      } catch (error) {
        output = `${error.stdout}${error.stderr}`;
      }
      // skipLibCheck is off, so declaration files are checked too. Errors in this package's
      // declarations or in the consumer's code fail; errors inside other packages' declarations
      // (the AI SDK's own, e.g. DOM types or json-schema without types) are theirs: reported.
      const diagnostics = output.split('\n').filter((line) => / error TS\d+:/.test(line));
      const ours = diagnostics.filter(
        (line) =>
          line.startsWith('src/') ||
          line.startsWith('node_modules/vllm-ai-provider/dist/') ||
          line.startsWith('error TS'), // a global type missing (AsyncDisposable…): no file to blame
      );
      if (ours.length > 0 || (diagnostics.length === 0 && output.trim() !== '')) {
        throw new Error(
          `${name} (${version}) tsconfig.${config}.json with ai@${aiVersion}:\n${(ours.length > 0 ? ours : [output]).join('\n')}`,
        );
      }
      for (const line of diagnostics) {
        const owner = /^node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/node_modules\/((?:@[^/]+\/)?[^/]+))?/.exec(
          line,
        );
        const key = owner?.[2] ?? owner?.[1] ?? line;
        upstream.set(key, (upstream.get(key) ?? 0) + 1);
      }
    }
    const note =
      upstream.size > 0
        ? ` (errors inside other packages' declarations, not ours: ${[...upstream].map(([owner, count]) => `${owner} ${count}`).join(', ')})`
        : '';
    log(
      `ai@${aiVersion}: ${version} compiles every entry (strict, nodenext + bundler) and an edge consumer without Node types${note}`,
    );
  }
  run(process.execPath, [compilers['typescript 6'], '-p', 'tsconfig.build.json'], { cwd: consumer });
  // The provider-only install leaves out the emulator's packages (optional peer dependencies): the
  // smoke script's first step, startVllmEmulator(), must say which to install — then install them.
  let refusal = '';
  try {
    run(process.execPath, [join(consumer, 'build/smoke.js')], { cwd: consumer, timeout: 120_000 });
  } catch (error) {
    refusal = `${error.stdout}${error.stderr}`;
  }
  if (!refusal.includes('npm install --save-dev json-schema-faker randexp')) {
    throw new Error(
      `without json-schema-faker and randexp, vllm-ai-provider/testing should name them; it printed:\n${refusal || '(nothing, exit 0)'}`,
    );
  }
  log(
    `ai@${aiVersion}: without its optional peers the emulator names them (npm install --save-dev json-schema-faker randexp)`,
  );
  npm(['install', '--save-dev', 'json-schema-faker', 'randexp'], consumer);
  try {
    const output = run(process.execPath, [join(consumer, 'build/smoke.js')], {
      cwd: consumer,
      timeout: 120_000,
    });
    for (const line of output.trim().split('\n')) log(`ai@${aiVersion}: ${line}`);
  } catch (error) {
    throw new Error(`the smoke script failed with ai@${aiVersion}:\n${error.stdout}${error.stderr}`);
  }
  return consumer;
}

try {
  log(`npm pack ${packageJson.name}@${packageJson.version}`);
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT))[0];
  const tarball = join(work, packed.filename);
  log(
    `${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`,
  );
  const newest = await checkConsumer(tarball, 'latest');
  await npxEmulatorStopsWithItsLauncher(newest);
  log('npx vllm-ai-provider emulate: SIGTERM to npx stopped the emulator and freed its port');
  await checkConsumer(tarball, OLDEST_AI);
  log(`the published package works as installed (${Math.round((Date.now() - started) / 1000)} s)`);
} finally {
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
