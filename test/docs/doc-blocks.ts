// Reading the runnable code blocks of a markdown document (the README, the AI SDK community page):
// each block, the `vllm serve` commands the text next to it tells the reader to start, and what each
// of its `console.log` lines states it prints (`// prints: …`).

/** A fenced code block. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** Info string after the backticks, e.g. `ts runnable`. */
  info: string;
  code: string;
}

/** A `vllm serve` command from the docs: what the reader is told to start. */
export interface ServeCommand {
  /** The command as written (continuations joined). */
  text: string;
  /** `NAME=value` assignments before `vllm` (e.g. `VLLM_ALLOW_RUNTIME_LORA_UPDATING=1`). */
  env: Record<string, string>;
  /** The arguments after `vllm serve`. */
  argv: string[];
  /** `--port` (vLLM's default 8000). */
  port: number;
}

/** What one `console.log` line of a block states it prints. */
interface PrintExpectation {
  /** 1-based line inside the block. */
  line: number;
  /** Alternatives (` | `), each a pattern where `…` stands for any value. */
  patterns: string[];
}

export interface RunnableBlock extends CodeBlock {
  /** `none`: the block starts what it needs (no server, no port map). */
  target: 'servers' | 'none';
  /** The servers the text next to the block tells the reader to start (else the document's first). */
  servers: ServeCommand[];
  prints: PrintExpectation[];
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\S.*)?$/.exec(lines[index]);
    if (!open) continue;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index]);
    blocks.push({ line: start + 1, info: (open[1] ?? '').trim(), code: `${body.join('\n')}\n` });
  }
  return blocks;
}

/** Splits a shell command line into words (single and double quotes, no expansion). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    words.push(match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? match[3]);
  }
  return words;
}

/** Parses `[NAME=value …] vllm serve <args>`; `undefined` for anything else. */
export function parseServeCommand(text: string): ServeCommand | undefined {
  const words = shellWords(text.trim());
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [assignment] = words.splice(0, 1);
    env[assignment.slice(0, assignment.indexOf('='))] = assignment.slice(assignment.indexOf('=') + 1);
  }
  if (words[0] !== 'vllm' || words[1] !== 'serve') return undefined;
  const argv = words.slice(2);
  const portIndex = argv.findIndex((word) => word === '--port' || word.startsWith('--port='));
  const portText =
    portIndex < 0
      ? '8000'
      : argv[portIndex].includes('=')
        ? argv[portIndex].split('=')[1]
        : argv[portIndex + 1];
  return { text: text.trim().replace(/\s+/g, ' '), env, argv, port: Number(portText) };
}

/** Every `vllm serve` command in a stretch of markdown: shell blocks (`\` continuations, `#` comments) and inline code. */
export function serveCommands(markdown: string): ServeCommand[] {
  const found: Array<{ at: number; command: ServeCommand }> = [];
  const fences = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fences)) {
    if (!/^(sh|bash|shell)$/.test(match[1].trim())) continue;
    const logical = match[2].replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of logical) {
      const command = parseServeCommand(line.replace(/\s+#.*$/, '').replace(/^#.*$/, ''));
      if (command) found.push({ at: match.index ?? 0, command });
    }
  }
  // Inline code in the prose (code blocks blanked out, positions kept).
  const prose = markdown.replace(fences, (block) => ' '.repeat(block.length));
  for (const match of prose.matchAll(/`([^`\n]*\bvllm serve [^`\n]*)`/g)) {
    const command = parseServeCommand(match[1]);
    if (command && !/[…<>]/.test(command.text)) found.push({ at: match.index ?? 0, command });
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.command);
}

/** `console.log(…); // prints: a | b` → the statement's line and its alternatives. */
export function printExpectations(code: string): PrintExpectation[] {
  const expectations: PrintExpectation[] = [];
  code.split('\n').forEach((text, index) => {
    const match = /\bconsole\.log\(.*\/\/ prints: (.+)$/.exec(text);
    if (match) expectations.push({ line: index + 1, patterns: match[1].trim().split(' | ') });
  });
  return expectations;
}

/** Lines of `code` that call `console.log` (every one must state what it prints). */
export function consoleLogLines(code: string): number[] {
  return code.split('\n').flatMap((text, index) => (/\bconsole\.log\(/.test(text) ? [index + 1] : []));
}

/**
 * Whether `printed` is what `pattern` states: literal text, where `…` stands for any non-empty value
 * that is not `undefined`, `NaN` or `[object Object]` (printing those is a bug, not a value).
 */
export function matchesPrint(pattern: string, printed: string): boolean {
  const source = pattern
    .split('…')
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('((?:(?!undefined|NaN|\\[object Object\\]).)+?)');
  return new RegExp(`^${source}$`, 's').test(printed);
}

/**
 * The runnable blocks of `markdown` (info `ts runnable`, or every `ts` block with `allTs`), each
 * with the servers named between the previous runnable block (or its `##` section's start) and
 * itself — or, when that text names none, the document's first command (the Quick start's server).
 */
export function runnableBlocks(
  markdown: string,
  { allTs = false }: { allTs?: boolean } = {},
): RunnableBlock[] {
  const lines = markdown.split('\n');
  const all = codeBlocks(markdown);
  const defaultServers = serveCommands(markdown).slice(0, 1);
  const result: RunnableBlock[] = [];
  let previousEnd = 0; // 0-based line after the previous runnable block
  for (const block of all) {
    const match = allTs
      ? /^(?:ts|typescript)(?: .*)?$/.exec(block.info)
      : /^ts runnable(=none)?$/.exec(block.info);
    if (!match) continue;
    const target = !allTs && match[1] === '=none' ? 'none' : 'servers';
    let sectionStart = 0;
    for (let index = block.line - 2; index >= 0; index--) {
      if (/^## /.test(lines[index])) {
        sectionStart = index;
        break;
      }
    }
    const nearby = lines.slice(Math.max(previousEnd, sectionStart), block.line - 1).join('\n');
    const named = serveCommands(nearby);
    result.push({
      ...block,
      target,
      servers: target === 'none' ? [] : named.length > 0 ? named : defaultServers,
      prints: printExpectations(block.code),
    });
    previousEnd = block.line + block.code.split('\n').length;
  }
  return result;
}

/** The nearest heading above `line` of level 2 down to `depth` (`##` … `#`×depth); '' when none. */
export function headingOf(markdown: string, line: number, depth: number): string {
  const above = markdown.split('\n').slice(0, line);
  const heading = new RegExp(`^#{2,${depth}} (.+)$`);
  for (let index = above.length - 1; index >= 0; index--) {
    const match = heading.exec(above[index]);
    if (match) return match[1];
  }
  return '';
}

/** The text of a `## heading` section (up to the next `## `). */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}
