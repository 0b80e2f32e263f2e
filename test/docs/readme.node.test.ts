import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embed, generateText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src/index';
import { describeFieldAvailability, isKnownField } from '../../src/provider/version/vllm-request-fields';
import { VLLM_MODEL_PRESETS } from '../../src/provider/vllm-model-presets';
import { startVllmEmulator } from '../../src/testing';
import { REASONING_PARSERS, TOOL_CALL_PARSERS } from '../../src/testing/serve-args/serve-flags';
import { consoleLogLines, headingOf } from './doc-blocks';
import { blockFiles, printProblems, ROOT, runBlock, typecheckBlocks } from './doc-runner';
import { DocServers } from './doc-servers';
import {
  codeBlocks,
  headingAnchors,
  providerSettingNames,
  README,
  runnableBlocks,
  section,
  tableRows,
} from './readme';

// Docs stay true: the README's runnable blocks typecheck and run — against exactly the servers the
// README tells the reader to start next to each block (same `vllm serve` command, flags and port,
// emulated) — and print what they state (`// prints: …`); its tables and troubleshooting messages are
// checked against the code.
const blocks = runnableBlocks();
const files = blockFiles('readme', blocks);
const servers = new DocServers();

beforeAll(() => files.write());
afterAll(() => servers.stopAll());

