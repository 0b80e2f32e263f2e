import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The provider stands on public ground: the documented APIs of @ai-sdk/provider and
// @ai-sdk/provider-utils, declared with caret ranges so users get upstream fixes.

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const sources = sourceFiles(join(root, 'src')).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('public ground', () => {
  it('no source file imports @ai-sdk/openai-compatible/internal', () => {
    const offenders = sources.filter(({ text }) => /['"]@ai-sdk\/openai-compatible\/internal['"]/.test(text));
    expect(offenders.map(({ path }) => path)).toEqual([]);
  });

  it('no source file imports @ai-sdk/openai-compatible at all (a devDependency, for tests and the bench)', () => {
    const offenders = sources.filter(({ text }) => /from\s+['"]@ai-sdk\/openai-compatible/.test(text));
    expect(offenders.map(({ path }) => path)).toEqual([]);
    expect(packageJson.dependencies).not.toHaveProperty('@ai-sdk/openai-compatible');
    expect(packageJson.devDependencies).toHaveProperty('@ai-sdk/openai-compatible');
  });

  it('every @ai-sdk/* dependency is a caret range', () => {
    const aiSdk = Object.entries(packageJson.dependencies).filter(([name]) => name.startsWith('@ai-sdk/'));
    expect(aiSdk.length).toBeGreaterThan(0);
    for (const [name, range] of aiSdk) expect(`${name}@${range}`).toMatch(/@\^\d+\.\d+\.\d+$/);
  });
});
