import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A fenced code block of the README. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** Info string after the backticks, e.g. `ts runnable=pooling`. */
  info: string;
  code: string;
}

export function codeBlocks(markdown: string = README): CodeBlock[] {
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

/**
 * README blocks marked ```` ```ts runnable ```` — run against the chat emulator (VLLM_BASE_URL);
 * `runnable=pooling` against a pooling-model emulator; `runnable=vision` against a vision model
 * (Qwen2.5-VL); `runnable=speech` against Whisper; `runnable=none` with no server (the block starts
 * what it needs).
 */
export type RunnableTarget = 'chat' | 'pooling' | 'vision' | 'speech' | 'none';

export function runnableBlocks(markdown: string = README): Array<CodeBlock & { target: RunnableTarget }> {
  return codeBlocks(markdown).flatMap((block) => {
    const match = /^ts runnable(?:=(chat|pooling|vision|speech|none))?$/.exec(block.info);
    return match ? [{ ...block, target: (match[1] ?? 'chat') as RunnableTarget }] : [];
  });
}

/** The text of a `## heading` section (up to the next `## `). */
export function section(heading: string, markdown: string = README): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
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
