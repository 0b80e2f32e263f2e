import type { VllmMediaInputModality } from '../provider/version/vllm-server-capabilities';
import type { PrefixCachingHashAlgo } from './engine/prefix-cache/block-hash';
import {
  type ResolvedPrefixCacheOptions,
  resolvePrefixCacheOptions,
} from './engine/prefix-cache/prefix-cache-options';
import type { ReplyFunction } from './generation/reply';
import { getVersionProfile, type VersionProfile, type VllmEmulatorVersion } from './version-profiles';

/** A LoRA adapter served by the emulator (like one `--lora-modules` item). */
export interface VllmEmulatorLoraModule {
  /** Adapter name, used as the request `model`. */
  name: string;
  /** Adapter path or repo id (reported as `root` in `/v1/models`). */
  path: string;
  /** Base model the adapter belongs to (`parent` in `/v1/models`). @default the first served model name */
  baseModelName?: string;
}

/** Options of {@link startVllmEmulator}. Each maps to the `vllm serve` flag named in its doc. */
export interface VllmEmulatorOptions {
  /** Model id (`vllm serve <model>`). @default 'Qwen/Qwen3-0.6B' */
  model?: string;
  /** Name(s) the API serves the model under (`--served-model-name`); the first is echoed. @default model */
  servedModelName?: string | string[];
  /** Require `Authorization: Bearer <key>` on `/v1` paths (`--api-key`). @default none (no auth) */
  apiKey?: string | string[];
  /** vLLM protocol profile: request fields, error envelope, reasoning field, metric names. @default 'latest' */
  version?: VllmEmulatorVersion;
  /** Context length in tokens (`--max-model-len`). @default 40960 */
  maxModelLen?: number;
  /** Allow `tool_choice: "auto"` (`--enable-auto-tool-choice`; needs `toolCallParser`). @default false */
  enableAutoToolChoice?: boolean;
  /** Tool-call parser name (`--tool-call-parser`, e.g. 'hermes'). @default none */
  toolCallParser?: string;
  /** Reasoning parser (`--reasoning-parser`, e.g. 'qwen3'): emits reasoning before content. @default none */
  reasoningParser?: string;
  /** `generate` serves chat/completions; `pooling` serves embeddings/score/rerank (`--runner`). @default from the model name */
  runner?: 'generate' | 'pooling';
  /** Enable LoRA adapters (`--enable-lora`). @default true when `loraModules` is given */
  enableLora?: boolean;
  /** Static LoRA adapters (`--lora-modules`). @default [] */
  loraModules?: VllmEmulatorLoraModule[];
  /** Register `/v1/load_lora_adapter` + `/v1/unload_lora_adapter` (env `VLLM_ALLOW_RUNTIME_LORA_UPDATING`). @default false */
  allowRuntimeLoraUpdating?: boolean;
  /**
   * Fixed delay before the first token of each request, in ms (scheduling and the first decode
   * step), added after its prefill (see `prefillTokensPerSecond`). @default 0
   */
  timeToFirstTokenMs?: number;
  /**
   * Prefill speed of the emulated GPU, in prompt tokens per second. A request's prompt tokens that
   * the prefix cache does not hold take this long to prefill, one request after another (prefill is
   * compute-bound), before its first token: a cache hit shortens the time to first token. CLI: env
   * `VLLM_EMULATOR_PREFILL_TOKENS_PER_SECOND`. `Infinity` = instant.
   * @default Infinity
   */
  prefillTokensPerSecond?: number;
  /**
   * Automatic prefix caching (`--enable-prefix-caching` / `--no-enable-prefix-caching`): a request
   * whose prompt starts with full blocks computed earlier (same tokens, LoRA adapter and
   * `cache_salt`) skips their prefill. Lookups are counted in `/metrics`
   * (`vllm:prefix_cache_queries` / `_hits`, under the emulated version's names) and reported in
   * `usage.prompt_tokens_details.cached_tokens` with `enablePromptTokensDetails`.
   * @default true (vLLM V1's default for generative models)
   */
  enablePrefixCaching?: boolean;
  /**
   * Tokens per KV-cache block (`--block-size`); only full blocks are cached and matched. 0.10–0.13
   * accept 1, 8, 16, 32, 64, 128 (and 256 from 0.11); later versions any integer > 0.
   * @default 16
   */
  blockSize?: number;
  /**
   * KV-cache blocks of the emulated GPU (`--num-gpu-blocks-override`; block 0 is reserved). Running
   * requests hold their blocks; cached blocks no request holds are evicted, least recently used
   * first, when new blocks are needed; a request waits while the free blocks cannot hold its whole
   * sequence. `latest` refuses to start when they cannot hold `maxModelLen` tokens, as vLLM does.
   * @default 35122 (561,952 tokens at block size 16)
   */
  numGpuBlocks?: number;
  /**
   * Block hash (`--prefix-caching-hash-algo`): `sha256` (pickle) or `sha256_cbor`, byte-exact with
   * vLLM; `xxhash` / `xxhash_cbor` (0.13+) and 0.10's `builtin` / `sha256_cbor_64bit` are accepted
   * for their versions (computed with SHA-256: hashes never leave the emulator).
   * @default the version's default: 'sha256' ('builtin' for 0.10)
   */
  prefixCachingHashAlgo?: PrefixCachingHashAlgo;
  /**
   * Report `usage.prompt_tokens_details` with `cached_tokens` (`--enable-prompt-tokens-details`).
   * Before vLLM 0.24 (#44383) it appears only when tokens were cached; `latest` always reports it,
   * with `created_cache_tokens` on chat completions.
   * @default false
   */
  enablePromptTokensDetails?: boolean;
  /** Decode speed of each sequence in tokens per second; `0` or `Infinity` = no delay. @default Infinity */
  tokensPerSecond?: number;
  /** Maximum sequences running at once (`--max-num-seqs`); more requests wait in the queue. @default 256 */
  maxNumSeqs?: number;
  /** Base seed for deterministic output when the request has no `seed` (`--seed`). @default 0 */
  seed?: number;
  /** Host to bind (`--host`). @default '127.0.0.1' */
  host?: string;
  /** Port to bind (`--port`); 0 picks a free one. @default 0 */
  port?: number;
  /** Largest `logprobs` / `top_logprobs` accepted (`--max-logprobs`). @default 20 */
  maxLogprobs?: number;
  /** Always include usage in streams (`--enable-force-include-usage`). @default false */
  enableForceIncludeUsage?: boolean;
  /** Report `/load` in-flight counts (`--enable-server-load-tracking`). @default false */
  enableServerLoadTracking?: boolean;
  /** Accept any request `model` (env `VLLM_SKIP_MODEL_NAME_VALIDATION`). @default false */
  skipModelNameValidation?: boolean;
  /** Embedding size of the pooling model, in floats. @default 1024 */
  embeddingDimensions?: number;
  /**
   * Media items per prompt and modality (`--limit-mm-per-prompt`, e.g. `{ image: 2, video: 0 }`),
   * capped by what the model takes. Over it, chat requests get vLLM's 400 "At most N image(s) may be
   * provided in one prompt". @default 999 per modality (vLLM's default)
   */
  limitMmPerPrompt?: Partial<Record<VllmMediaInputModality, number>>;
  /**
   * Hosts media URLs may come from (`--allowed-media-domains host1 host2`, vLLM ≥ 0.11). A chat or
   * Responses request whose http(s) `image_url` / `video_url` / `audio_url` is on another host (exact
   * hostname match) gets vLLM's 400 "The URL must be from one of the allowed domains: [...]. Input URL
   * domain: …"; `data:` URLs are never checked. Refused for `version: '0.10'` (no such flag).
   * @default none: every host is allowed (vLLM's default)
   */
  allowedMediaDomains?: readonly string[];
  /**
   * How many received requests `emulator.requests` keeps (the newest); older ones are dropped so a
   * long-running emulator (benchmarks, the CLI, a dev server) does not grow without bound.
   * @default 10000
   */
  maxRecordedRequests?: number;
  /**
   * Script the text the model "generates" (before `max_tokens`/`stop` apply). Return `undefined`
   * to fall back to the built-in deterministic text. @default built-in pseudo-English text
   */
  reply?: ReplyFunction;
  /** Called once when the engine dies (fault `engine-death`); the CLI exits like vLLM does. */
  onEngineDeath?: () => void;
}

