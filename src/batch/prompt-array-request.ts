import { InvalidArgumentError, type LanguageModelV4, type SharedV4Warning } from '@ai-sdk/provider';
import type { VllmConnection } from '../provider/connection/vllm-settings';
import { prepareVllmCompletionCall } from '../provider/models/completion/vllm-completion-call';
import { PLAIN_PROMPT_HEADER } from '../provider/models/completion/vllm-completion-prompt';
import { toBatchCallOptions } from './batch-call-options';
import type { VllmBatchCallSettings } from './batch-types';
import type { CompletionModelServer } from './model-connection';

/** The body fields and headers shared by every prompt-array request of one batch. */
export interface PromptArrayRequest {
  connection: VllmConnection;
  modelId: string;
  /** Body fields besides `model` and `prompt`: call settings and `providerOptions.vllm`, mapped as the completion model maps them. */
  fields: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  /** The completion model's warnings for these settings (reported on every item). */
  warnings: SharedV4Warning[];
}

/**
 * Maps the batch's call settings and `providerOptions` to body fields with the completion model's
 * own mapping (typed options, checked against the server's vLLM version), once per batch. Throws
 * `InvalidArgumentError` for bad options before any request.
 */
export async function preparePromptArrayRequest({
  model,
  server,
  settings,
  abortSignal,
}: {
  model: LanguageModelV4;
  server: CompletionModelServer;
  settings: VllmBatchCallSettings;
  abortSignal: AbortSignal | undefined;
}): Promise<PromptArrayRequest> {
  const prepared = await prepareVllmCompletionCall({
    options: toBatchCallOptions(
      [{ role: 'user', content: [{ type: 'text', text: '' }] }],
      settings,
      abortSignal,
    ),
    streaming: false,
    name: model.provider.split('.')[0],
    version: server.version,
  });
  const call = prepared.callOptions;
  // `strictJsonSchema` is an openai-compatible switch, not a vLLM field.
  const { strictJsonSchema: _compatibleOnly, ...vllmFields } = (call.providerOptions?.[
    prepared.metadataKey
  ] ?? {}) as Record<string, unknown>;
  const { [PLAIN_PROMPT_HEADER]: _marker, ...headers } = call.headers ?? {};
  if (typeof vllmFields.n === 'number' && vllmFields.n > 1) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${prepared.metadataKey}.n`,
      message:
        'promptArray returns one completion per prompt: remove n / beamWidth, or turn promptArray off.',
    });
  }
  return {
    connection: server.connection,
    modelId: model.modelId,
    fields: {
      max_tokens: call.maxOutputTokens,
      temperature: call.temperature,
      top_p: call.topP,
      presence_penalty: call.presencePenalty,
      frequency_penalty: call.frequencyPenalty,
      stop: call.stopSequences?.length ? call.stopSequences : undefined,
      seed: call.seed,
      ...vllmFields,
    },
    headers,
    warnings: prepared.warnings,
  };
}
