import { describe, expect, it } from 'vitest';
import {
  matchesPrint,
  parseServeCommand,
  printExpectations,
  runnableBlocks,
  serveCommands,
} from './doc-blocks';
import { printProblems } from './doc-runner';

// The docs test's own rules: which server a block gets, what a `// prints:` pattern accepts.

describe('vllm serve commands in the docs', () => {
  it('parses environment assignments, the argv and the port', () => {
    expect(parseServeCommand('VLLM_API_KEY=k vllm serve BAAI/bge-m3 --runner pooling --port=8001')).toEqual({
      text: 'VLLM_API_KEY=k vllm serve BAAI/bge-m3 --runner pooling --port=8001',
      env: { VLLM_API_KEY: 'k' },
      argv: ['BAAI/bge-m3', '--runner', 'pooling', '--port=8001'],
      port: 8001,
    });
    expect(parseServeCommand('vllm serve Qwen/Qwen3-8B')?.port).toBe(8000);
    expect(parseServeCommand('npx vllm-ai-provider emulate Qwen/Qwen3-8B')).toBeUndefined();
  });

  it('finds them in shell blocks (continuations, comments) and inline code, in document order', () => {
    const text = [
      'Start `vllm serve a` first.',
      '```sh',
      '# a comment: vllm serve not-this',
      'vllm serve b --enable-lora \\',
      '  --max-loras 4   # trailing comment',
      '```',
      'Then `vllm serve …` (elided: not a command) or `vllm serve c --port 8002`.',
    ].join('\n');
    expect(serveCommands(text).map((command) => command.text)).toEqual([
      'vllm serve a',
      'vllm serve b --enable-lora --max-loras 4',
      'vllm serve c --port 8002',
    ]);
  });

  it("gives a block the servers named since the previous block, else the document's first", () => {
    const doc = [
      '## Quick start',
      'Run `vllm serve first`.',
      '```ts runnable',
      'console.log(1); // prints: 1',
      '```',
      '## Pooling',
      '```sh',
      'vllm serve emb --runner pooling --port 8001',
      '```',
      '```ts runnable',
      'console.log(2); // prints: 2',
      '```',
      '## Plain',
      '```ts runnable',
      'x();',
      '```',
      '```ts runnable=none',
      'y();',
      '```',
    ].join('\n');
    const blocks = runnableBlocks(doc);
    expect(blocks.map((block) => [block.target, block.servers.map((server) => server.text)])).toEqual([
      ['servers', ['vllm serve first']],
      ['servers', ['vllm serve emb --runner pooling --port 8001']],
      ['servers', ['vllm serve first']],
      ['none', []],
    ]);
  });
});

describe('// prints: patterns', () => {
  it('reads each console.log line and its alternatives', () => {
    expect(printExpectations('const a = 1;\nconsole.log(a); // prints: yes | no\n')).toEqual([
      { line: 2, patterns: ['yes', 'no'] },
    ]);
  });

  it.each([
    ['2 steps: …', '2 steps: It is sunny.', true],
    ['2 steps: …', '2 steps: ', false],
    ['{"name":"…","population":…}', '{"name":"Tokyo","population":37400068}', true],
    ['{"name":"…","population":…}', '{"name":"Tokyo"}', false],
    ['…', 'undefined', false],
    ['thinking: …', 'thinking: undefined', false],
    ['c=1: … tok/s', 'c=1: NaN tok/s', false],
    ['…', '[object Object]', false],
    ['…-…-…', '1969-07-20', true],
    ['yes 3', 'yes 2', false],
  ])('%s ~ %s → %s', (pattern, printed, expected) => {
    expect(matchesPrint(pattern, printed)).toBe(expected);
  });

  it('reports a wrong line, a line printed from an unstated statement, and a statement that printed nothing', () => {
    const [block] = runnableBlocks(
      '```ts runnable=none\nconsole.log(a); // prints: yes\nconsole.log(b); // prints: …\nconsole.log(c);\n```\n',
    );
    expect(
      printProblems(block, {
        code: 0,
        output: '',
        prints: [
          { line: 1, text: 'no' },
          { line: 3, text: 'extra' },
        ],
      }),
    ).toEqual([
      'line 3: console.log without a "// prints: …" comment',
      'line 1 printed "no", stated: yes',
      'printed from outside a stated console.log (line 3): extra',
      'line 2 printed nothing',
    ]);
  });
});
