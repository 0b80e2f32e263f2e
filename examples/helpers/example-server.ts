// Shared by the examples: use your vLLM server when its URL is in the environment, otherwise start
// the GPU-free vLLM emulator from `vllm-ai-provider/testing` (and say so).
import { startVllmEmulator, type VllmEmulatorOptions } from 'vllm-ai-provider/testing';

export interface ExampleServer {
  /** The base URL to hand to `createVllm({ baseURL })` (with `/v1`). */
  baseURL: string;
  /** The model id to use: the `model` env var if set, else the emulated model. */
  model: string;
  /** Whether this is the embedded emulator. */
  emulated: boolean;
  /** Stops the emulator (nothing for your server). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface ExampleServerOptions extends VllmEmulatorOptions {
  model: string;
  /** Env var holding your server's base URL. @default 'VLLM_BASE_URL' */
  baseURLVariable?: string;
  /** Env var holding the model id on your server. @default 'VLLM_MODEL' */
  modelVariable?: string;
}

/**
 * Your vLLM server (`VLLM_BASE_URL`, model `VLLM_MODEL`), or an emulator behaving like
 * `vllm serve <model> <flags from options>` on 127.0.0.1.
 */
export async function exampleServer(options: ExampleServerOptions): Promise<ExampleServer> {
  const { baseURLVariable = 'VLLM_BASE_URL', modelVariable = 'VLLM_MODEL', ...emulatorOptions } = options;
  const external = process.env[baseURLVariable];
  if (external) {
    const model = process.env[modelVariable] ?? options.model;
    console.log(
      `Using your vLLM server at ${external} (${baseURLVariable}), model ${model} (${modelVariable}).`,
    );
    const close = async () => {};
    return { baseURL: external, model, emulated: false, close, [Symbol.asyncDispose]: close };
  }
  const emulator = await startVllmEmulator(emulatorOptions);
  console.log(
    `${baseURLVariable} is not set: started the embedded vLLM emulator (no GPU, made-up text) at ${emulator.baseURL}, serving ${options.model}.`,
  );
  const close = () => emulator.close();
  return {
    baseURL: emulator.baseURL,
    model: options.model,
    emulated: true,
    close,
    [Symbol.asyncDispose]: close,
  };
}
