import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The published declarations say which global types they need (TypeScript ≥ 6 loads no @types
// package by itself): the Node-only entries reference Node's types, the edge-safe main entry needs
// none of them. (npm test builds dist/ first; the full consumer check with TypeScript 6 and 7 is
// `npm run check:published` in CI.)

const DIST = resolve(import.meta.dirname, '../../dist');
const read = (file: string) => {
  const path = join(DIST, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return readFileSync(path, 'utf8');
};

/** A declaration file and every declaration file it imports, relative to dist/. */
function declarationClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of read(file).matchAll(/from ['"](\.{1,2}\/[^'"]+)\.js['"]/g))
      queue.push(join(dirname(file), `${match[1]}.d.ts`));
  }
  return [...seen];
}

const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/(?!\/).*$/gm, '');

describe('published declarations', () => {
  it.each(['sidecar/index.d.ts', 'testing/index.d.ts', 'node/index.d.ts'])(
    '%s (Node only) references Node’s types itself',
    (file) => {
      expect(read(file).split('\n')[0]).toBe('/// <reference types="node" />');
    },
  );

  it('the main entry references only the disposable lib, and nothing it loads uses Node’s types', () => {
    expect(read('index.d.ts').split('\n')[0]).toBe('/// <reference lib="esnext.disposable" />');
    const files = declarationClosure('index.d.ts');
    expect(files.length).toBeGreaterThan(1);
    const nodeOnly: string[] = [];
    for (const file of files) {
      const source = withoutComments(read(file));
      for (const pattern of [
        /\bNodeJS\./,
        /\bBuffer\b/,
        /\bprocess\./,
        /from ['"]node:/,
        /reference types="node"/,
      ]) {
        const match = pattern.exec(source);
        if (match) nodeOnly.push(`${file}: ${match[0]}`);
      }
    }
    expect(nodeOnly).toEqual([]);
  });
});
