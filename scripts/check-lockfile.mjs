// The lock file must let `npm ci` install on every platform: each dependency and optional dependency
// of each locked package (the root, the playground workspace and everything below them) has its own
// entry. npm checks this on `npm ci` and stops with "Missing: … from lock file" — but only for the
// platform it runs on; a lock written by an `npm install` that skipped the other platforms' optional
// packages (@biomejs/cli-darwin-arm64, @rollup/rollup-win32-x64-msvc, …) passes on Linux and fails
// elsewhere. This walks the whole lock the way Node resolves packages, for every platform at once.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Lock-file keys where `name` would be found from the package at `key` (nearest node_modules first). */
function candidates(key, name) {
  const paths = [];
  let base = key;
  for (;;) {
    paths.push(base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`);
    if (base === '') break;
    const index = base.lastIndexOf('/node_modules/');
    base = index >= 0 ? base.slice(0, index) : ''; // `node_modules/a` or a workspace folder → the root
  }
  return paths;
}

/** Problems of a parsed package-lock.json (lockfileVersion 3), as readable lines. */
export function lockFileProblems(lock) {
  const packages = lock.packages ?? {};
  const problems = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (entry.link) continue; // a workspace link: its target (e.g. `playground`) is checked itself
    const required = {
      ...(entry.dependencies ?? {}),
      ...(entry.optionalDependencies ?? {}),
    };
    for (const name of Object.keys(required)) {
      const found = candidates(key, name).some((path) => packages[path] !== undefined);
      if (!found) problems.push(`${key || '(root)'} → ${name}@${required[name]} has no entry`);
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = resolve(process.argv[2] ?? 'package-lock.json');
  const problems = lockFileProblems(JSON.parse(readFileSync(file, 'utf8')));
  if (problems.length > 0) {
    console.error(
      `${file} is incomplete (npm ci fails on some platform):\n- ${problems.join('\n- ')}\n` +
        'Add the missing entries with `npm install --package-lock-only`; for a package npm still leaves out, ' +
        'name it at its locked version: `npm install --package-lock-only [-w <workspace>] <name>@<version>`.',
    );
    process.exit(1);
  }
  console.log(`check-lockfile: every dependency in ${file} has an entry, for every platform.`);
}
