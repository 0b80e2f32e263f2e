import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// execa (sidecar), json-schema-faker and randexp (emulator) and undici (`vllm-ai-provider/node`) are
// optional peer dependencies: a provider-only install leaves them out. Each entry that needs one
// says which package to install. Run in a child process where those packages cannot be resolved.

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

async function withoutPackages(packages: string[], script: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(root, 'test/helpers/hide-packages.mjs'),
      '--input-type=module',
      '-e',
      script,
    ],
    { cwd: root, env: { ...process.env, HIDE_PACKAGES: packages.join(',') }, timeout: 60_000 },
  );
  return stdout.trim();
}

const report = `.then(() => console.log('no error'), (error) => console.log(error.name + ': ' + error.message + (error.hint ? ' ' + error.hint : '')))`;

describe('optional peer dependencies', () => {
  it('the main entry works without any of them', async () => {
    const output = await withoutPackages(
      ['execa', 'json-schema-faker', 'randexp', 'undici'],
      `const { createVllm } = await import('./src/index.ts');
       const model = createVllm({ baseURL: 'http://127.0.0.1:1/v1' })('m');
       console.log(model.provider);`,
    );
    expect(output).toBe('vllm.chat');
  });

  it('vllm-ai-provider/sidecar without execa: the error names the package and the install command', async () => {
    const output = await withoutPackages(
      ['execa'],
      `const { listVllmServers } = await import('./src/sidecar/index.ts');
       await listVllmServers()${report};`,
    );
    expect(output).toMatch(/^VllmSidecarError: vllm-ai-provider\/sidecar needs the package "execa"/);
    expect(output).toContain('npm install execa');
  });

  it('vllm-ai-provider/testing without json-schema-faker and randexp: the emulator does not start', async () => {
    const output = await withoutPackages(
      ['json-schema-faker', 'randexp'],
      `const { startVllmEmulator } = await import('./src/testing/index.ts');
       await startVllmEmulator()${report};`,
    );
    expect(output).toMatch(/^Error: The vLLM emulator .* needs json-schema-faker and randexp/);
    expect(output).toContain('npm install --save-dev json-schema-faker randexp');
  });

  it('vllm-ai-provider/node without undici: the first request says what to install', async () => {
    const output = await withoutPackages(
      ['undici'],
      `const { createVllmNodeFetch } = await import('./src/node/index.ts');
       await createVllmNodeFetch()('http://127.0.0.1:1/v1/models')${report};`,
    );
    expect(output).toMatch(
      /^Error: createVllmNodeFetch \(vllm-ai-provider\/node\) needs the package "undici"/,
    );
    expect(output).toContain('npm install undici');
  });
});
