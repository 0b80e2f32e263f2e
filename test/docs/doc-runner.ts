import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { consoleLogLines, matchesPrint, type RunnableBlock } from './doc-blocks';
import type { DocServers } from './doc-servers';

// Runs documentation blocks as a reader would (a fresh Node process, `vllm-ai-provider` resolved to
// the built package) against the servers the docs name, and checks what they print.

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const PRELOAD = join(ROOT, 'test/docs/doc-preload.mjs');

/** A fetch the block made (doc-preload.mjs): JSON bodies parsed, form bodies as their fields. */
export interface BlockRequest {
  method: string;
  url: string;
  body: unknown;
}

export interface BlockRun {
  code: number | null;
  output: string;
  prints: Array<{ line: number | null; text: string }>;
  /** Every fetch, in order: the provider's requests and any download the AI SDK made itself. */
  requests: BlockRequest[];
}

/** Where a document's blocks are written (`<dir>/<name>-line-<n>.ts`). */
export function blockFiles(name: string, blocks: readonly RunnableBlock[]) {
  const directory = join(ROOT, 'test-output', `${name}-blocks`);
  const file = (block: RunnableBlock) => join(directory, `${name}-line-${block.line}.ts`);
  return {
    directory,
    file,
    write() {
      rmSync(directory, { recursive: true, force: true });
      mkdirSync(directory, { recursive: true });
      for (const block of blocks) writeFileSync(file(block), block.code);
    },
  };
}

/** Type errors of the block files, as `<doc>:<line>: message`, with the repository's tsconfig. */
export function typecheckBlocks(documentName: string, files: readonly string[], directory: string): string[] {
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
  const program = ts.createProgram(files, config.options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName.startsWith(directory))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const blockLine = Number(/-line-(\d+)\.ts$/.exec(diagnostic.file!.fileName)?.[1]);
      return `${documentName}:${blockLine + line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}

/**
 * Runs one block file; servers from `servers` behind the port map unless the block starts its own.
 * `cwd` (default: the repository) is where the block's relative paths (`readFile('./speech.wav')`) resolve.
 */
export async function runBlock(
  block: RunnableBlock,
  file: string,
  servers: DocServers,
  { cwd = ROOT }: { cwd?: string } = {},
): Promise<BlockRun> {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('VLLM_') && !name.startsWith('DOCS_')) environment[name] = value;
  // As user code: 'vllm-ai-provider' is the built package (dist/), not src/ through tsconfig paths.
  environment.TSX_TSCONFIG_PATH = join(ROOT, 'examples/tsconfig.run.json');
  // The preload attributes each console.log line to the block line that printed it.
  environment.DOCS_BLOCK_FILE = file;
  const outputFile = `${file}.prints.jsonl`;
  rmSync(outputFile, { force: true });
  environment.DOCS_OUTPUT_FILE = outputFile;
  const requestsFile = `${file}.requests.jsonl`;
  rmSync(requestsFile, { force: true });
  environment.DOCS_REQUESTS_FILE = requestsFile;
  if (block.target === 'servers')
    environment.DOCS_PORT_MAP = JSON.stringify(await servers.portMap(block.servers));

  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolveRun) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, '--import', TSX_LOADER, file], {
      cwd,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolveRun({ code: exitCode, output: text });
    });
  });
  const prints = readJsonLines<{ line: number | null; text: string }>(outputFile);
  return { code, output, prints, requests: readJsonLines<BlockRequest>(requestsFile) };
}

function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** What is wrong with a run's prints against the block's `// prints:` statements (empty: all good). */
export function printProblems(block: RunnableBlock, run: Omit<BlockRun, 'requests'>): string[] {
  const problems: string[] = [];
  const stated = new Map(block.prints.map((expectation) => [expectation.line, expectation.patterns]));
  for (const line of consoleLogLines(block.code))
    if (!stated.has(line)) problems.push(`line ${line}: console.log without a "// prints: …" comment`);
  for (const print of run.prints) {
    const patterns = print.line === null ? undefined : stated.get(print.line);
    if (patterns === undefined) {
      problems.push(`printed from outside a stated console.log (line ${print.line}): ${print.text}`);
      continue;
    }
    if (!patterns.some((pattern) => matchesPrint(pattern, print.text)))
      problems.push(
        `line ${print.line} printed ${JSON.stringify(print.text)}, stated: ${patterns.join(' | ')}`,
      );
  }
  for (const [line] of stated)
    if (!run.prints.some((print) => print.line === line)) problems.push(`line ${line} printed nothing`);
  return problems;
}