export interface ResolvedEmulatorOptions {
  readonly model: string;
  readonly servedModelNames: readonly string[];
  readonly apiKeys: readonly string[];
  readonly version: VllmEmulatorVersion;
  readonly maxModelLen: number;
  readonly enableAutoToolChoice: boolean;
  readonly toolCallParser: string | undefined;
  readonly reasoningParser: string | undefined;
  readonly runner: 'generate' | 'pooling';
  readonly enableLora: boolean;
  readonly loraModules: readonly Required<VllmEmulatorLoraModule>[];
  readonly allowRuntimeLoraUpdating: boolean;
  readonly timeToFirstTokenMs: number;
  readonly prefillTokensPerSecond: number;
  readonly tokensPerSecond: number;
  readonly prefixCache: ResolvedPrefixCacheOptions;
  readonly maxNumSeqs: number;
  readonly seed: number;
  readonly host: string;
  readonly port: number;
  readonly maxLogprobs: number;
  readonly enableForceIncludeUsage: boolean;
  readonly enableServerLoadTracking: boolean;
  readonly skipModelNameValidation: boolean;
  readonly embeddingDimensions: number;
  readonly limitMmPerPrompt: Readonly<Partial<Record<VllmMediaInputModality, number>>>;
  readonly allowedMediaDomains: readonly string[];
  readonly maxRecordedRequests: number;
  readonly reply: ReplyFunction | undefined;
  readonly onEngineDeath: (() => void) | undefined;
}

