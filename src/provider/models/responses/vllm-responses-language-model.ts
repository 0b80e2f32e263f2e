import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4StreamResult,
  type SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { explainVllmErrorMessage, withErrorMessage } from '../../connection/vllm-error';
import type { VllmConnection } from '../../connection/vllm-settings';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { explainVllmCallError } from '../vllm-model-not-found';
import { OPENAI_KEY, prepareVllmResponsesCall } from './vllm-responses-call';
import { createVllmResponsesFetch, PLACEHOLDER_API_KEY } from './vllm-responses-fetch';

/** Configuration the provider hands to each Responses model. */
export interface VllmResponsesConfig {
  /** `<name>.responses`; `<name>` is the `providerOptions` / `providerMetadata` key. */
  provider: string;
  connection: Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'>;
  /** The provider's shared server-version resolver. */
  version: VllmServerVersionResolver;
}

type OpenAIModule = typeof import('@ai-sdk/openai');
let openaiModule: Promise<OpenAIModule> | undefined;

/**
 * `@ai-sdk/openai` is loaded on the first Responses call, so bundles that never call
 * `vllm.responses()` can leave its ~250 kB (minified) in a separate chunk.
 */
function loadOpenAI(): Promise<OpenAIModule> {
  openaiModule ??= import('@ai-sdk/openai');
  return openaiModule;
}

/** vLLM fetches http(s) images for `input_image` (`--allowed-media-domains` applies). */
const RESPONSES_SUPPORTED_URLS: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.+$/] };

/** `providerMetadata.openai` (what `@ai-sdk/openai` writes) under the provider's key. */
function renameMetadata(
  metadata: SharedV4ProviderMetadata | undefined,
  key: string,
): SharedV4ProviderMetadata | undefined {
  if (metadata === undefined || key === OPENAI_KEY || !(OPENAI_KEY in metadata)) return metadata;
  const { [OPENAI_KEY]: own, ...rest } = metadata;
  return { ...rest, [key]: own };
}

function withRenamedMetadata<PART extends { providerMetadata?: SharedV4ProviderMetadata }>(
  part: PART,
  key: string,
): PART {
  return part.providerMetadata === undefined
    ? part
    : { ...part, providerMetadata: renameMetadata(part.providerMetadata, key) };
}

/**
 * A vLLM model on the Responses API (`POST /v1/responses`): generate and stream text, reasoning,
 * function tools, structured output and usage. Built on `@ai-sdk/openai`'s Responses model (its public
 * `createOpenAI({ baseURL, fetch }).responses(id)`), with vLLM's differences handled around it: the
 * provider's headers and connection, vLLM's sampling fields, `reasoning` for any model id, reasoning
 * text read from where vLLM puts it, `store: false` by default (vLLM stores nothing unless started with
 * `VLLM_ENABLE_RESPONSES_API_STORE=1`), release checks, and vLLM's error hints.
 */
export class VllmResponsesLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: string;
  readonly supportedUrls = RESPONSES_SUPPORTED_URLS;
  private readonly config: VllmResponsesConfig;

  constructor(modelId: string, config: VllmResponsesConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  private get key(): string {
    return this.config.provider.split('.')[0];
  }

  /** The `@ai-sdk/openai` Responses model for one call, talking to vLLM through the adapter fetch. */
  private async prepare(options: LanguageModelV4CallOptions, streaming: boolean) {
    const prepared = await prepareVllmResponsesCall(options, {
      key: this.key,
      modelId: this.modelId,
      version: this.config.version,
      streaming,
    });
    const { createOpenAI } = await loadOpenAI();
    const model = createOpenAI({
      baseURL: this.config.connection.baseURL(),
      apiKey: PLACEHOLDER_API_KEY,
      name: this.key,
      fetch: createVllmResponsesFetch(this.config.connection, prepared.extraBody),
    }).responses(this.modelId);
    return { model, prepared };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { model, prepared } = await this.prepare(options, false);
    const result = await Promise.resolve(model.doGenerate(prepared.innerCall)).catch((error: unknown) =>
      explainError(error, this.config.connection, false),
    );
    return {
      ...result,
      content: result.content.map((part: LanguageModelV4Content) => withRenamedMetadata(part, this.key)),
      providerMetadata: renameMetadata(result.providerMetadata, this.key),
      warnings: [...prepared.warnings, ...result.warnings],
      request: { ...result.request, body: withExtraBody(result.request?.body, prepared.extraBody) },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { model, prepared } = await this.prepare(options, true);
    const result = await Promise.resolve(model.doStream(prepared.innerCall)).catch((error: unknown) =>
      explainError(error, this.config.connection, true),
    );
    const key = this.key;
    return {
      ...result,
      request: { ...result.request, body: withExtraBody(result.request?.body, prepared.extraBody) },
      stream: result.stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          transform(part, controller) {
            if (part.type === 'stream-start') {
              controller.enqueue({ ...part, warnings: [...prepared.warnings, ...part.warnings] });
              return;
            }
            controller.enqueue('providerMetadata' in part ? withRenamedMetadata(part, key) : part);
          },
        }),
      ),
    };
  }
}

/** The body as sent (the OpenAI-shaped body plus the vLLM fields), for `request.body`. */
function withExtraBody(body: unknown, extraBody: Record<string, unknown>): unknown {
  if (Object.keys(extraBody).length === 0 || typeof body !== 'object' || body === null) return body;
  return { ...body, ...extraBody };
}

/**
 * vLLM's message plus the provider's hint for the well-known failures; a wrong base URL and an
 * unknown model name get the messages every model kind gives.
 */
async function explainError(
  error: unknown,
  connection: VllmResponsesConfig['connection'],
  stream: boolean,
): Promise<never> {
  let explained = error;
  if (APICallError.isInstance(error)) {
    const message = explainVllmErrorMessage(error.message);
    if (message !== error.message) explained = withErrorMessage(error, message);
  }
  throw await explainVllmCallError(explained, connection, { stream });
}
