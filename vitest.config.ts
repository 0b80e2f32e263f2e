import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const define = { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) };

/**
 * Two projects:
 * - `node`: every test.
 * - `edge`: the tests of the edge-safe main entry (provider, server client, routing, bench API),
 *   run in `@edge-runtime/vm`. Files named `*.node.test.ts` need Node (the emulator, Docker, a
 *   browser) and run only in the `node` project.
 */
export default defineConfig({
  define,
  test: {
    projects: [
      {
        define,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          unstubEnvs: true,
        },
      },
      {
        define,
        test: {
          name: 'edge',
          environment: 'edge-runtime',
          include: ['test/provider/**/*.test.ts', 'test/server/**/*.test.ts', 'test/routing/**/*.test.ts', 'test/bench/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          testTimeout: 30_000,
          unstubEnvs: true,
        },
      },
    ],
  },
});