const POOLING_NAME = /embed|bge|e5-|gte|rerank|minilm|nomic|jina|colbert|reward|classif/i;

function checkNumber(name: string, value: number, min: number, integer = true): number {
  if (!Number.isFinite(value) && value !== Number.POSITIVE_INFINITY) {
    throw new TypeError(`startVllmEmulator: option '${name}' must be a number, got ${String(value)}.`);
  }
  if (value < min || (integer && Number.isFinite(value) && !Number.isInteger(value))) {
    throw new RangeError(
      `startVllmEmulator: option '${name}' must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${value}.`,
    );
  }
  return value;
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== '');
}

function checkMediaLimits(
  limits: VllmEmulatorOptions['limitMmPerPrompt'],
): ResolvedEmulatorOptions['limitMmPerPrompt'] {
  const resolved: Partial<Record<VllmMediaInputModality, number>> = {};
  for (const [modality, count] of Object.entries(limits ?? {})) {
    if (modality !== 'image' && modality !== 'audio' && modality !== 'video') {
      throw new TypeError(
        `startVllmEmulator: option 'limitMmPerPrompt' has an unknown modality '${modality}' (use image, audio, video).`,
      );
    }
    if (count !== undefined) resolved[modality] = checkNumber(`limitMmPerPrompt.${modality}`, count, 0);
  }
  return Object.freeze(resolved);
}

function checkMediaDomains(
  domains: VllmEmulatorOptions['allowedMediaDomains'],
  profile: VersionProfile,
): readonly string[] {
  if (domains === undefined) return Object.freeze([]);
  if (!Array.isArray(domains) || domains.some((domain) => typeof domain !== 'string' || domain === '')) {
    throw new TypeError(
      "startVllmEmulator: option 'allowedMediaDomains' (--allowed-media-domains) must be an array of host names, e.g. ['upload.wikimedia.org'].",
    );
  }
  if (domains.length > 0 && !profile.contentParts.allowedMediaDomains) {
    throw new TypeError(
      `startVllmEmulator: option 'allowedMediaDomains' (--allowed-media-domains) needs vLLM >= 0.11 (#25783); vLLM ${profile.version} has no such flag. Use version '0.11' or later, or drop the option.`,
    );
  }
  return Object.freeze([...domains]);
}

