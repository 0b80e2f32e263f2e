import type * as JsonSchemaFaker from 'json-schema-faker';
import type RandExpClass from 'randexp';

// json-schema-faker (JSON-schema constraints) and randexp (regex constraints) are optional peer
// dependencies of vllm-ai-provider: only the emulator needs them. They are loaded when an emulator
// starts, so a missing one fails there, with the command that installs it, not halfway through a test.

export interface EmulatorDependencies {
  generateSync: typeof JsonSchemaFaker.generateSync;
  RandExp: typeof RandExpClass;
}

const PACKAGES = ['json-schema-faker', 'randexp'] as const;

let loaded: EmulatorDependencies | undefined;

async function importOptional<T>(
  name: (typeof PACKAGES)[number],
  load: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(name))
      return undefined;
    throw error;
  }
}

/** Loads the emulator's optional peer dependencies (once); throws an error naming what to install. */
export async function loadEmulatorDependencies(): Promise<EmulatorDependencies> {
  if (loaded !== undefined) return loaded;
  const [faker, randexp] = await Promise.all([
    importOptional('json-schema-faker', () => import('json-schema-faker')),
    importOptional('randexp', () => import('randexp')),
  ]);
  if (faker === undefined || randexp === undefined) {
    const missing = PACKAGES.filter((_, index) => [faker, randexp][index] === undefined);
    throw new Error(
      `The vLLM emulator (vllm-ai-provider/testing, vllm-ai-provider emulate) needs ${missing.join(' and ')}, ` +
        `optional peer dependencies of vllm-ai-provider that are not installed. Install them: npm install --save-dev ${missing.join(' ')}`,
    );
  }
  loaded = { generateSync: faker.generateSync, RandExp: randexp.default };
  return loaded;
}

/** The loaded dependencies (an emulator has started, so {@link loadEmulatorDependencies} ran). */
export function emulatorDependencies(): EmulatorDependencies {
  if (loaded === undefined)
    throw new Error('The emulator dependencies are not loaded: await loadEmulatorDependencies() first.');
  return loaded;
}
