/**
 * Server flags a model family needs to serve tools, reasoning or embeddings properly (the parser
 * names are vLLM's `--tool-call-parser` / `--reasoning-parser` values). Explicit options win.
 */
export interface VllmModelPreset {
  /** Preset name, usable as the `preset` option. */
  name: string;
  /** Family, for humans. */
  family: string;
  /** Matched against the model's repo name (after the last `/`), case-insensitively. */
  match: RegExp;
  toolCallParser?: string;
  reasoningParser?: string;
  runner?: 'generate' | 'pooling';
  trustRemoteCode?: boolean;
  /** Extra `vllm serve` flags the family needs. */
  vllmArgs?: readonly string[];
  /**
   * What the family takes as input, when certain (`['text']` for text-only families): the sidecar
   * passes it to the provider, so media a model cannot take fail before the request.
   */
  inputModalities?: readonly ('text' | 'image' | 'audio' | 'video')[];
  /** Default media items per prompt (`--limit-mm-per-prompt`): bounds the encoder's memory profile. */
  limitMmPerPrompt?: Readonly<Partial<Record<'image' | 'audio' | 'video', number>>>;
  /** Default context length (`--max-model-len`) when the model's own is too large for one GPU or fixed. */
  maxModelLen?: number;
  /** Caveats users should know. */
  notes?: string;
}

