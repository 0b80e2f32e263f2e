import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { VllmConnection } from '../vllm-settings';

// Completion models created by `createVllm()` are remembered with their connection, so
// `generateBatch({ promptArray: true })` can send one `/v1/completions` request with a prompt array
// (something `doGenerate`, which takes one prompt, cannot do) through the same baseURL/headers/fetch.
const connections = new WeakMap<LanguageModelV4, VllmConnection>();

/** Remembers the connection a completion model was created with; returns the model. */
export function rememberCompletionModelConnection<MODEL extends LanguageModelV4>(
  model: MODEL,
  connection: VllmConnection,
): MODEL {
  connections.set(model, connection);
  return model;
}

/** The connection of a completion model made by `createVllm().completionModel()`, if it is one. */
export function completionModelConnection(model: LanguageModelV4): VllmConnection | undefined {
  return connections.get(model);
}
