// Installs the oldest or the newest release of every @ai-sdk/* dependency that its caret range in
// package.json allows (without saving), so CI can run the tests against both ends of each range.
//   node scripts/ai-sdk-range-ends.mjs oldest|newest   install that end (package-lock.json is kept)
//   node scripts/ai-sdk-range-ends.mjs restore         reinstall exactly what package-lock.json says
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';

const end = process.argv[2];
if (!['oldest', 'newest', 'restore'].includes(end)) {
  console.error('usage: node scripts/ai-sdk-range-ends.mjs oldest|newest|restore');
  process.exit(2);
}
const npm = (args, options = {}) =>
  execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
const LOCK_COPY = 'node_modules/.cache/ai-sdk-range-ends.package-lock.json';

if (end === 'restore') {
  if (existsSync(LOCK_COPY)) {
    copyFileSync(LOCK_COPY, 'package-lock.json');
    rmSync(LOCK_COPY);
  }
  npm(['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  console.log('ai-sdk-range-ends: node_modules restored from package-lock.json');
  process.exit(0);
}

const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
const compare = (a, b) => {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const picks = Object.entries(dependencies)
  .filter(([name]) => name.startsWith('@ai-sdk/'))
  .map(([name, range]) => {
    const listed = JSON.parse(npm(['view', `${name}@${range}`, 'version', '--json']));
    const versions = (Array.isArray(listed) ? listed : [listed]).filter((version) => !version.includes('-'));
    versions.sort(compare);
    return `${name}@${end === 'oldest' ? versions[0] : versions.at(-1)}`;
  });

if (!existsSync(LOCK_COPY)) {
  execFileSync('mkdir', ['-p', 'node_modules/.cache']);
  copyFileSync('package-lock.json', LOCK_COPY);
}
console.log(`ai-sdk-range-ends: installing the ${end} releases the ranges allow: ${picks.join(' ')}`);
npm(['install', '--no-save', '--no-audit', '--no-fund', ...picks], { stdio: 'inherit' });
copyFileSync(LOCK_COPY, 'package-lock.json');
