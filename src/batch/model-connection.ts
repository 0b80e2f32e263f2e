import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { VllmConnection } from '../provider/connection/vllm-settings';
import type { VllmServerVersionResolver } from '../provider/version/vllm-server-version-resolver';

/** What `generateBatch({ promptArray: true })` needs to send `/v1/completions` itself. */
export interface CompletionModelServer {
  connection: VllmConnection;
  /** The provider's shared server-version resolver (decides which vLLM fields are sent). */
  version: VllmServerVersionResolver;
}

// Completion models created by `createVllm()` are remembered with their connection, so
// `generateBatch({ promptArray: true })` can send one `/v1/completions` request with a prompt array
// (something `doGenerate`, which takes one prompt, cannot do) through the same baseURL/headers/fetch.
const servers = new WeakMap<LanguageModelV4, CompletionModelServer>();

/** Remembers the connection and version resolver a completion model was created with; returns the model. */
export function rememberCompletionModelConnection<MODEL extends LanguageModelV4>(
  model: MODEL,
  connection: VllmConnection,
  version: VllmServerVersionResolver,
): MODEL {
  servers.set(model, { connection, version });
  return model;
}

/** The server access of a completion model made by `createVllm().completionModel()`, if it is one. */
export function completionModelServer(model: LanguageModelV4): CompletionModelServer | undefined {
  return servers.get(model);
}
