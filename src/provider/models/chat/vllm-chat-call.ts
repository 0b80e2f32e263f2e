import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { mapVllmCallOptions } from '../../options/map-vllm-call-options';
import { convertToVllmChatMessages } from '../../prompt/convert-to-vllm-chat-messages';
import { isMistralFamily, rewriteToolCallIdsForMistral } from '../../prompt/mistral-tool-call-ids';
import type { VllmChatMessage } from '../../prompt/vllm-chat-messages';
import { withServerVersion } from '../../version/vllm-feature-view';
import { mediaUuidSupport } from '../../version/vllm-media-support';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { prepareVllmChatTools } from './prepare-vllm-chat-tools';

/** One chat request, ready to send. */
export interface VllmChatRequest {
  /** The body for `/v1/chat/completions` (without the stream fields). */
  body: Record<string, unknown>;
  /** Extra headers (`X-Request-Id`, `X-Session-ID`). */
  headers: Record<string, string> | undefined;
  warnings: SharedV4Warning[];
  /** The `providerMetadata` key: the `providerOptions` key the caller used. */
  metadataKey: string;
}

/**
 * The body vLLM's `/v1/chat/completions` gets for a call: the SDK settings and `providerOptions.vllm`
 * for the server's version (see `map-vllm-call-options.ts`), the messages (prior reasoning in the
 * field the server reads, Mistral tool-call ids, file parts as vLLM's media parts), and the tools.
 */
export async function prepareVllmChatRequest({
  call,
  streaming,
  modelId,
  name,
  version,
}: {
  call: LanguageModelV4CallOptions;
  streaming: boolean;
  modelId: string;
  name: string;
  version: VllmServerVersionResolver;
}): Promise<VllmChatRequest> {
  const mapped = await mapVllmCallOptions({ call, endpoint: 'chat', streaming, name, version });
  const { key, warnings } = mapped;
  const toolCallIdFormat = mapped.options.toolCallIdFormat ?? (isMistralFamily(modelId) ? 'mistral' : 'keep');
  const prompt = toolCallIdFormat === 'mistral' ? rewriteToolCallIdsForMistral(call.prompt) : call.prompt;
  const body: Record<string, unknown> = {
    model: modelId,
    messages: await convertMessages(prompt, mapped.reasoningField, key, version, call.abortSignal, warnings),
    ...mapped.fields,
    ...prepareVllmChatTools({
      tools: call.tools,
      toolChoice: call.toolChoice,
      keepStrict: mapped.keepToolStrict,
      warnings,
    }),
  };
  return { body, headers: mapped.headers, warnings, metadataKey: key };
}

/**
 * The messages; the server's version is asked for only when a file part sets a per-part `uuid`
 * (vLLM ≥ 0.11 reads it). The media warnings (ignored `detail`, `uuid` on an old server) join the call's.
 */
async function convertMessages(
  prompt: LanguageModelV4CallOptions['prompt'],
  reasoningField: 'reasoning' | 'reasoning_content',
  key: string,
  version: VllmServerVersionResolver,
  abortSignal: AbortSignal | undefined,
  warnings: SharedV4Warning[],
): Promise<VllmChatMessage[]> {
  const converted = await withServerVersion(version, abortSignal, 'chat', (view) => {
    const fileWarnings: SharedV4Warning[] = [];
    const messages = convertToVllmChatMessages(prompt, {
      reasoningField,
      extrasKey: key,
      files: {
        providerOptionsKey: key,
        uuidSupport: () => mediaUuidSupport(view.get()),
        warnings: fileWarnings,
      },
    });
    return { messages, warnings: fileWarnings };
  });
  for (const warning of converted.warnings) {
    // withServerVersion may add the "version assumed" warning mapVllmCallOptions already gave.
    if (!warnings.some((known) => JSON.stringify(known) === JSON.stringify(warning))) warnings.push(warning);
  }
  return converted.messages;
}
