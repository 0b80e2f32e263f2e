import type { LanguageModelV4 } from '@ai-sdk/provider';
import { VllmCompletionLanguageModel } from '../provider/models/completion/vllm-completion-language-model';
import type { VllmModelServer } from '../provider/version/vllm-model-server';

/** What `generateBatch({ promptArray: true })` needs to send `/v1/completions` itself. */
export type CompletionModelServer = VllmModelServer;

/**
 * The server access (connection, shared version resolver) of a vLLM completion model: a prompt-array
 * request (something `doGenerate`, which takes one prompt, cannot do) goes through the same
 * baseURL/headers/fetch. `undefined` for any other model.
 */
export function completionModelServer(model: LanguageModelV4): CompletionModelServer | undefined {
  return model instanceof VllmCompletionLanguageModel ? model.vllmServer : undefined;
}