/** The presets, most specific first: the first whose `match` fits the model name applies. */
export const VLLM_MODEL_PRESETS: readonly VllmModelPreset[] = Object.freeze([
  { name: 'qwen3-embedding', family: 'Qwen3 Embedding', match: /^qwen3-embedding/i, runner: 'pooling' },
  { name: 'qwen3-reranker', family: 'Qwen3 Reranker', match: /^qwen3-reranker/i, runner: 'pooling' },
  {
    name: 'qwen3-vl',
    family: 'Qwen3-VL (vision)',
    match: /^qwen3-vl-/i,
    toolCallParser: 'hermes',
    inputModalities: ['text', 'image', 'video'],
    limitMmPerPrompt: { image: 4, video: 1 },
    maxModelLen: 32_768,
    notes: 'Thinking variants also need --reasoning-parser qwen3.',
  },
  {
    name: 'qwen3-omni',
    family: 'Qwen3-Omni (image, audio, video in)',
    match: /^qwen3-omni/i,
    inputModalities: ['text', 'image', 'audio', 'video'],
    limitMmPerPrompt: { image: 2, audio: 2, video: 1 },
    maxModelLen: 32_768,
  },
  {
    name: 'qwen2.5-vl',
    family: 'Qwen2.5-VL / Qwen2-VL (vision)',
    match: /^qwen2(?:\.5)?-vl-/i,
    inputModalities: ['text', 'image', 'video'],
    limitMmPerPrompt: { image: 4, video: 1 },
    maxModelLen: 32_768,
  },
  {
    name: 'qwen2.5-omni',
    family: 'Qwen2.5-Omni (image, audio, video in)',
    match: /^qwen2\.5-omni/i,
    inputModalities: ['text', 'image', 'audio', 'video'],
    limitMmPerPrompt: { image: 2, audio: 2, video: 1 },
    maxModelLen: 32_768,
  },
  {
    name: 'qwen2-audio',
    family: 'Qwen2-Audio',
    match: /^qwen2-audio/i,
    inputModalities: ['text', 'audio'],
    limitMmPerPrompt: { audio: 2 },
  },
  {
    name: 'whisper',
    family: 'Whisper (speech-to-text: /v1/audio/transcriptions, no chat)',
    match: /whisper/i,
    inputModalities: ['audio'],
    limitMmPerPrompt: { audio: 1 },
    maxModelLen: 448,
    notes:
      'Serves only the transcription task: use vllm.transcriptionModel(id); audio over 30 s is cut into 30 s chunks.',
  },
  {
    name: 'voxtral',
    family: 'Voxtral (audio chat and transcription)',
    match: /^voxtral/i,
    toolCallParser: 'mistral',
    inputModalities: ['text', 'audio'],
    limitMmPerPrompt: { audio: 4 },
    vllmArgs: ['--tokenizer-mode', 'mistral', '--config-format', 'mistral', '--load-format', 'mistral'],
  },
  {
    name: 'gemma-3n',
    family: 'Gemma 3n (image and audio in, transcription)',
    match: /^gemma-3n/i,
    inputModalities: ['text', 'image', 'audio'],
    limitMmPerPrompt: { image: 4, audio: 1 },
  },
  {
    name: 'qwen3-coder',
    inputModalities: ['text'],
    family: 'Qwen3 Coder',
    match: /^qwen3-coder/i,
    toolCallParser: 'qwen3_coder',
  },
  {
    name: 'qwen3-instruct-2507',
    inputModalities: ['text'],
    family: 'Qwen3 Instruct-2507 (no thinking)',
    match: /^qwen3-.*instruct-2507/i,
    toolCallParser: 'hermes',
  },
  {
    name: 'qwen3',
    family: 'Qwen3',
    match: /^qwen3(?:\.\d+)?-/i,
    toolCallParser: 'hermes',
    reasoningParser: 'qwen3',
  },
  {
    name: 'qwq',
    inputModalities: ['text'],
    family: 'QwQ',
    match: /^qwq-/i,
    toolCallParser: 'hermes',
    reasoningParser: 'deepseek_r1',
  },
  {
    name: 'qwen2.5',
    inputModalities: ['text'],
    family: 'Qwen2.5',
    match: /^qwen2\.5-(?!.*coder)/i,
    toolCallParser: 'hermes',
  },
  {
    name: 'llama4',
    family: 'Llama 4',
    match: /^llama-4-/i,
    toolCallParser: 'llama4_pythonic',
    inputModalities: ['text', 'image'],
  },
  {
    name: 'llama3',
    inputModalities: ['text'],
    family: 'Llama 3.x',
    match: /^(?:meta-)?llama-3(?:\.\d)?-/i,
    toolCallParser: 'llama3_json',
  },
  {
    name: 'deepseek-r1-distill',
    inputModalities: ['text'],
    family: 'DeepSeek-R1 distills',
    match: /^deepseek-r1-distill/i,
    reasoningParser: 'deepseek_r1',
    notes: 'The distilled models have no tool-calling template.',
  },
  {
    name: 'deepseek-r1',
    inputModalities: ['text'],
    family: 'DeepSeek-R1',
    match: /^deepseek-r1/i,
    toolCallParser: 'deepseek_v3',
    reasoningParser: 'deepseek_r1',
  },
  {
    name: 'deepseek-v3.1',
    inputModalities: ['text'],
    family: 'DeepSeek-V3.1',
    match: /^deepseek-v3\.1/i,
    toolCallParser: 'deepseek_v31',
    reasoningParser: 'deepseek_v3',
  },
  {
    name: 'deepseek-v3',
    inputModalities: ['text'],
    family: 'DeepSeek-V3',
    match: /^deepseek-v3/i,
    toolCallParser: 'deepseek_v3',
  },
  {
    name: 'gpt-oss',
    inputModalities: ['text'],
    family: 'gpt-oss',
    match: /^gpt-oss-/i,
    toolCallParser: 'openai',
    reasoningParser: 'openai_gptoss',
    notes: 'Older vLLM releases handle gpt-oss tool calls only on /v1/responses.',
  },
  {
    name: 'magistral',
    family: 'Magistral',
    match: /^magistral/i,
    toolCallParser: 'mistral',
    reasoningParser: 'mistral',
    vllmArgs: ['--tokenizer-mode', 'mistral', '--config-format', 'mistral', '--load-format', 'mistral'],
  },
  {
    name: 'mistral',
    family: 'Mistral / Mixtral / Ministral / Devstral',
    match: /^(?:mistral|mixtral|ministral|devstral)/i,
    toolCallParser: 'mistral',
    notes: 'Mistral tokenizer mode needs tool-call ids of 9 alphanumerics.',
  },
  {
    name: 'hermes',
    inputModalities: ['text'],
    family: 'Hermes',
    match: /^hermes-/i,
    toolCallParser: 'hermes',
  },
  {
    name: 'granite4',
    inputModalities: ['text'],
    family: 'Granite 4',
    match: /^granite-4/i,
    toolCallParser: 'granite4',
  },
  {
    name: 'granite',
    inputModalities: ['text'],
    family: 'Granite 3.x',
    match: /^granite-3/i,
    toolCallParser: 'granite',
    reasoningParser: 'granite',
  },
  {
    name: 'glm-4.7',
    family: 'GLM-4.7',
    match: /^glm-4\.7/i,
    toolCallParser: 'glm47',
    reasoningParser: 'glm47',
  },
  {
    name: 'glm-4.5',
    family: 'GLM-4.5 / 4.6',
    match: /^glm-4\.[56]/i,
    toolCallParser: 'glm45',
    reasoningParser: 'glm45',
  },
  {
    name: 'kimi-k2',
    inputModalities: ['text'],
    family: 'Kimi K2',
    match: /^kimi-k2/i,
    toolCallParser: 'kimi_k2',
    reasoningParser: 'kimi_k2',
    trustRemoteCode: true,
  },
  {
    name: 'minimax-m2',
    inputModalities: ['text'],
    family: 'MiniMax-M2',
    match: /^minimax-m2/i,
    toolCallParser: 'minimax_m2',
    reasoningParser: 'minimax_m2_append_think',
  },
  {
    name: 'phi-4-mini',
    inputModalities: ['text'],
    family: 'Phi-4-mini',
    match: /^phi-4-mini/i,
    toolCallParser: 'phi4_mini_json',
  },
  {
    name: 'embedding',
    family: 'Embedding models (BGE, E5, GTE, Nomic, …)',
    match: /(?:^bge-(?!reranker)|^e5-|^multilingual-e5|^gte-|embed)/i,
    runner: 'pooling',
  },
  { name: 'reranker', family: 'Rerankers', match: /rerank/i, runner: 'pooling' },
]);

