// undici is an optional peer dependency of vllm-ai-provider: only `vllm-ai-provider/node` uses it
// (its own connection pool, without Node's hidden 300-second timeouts). Loaded on first use.

type Undici = typeof import('undici');

let undici: Promise<Undici> | undefined;

/** undici, or an error naming the package to install (`feature` says what needed it). */
export function loadUndici(feature: string): Promise<Undici> {
  undici ??= import('undici').catch((error: unknown) => {
    undici = undefined;
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      `${feature} (vllm-ai-provider/node) needs the package "undici", an optional peer dependency of vllm-ai-provider ` +
        'that is not installed. Install it next to vllm-ai-provider: npm install undici',
      { cause: error },
    );
  });
  return undici;
}
