import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { type VllmFeatureView, withServerVersion } from '../version/vllm-feature-view';
import type { VllmEndpoint } from '../version/vllm-request-fields';
import type { VllmServerVersionResolver } from '../version/vllm-server-version-resolver';
import { CHAT_FIELD_NAMES, vllmChatOptionsSchema } from './vllm-chat-language-model-options';
import {
  COMPLETION_FIELD_NAMES,
  vllmCompletionOptionsSchema,
} from './vllm-completion-language-model-options';
import { CHAT_SPECIAL_RAW_KEYS, readVllmOptionsInput } from './vllm-provider-options';
import { type AnyVllmOptions, buildVllmRequestParts, type VllmRequestParts } from './vllm-request-body';
import { validateVllmCall } from './vllm-request-validation';

/** A language-model call's settings and `providerOptions.vllm`, as vLLM body fields. */
export interface VllmCallOptions<EXTRA = undefined> extends VllmRequestParts {
  /** The `providerOptions` key the caller used (the `providerMetadata` key of the result). */
  key: string;
  /** The validated typed options. */
  options: AnyVllmOptions;
  warnings: SharedV4Warning[];
  /** What `withView` returned (built in the same pass over the server's version). */
  extra: EXTRA;
}

/** More of the request built in the same version pass (e.g. the chat messages), after the fields. */
export type VllmCallOptionsExtra<EXTRA> = (context: {
  view: VllmFeatureView;
  /** The call's warnings so far; append to them. */
  warnings: SharedV4Warning[];
  parts: VllmRequestParts;
  key: string;
  options: AnyVllmOptions;
}) => EXTRA;

const ENDPOINTS = {
  chat: {
    schema: vllmChatOptionsSchema,
    fieldNames: CHAT_FIELD_NAMES,
    specialRawKeys: CHAT_SPECIAL_RAW_KEYS,
  },
  completion: {
    schema: vllmCompletionOptionsSchema,
    fieldNames: COMPLETION_FIELD_NAMES,
    specialRawKeys: undefined,
  },
} as const;

/**
 * From the SDK's call options to vLLM's body fields, for one endpoint: `providerOptions[name]` read
 * (typed and raw keys), the call checked against vLLM's rules, then mapped to what the server's vLLM
 * version accepts. The version is resolved (one shared `GET /version`)
 * only when the call has a part that depends on it — `withView` included, so one call gives at most
 * one "version assumed" warning. Throws `InvalidArgumentError` before any request.
 */
export async function mapVllmCallOptions<EXTRA = undefined>({
  call,
  endpoint,
  streaming,
  name,
  version,
  withView,
}: {
  call: LanguageModelV4CallOptions;
  endpoint: VllmEndpoint;
  streaming: boolean;
  /** The provider name: the `providerOptions` key (its camelCase spelling is read too). */
  name: string;
  version: VllmServerVersionResolver;
  withView?: VllmCallOptionsExtra<EXTRA>;
}): Promise<VllmCallOptions<EXTRA>> {
  const { schema, fieldNames, specialRawKeys } = ENDPOINTS[endpoint];
  const input = readVllmOptionsInput({
    providerOptions: call.providerOptions,
    name,
    schema: schema as typeof vllmChatOptionsSchema,
    fieldNames,
    specialRawKeys,
  });
  const { key, options } = input;
  validateVllmCall(call, options, { endpoint, streaming, key });
  const parts = await withServerVersion(version, call.abortSignal, endpoint, (view) => {
    const warnings: SharedV4Warning[] = [...input.warnings];
    const built = buildVllmRequestParts({ options, raw: input.raw, call, view, fieldNames, key, warnings });
    const extra = withView?.({ view, warnings, parts: built, key, options }) as EXTRA;
    return { ...built, warnings, extra };
  });
  return { key, options, ...parts };
}
