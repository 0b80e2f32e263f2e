import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, consoleLogLines, runnableBlocks } from './doc-blocks';
import { blockFiles, printProblems, ROOT, runBlock, typecheckBlocks } from './doc-runner';
import { DocServers } from './doc-servers';
import { headingAnchors, providerSettingNames, README } from './readme';

// docs/ai-sdk-community-provider.mdx: the page proposed for the AI SDK's community providers
// (content/providers/…-community-providers/ in vercel/ai). Its format is checked against theirs, its
// settings against the code, its links against the README, and every TypeScript block typechecks and
// runs — against the servers the page tells the reader to start — printing what it states.

const PAGE_PATH = join(ROOT, 'docs/ai-sdk-community-provider.mdx');
const PAGE = readFileSync(PAGE_PATH, 'utf8');
const blocks = runnableBlocks(PAGE, { allTs: true });
const files = blockFiles('community-page', blocks);
const servers = new DocServers();

beforeAll(() => files.write());
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
      '## Embedding Models',
      '## Reranking Models',
    ])
      expect(headings).toContain(heading);
    // The install tabs, as on every provider page.
    expect(PAGE).toContain("<Tabs items={['pnpm', 'npm', 'yarn', 'bun']}>");
    for (const command of ['pnpm add', 'npm install', 'yarn add', 'bun add'])
      expect(PAGE).toContain(`<Snippet text="${command} vllm-ai-provider" dark />`);
    // The capabilities table uses the docs' <Check /> / <Cross /> components.
    expect(PAGE).toMatch(/\| `Qwen\/Qwen3-8B`[^\n]*<Check size=\{18\} \/>/);
    // Where the modalities work adds its sections (MDX comments, invisible on the page).
    expect(PAGE.match(/\{\/\* Modalities: [^*]+\*\/\}/g)).toHaveLength(2);
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
    expect(blocks.length).toBeGreaterThanOrEqual(9);
  });
});

describe('AI SDK community provider page: code blocks', () => {
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
        const run = await runBlock(block, files.file(block), servers);
        const context = `ai-sdk-community-provider.mdx:${block.line} failed:\n${block.code}\n---\n${run.output}`;
        expect(run.code, context).toBe(0);
        expect(printProblems(block, run), context).toEqual([]);
      }, 90_000);
    }
  });
});
