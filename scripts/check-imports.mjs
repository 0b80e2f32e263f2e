// Lint guard over src/'s own imports (part of `npm run lint`):
// 1. no import circles anywhere in src/ (type-only imports count: a circle of types is still a knot);
// 2. each folder imports only the folders below it (the table below), so the layout keeps meaning
//    what it says: the provider core never reaches into routing, sidecar, testing, cli, bench or node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('src');

/**
 * Which src/ areas each area may import (its own area is always allowed). An area is the longest
 * matching prefix. `src/provider/vllm-provider.ts` is the composition root: it alone of the core
 * wires in routing, the server client and batch generation.
 */
const ALLOWED = {
  'version.ts': [],
  'index.ts': ['*'],
  'provider/index.ts': ['provider'],
  'provider/vllm-provider.ts': ['provider', 'routing', 'server', 'batch'],
  'provider/vllm-model-presets.ts': [],
  'provider/connection': ['version.ts', 'provider/vllm-model-presets.ts'],
  'provider/version': ['provider/connection', 'provider/vllm-model-presets.ts'],
  'provider/options': ['provider/version', 'provider/connection'],
  'provider/models': [
    'provider/models',
    'provider/options',
    'provider/version',
    'provider/connection',
    'provider/vllm-model-presets.ts',
    'server',
  ],
  server: ['provider/connection', 'provider/version'],
  batch: ['server', 'provider/models', 'provider/options', 'provider/version', 'provider/connection'],
  routing: ['provider/connection'],
  bench: ['provider/connection'],
  node: ['bench', 'routing', 'provider/connection'],
  testing: ['version.ts', 'provider', 'server'],
  sidecar: ['version.ts', 'provider', 'server'],
  cli: ['*'],
};

function sourceFiles(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function resolveImport(file, specifier) {
  const base = resolve(dirname(file), specifier);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

function areaOf(file) {
  const path = relative(root, file);
  const keys = Object.keys(ALLOWED).sort((a, b) => b.length - a.length);
  return keys.find((key) => path === key || path.startsWith(`${key}/`));
}

const files = sourceFiles(root);
const graph = new Map();
const problems = [];
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const targets = new Set();
  for (const match of source.matchAll(importPattern)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target?.startsWith(root)) targets.add(target);
  }
  graph.set(file, [...targets]);
  const from = areaOf(file);
  if (from === undefined) {
    problems.push(`${relative('.', file)}: in no area of scripts/check-imports.mjs (add it to ALLOWED)`);
    continue;
  }
  for (const target of targets) {
    const to = areaOf(target);
    if (to === from || ALLOWED[from].includes('*')) continue;
    const allowed = ALLOWED[from].some((area) => to === area || to?.startsWith(`${area}/`));
    if (!allowed) {
      problems.push(
        `${relative('.', file)} imports ${relative('.', target)}: ${from} may import only ${ALLOWED[from].join(', ') || 'nothing in src/'}`,
      );
    }
  }
}

// Tarjan's strongly connected components: every component of more than one file is a circle.
let index = 0;
const stack = [];
const state = new Map();
function connect(file) {
  const entry = { index, low: index, onStack: true };
  index += 1;
  state.set(file, entry);
  stack.push(file);
  for (const target of graph.get(file) ?? []) {
    const seen = state.get(target);
    if (seen === undefined) {
      connect(target);
      entry.low = Math.min(entry.low, state.get(target).low);
    } else if (seen.onStack) {
      entry.low = Math.min(entry.low, seen.index);
    }
  }
  if (entry.low === entry.index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== file);
    if (component.length > 1) {
      problems.push(`import circle: ${component.map((path) => relative('.', path)).join(' ↔ ')}`);
    }
  }
}
for (const file of files) if (!state.has(file)) connect(file);

if (problems.length > 0) {
  console.error(
    `check-imports: ${problems.length} problem(s)\n${problems.map((line) => `  ${line}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`check-imports: ${files.length} files, no circles, every import follows the folder rules`);
