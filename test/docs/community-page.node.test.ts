import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, consoleLogLines, headingOf, type RunnableBlock, runnableBlocks } from './doc-blocks';
import {
  type BlockRequest,
  type BlockRun,
  blockFiles,
  printProblems,
  ROOT,
  runBlock,
  typecheckBlocks,
} from './doc-runner';
import { DocServers } from './doc-servers';
import { headingAnchors, providerSettingNames, README } from './readme';

// docs/ai-sdk-community-provider.mdx: the page proposed for the AI SDK's community providers
// (content/providers/…-community-providers/ in vercel/ai). Its format is checked against theirs, its
// settings against the code, its links against the README, and every TypeScript block typechecks and
// runs — against the servers the page tells the reader to start — printing what it states. Blocks run
// in their own directory, where the test puts the audio file the page reads (`./speech.wav`).

const PAGE_PATH = join(ROOT, 'docs/ai-sdk-community-provider.mdx');
const PAGE = readFileSync(PAGE_PATH, 'utf8');
const blocks = runnableBlocks(PAGE, { allTs: true });
const files = blockFiles('community-page', blocks);
const servers = new DocServers();

// Each block runs once; the wire checks below read the same run.
const runs = new Map<RunnableBlock, Promise<BlockRun>>();
function run(block: RunnableBlock): Promise<BlockRun> {
  let result = runs.get(block);
  if (result === undefined) {
    result = runBlock(block, files.file(block), servers, { cwd: files.directory });
    runs.set(block, result);
  }
  return result;
}

beforeAll(() => {
  files.write();
  copyFileSync(join(ROOT, 'examples/assets/speech.wav'), join(files.directory, 'speech.wav'));
});
afterAll(() => servers.stopAll());

