// Response bodies in vLLM's exact shapes (/work/shared/vllm/PROTOCOL.md §6–7), written from the
// protocol notes because no real server can be recorded here.

import { jsonResponse } from './mock-fetch';

export const CHAT_COMPLETION = {
  id: 'chatcmpl-8f2c1a',
  object: 'chat.completion',
  created: 1763000000,
  model: 'Qwen/Qwen3-8B',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Hello from vLLM.',
        refusal: null,
        annotations: null,
        audio: null,
        function_call: null,
        reasoning: 'The user greets me.',
      },
      logprobs: null,
      finish_reason: 'stop',
      stop_reason: null,
      token_ids: null,
    },
  ],
  service_tier: null,
  system_fingerprint: null,
  usage: { prompt_tokens: 12, total_tokens: 17, completion_tokens: 5, prompt_tokens_details: null },
  prompt_logprobs: null,
  prompt_token_ids: null,
  kv_transfer_params: null,
};

/** The same completion as vLLM ≤ 0.11 reports reasoning: `reasoning_content` only. */
export const CHAT_COMPLETION_REASONING_CONTENT = {
  ...CHAT_COMPLETION,
  choices: [
    {
      ...CHAT_COMPLETION.choices[0],
      message: { role: 'assistant', content: 'Hello from vLLM.', reasoning_content: 'Old field name.' },
    },
  ],
};

const chunkBase = {
  id: 'chatcmpl-8f2c1a',
  object: 'chat.completion.chunk',
  created: 1763000000,
  model: 'Qwen/Qwen3-8B',
};

/** A streamed chat completion with `include_usage`. */
export const CHAT_CHUNKS = [
  {
    ...chunkBase,
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
  },
  {
    ...chunkBase,
    choices: [{ index: 0, delta: { reasoning: 'Thinking.' }, logprobs: null, finish_reason: null }],
  },
  { ...chunkBase, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }] },
  {
    ...chunkBase,
    choices: [{ index: 0, delta: { content: ' world' }, logprobs: null, finish_reason: null }],
  },
  {
    ...chunkBase,
    choices: [{ index: 0, delta: { content: '' }, logprobs: null, finish_reason: 'stop', stop_reason: null }],
  },
  { ...chunkBase, choices: [], usage: { prompt_tokens: 9, total_tokens: 13, completion_tokens: 4 } },
];

export const COMPLETION = {
  id: 'cmpl-51a3',
  object: 'text_completion',
  created: 1763000000,
  model: 'Qwen/Qwen3-8B',
  choices: [
    {
      index: 0,
      text: ' Paris.',
      logprobs: {
        text_offset: [0, 6],
        token_logprobs: [-0.1, -0.2],
        tokens: [' Paris', '.'],
        top_logprobs: [{ ' Paris': -0.1 }, { '.': -0.2 }],
      },
      finish_reason: 'stop',
      stop_reason: null,
      prompt_logprobs: null,
    },
  ],
  service_tier: null,
  system_fingerprint: null,
  usage: { prompt_tokens: 6, total_tokens: 8, completion_tokens: 2, prompt_tokens_details: null },
  kv_transfer_params: null,
};

export const EMBEDDINGS = {
  id: 'embd-7d1e',
  object: 'list',
  created: 1763000000,
  model: 'BAAI/bge-m3',
  data: [
    { index: 1, object: 'embedding', embedding: [0.5, -0.25, 0.125] },
    { index: 0, object: 'embedding', embedding: [0.1, 0.2, 0.3] },
  ],
  usage: { prompt_tokens: 7, total_tokens: 7, completion_tokens: 0, prompt_tokens_details: null },
};

/** vLLM ≥ 0.10.1 error body. */
export const NESTED_ERROR = {
  error: {
    message:
      "This model's maximum context length is 4096 tokens. However, you requested 5000 output tokens and your prompt contains 12 input tokens, for a total of 5012 tokens. Please reduce the length of the input prompt or the number of requested output tokens.",
    type: 'BadRequestError',
    param: 'input_tokens',
    code: 400,
  },
};

/** vLLM ≤ 0.10.0 error body. */
export const FLAT_ERROR = {
  object: 'error',
  message: 'The model `nope` does not exist.',
  type: 'NotFoundError',
  param: 'model',
  code: 404,
};

/** vLLM's own 404 (nested envelope). */
export function vllmNotFound(message: string, param = 'model'): Response {
  return jsonResponse({ error: { message, type: 'NotFoundError', param, code: 404 } }, 404);
}