/** The repo-name part of a model id or path: `Qwen/Qwen3-8B` → `Qwen3-8B`. */
function modelBaseName(model: string): string {
  return model.replace(/\/+$/, '').split('/').at(-1) ?? model;
}

/** The preset for `model`: by explicit name, or detected from the model name; `undefined` if none. */
export function findModelPreset(model: string, preset?: string | false): VllmModelPreset | undefined {
  if (preset === false) return undefined;
  if (preset !== undefined) return VLLM_MODEL_PRESETS.find((candidate) => candidate.name === preset);
  const name = modelBaseName(model);
  const found = VLLM_MODEL_PRESETS.find((candidate) => candidate.match.test(name));
  if (found?.name === 'embedding' && /nomic/i.test(name)) return { ...found, trustRemoteCode: true };
  return found;
}

/** Families named in generic tool-parser hints, in this order. */
const HINT_PRESETS = ['qwen3', 'llama3', 'llama4', 'mistral', 'gpt-oss', 'deepseek-v3.1'];

/**
 * How to name the `--tool-call-parser` in a hint: the preset's parser when `model` matches a known
 * family, else a short list of parsers per family (from the same presets the sidecar uses).
 */
export function describeToolCallParser(model?: string): string {
  const preset = model === undefined ? undefined : findModelPreset(model);
  if (preset?.toolCallParser !== undefined) {
    return `--tool-call-parser ${preset.toolCallParser} (the parser for ${preset.family})`;
  }
  const examples = HINT_PRESETS.map((name) => VLLM_MODEL_PRESETS.find((candidate) => candidate.name === name))
    .filter((candidate) => candidate?.toolCallParser !== undefined)
    .map((candidate) => `${candidate?.toolCallParser} for ${candidate?.family}`);
  return `--tool-call-parser <parser> matching the model family (${examples.join(', ')}, …)`;
}
