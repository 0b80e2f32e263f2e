// Post-build guard: the main entry (dist/index.js) and every chunk it imports, transitively, must be
// edge-safe: no `execa`, no `node:` specifier and no bare Node built-in module.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const distDir = resolve('dist');
const entry = join(distDir, 'index.js');
const builtins = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const importPattern =
  /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bimport\s*\()\s*['"]([^'"]+)['"]/g;

const seen = new Set();
const problems = [];
const queue = [entry];
while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[1];
    if (specifier.startsWith('.')) {
      queue.push(resolve(dirname(file), specifier));
    } else if (specifier === 'execa' || specifier.startsWith('execa/')) {
      problems.push(`${relative(distDir, file)} imports execa`);
    } else if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) {
      problems.push(`${relative(distDir, file)} imports the Node built-in "${specifier}"`);
    }
  }
  if (/\brequire\(\s*['"](?:node:|execa)/.test(source)) {
    problems.push(`${relative(distDir, file)} requires a Node built-in or execa`);
  }
}

if (problems.length > 0) {
  console.error(`dist/index.js is not edge-safe:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `check-dist: dist/index.js and ${seen.size - 1} imported chunk(s) are edge-safe (no execa, no node: imports).`,
);
