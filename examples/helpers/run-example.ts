// `npm run example <name>`: builds the package when dist/ is missing or older than src/, then runs
// examples/<name>.ts. Examples import 'vllm-ai-provider' like user code: with
// examples/tsconfig.run.json (no `paths`), that is the built package in dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const examplesDir = join(root, 'examples');
const examples = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => basename(file, '.ts'))
  .sort();

const name = process.argv[2]?.replace(/^examples\//, '').replace(/\.ts$/, '');
if (!name || !examples.includes(name)) {
  console.error(`${name ? `Unknown example "${name}". ` : ''}Usage: npm run example <name>\n`);
  console.error(`Examples: ${examples.join(', ')}`);
  process.exit(name ? 1 : 2);
}

function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const builtAt = ['dist/index.js', 'dist/testing/index.js', 'dist/sidecar/index.js', 'dist/node/index.js']
  .map((file) => join(root, file))
  .reduce((oldest, file) => Math.min(oldest, existsSync(file) ? statSync(file).mtimeMs : 0), Infinity);
const changedAt = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'package.json')),
  newest(join(root, 'tsup.config.ts')),
);
if (builtAt < changedAt) {
  console.error(
    builtAt === 0
      ? 'dist/ is missing: building the package…'
      : 'src/ changed since the last build: rebuilding…',
  );
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    : spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('npm run build failed.');
    process.exit(1);
  }
}

const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(examplesDir, `${name}.ts`), ...process.argv.slice(3)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(examplesDir, 'tsconfig.run.json') },
  },
);
process.exitCode = run.status ?? 1;
