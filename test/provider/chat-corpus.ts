// Chunk sequences and response bodies in vLLM's shapes (PROTOCOL.md §6) plus odd and broken ones,
// for the parity test of our chat model with openai-compatible's (and of our fast validation with
// zod's). Strings are sent verbatim (malformed JSON).
const base = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_750_000_000,
  model: 'Qwen/Qwen3-8B',
};
const delta = (value: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => ({
  ...base,
  choices: [{ index: 0, delta: value, logprobs: null, finish_reason: null, ...extra }],
});
const finish = (reason: string, extra: Record<string, unknown> = {}) => ({
  ...base,
  choices: [
    { index: 0, delta: { content: '' }, logprobs: null, finish_reason: reason, stop_reason: null, ...extra },
  ],
});
const usage = (extra: Record<string, unknown> = {}) => ({
  ...base,
  choices: [],
  usage: { prompt_tokens: 9, total_tokens: 13, completion_tokens: 4, ...extra },
});
const role = delta({ role: 'assistant', content: '' });
const toolCall = (index: number, fields: Record<string, unknown>) =>
  delta({ tool_calls: [{ index, ...fields }] });

export const CHAT_STREAM_CORPUS: Record<string, unknown[]> = {
  text: [role, delta({ content: 'Hello' }), delta({ content: ' world' }), finish('stop'), usage()],
  'reasoning (latest: reasoning)': [
    role,
    delta({ reasoning: 'Let me think.' }),
    delta({ reasoning: ' Done.' }),
    delta({ content: 'Answer' }),
    finish('stop'),
    usage({ completion_tokens_details: { reasoning_tokens: 3 } }),
  ],
  'reasoning (0.10: reasoning_content)': [
    role,
    delta({ reasoning_content: 'Hmm' }),
    delta({ content: 'Yes' }),
    finish('length'),
    usage(),
  ],
  'usage details and prediction tokens': [
    role,
    delta({ content: 'x' }),
    finish('stop'),
    usage({
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: {
        reasoning_tokens: null,
        accepted_prediction_tokens: 2,
        rejected_prediction_tokens: 1,
      },
    }),
  ],
  'tool calls (hermes: id + name first, arguments in pieces, two tools)': [
    role,
    toolCall(0, { id: 'chatcmpl-tool-a', type: 'function', function: { name: 'weather', arguments: '' } }),
    toolCall(0, { function: { arguments: '{"city": ' } }),
    toolCall(0, { function: { arguments: '"Paris"}' } }),
    toolCall(1, { id: 'chatcmpl-tool-b', type: 'function', function: { name: 'time', arguments: '{}' } }),
    finish('tool_calls'),
    usage(),
  ],
  'tool call whose name arrives after arguments': [
    role,
    toolCall(0, { id: 'call-1', function: { arguments: '{"a":' } }),
    toolCall(0, { function: { name: 'late', arguments: '1}' } }),
    finish('tool_calls'),
  ],
  'reasoning then tool call': [
    role,
    delta({ reasoning: 'plan' }),
    toolCall(0, { id: 't1', function: { name: 'f', arguments: '{}' } }),
    finish('tool_calls'),
  ],
  'refusal (string) and refusal of another type': [
    role,
    delta({ refusal: 'I cannot.' }),
    delta({ refusal: 42 }),
    delta({ refusal: null, content: 'ok' }),
    finish('stop'),
  ],
  'content as an array with thinking parts': [
    role,
    delta({
      content: [
        { type: 'thinking', thinking: [{ type: 'text', text: 'deep' }] },
        { type: 'text', text: 'shallow' },
      ],
    }),
    finish('stop'),
  ],
  'extra vLLM fields (logprobs, token ids, prompt token ids, stop_reason)': [
    { ...role, prompt_token_ids: [1, 2, 3], prompt_text: null },
    delta(
      { content: 'a' },
      {
        logprobs: { content: [{ token: 'a', logprob: -0.1, bytes: [97], top_logprobs: [] }] },
        token_ids: [64],
      },
    ),
    finish('stop', { stop_reason: 151645 }),
    { ...usage(), system_fingerprint: 'vllm-0.11.0' },
  ],
  'finish reason abort; delta null; empty choices without usage': [
    role,
    delta(null),
    { ...base, choices: [] },
    finish('abort'),
  ],
  'role "" and no id/model/created': [
    { choices: [{ index: 0, delta: { role: '', content: 'hi' }, finish_reason: null }] },
    { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ],
  'mid-stream error event (nested envelope)': [
    role,
    delta({ content: 'a' }),
    { error: { message: 'Engine died', type: 'InternalServerError', param: null, code: 500 } },
  ],
  'mid-stream error event (flat envelope, ≤ 0.10.0)': [
    role,
    { object: 'error', message: 'old engine died', type: 'InternalServerError', param: null, code: 500 },
  ],
  'error string body': [{ error: 'Unauthorized' }],
  'chunk with both choices and error': [
    { ...delta({ content: 'x' }), error: { message: 'both' } },
    finish('stop'),
  ],
  'malformed JSON chunk then recovery': [
    role,
    '{"id":"chatcmpl-1","choices":[{"delta":',
    delta({ content: 'after' }),
    finish('stop'),
  ],
  'wrong types: content 5, role user, choices object, created string, usage string, tool_calls object': [
    delta({ content: 5 }),
    delta({ role: 'user', content: 'x' }),
    { ...base, choices: { 0: {} } },
    { ...delta({ content: 'y' }), created: 'yesterday' },
    { ...delta({ content: 'z' }), usage: 'lots' },
    delta({ tool_calls: { index: 0 } }),
    { ...finish('stop'), usage: { prompt_tokens: '9' } },
    finish('stop'),
  ],
  'no finish reason (stream ends early)': [role, delta({ content: 'cut' })],
  'non-object chunks': ['null', '42', '"text"', '[]', finish('stop')],
};

/**
 * Two choices interleaved (n = 2). Not in the parity corpus: openai-compatible reads `choices[0]` of
 * every chunk, whatever its index, so it mixes the choices; ours streams choice 0 only.
 */
export const INTERLEAVED_CHOICES_STREAM: unknown[] = [
  {
    ...base,
    choices: [
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 1, delta: { role: 'assistant', content: '' }, finish_reason: null },
    ],
  },
  { ...base, choices: [{ index: 1, delta: { content: 'B' }, finish_reason: null }] },
  { ...base, choices: [{ index: 0, delta: { content: 'A' }, finish_reason: null }] },
  { ...base, choices: [{ index: 1, delta: { content: '' }, finish_reason: 'length' }] },
  { ...base, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }] },
  usage(),
];

