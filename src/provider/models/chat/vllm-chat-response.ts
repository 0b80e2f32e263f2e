import {
  InvalidResponseDataError,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
  type SharedV4ProviderMetadata,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { generateId } from '@ai-sdk/provider-utils';
import { vllmResponseMetadata } from '../vllm-api';
import { generateMetadata } from '../vllm-response-metadata';
import { convertVllmUsage, mapVllmFinishReason } from '../vllm-usage';
import type { VllmChatResponse } from './vllm-chat-api';
import { missingToolCallsWarning, readContent } from './vllm-chat-content';

/**
 * A chat completion as the SDK's generate result: choice 0's reasoning, text (a refusal is text and
 * makes `stop` read `content-filter`) and tool calls; usage; vLLM's extra data (logprobs, token ids,
 * every choice when there are several) in `providerMetadata[metadataKey]`; and a warning when vLLM
 * claims tool calls it did not return.
 */
export function convertVllmChatResponse({
  response,
  rawResponse,
  metadataKey,
}: {
  response: VllmChatResponse;
  rawResponse: unknown;
  metadataKey: string;
}): Omit<LanguageModelV4GenerateResult, 'request'> {
  const choice = response.choices[0]; // vLLM lists choices in index order
  if (choice === undefined) {
    throw new InvalidResponseDataError({
      data: rawResponse,
      message: 'Response did not contain any choices.',
    });
  }
  const { message } = choice;
  const content: LanguageModelV4Content[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning != null && reasoning.length > 0) content.push({ type: 'reasoning', text: reasoning });
  content.push(...readContent(message.content));
  const refused = message.refusal != null && message.refusal.length > 0;
  if (refused) content.push({ type: 'text', text: message.refusal as string });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool-call',
      toolCallId: call.id || generateId(),
      toolName: call.function.name,
      input: call.function.arguments,
    });
  }

  const { metadata, missingToolCalls } = generateMetadata(rawResponse, 'chat');
  const details = response.usage?.completion_tokens_details;
  if (details?.accepted_prediction_tokens != null)
    metadata.acceptedPredictionTokens = details.accepted_prediction_tokens;
  if (details?.rejected_prediction_tokens != null)
    metadata.rejectedPredictionTokens = details.rejected_prediction_tokens;
  const providerMetadata: SharedV4ProviderMetadata = { [metadataKey]: metadata };
  const warnings: SharedV4Warning[] = missingToolCalls ? [missingToolCallsWarning()] : [];

  return {
    content,
    finishReason: mapVllmFinishReason(choice.finish_reason, { refused }),
    usage: convertVllmUsage(response.usage, 'chat'),
    providerMetadata,
    response: { ...vllmResponseMetadata(response), body: rawResponse },
    warnings,
  };
}
