import type { VllmInputModality } from '../provider/version/vllm-server-capabilities';
import type { ResolvedVllmServerOptions } from './resolve-vllm-server-options';
import type { VllmStartupFacts } from './startup-phases';
import type { VllmModelCard } from './wait-for-ready';

/**
 * What the started server can do, from the flags it was started with and what it reported. The
 * provider's behaviour depends on these flags; the sidecar is the one component that knows them.
 */
export interface VllmServerCapabilities {
  /** Names the API serves the base model under (`--served-model-name`). */
  servedModelNames: string[];
  /** Context length in tokens, as `/v1/models` reports it (`max_model_len`). */
  maxModelLen: number | undefined;
  /** `--tool-call-parser`, if any. */
  toolCallParser: string | undefined;
  /** `--enable-auto-tool-choice`: `tool_choice: "auto"` works. */
  autoToolChoice: boolean;
  /** `--reasoning-parser`, if any: thinking arrives as `reasoning`. */
  reasoningParser: string | undefined;
  /** `--enable-lora`. */
  lora: boolean;
  /** `VLLM_ALLOW_RUNTIME_LORA_UPDATING`: adapters can be loaded at runtime. */
  runtimeLoraUpdating: boolean;
  /** Adapters served now (ids in `/v1/models` whose parent is the base model). */
  loraAdapters: string[];
  /** `--runner` (`pooling` serves embeddings/rerank, `generate` chat/completions; `auto` lets vLLM pick). */
  runner: 'auto' | 'generate' | 'pooling';
  /** The vLLM version (`/version`, else the startup log), if known. */
  vllmVersion: string | undefined;
  /** Tasks the server supports (`Supported tasks:` in the log, e.g. `['generate']`). */
  supportedTasks: string[] | undefined;
  /**
   * What the model takes as input (from its preset): `['text']` for text-only families, plus `image`,
   * `audio`, `video`; `['audio']` for Whisper (speech-to-text only). `undefined` when unknown.
   */
  inputModalities: VllmInputModality[] | undefined;
  /** Media items per prompt the server takes (`--limit-mm-per-prompt`), when set. */
  mediaPerPrompt: Partial<Record<'image' | 'audio' | 'video', number>> | undefined;
}

/** Builds the capabilities of a ready server. Pure. */
export function buildCapabilities(
  options: ResolvedVllmServerOptions,
  models: readonly VllmModelCard[],
  facts: VllmStartupFacts,
  vllmVersion: string | undefined,
): VllmServerCapabilities {
  const base = models.find((model) => model.id === options.servedModelNames[0]);
  return {
    servedModelNames: [...options.servedModelNames],
    maxModelLen: base?.max_model_len ?? facts.maxModelLen,
    toolCallParser: options.toolCallParser,
    autoToolChoice: options.toolCallParser !== undefined,
    reasoningParser: options.reasoningParser,
    lora: options.enableLora,
    runtimeLoraUpdating: options.allowRuntimeLoraUpdating,
    loraAdapters: models
      .filter((model) => model.parent != null && !options.servedModelNames.includes(model.id))
      .map((model) => model.id),
    runner: options.runner ?? 'auto',
    vllmVersion: vllmVersion ?? facts.vllmVersion,
    supportedTasks: facts.supportedTasks,
    inputModalities: options.preset?.inputModalities ? [...options.preset.inputModalities] : undefined,
    mediaPerPrompt: options.limitMmPerPrompt ? { ...options.limitMmPerPrompt } : undefined,
  };
}
