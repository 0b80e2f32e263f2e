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
  platform: 'neutral',
  dts: { entry: { index: 'src/index.ts', 'sidecar/index': 'src/sidecar/index.ts', 'testing/index': 'src/testing/index.ts', 'node/index': 'src/node/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  define: {
    __PACKAGE_VERSION__: JSON.stringify(packageJson.version),
  },
});
