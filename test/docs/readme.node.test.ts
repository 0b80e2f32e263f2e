import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateText, tool } from 'ai';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src/index';
import { VLLM_MODEL_PRESETS } from '../../src/provider/vllm-model-presets';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';
import { REASONING_PARSERS, TOOL_CALL_PARSERS } from '../../src/testing/serve-args/serve-flags';
import {
  codeBlocks,
  headingAnchors,
  README,
  ROOT,
  type RunnableTarget,
  runnableBlocks,
  section,
  tableRows,
} from './readme';

// Docs stay true: the README's runnable blocks typecheck and run against the emulator, and its tables
// and troubleshooting messages are checked against the code.
const BLOCKS_DIR = join(ROOT, 'test-output/readme-blocks');
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const blocks = runnableBlocks();
const blockFile = (line: number) => join(BLOCKS_DIR, `readme-line-${line}.ts`);

let chat: VllmEmulator | undefined;
let pooling: VllmEmulator | undefined;
let vision: VllmEmulator | undefined;
let speech: VllmEmulator | undefined;

beforeAll(async () => {
  rmSync(BLOCKS_DIR, { recursive: true, force: true });
  mkdirSync(BLOCKS_DIR, { recursive: true });
  for (const block of blocks) writeFileSync(blockFile(block.line), block.code);
  // Like `vllm serve Qwen/Qwen3-8B --enable-auto-tool-choice --tool-call-parser hermes
  // --reasoning-parser qwen3 --enable-lora` with runtime LoRA loading; any model name accepted.
  chat = await startVllmEmulator({
    model: 'Qwen/Qwen3-8B',
    enableAutoToolChoice: true,
    toolCallParser: 'hermes',
    reasoningParser: 'qwen3',
    enableLora: true,
    allowRuntimeLoraUpdating: true,
    skipModelNameValidation: true,
  });
  pooling = await startVllmEmulator({
    model: 'BAAI/bge-m3',
    runner: 'pooling',
    skipModelNameValidation: true,
  });
  // `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --limit-mm-per-prompt '{"image": 4}'`; `vllm serve openai/whisper-large-v3-turbo`.
  vision = await startVllmEmulator({ model: 'Qwen/Qwen2.5-VL-3B-Instruct', limitMmPerPrompt: { image: 4 } });
  speech = await startVllmEmulator({ model: 'openai/whisper-large-v3-turbo' });
});

afterAll(async () => {
  await chat?.close();
  await pooling?.close();
  await vision?.close();
  await speech?.close();
});

const SERVERS = { chat: () => chat, pooling: () => pooling, vision: () => vision, speech: () => speech };

function blockEnvironment(target: RunnableTarget): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('VLLM_')) environment[name] = value;
  // As user code: 'vllm-ai-provider' is the built package (dist/), not src/ through tsconfig paths.
  environment.TSX_TSCONFIG_PATH = join(ROOT, 'examples/tsconfig.run.json');
  if (target !== 'none') {
    environment.VLLM_BASE_URL = SERVERS[target]()?.baseURL;
    environment.VLLM_EMBEDDING_BASE_URL = pooling?.baseURL;
  }
  return environment;
}