const message = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion',
  created: 1_750_000_000,
  model: 'Qwen/Qwen3-8B',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning: null,
        tool_calls: [],
        ...fields,
      },
      logprobs: null,
      finish_reason: 'stop',
      stop_reason: null,
      ...extra,
    },
  ],
  usage: { prompt_tokens: 9, total_tokens: 13, completion_tokens: 4, prompt_tokens_details: null },
  prompt_logprobs: null,
  kv_transfer_params: null,
});

export const CHAT_RESPONSE_CORPUS: Record<string, unknown> = {
  text: message({ content: 'Hello' }),
  'reasoning (latest: reasoning)': message({ content: 'Answer', reasoning: 'Let me think.' }),
  'reasoning (0.10: reasoning_content)': message({ content: 'Yes', reasoning_content: 'Hmm' }),
  'reasoning in both fields (0.12 – 0.15)': message({
    content: 'Yes',
    reasoning: 'Hmm',
    reasoning_content: 'Hmm',
  }),
  'tool calls': message(
    {
      content: null,
      tool_calls: [
        {
          id: 'chatcmpl-tool-a',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
        },
        { id: 'chatcmpl-tool-b', type: 'function', function: { name: 'time', arguments: '{}' } },
      ],
    },
    { finish_reason: 'tool_calls' },
  ),
  'refusal (string)': message({ content: null, refusal: 'I cannot.' }),
  'refusal (not a string)': message({ content: 'ok', refusal: false }),
  'content as an array with thinking parts': message({
    content: [
      { type: 'thinking', thinking: [{ type: 'text', text: 'deep' }] },
      { type: 'text', text: 'shallow' },
    ],
  }),
  'finish reason abort, length': message({ content: 'cut' }, { finish_reason: 'abort' }),
  'usage details': {
    ...(message({ content: 'x' }) as object),
    usage: {
      prompt_tokens: 9,
      total_tokens: 13,
      completion_tokens: 4,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 2, accepted_prediction_tokens: 1 },
    },
  },
  'no usage, no id': { choices: [{ index: 0, message: { content: 'bare' }, finish_reason: 'stop' }] },
  'wrong types: content 5': message({ content: 5 }),
  'wrong types: tool call without arguments': message({ tool_calls: [{ id: 'x', function: { name: 'f' } }] }),
  'no choices': { ...(message({}) as object), choices: [] },
};