/** Applies defaults and checks every option, naming the option in each error. */
export function resolveEmulatorOptions(options: VllmEmulatorOptions = {}): ResolvedEmulatorOptions {
  const model = options.model ?? 'Qwen/Qwen3-0.6B';
  if (typeof model !== 'string' || model.trim() === '') {
    throw new TypeError("startVllmEmulator: option 'model' must be a non-empty string.");
  }
  const servedModelNames = toList(options.servedModelName);
  if (options.enableAutoToolChoice === true && !options.toolCallParser) {
    throw new TypeError(
      "startVllmEmulator: 'enableAutoToolChoice' requires 'toolCallParser' (vLLM: --enable-auto-tool-choice requires --tool-call-parser).",
    );
  }
  const primary = servedModelNames[0] ?? model;
  const loraModules = (options.loraModules ?? []).map((lora) => {
    if (!lora || typeof lora.name !== 'string' || lora.name === '' || typeof lora.path !== 'string') {
      throw new TypeError(
        "startVllmEmulator: each 'loraModules' item needs a non-empty 'name' and a 'path'.",
      );
    }
    return { name: lora.name, path: lora.path, baseModelName: lora.baseModelName ?? primary };
  });
  const version = options.version ?? 'latest';
  const maxModelLen = checkNumber('maxModelLen', options.maxModelLen ?? 40_960, 1);
  return {
    model,
    servedModelNames: servedModelNames.length > 0 ? servedModelNames : [model],
    apiKeys: toList(options.apiKey),
    version,
    maxModelLen,
    enableAutoToolChoice: options.enableAutoToolChoice ?? false,
    toolCallParser: options.toolCallParser || undefined,
    reasoningParser: options.reasoningParser || undefined,
    runner: options.runner ?? (POOLING_NAME.test(model) ? 'pooling' : 'generate'),
    enableLora: options.enableLora ?? loraModules.length > 0,
    loraModules,
    allowRuntimeLoraUpdating: options.allowRuntimeLoraUpdating ?? false,
    timeToFirstTokenMs: checkNumber('timeToFirstTokenMs', options.timeToFirstTokenMs ?? 0, 0, false),
    prefillTokensPerSecond: checkNumber(
      'prefillTokensPerSecond',
      options.prefillTokensPerSecond ?? Number.POSITIVE_INFINITY,
      0,
      false,
    ),
    prefixCache: resolvePrefixCacheOptions(options, getVersionProfile(version), maxModelLen),
    tokensPerSecond: checkNumber(
      'tokensPerSecond',
      options.tokensPerSecond ?? Number.POSITIVE_INFINITY,
      0,
      false,
    ),
    maxNumSeqs: checkNumber('maxNumSeqs', options.maxNumSeqs ?? 256, 1),
    seed: checkNumber('seed', options.seed ?? 0, Number.MIN_SAFE_INTEGER),
    host: options.host ?? '127.0.0.1',
    port: checkNumber('port', options.port ?? 0, 0),
    maxLogprobs: checkNumber('maxLogprobs', options.maxLogprobs ?? 20, -1),
    enableForceIncludeUsage: options.enableForceIncludeUsage ?? false,
    enableServerLoadTracking: options.enableServerLoadTracking ?? false,
    skipModelNameValidation: options.skipModelNameValidation ?? false,
    embeddingDimensions: checkNumber('embeddingDimensions', options.embeddingDimensions ?? 1024, 1),
    limitMmPerPrompt: checkMediaLimits(options.limitMmPerPrompt),
    allowedMediaDomains: checkMediaDomains(options.allowedMediaDomains, getVersionProfile(version)),
    maxRecordedRequests: checkNumber('maxRecordedRequests', options.maxRecordedRequests ?? 10_000, 0),
    reply: options.reply,
    onEngineDeath: options.onEngineDeath,
  };
}
