import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import {
  type CodeBlock,
  section as markdownSection,
  codeBlocks as parseCodeBlocks,
  runnableBlocks as parseRunnableBlocks,
  type RunnableBlock,
} from './doc-blocks';
import { ROOT } from './doc-runner';

export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's fenced code blocks. */
export function codeBlocks(markdown: string = README): CodeBlock[] {
  return parseCodeBlocks(markdown);
}

/** The README's runnable blocks (```` ```ts runnable ````, or `ts runnable=none` for blocks that start their own server). */
export function runnableBlocks(markdown: string = README): RunnableBlock[] {
  return parseRunnableBlocks(markdown);
}

/** The text of a `## heading` section (up to the next `## `). */
export function section(heading: string, markdown: string = README): string {
  return markdownSection(markdown, heading);
}

/** Rows of the first markdown table after `after` in `text`, as cells (backticks kept). */
export function tableRows(text: string, after = ''): string[][] {
  const from = text.indexOf(after);
  const lines = text.slice(Math.max(from, 0)).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (let index = first + 2; index < lines.length && lines[index].startsWith('|'); index++) {
    rows.push(
      lines[index]
        .split(/(?<!\\)\|/) // a `\|` inside a cell is not a separator
        .slice(1, -1)
        .map((cell) => cell.replace(/\\\|/g, '|').trim()),
    );
  }
  return rows;
}

/** GitHub's heading anchors (lower case, punctuation dropped, spaces → '-', duplicates numbered). */
export function headingAnchors(markdown: string = README): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The property names of `VllmProviderSettings` (what the Settings table and the community page list). */
export function providerSettingNames(): string[] {
  const source = join(ROOT, 'src/provider/vllm-provider.ts');
  const program = ts.createProgram([source], { strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  let names: string[] = [];
  ts.forEachChild(program.getSourceFile(source)!, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'VllmProviderSettings')
      names = checker.getPropertiesOfType(checker.getTypeAtLocation(node)).map((property) => property.name);
  });
  return names;
}
