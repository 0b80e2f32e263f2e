#!/usr/bin/env node
// Builds a local Docker image of the vLLM emulator with no registry: a minimal root filesystem
// (the Node 24 binary from node_modules/node, the shared libraries `ldd` lists for it, and a
// single-file bundle of the `vllm-ai-provider` CLI) piped into `docker import`. The entrypoint
// behaves like vllm/vllm-openai's (`vllm serve`): `docker run <image> [model] [vllm serve flags…]`.
//
// Usage: node scripts/build-emulator-image.mjs [--tag <image:tag>] [--force]
// Prints the image tag on the last stdout line. Skips the import when an image with the same
// content hash already exists (label vllm-ai-provider.emulator-hash), unless --force.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const DEFAULT_TAG = 'vllm-ai-provider/vllm-emulator:latest';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const tag = args.includes('--tag') ? args[args.indexOf('--tag') + 1] : DEFAULT_TAG;
const force = args.includes('--force');
const log = (message) => process.stderr.write(`build-emulator-image: ${message}\n`);

function fail(message) {
  log(message);
  process.exit(1);
}

if (!tag) fail('--tag needs a value, e.g. --tag my-emulator:dev');
const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
if (docker.status !== 0)
  fail(
    `the Docker engine is not reachable (docker info: ${docker.stderr.trim() || docker.error}). Start dockerd.`,
  );

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const workDir = mkdtempSync(join(tmpdir(), 'vllm-emulator-image-'));
try {
  const rootfs = join(workDir, 'rootfs');
  const bundle = join(rootfs, 'app', 'vllm-emulator.mjs');
  await build({
    entryPoints: [join(root, 'src/cli/index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });

  const nodeBinary = realpathSync(join(root, 'node_modules/node/bin/node'));
  const copyInto = (source, target = source) => {
    const destination = join(rootfs, target);
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(realpathSync(source), destination);
  };
  copyInto(nodeBinary, '/usr/local/bin/node');
  const libraries = execFileSync('ldd', [nodeBinary], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter(Boolean);
  for (const library of libraries) copyInto(library);
  mkdirSync(join(rootfs, 'tmp'), { recursive: true });
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/false\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\n');

  const hash = createHash('sha256')
    .update(readFileSync(bundle))
    .update(readFileSync(nodeBinary))
    .digest('hex')
    .slice(0, 16);
  const existing = spawnSync(
    'docker',
    ['image', 'inspect', '--format', '{{index .Config.Labels "vllm-ai-provider.emulator-hash"}}', tag],
    {
      encoding: 'utf8',
    },
  );
  if (!force && existing.status === 0 && existing.stdout.trim() === hash) {
    log(`${tag} is up to date (content hash ${hash}).`);
  } else {
    const changes = [
      'ENTRYPOINT ["/usr/local/bin/node", "/app/vllm-emulator.mjs", "emulate"]',
      'ENV VLLM_EMULATOR_DEFAULT_HOST=0.0.0.0',
      'EXPOSE 8000',
      'WORKDIR /',
      `LABEL vllm-ai-provider.emulator-hash=${hash}`,
      `LABEL org.opencontainers.image.version=${version}`,
      'LABEL org.opencontainers.image.title=vllm-ai-provider-vllm-emulator',
    ].flatMap((change) => ['--change', change]);
    const tar = spawnSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 1024 * 1024 * 1024 });
    if (tar.status !== 0) fail(`tar failed: ${tar.stderr}`);
    const imported = spawnSync('docker', ['import', ...changes, '-', tag], {
      input: tar.stdout,
      encoding: 'buffer',
    });
    if (imported.status !== 0) fail(`docker import failed: ${imported.stderr.toString()}`);
    log(`built ${tag} (content hash ${hash}, ${libraries.length} shared libraries).`);
  }
  process.stdout.write(`${tag}\n`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
