// `npm run bench` measures vllm-ai-provider as users get it: src/index.ts bundled by esbuild (what
// tsup does for dist/index.js), written to node_modules/.cache/vllm-ai-provider-bench/: there its
// imports resolve, the shared dist/ is untouched, and biome does not lint it.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const BUILT_PACKAGE = fileURLToPath(
  new URL('../node_modules/.cache/vllm-ai-provider-bench/vllm-ai-provider.js', import.meta.url),
);

export async function buildPackage(): Promise<string> {
  const root = new URL('../', import.meta.url);
  const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
  await build({
    entryPoints: [fileURLToPath(new URL('src/index.ts', root))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    target: 'node22',
    outfile: BUILT_PACKAGE,
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  return pathToFileURL(BUILT_PACKAGE).href;
}

/** `createVllm` from the bundle (build it first with {@link buildPackage}). */
export async function loadBuiltCreateVllm(): Promise<typeof import('../src').createVllm> {
  const module = (await import(pathToFileURL(BUILT_PACKAGE).href)) as typeof import('../src');
  return module.createVllm;
}
