import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without types
import { lockFileProblems } from '../../scripts/check-lockfile.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const problemsOf = lockFileProblems as (lock: unknown) => string[];

describe('package-lock.json (npm ci on any platform)', () => {
  it('has an entry for every dependency and optional dependency, root and playground workspace', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(problemsOf(lock)).toEqual([]);
    // The platform packages of the native tools are all there, not only this machine's.
    for (const name of [
      '@biomejs/cli-darwin-arm64',
      '@biomejs/cli-win32-x64',
      '@rollup/rollup-darwin-arm64',
      '@rollup/rollup-win32-x64-msvc',
      '@next/swc-darwin-arm64',
      '@next/swc-win32-x64-msvc',
      '@esbuild/darwin-arm64',
    ]) {
      expect(
        Object.keys(lock.packages).some((key) => key.endsWith(`node_modules/${name}`)),
        name,
      ).toBe(true);
    }
  });

  it('reports a missing platform package the way npm ci would, resolving like Node', () => {
    const lock = {
      packages: {
        '': { dependencies: { tool: '^1.0.0' } },
        'node_modules/tool': {
          version: '1.0.0',
          optionalDependencies: { 'tool-linux': '1.0.0', 'tool-darwin': '1.0.0' },
        },
        'node_modules/tool-linux': { version: '1.0.0', optional: true },
        app: { dependencies: { tool: '^1.0.0', nested: '1.0.0' } },
        'node_modules/app': { link: true, resolved: 'app' },
        'app/node_modules/nested': { version: '1.0.0', dependencies: { deep: '1.0.0' } },
        'app/node_modules/nested/node_modules/deep': { version: '1.0.0' },
      },
    };
    expect(problemsOf(lock)).toEqual(['node_modules/tool → tool-darwin@1.0.0 has no entry']);
  });
});
