import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'sidecar/index': 'src/sidecar/index.ts',
    'testing/index': 'src/testing/index.ts',
    'node/index': 'src/node/index.ts',
    'cli/index': 'src/cli/index.ts',
  },
  format: ['esm'],
  target: 'node22',
  // Dependencies stay external, so the platform only matters for our own code; scripts/check-dist.mjs
  // proves the main entry imports no Node built-in.
  platform: 'node',
  // Keep `node:` specifiers in the Node-only entries (tsup strips them by default).
  removeNodeProtocol: false,
  dts: { entry: { index: 'src/index.ts', 'sidecar/index': 'src/sidecar/index.ts', 'testing/index': 'src/testing/index.ts', 'node/index': 'src/node/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  define: {
    __PACKAGE_VERSION__: JSON.stringify(packageJson.version),
  },
});