describe('AI SDK community provider page: format', () => {
  it('has the front matter and the sections of a community provider page', () => {
    expect(PAGE).toMatch(/^---\ntitle: vLLM\ndescription: [^\n]+\n---\n\n# vLLM Provider\n/);
    const headings = [...PAGE.matchAll(/^(#{2,3}) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
    for (const heading of [
      '## Setup',
      '## Provider Instance',
      '## Language Models',
      '### Model Capabilities',
      '### Image, Video and Audio Input',
      '### Responses Models',
      '## Embedding Models',
      '## Reranking Models',
      '## Transcription Models',
    ])
      expect(headings).toContain(heading);
    // The install tabs, as on every provider page.
    expect(PAGE).toContain("<Tabs items={['pnpm', 'npm', 'yarn', 'bun']}>");
    for (const command of ['pnpm add', 'npm install', 'yarn add', 'bun add'])
      expect(PAGE).toContain(`<Snippet text="${command} vllm-ai-provider" dark />`);
    // The capabilities tables use the docs' <Check /> / <Cross /> components: media input columns for
    // the language models, a table of its own for transcription (as the OpenAI page has).
    expect(PAGE).toMatch(/\| `Qwen\/Qwen3-8B`[^\n]*<Check size=\{18\} \/>/);
    expect(PAGE).toMatch(/^\| Model +\| Image Input +\| Video Input +\| Audio Input +\| Object Generation /m);
    expect(PAGE).toMatch(/^\| `Qwen\/Qwen2\.5-VL-3B-Instruct` +\| <Check size=\{18\} \/> /m);
    expect(PAGE).toMatch(/^\| Model +\| Transcription +\| Translation +\| Segments +\| Language +\|$/m);
    expect(PAGE).toMatch(/^\| `openai\/whisper-large-v3` +\| <Check size=\{18\} \/> /m);
    // The placeholders the modality sections replaced are gone (no MDX comments left).
    expect(PAGE).not.toContain('{/*');
  });

  it('the modality sections name the factories and typed options the package exports', async () => {
    const provider = await import('../../src/index');
    const vllm = provider.createVllm();
    for (const factory of ['responses', 'transcriptionModel', 'transcription', 'translationModel'] as const) {
      expect(PAGE).toContain(`.${factory}(`);
      expect(typeof vllm[factory], factory).toBe('function');
    }
    // Every providerOptions on the page is typed with `satisfies`, the new model kinds' types included.
    const literals = PAGE.match(/providerOptions: \{/g) ?? [];
    const typed = PAGE.match(/\} satisfies Vllm\w+Options/g) ?? [];
    expect(typed.length).toBe(literals.length);
    for (const type of ['VllmResponsesModelOptions', 'VllmTranscriptionModelOptions'])
      expect(PAGE).toContain(`} satisfies ${type}`);
  });

  it('lists every provider setting', () => {
    const names = providerSettingNames();
    const section = PAGE.slice(PAGE.indexOf('## Provider Instance'), PAGE.indexOf('## Language Models'));
    const listed = [...section.matchAll(/\*\*(\w+)\*\*/g)].map((match) => match[1]);
    expect(listed.sort()).toEqual(names.sort());
  });

  it('links to README sections that exist', () => {
    const anchors = headingAnchors(README);
    const links = [...PAGE.matchAll(/npmjs\.com\/package\/vllm-ai-provider#([\w-]+)/g)].map(
      (match) => match[1],
    );
    expect(links.length).toBeGreaterThanOrEqual(6);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it('every code block is TypeScript (run below) or a shell command', () => {
    for (const block of codeBlocks(PAGE)) expect(['ts', 'bash']).toContain(block.info);
    expect(blocks.length).toBeGreaterThanOrEqual(13);
  });
});

describe('AI SDK community provider page: code blocks', () => {
  it('the modality blocks run against the server their section starts', () => {
    const byHeading: Record<string, string[]> = Object.fromEntries(
      blocks.map((block) => [headingOf(PAGE, block.line, 3), block.servers.map((server) => server.text)]),
    );
    expect(byHeading['Image, Video and Audio Input']).toEqual([
      `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --allowed-media-domains upload.wikimedia.org --limit-mm-per-prompt '{"image": 2}'`,
    ]);
    expect(byHeading['Responses Models']).toEqual(['vllm serve openai/gpt-oss-20b']);
    expect(byHeading['Transcription Models']).toEqual(['vllm serve openai/whisper-large-v3 --port 8003']);
  });

  it('every console.log states what it prints', () => {
    for (const block of blocks) {
      const stated = new Set(block.prints.map((expectation) => expectation.line));
      expect(
        consoleLogLines(block.code).filter((line) => !stated.has(line)),
        `line ${block.line}`,
      ).toEqual([]);
    }
  });

  it('every block typechecks', () => {
    expect(typecheckBlocks('ai-sdk-community-provider.mdx', blocks.map(files.file), files.directory)).toEqual(
      [],
    );
  }, 120_000);

  describe.concurrent('every block runs against the servers the page starts', () => {
    for (const block of blocks) {
      const named = block.servers.map((server) => server.text).join(' + ');
      it(`ai-sdk-community-provider.mdx:${block.line} (${named})`, async () => {
        const result = await run(block);
        const context = `ai-sdk-community-provider.mdx:${block.line} failed:\n${block.code}\n---\n${result.output}`;
        expect(result.code, context).toBe(0);
        expect(printProblems(block, result), context).toEqual([]);
      }, 90_000);
    }
  });
});

/** The one runnable block under a heading. */
function blockUnder(heading: string): RunnableBlock {
  const under = blocks.filter((block) => headingOf(PAGE, block.line, 3) === heading);
  expect(under, heading).toHaveLength(1);
  return under[0];
}

/** The requests a block sent to `path` on a local server. */
function sentTo(requests: readonly BlockRequest[], path: string): BlockRequest[] {
  return requests.filter((request) => new URL(request.url).pathname === path);
}

/** The value of `--flag value` in a serve command's arguments. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index < 0 ? undefined : argv[index + 1];
}

// What a modality block prints cannot show how the provider reached vLLM (a URL downloaded by the
// app instead of passed through, the chat API called instead of the Responses API): the fetches it
// made can, and they must be what the section's text says.
describe.concurrent('AI SDK community provider page: what the modality blocks send', () => {
  it('image input: the URL goes to vLLM untouched, from a host the server allows', async () => {
    const block = blockUnder('Image, Video and Audio Input');
    const url = /new URL\('([^']+)'\)/.exec(block.code)?.[1];
    expect(url, 'the block sends an image by URL').toBeDefined();
    const { requests } = await run(block);
    // Only the local server is asked: the app never downloads the image.
    for (const request of requests) expect(new URL(request.url).hostname, request.url).toBe('localhost');
    const [chat, ...more] = sentTo(requests, '/v1/chat/completions');
    expect(more).toEqual([]);
    const body = chat.body as { model: string; messages: Array<{ content: unknown[] }> };
    expect(body.model).toBe('Qwen/Qwen2.5-VL-3B-Instruct');
    expect(body.messages[0].content).toContainEqual({ type: 'image_url', image_url: { url } });
    // The server started above allows that host and that many images.
    const { argv } = block.servers[0];
    expect(flagValue(argv, '--allowed-media-domains')?.split(' ')).toContain(new URL(url!).hostname);
    const images = body.messages[0].content.filter((part) => (part as { type: string }).type === 'image_url');
    const limit = JSON.parse(flagValue(argv, '--limit-mm-per-prompt') ?? '{}') as { image?: number };
    expect(images.length).toBeLessThanOrEqual(limit.image ?? Number.POSITIVE_INFINITY);
  });

  it('Responses model: every call goes to /v1/responses with the options the block sets', async () => {
    const { requests } = await run(blockUnder('Responses Models'));
    expect(sentTo(requests, '/v1/chat/completions')).toEqual([]);
    const calls = sentTo(requests, '/v1/responses');
    expect(calls.length, 'the tool call, then the answer').toBe(2);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(call.body).toMatchObject({
        model: 'openai/gpt-oss-20b',
        reasoning: { effort: 'low' },
        instructions: 'Answer in one sentence.',
        store: false,
        tools: [{ type: 'function', name: 'weather' }],
      });
    }
  });

  it('transcription and translation: the audio is uploaded to port 8003 with the form fields the text names', async () => {
    const { requests } = await run(blockUnder('Transcription Models'));
    for (const request of requests) expect(new URL(request.url).port, request.url).toBe('8003');
    const [transcription, ...moreTranscriptions] = sentTo(requests, '/v1/audio/transcriptions');
    expect(moreTranscriptions).toEqual([]);
    expect(transcription.body).toMatchObject({
      model: 'openai/whisper-large-v3',
      file: expect.stringMatching(/^<file/),
      language: 'en',
      temperature: '0',
      response_format: 'verbose_json', // timestampGranularities: ['segment']
    });
    const [translation, ...moreTranslations] = sentTo(requests, '/v1/audio/translations');
    expect(moreTranslations).toEqual([]);
    expect(translation.body).toMatchObject({
      model: 'openai/whisper-large-v3',
      file: expect.stringMatching(/^<file/),
    });
  });
});