describe('README code blocks', () => {
  it('has runnable blocks in the sections that promise them', () => {
    const lines = blocks.map((block) => block.line);
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    for (const heading of [
      'Quick start',
      'Structured outputs',
      'Tools',
      'Reasoning',
      'LoRA adapters',
      'Embeddings and reranking',
    ]) {
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
      expect(block.info, `line ${block.line}`).toMatch(/^(ts( runnable(=none)?)?|sh|text|)$/);
  });

  it('every runnable block states what each console.log prints', () => {
    for (const block of blocks) {
      const stated = new Set(block.prints.map((expectation) => expectation.line));
      const silent = consoleLogLines(block.code).filter((line) => !stated.has(line));
      expect(silent, `README.md:${block.line}`).toEqual([]);
      expect(block.prints.length, `README.md:${block.line} prints nothing to check`).toBeGreaterThan(0);
    }
  });

  it('each block runs against the servers the text next to it starts', () => {
    const byLine: Record<string, string[]> = Object.fromEntries(
      blocks.map((block) => [headingOf(README, block.line, 2), block.servers.map((server) => server.text)]),
    );
    expect(byLine['Quick start']).toEqual(['vllm serve Qwen/Qwen3-8B']);
    expect(byLine.Tools).toEqual([
      'vllm serve Qwen/Qwen3-8B --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3',
    ]);
    expect(byLine['Embeddings and reranking']).toEqual([
      'vllm serve BAAI/bge-m3 --runner pooling --port 8001',
      'vllm serve BAAI/bge-reranker-v2-m3 --runner pooling --port 8002',
    ]);
  });

  it('every runnable block typechecks', () => {
    expect(typecheckBlocks('README.md', blocks.map(files.file), files.directory)).toEqual([]);
  }, 120_000);

  describe.concurrent('every runnable block runs and prints what it states', () => {
    for (const block of blocks) {
      const servers_ = block.servers.map((server) => server.text).join(' + ') || 'starts its own';
      it(`README.md:${block.line} (${servers_})`, async () => {
        const run = await runBlock(block, files.file(block), servers);
        const context = `README.md:${block.line} failed:\n${block.code}\n---\n${run.output}`;
        expect(run.code, context).toBe(0);
        expect(printProblems(block, run), context).toEqual([]);
      }, 90_000);
    }
  });
});

/** The object literals given as `providerOptions` (`providerOptions: {…}` / `providerOptions = {…}`), outside comments. */
function providerOptionsLiterals(code: string): string[] {
  const literals: string[] = [];
  const withoutComments = code.replace(/\/\/.*$/gm, '');
  for (const match of withoutComments.matchAll(/providerOptions\s*[:=]\s*\{/g)) {
    const start = (match.index ?? 0) + match[0].length - 1;
    let depth = 0;
    for (let index = start; index < withoutComments.length; index++) {
      if (withoutComments[index] === '{') depth++;
      if (withoutComments[index] === '}' && --depth === 0) {
        literals.push(withoutComments.slice(start, index + 1));
        break;
      }
    }
  }
  return literals;
}

describe('README tables match the code', () => {
  it('keeps the two commands at the top', () => {
    expect(README.slice(0, 1200)).toContain('npm install && npm run demo');
    expect(README.slice(0, 1200)).toMatch(/\nnpm test {2,}#/);
  });

  it('Settings lists every VllmProviderSettings property, and nothing else', () => {
    const names = providerSettingNames();
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

  it('Provider options: every "since" cell is the release the provider\'s table sends the field from', () => {
    const text = section('Provider options');
    // "in the README" → "in the table": 0.10 = every release; `< 0.12` = removed in 0.12.
    const fromTable = (field: string, endpoint: 'chat' | 'completion') =>
      describeFieldAvailability(field, endpoint)
        .replace('every vLLM release', '0.10')
        .replace(/^vLLM ≥ /, '')
        .replace(/^vLLM < ([\d.]+) \(removed in [\d.]+\)$/, '< $1');
    const checked: string[] = [];
    for (const [title, endpoints] of [
      ['**Sampling**', ['chat', 'completion']],
      ['**Beam search, LoRA, logprobs, token ids**', ['chat', 'completion']],
      ['**Thinking and chat template**', ['chat']],
      ['**Scheduling, routing, the rest**', ['chat', 'completion']],
    ] as const) {
      for (const [option, fieldCell, since] of tableRows(text, title)) {
        const field = /^`([a-z_]+)`$/.exec(fieldCell)?.[1];
        if (field === undefined || since === '—') continue; // headers, several fields, no body field
        const completion = /\(completion: ([^)]+)\)/.exec(since)?.[1];
        const main = since.replace(/ \(completion: [^)]+\)/, '');
        for (const endpoint of endpoints) {
          if (!isKnownField(field, endpoint)) continue;
          const documented = endpoint === 'completion' ? (completion ?? main) : main;
          expect(documented, `${option} (${endpoint})`).toBe(fromTable(field, endpoint));
          checked.push(`${option}/${endpoint}`);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(50);
  });

  it('Provider options opens with the `satisfies` pattern; every providerOptions in the README and examples/ uses it', () => {
    const opening = section('Provider options').split('**Sampling**')[0];
    for (const type of [
      'VllmLanguageModelChatOptions',
      'VllmLanguageModelCompletionOptions',
      'VllmEmbeddingModelOptions',
      'VllmRerankingModelOptions',
    ])
      expect(opening).toContain(`\`${type}\``);
    expect(opening).toContain('} satisfies VllmLanguageModelChatOptions,');
    const sources = [
      ...blocks.map((block) => ({ name: `README.md:${block.line}`, code: block.code })),
      ...readdirSync(join(ROOT, 'examples'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => ({
          name: `examples/${file}`,
          code: readFileSync(join(ROOT, 'examples', file), 'utf8'),
        })),
    ];
    const untyped: string[] = [];
    let typed = 0;
    for (const { name, code } of sources) {
      for (const literal of providerOptionsLiterals(code)) {
        if (/\bsatisfies Vllm\w+Options\b/.test(literal)) typed++;
        else untyped.push(`${name}: ${literal.replace(/\s+/g, ' ')}`);
      }
    }
    expect(untyped).toEqual([]);
    expect(typed).toBeGreaterThan(15);
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

  it('a baseURL without /v1 (route 404)', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-8B' });
    const root = emulator.baseURL.replace(/\/v1$/, '');
    const message = await failure(
      generateText({ model: createVllm({ baseURL: root })('Qwen/Qwen3-8B'), prompt: 'Hi', maxRetries: 0 }),
    );
    const quote = (url: string) =>
      `The server has no route POST /chat/completions: ${url}/chat/completions answered HTTP 404 Not Found. ` +
      "baseURL must be the vLLM server's OpenAI-compatible root, including /v1";
    expect(message).toContain(quote(root));
    expect(message).toContain(`set baseURL (or VLLM_BASE_URL) to '${emulator.baseURL}'`);
    expect(troubleshooting()).toContain(quote('http://localhost:8000'));
    expect(troubleshooting()).toContain("set baseURL (or VLLM_BASE_URL) to\n'http://localhost:8000/v1'");

    const embedding = await failure(
      embed({
        model: createVllm({ baseURL: emulator.baseURL }).embeddingModel('BAAI/bge-m3'),
        value: 'x',
        maxRetries: 0,
      }),
    );
    expect(embedding).toContain(`The vLLM server at ${emulator.baseURL} has no route POST /v1/embeddings`);
    expect(embedding).toContain('the base URL is right, but the server does not serve this endpoint.');
    expect(troubleshooting().replace(/\n/g, ' ')).toContain(
      'the base URL is right, but the server does not serve this endpoint.',
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
