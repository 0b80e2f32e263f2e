import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { withErrorMessage } from '../provider/connection/vllm-error';
import { listServedModels, type VllmModelInfo } from './served-models';
import { VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerRequester, VllmRequestOptions } from './server-requester';

/** Loading an adapter may download it first: give it longer than a metadata call. */
export const LORA_LOAD_TIMEOUT_MS = 300_000;

/** Options for `loadLoraAdapter()` (body of `POST /v1/load_lora_adapter`). */
export interface VllmLoadLoraAdapterOptions extends VllmRequestOptions {
  /** Name to serve the adapter under; requests select it with `model: name` (body `lora_name`). */
  name: string;
  /** Local path (on the server) or Hugging Face repo of the adapter (body `lora_path`). */
  path: string;
  /**
   * Replace an adapter already loaded under `name` instead of failing (body `load_inplace`).
   * @default false
   */
  loadInplace?: boolean;
  /** `timeoutMs` defaults to 300 000 ms here: vLLM may download the adapter first. */
  timeoutMs?: number;
}

/** Result of `loadLoraAdapter()` / `unloadLoraAdapter()`. */
export interface VllmLoraAdapterChange {
  /** The adapter name. */
  name: string;
  /** vLLM's confirmation, e.g. `Success: LoRA adapter 'sql' added successfully.` */
  message: string;
}

/** The LoRA adapters `GET /v1/models` lists (static `--lora-modules` and runtime-loaded ones). */
export async function listLoraAdapters(
  requester: ServerRequester,
  options: VllmRequestOptions = {},
): Promise<VllmModelInfo[]> {
  return (await listServedModels(requester, options)).filter((model) => model.isLoraAdapter);
}

/** `POST /v1/load_lora_adapter` (needs `VLLM_ALLOW_RUNTIME_LORA_UPDATING=1` and `--enable-lora`). */
export async function loadLoraAdapter(
  requester: ServerRequester,
  options: VllmLoadLoraAdapterOptions,
): Promise<VllmLoraAdapterChange> {
  const { name, path, loadInplace, abortSignal, timeoutMs, headers } =
    options ?? ({} as VllmLoadLoraAdapterOptions);
  requireText(name, 'name', 'the adapter name requests will use as `model`');
  requireText(path, 'path', 'the adapter directory on the server, or a Hugging Face repo id');
  const message = await requester
    .text(VLLM_ENDPOINTS.loadLoraAdapter, {
      abortSignal,
      headers,
      timeoutMs: timeoutMs ?? LORA_LOAD_TIMEOUT_MS,
      body: {
        lora_name: name,
        lora_path: path,
        ...(loadInplace !== undefined ? { load_inplace: loadInplace } : {}),
      },
    })
    .catch(explainLoraError);
  return { name, message: readMessage(message) };
}

/** `POST /v1/unload_lora_adapter`. */
export async function unloadLoraAdapter(
  requester: ServerRequester,
  name: string,
  options: VllmRequestOptions = {},
): Promise<VllmLoraAdapterChange> {
  requireText(name, 'name', 'the name the adapter was loaded under');
  const message = await requester
    .text(VLLM_ENDPOINTS.unloadLoraAdapter, { ...options, body: { lora_name: name } })
    .catch(explainLoraError);
  return { name, message: readMessage(message) };
}

function requireText(value: unknown, argument: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError({
      argument,
      message: `LoRA adapter ${argument} is missing or empty: pass ${what}.`,
    });
  }
}

/** vLLM answers plain text; some proxies re-encode it as a JSON string. */
function readMessage(body: string): string {
  const text = body.trim();
  if (text.startsWith('"')) {
    try {
      return String(JSON.parse(text));
    } catch {
      return text;
    }
  }
  return text;
}

/** With the env flag set but no `--enable-lora`, vLLM fails the load itself: say which flag is missing. */
function explainLoraError(error: unknown): never {
  if (
    APICallError.isInstance(error) &&
    (error.data as { reason?: string } | undefined)?.reason === 'http-error' &&
    /enable[-_ ]lora|lora is not enabled|lora.*not supported|max_loras/i.test(error.message)
  ) {
    throw withErrorMessage(
      error,
      `${error.message} Start vLLM with --enable-lora (and VLLM_ALLOW_RUNTIME_LORA_UPDATING=1).`,
      { isRetryable: false },
    );
  }
  throw error;
}
