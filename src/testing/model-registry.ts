import { modelNotFound } from './http/vllm-error';
import type { VersionProfile } from './version-profiles';

/** A LoRA adapter known to the server. */
export interface LoraAdapter {
  name: string;
  path: string;
  baseModelName: string;
  /** `lora_int_id` (1-based, in load order). */
  id: number;
}

/** The model a request resolved to: which served name / adapter answers it. */
export interface ResolvedModel {
  /** Name echoed in the response `model`. */
  name: string;
  lora: LoraAdapter | undefined;
}

/** Served model names plus LoRA adapters (static and runtime-loaded). */
export class ModelRegistry {
  readonly adapters = new Map<string, LoraAdapter>();
  private nextLoraId = 1;

  constructor(
    readonly modelPath: string,
    readonly servedNames: readonly string[],
    private readonly skipValidation: boolean,
    private readonly profile: VersionProfile,
  ) {}

  get primaryName(): string {
    return this.servedNames[0];
  }

  addAdapter(name: string, path: string, baseModelName: string): LoraAdapter {
    const adapter = { name, path, baseModelName, id: this.nextLoraId++ };
    this.adapters.set(name, adapter);
    return adapter;
  }

  /** Resolves a request `model` (omitted → first served name); unknown → 404 like vLLM. */
  resolve(model: unknown): ResolvedModel {
    if (model === undefined || model === null || model === '')
      return { name: this.primaryName, lora: undefined };
    const name = String(model);
    const lora = this.adapters.get(name);
    if (lora) return { name, lora };
    if (this.servedNames.includes(name) || this.skipValidation) return { name, lora: undefined };
    throw modelNotFound(this.profile, name);
  }
}