function runBlock(file: string, target: RunnableTarget): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, file], {
      cwd: ROOT,
      env: blockEnvironment(target),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

describe('README code blocks', () => {
  it('has runnable blocks in the sections that promise them', () => {
    const lines = blocks.map((block) => block.line);
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    for (const heading of ['Quick start', 'Structured outputs', 'Tools', 'Reasoning', 'LoRA adapters']) {
      const start = README.indexOf(`\n## ${heading}\n`);
      const startLine = README.slice(0, start).split('\n').length + 1;
      const endLine = startLine + section(heading).split('\n').length;
      expect(
        lines.some((line) => line > startLine && line < endLine),
        heading,
      ).toBe(true);
    }
    // Every TypeScript block is either runnable or deliberately plain (```ts): no typo'd markers.
    for (const block of codeBlocks())
      expect(block.info, `line ${block.line}`).toMatch(/^(ts( runnable(=\w+)?)?|sh|text|)$/);
  });

  it('every runnable block typechecks', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.json did not parse');
    const program = ts.createProgram(
      blocks.map((block) => blockFile(block.line)),
      config.options,
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file?.fileName.startsWith(BLOCKS_DIR))
      .map((diagnostic) => {
        const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const blockLine = Number(/readme-line-(\d+)/.exec(diagnostic.file!.fileName)?.[1]);
        return `README.md:${blockLine + line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);

  describe.concurrent('every runnable block runs against the emulator', () => {
    for (const block of blocks) {
      it(`README.md:${block.line} (${block.target})`, async () => {
        const run = await runBlock(blockFile(block.line), block.target);
        expect(run.code, `README.md:${block.line} failed:\n${block.code}\n---\n${run.output}`).toBe(0);
      }, 90_000);
    }
  });
});

describe('README tables match the code', () => {
  it('keeps the two commands at the top', () => {
    expect(README.slice(0, 1200)).toContain('npm install && npm run demo');
    expect(README.slice(0, 1200)).toMatch(/\nnpm test {2,}#/);
  });

  it('Settings lists every VllmProviderSettings property, and nothing else', () => {
    const program = ts.createProgram([join(ROOT, 'src/provider/vllm-provider.ts')], {
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(join(ROOT, 'src/provider/vllm-provider.ts'))!;
    let names: string[] = [];
    ts.forEachChild(file, (node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === 'VllmProviderSettings') {
        names = checker.getPropertiesOfType(checker.getTypeAtLocation(node)).map((property) => property.name);
      }
    });
    expect(names.length).toBeGreaterThan(10);
    const documented = tableRows(section('Settings')).map((row) => row[0].replace(/`/g, ''));
    expect(documented.sort()).toEqual(names.sort());
  });

  it('Examples lists every file in examples/', () => {
    const files = readdirSync(join(ROOT, 'examples'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3));
    const documented = tableRows(section('Examples and playground')).map((row) => row[0].replace(/`/g, ''));
    expect(documented.sort()).toEqual(files.sort());
  });

  it("Tools' parser table matches the sidecar presets and vLLM's parser lists", () => {
    const rows = tableRows(section('Tools'), '| model family');
    const generative = VLLM_MODEL_PRESETS.filter((preset) => preset.runner !== 'pooling');
    expect(rows.map((row) => row[1].replace(/`/g, '')).sort()).toEqual(
      generative.map((preset) => preset.name).sort(),
    );
    for (const row of rows) {
      const preset = VLLM_MODEL_PRESETS.find((candidate) => candidate.name === row[1].replace(/`/g, ''))!;
      expect(row[2], preset.name).toBe(preset.toolCallParser ? `\`${preset.toolCallParser}\`` : '—');
      expect(row[3], preset.name).toBe(preset.reasoningParser ? `\`${preset.reasoningParser}\`` : '—');
      if (preset.toolCallParser) expect(TOOL_CALL_PARSERS).toContain(preset.toolCallParser);
      if (preset.reasoningParser) expect(REASONING_PARSERS).toContain(preset.reasoningParser);
    }
    const listed = /All tool-call parsers of current vLLM[^:]*:([^.]+)\./.exec(section('Tools'))?.[1] ?? '';
    expect([...listed.matchAll(/`([^`]+)`/g)].map((match) => match[1])).toEqual([...TOOL_CALL_PARSERS]);
  });

  it('every internal link points to a heading', () => {
    const anchors = headingAnchors();
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });
});

describe('Troubleshooting quotes the messages users get', () => {
  const troubleshooting = () => section('Troubleshooting');
  const failure = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the call to fail');
  };

  it('connection refused', async () => {
    const vllm = createVllm({ baseURL: 'http://127.0.0.1:9/v1' });
    const message = await failure(
      generateText({ model: vllm('Qwen/Qwen3-8B'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(message).toContain('Cannot connect to vLLM at http://127.0.0.1:9/v1/chat/completions:');
    expect(message).toContain('Is the server running and reachable?');
    expect(troubleshooting()).toContain(
      'Cannot connect to vLLM at http://localhost:8000/v1/chat/completions: … Is the server running and reachable?',
    );
  });

  it('unknown model, tools not enabled, context length, unauthorized', async () => {
    await using emulator = await startVllmEmulator({
      model: 'Qwen/Qwen3-8B',
      maxModelLen: 64,
      apiKey: 'key',
    });
    const vllm = createVllm({ baseURL: emulator.baseURL, apiKey: 'key' });
    const notFound = await failure(
      generateText({ model: vllm('Qwen/Qwen3-4B'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(notFound).toContain('The model `Qwen/Qwen3-4B` does not exist. The server at ');
    expect(notFound).toContain(' serves: Qwen/Qwen3-8B.');
    expect(troubleshooting()).toContain('The model `X` does not exist. The server at … serves: …');

    const tools = await failure(
      generateText({
        model: vllm('Qwen/Qwen3-8B'),
        prompt: 'Hi',
        maxRetries: 0,
        tools: { lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async () => 'x' }) },
      }),
    );
    const toolsQuote =
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set';
    expect(tools).toContain(toolsQuote);
    expect(troubleshooting()).toContain(toolsQuote);

    const tooLong = await failure(
      generateText({ model: vllm('Qwen/Qwen3-8B'), prompt: 'Hi', maxOutputTokens: 100, maxRetries: 0 }),
    );
    expect(tooLong).toContain("This model's maximum context length is 64 tokens. However, you requested ");
    expect(troubleshooting()).toContain(
      "This model's maximum context length is 8192 tokens. However, you requested …",
    );

    const unauthorized = await failure(
      generateText({
        model: createVllm({ baseURL: emulator.baseURL, apiKey: 'wrong' })('Qwen/Qwen3-8B'),
        prompt: 'Hi',
        maxRetries: 0,
      }),
    );
    expect(unauthorized).toContain('Unauthorized: the vLLM server requires an API key');
    expect(troubleshooting()).toContain('Unauthorized: the vLLM server requires an API key');
  });

  it('media for a text-only model, over the per-prompt limit', async () => {
    const picture = {
      type: 'file' as const,
      mediaType: 'image/png',
      data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    };
    await using text = await startVllmEmulator({ model: 'Qwen/Qwen3-8B' });
    const notMultimodal = await failure(
      generateText({
        model: createVllm({ baseURL: text.baseURL })('Qwen/Qwen3-8B'),
        messages: [{ role: 'user', content: [picture] }],
        maxRetries: 0,
      }),
    );
    const notMultimodalQuote = 'Qwen/Qwen3-8B is not a multimodal model — the served model takes text only';
    expect(notMultimodal).toContain(notMultimodalQuote);
    expect(troubleshooting()).toContain(notMultimodalQuote);

    await using vision = await startVllmEmulator({
      model: 'Qwen/Qwen2.5-VL-3B-Instruct',
      limitMmPerPrompt: { image: 1 },
    });
    const overLimit = await failure(
      generateText({
        model: createVllm({ baseURL: vision.baseURL })('Qwen/Qwen2.5-VL-3B-Instruct'),
        messages: [{ role: 'user', content: [picture, picture] }],
        maxRetries: 0,
      }),
    );
    expect(overLimit).toContain('At most 1 image(s) may be provided in one prompt.');
    expect(overLimit).toContain('--limit-mm-per-prompt');
    expect(troubleshooting()).toContain(
      'At most 1 image(s) may be provided in one prompt. … --limit-mm-per-prompt …',
    );
  });

  it('guided_* keys reach a current vLLM as structured_outputs, not as ignored fields', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-8B', version: 'latest' });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const { text } = await generateText({
      model: vllm('Qwen/Qwen3-8B'),
      prompt: 'Pick one',
      providerOptions: { vllm: { guided_choice: ['red', 'blue'] } },
    });
    expect(['red', 'blue']).toContain(text);
    const request = emulator.requests.find((recorded) => recorded.path === '/v1/chat/completions');
    expect(request?.body).toMatchObject({ structured_outputs: { choice: ['red', 'blue'] } });
    expect(request?.ignoredFields).toEqual([]);
    expect(troubleshooting()).toContain(
      'vLLM 0.12 removed the `guided_*` request fields and silently ignores them',
    );
  });
});
