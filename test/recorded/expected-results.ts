import type { Observed } from './drive-fixture';

// What a user of the public API must see for each recorded body, written from the body itself
// (not from what the provider happened to return). Long texts are quoted by their path in the body.

/** Seconds since the epoch → ISO string, as `response.timestamp` reports vLLM's `created`. */
const at = (created: number) => new Date(created * 1000).toISOString();

type TextResult = Extract<Observed, { kind: 'text' }>;

const CUT_STREAM = 'Response stream ended without a finish reason.';

const text = (
  value: string,
  extra: Partial<TextResult> & Pick<TextResult, 'finishReason' | 'usage' | 'response'>,
): TextResult => ({
  kind: 'text',
  text: value,
  reasoning: undefined,
  toolCalls: [],
  rawFinishReason: extra.finishReason,
  ...extra,
});

/** A turn that ended in tool calls: finish reason `tool-calls` (vLLM's `tool_calls`). */
const toolCalled = (
  value: string,
  extra: Partial<TextResult> & Pick<TextResult, 'toolCalls' | 'usage' | 'response'>,
): TextResult => text(value, { finishReason: 'tool-calls', rawFinishReason: 'tool_calls', ...extra });

/**
 * A stream cut before its finish chunk: the text and reasoning it delivered, then AI SDK's error part
 * (openai-compatible: "ended without a finish reason"), finish reason `error`, no usage.
 */
const cutStream = (value: string, extra: Partial<TextResult> & Pick<TextResult, 'response'>): TextResult =>
  text(value, {
    finishReason: 'error',
    rawFinishReason: undefined,
    streamError: CUT_STREAM,
    usage: { inputTokens: undefined, outputTokens: undefined },
    ...extra,
  });

/** An error expectation: status, retryability and the pieces the message must contain. */
export interface ExpectedError {
  kind: 'error';
  statusCode: number;
  isRetryable: boolean;
  messageIncludes: string[];
}

/** Fixtures no public API can drive (the reason is reported). */
export interface ExpectedUnsupported {
  kind: 'unsupported';
  reason: string;
}

export type Expected =
  | Exclude<Observed, { kind: 'error' | 'unsupported' }>
  | ExpectedError
  | ExpectedUnsupported;

/** A fixture's parsed body (JSON), for quoting long values by their path. */
// biome-ignore lint/suspicious/noExplicitAny: recorded bodies are untyped JSON, quoted by path
type Body = any;

const error = (statusCode: number, ...messageIncludes: string[]): ExpectedError => ({
  kind: 'error',
  statusCode,
  isRetryable: statusCode >= 500 || statusCode === 408 || statusCode === 409 || statusCode === 429,
  messageIncludes,
});

/** `body` = the fixture's parsed response body, for quoting long values by path. */
export const EXPECTED: Record<string, (body: () => Body) => Expected> = {
  // chat (non-streamed)
  '0.4-chat-llama3-8b': () =>
    text(
      "Hello! It's great to meet you! I'm here to help with any questions or tasks you may have. What's on your mind today?",
      {
        finishReason: 'stop',
        usage: { inputTokens: 25, outputTokens: 31 },
        response: {
          id: 'cmpl-61c020e54b964d5a98fa7527bfcdd378',
          modelId: 'meta-llama/Meta-Llama-3-8B-Instruct',
          timestamp: at(1715633336),
        },
      },
    ),
  '0.7-chat-qwen2.5-vl-image': () =>
    text('The text in the illustration reads "TONGYI Qwen."', {
      finishReason: 'stop',
      usage: { inputTokens: 74, outputTokens: 15 },
      response: {
        id: 'chatcmpl-f04fb20e79bb40b39b8ed7fdf5bd613a',
        modelId: 'Qwen/Qwen2.5-VL-7B-Instruct',
        timestamp: at(1741749149),
      },
    }),
  '0.11.0-chat-qwen2-audio': (body) =>
    text(body().choices[0].message.content, {
      finishReason: 'stop',
      usage: { inputTokens: 689, outputTokens: 54 },
      response: {
        id: 'chatcmpl-31f5f698f6734a4297f6492a830edb3f',
        modelId: '/root/.cache/modelscope/models/Qwen/Qwen2-Audio-7B-Instruct',
        timestamp: at(1761097383),
      },
    }),
  '0.11.0-chat-qwen2.5-omni': () =>
    text('The text in the illustration is "TONGYI Qwen".', {
      finishReason: 'stop',
      usage: { inputTokens: 73, outputTokens: 15 },
      response: {
        id: 'chatcmpl-a70a719c12f7445c8204390a8d0d8c97',
        modelId: 'Qwen-Omni',
        timestamp: at(1764056861),
      },
    }),
  '0.11.0-chat-qwen3-vl-8b': () =>
    text('The text in the illustration is: **TONGYI Qwen**', {
      finishReason: 'stop',
      usage: { inputTokens: 107, outputTokens: 16 },
      response: {
        id: 'chatcmpl-d3270d4a16cb4b98936f71ee3016451f',
        modelId: 'Qwen/Qwen3-VL-8B-Instruct',
        timestamp: at(1764924127),
      },
    }),
  '0.12-chat-qwen2.5-vl-32b-both-reasoning-fields': () =>
    text('The text in the illustration is:\n\n**TONGYI Qwen**', {
      finishReason: 'stop',
      usage: { inputTokens: 73, outputTokens: 16 },
      response: {
        id: 'chatcmpl-c07088bf992a4b77a89d79480122a483',
        modelId: 'Qwen/Qwen2.5-VL-32B-Instruct',
        timestamp: at(1764905884),
      },
    }),
  '0.13-chat-qwen3-vl-image': () =>
    text('The text in the illustration is "TONGYI Qwen".', {
      finishReason: 'stop',
      usage: { inputTokens: 107, outputTokens: 15 },
      response: {
        id: 'chatcmpl-974cb7a7a746a13e',
        modelId: '/root/.cache/modelscope/hub/models/Qwen/Qwen3-VL-30B-A3B-Instruct',
        timestamp: at(1766569357),
      },
    }),
  // No reasoning parser on the server: the <think> text is content, and stays content.
  '0.18-chat-hunyuan-length': (body) =>
    text(body().choices[0].message.content, {
      finishReason: 'length',
      usage: { inputTokens: 12, outputTokens: 100 },
      response: { id: 'chatcmpl-9a60df2b23bb539f', modelId: 'Hunyuan', timestamp: at(1774751760) },
    }),

  // llama3_json, non-streamed (vLLM 0.8.5 inside Ray Serve): content null, one call, stop_reason = <|eom_id|>.
  '0.8.5-chat-llama3-json-tool-ray-serve': () =>
    toolCalled('', {
      toolCalls: [{ toolName: 'get_weather', input: { city: 'New York' } }],
      usage: { inputTokens: 254, outputTokens: 19 },
      response: {
        id: 'chatcmpl-5de32dca-853e-44c2-9f92-388a0ab954c7',
        modelId: 'meta-llama/Llama-3.1-8B-Instruct',
        timestamp: at(1747236975),
      },
      vllm: { stopReason: 128008 },
    }),
  '0.10.1.1-chat-gpt-oss-text-reasoning-content': (body) =>
    text(body().choices[0].message.content, {
      reasoning: body().choices[0].message.reasoning_content,
      finishReason: 'stop',
      usage: { inputTokens: 93, outputTokens: 228 },
      response: {
        id: 'chatcmpl-adb081b0cd54423f824eb8a07cd695eb',
        modelId: 'openai/gpt-oss-20b',
        timestamp: at(1757657983),
      },
    }),
  // gpt-oss on 0.10.1.1 (harmony, no tool parser) answered in text although a tool was offered;
  // its analysis channel arrives as reasoning_content.
  '0.10.1.1-chat-gpt-oss-tools-answered-in-text': (body) =>
    // (the answer's spaces are U+202F, as gpt-oss writes them)
    text(body().choices[0].message.content, {
      reasoning: body().choices[0].message.reasoning_content,
      finishReason: 'stop',
      usage: { inputTokens: 100, outputTokens: 78 },
      response: {
        id: 'chatcmpl-0c28aaa841bd4442a93da9055bc6db48',
        modelId: 'openai/gpt-oss-20b',
        timestamp: at(1757657982),
      },
    }),
  // deepseek_v4 tool parser: text before two parallel calls (paths as the bundle redacted them).
  '0.20-chat-deepseek-v4-parallel-tool-calls': (body) =>
    toolCalled(body().choices[0].message.content, {
      toolCalls: [
        { toolName: 'read', input: { path: '<synthetic-home>/state.md' } },
        { toolName: 'read', input: { path: '<synthetic-home>/journal.md' } },
      ],
      usage: { inputTokens: 472, outputTokens: 103 },
      response: {
        id: 'chatcmpl-b2919c4bc39d7851',
        modelId: 'deepseek-ai/DeepSeek-V4-Flash',
        timestamp: at(1777704667),
      },
    }),
  '0.20-chat-deepseek-v4-text': () =>
    text('7 multiplied by 8 is 56.', {
      finishReason: 'stop',
      usage: { inputTokens: 11, outputTokens: 10 },
      response: {
        id: 'chatcmpl-8f03b9728414b138',
        modelId: 'deepseek-ai/DeepSeek-V4-Flash',
        timestamp: at(1777704666),
      },
    }),

  // chat (streamed)
  // llama3_json deltas: name first, arguments in pieces, an empty arguments delta on the finish chunk.
  '0.6-stream-llama3-json-tool-continuous-usage': () =>
    toolCalled('', {
      toolCalls: [{ toolName: 'searchGoogle', input: { query: 'latest news on ai' } }],
      usage: { inputTokens: 226, outputTokens: 20 },
      response: {
        id: 'chat-2267f7e2910a4254bac0650ba74cfc1c',
        modelId: 'meta/llama-3.1-8b-instruct:fp8',
        timestamp: at(1733162241),
      },
      // stop_reason 128008 (<|eom_id|>) on the finish chunk
      vllm: { stopReason: 128008 },
    }),
  '0.2x-stream-reasoning-only-usage': () =>
    text('', {
      reasoning: '12',
      finishReason: 'stop',
      usage: { inputTokens: 35, outputTokens: 3 },
      response: { id: 'chatcmpl-890423d350192a92', modelId: 'qwen3.6-35b-nvfp4', timestamp: at(1777044630) },
    }),
  // hermes deltas (vLLM 0.8): id/type/index/name without arguments, argument pieces, then a finish
  // chunk with empty content. The recorded request sent model "" (the provider refuses an empty id,
  // so the replay asks for the served model); vLLM 0.8 echoed "" in every chunk.
  '0.8-stream-hermes-qwen2.5-7b-tool': () =>
    toolCalled('', {
      toolCalls: [{ toolName: 'run_command', input: { command: 'ls' } }],
      usage: { inputTokens: undefined, outputTokens: undefined },
      response: { id: 'chatcmpl-d0c68c86be0641129cffa5053c0c217e', modelId: '', timestamp: at(1744513664) },
    }),
  // minimax_m2 (both reasoning fields in each delta, once each): reasoning, text, one call with a
  // `call_` id, then the include_usage chunk.
  '0.14-stream-minimax-m2-tool-call-usage': () =>
    toolCalled("\n\nI'll execute the calculation for you now.\n", {
      reasoning:
        'The user explicitly asked me to call the code_interpreter tool to execute "2+2" and then tell them the result. I need to follow their instruction.\n',
      toolCalls: [{ toolName: 'code_interpreter', input: { code: '2+2' } }],
      usage: { inputTokens: 344, outputTokens: 70 },
      response: {
        id: 'chatcmpl-9d850610747ad05a',
        modelId: 'MiniMaxAI/MiniMax-M2.1',
        timestamp: at(1768985575),
      },
    }),
  '0.14-stream-minimax-m2-answer-after-tool': () =>
    text('\n\nThe result of 2+2 is **4**.', {
      reasoning:
        'The code_interpreter tool successfully executed "2+2" and returned the result "4". The execution was successful and took about 8 milliseconds. Now I can provide the user with the result they requested.\n',
      finishReason: 'stop',
      usage: { inputTokens: 446, outputTokens: 56 },
      response: {
        id: 'chatcmpl-93070dff17f938de',
        modelId: 'MiniMaxAI/MiniMax-M2.1',
        timestamp: at(1768985576),
      },
    }),
  // Cut streams: no finish chunk. The text arrives, then the stream ends with AI SDK's error part
  // (openai-compatible: "ended without a finish reason", finish reason `error`).
  '0.11.2-stream-reasoning-both-fields': () =>
    cutStream('，用户让我', {
      reasoning: '好的',
      response: {
        id: 'chatcmpl-8128e5ff3a86421681ebdef4c6d28a17',
        modelId: 'qwen3-thinking',
        timestamp: at(1764074006),
      },
    }),
  '0.10.2-stream-gpt-oss-reasoning-content': () =>
    cutStream('', {
      reasoning: ' need to use the tool',
      response: {
        id: 'chatcmpl-beb39e7777184d59a9463d42e86d9ba2',
        modelId: 'openai/gpt-oss-20b',
        timestamp: at(1758892077),
      },
    }),

  // hermes letting the tool call through as text (0.9, thinking off): the user gets the raw text.
  '0.9-stream-hermes-qwen3-tool-call-as-content-cut': () =>
    cutStream('<tool_call>\n{"name', {
      response: {
        id: 'chatcmpl-2f740cb93d6c4bac80a0324a11e51610',
        modelId: 'Qwen/Qwen3-14B',
        timestamp: at(1751957077),
      },
    }),
  // qwen3_xml before #26345: `content: null` deltas carry nothing.
  '0.11.0-stream-qwen3-xml-content-null-cut': () =>
    cutStream('', {
      response: {
        id: 'chatcmpl-9b7984d842c943638ce8675c4688997f',
        modelId: 'qwen3_coder',
        timestamp: at(1759831811),
      },
    }),

  // 0.4/0.5 chat stream: `cmpl-` ids, a role-only first delta.
  '0.5-stream-chat-cmpl-id-role-only-cut': () =>
    cutStream('我是阿里云开发的一款', {
      response: { id: 'cmpl-840312ff78664572bb504e606140b952', modelId: 'Qwen-v', timestamp: at(1719969577) },
    }),
  // a slice from the middle of a 0.8.5 stream: reasoning_content deltas only.
  '0.8.5-stream-qwen3-reasoning-content-slice': () =>
    cutStream('', {
      reasoning: '. Let me make sure',
      response: {
        id: 'chatcmpl-60f4dda0a1af43a09568ea0843ca30b4',
        modelId: 'qwen-14b',
        timestamp: at(1746282334),
      },
    }),

  // completions
  '0.10-completion-qwen2.5-0.5b-stop': () =>
    text('A', {
      finishReason: 'length',
      usage: { inputTokens: 252, outputTokens: 1 },
      response: {
        id: 'cmpl-2f678e8bdf5a4b209a3f2c1fa5832e25',
        modelId: 'Qwen/Qwen2.5-0.5B-Instruct',
        timestamp: at(1754475138),
      },
    }),
  '0.10-completion-llama3.3-70b-fp4': (body) =>
    text(body().choices[0].text, {
      finishReason: 'length',
      usage: { inputTokens: 5, outputTokens: 20 },
      response: {
        id: 'cmpl-4493992056a146f0a65363462eee6218',
        modelId: 'nvidia/Llama-3.3-70B-Instruct-FP4',
        timestamp: at(1754989721),
      },
    }),
  '0.10-completion-llama4-scout-fp4': (body) =>
    text(body().choices[0].text, {
      finishReason: 'length',
      usage: { inputTokens: 5, outputTokens: 20 },
      response: {
        id: 'cmpl-11f390a191304552b233ad103d9c7f69',
        modelId: 'nvidia/Llama-4-Scout-17B-16E-Instruct-FP4',
        timestamp: at(1754989296),
      },
    }),
  '0.9-completion-granite-stop': () =>
    text('\n\nThe capital of France is Paris.\n\n[Answer] The capital of France is Paris.', {
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 24 },
      response: {
        id: 'cmpl-125b905e89a34384af754a24bc8ea686',
        modelId: 'ibm-granite/granite-3.0-3b-a800m-instruct',
        timestamp: at(1750036455),
      },
    }),
  '0.8-completion-opt-125m-rocm': () =>
    text(' my mother and I knew each other and had a', {
      finishReason: 'length',
      usage: { inputTokens: 6, outputTokens: 10 },
      response: {
        id: 'cmpl-4aef720c39a0451e90d71938982e84b7',
        modelId: 'facebook/opt-125m',
        timestamp: at(1744611924),
      },
    }),
  '0.8-completion-distilgpt2-pipeline-parallel': () =>
    text('? Huh, are you all red?\n\n', {
      finishReason: 'length',
      usage: { inputTokens: 5, outputTokens: 10 },
      response: {
        id: 'cmpl-92c4ceef0f1c42c9bba10da8306bf86c',
        modelId: 'distilbert/distilgpt2',
        timestamp: at(1747465724),
      },
    }),
  '0.7-completion-qwen2.5-7b': () =>
    text(' here. It’s not just a', {
      finishReason: 'length',
      usage: { inputTokens: 5, outputTokens: 7 },
      response: {
        id: 'cmpl-b25a59a2f985459781ce7098aeddfda7',
        modelId: 'Qwen/Qwen2.5-7B-Instruct',
        timestamp: at(1739523925),
      },
    }),

  // completions with logprobs: the legacy logprobs object reaches providerMetadata.vllm.logprobs as sent
  '0.20-completion-logprobs-deepseek-v4': (body) =>
    text(' 56\nQuestion: What is 9*7?\nAnswer: 63', {
      finishReason: 'length',
      usage: { inputTokens: 11, outputTokens: 16 },
      response: {
        id: 'cmpl-9f3b5d6ca25f86de',
        modelId: 'deepseek-ai/DeepSeek-V4-Flash',
        timestamp: at(1777709984),
      },
      // 0.20 returns the prompt's token ids in the choice although the request did not ask for them
      vllm: { logprobs: body().choices[0].logprobs, promptTokenIds: body().choices[0].prompt_token_ids },
    }),
  '0.23-completion-logprobs-glm-5.2': (body) =>
    text(' Paris. Distance from Paris to Lyon is', {
      finishReason: 'length',
      usage: { inputTokens: 5, outputTokens: 8 },
      response: { id: 'cmpl-812d404fc098d106', modelId: 'glm52-w4a16-tiered', timestamp: at(1784381281) },
      vllm: { logprobs: body().choices[0].logprobs },
    }),
  // The last chunk of a completion stream (the rest was not published): its text, finish reason and
  // logprobs; `usage: null` gives no usage.
  '0.16-stream-completion-logprobs-tail': () =>
    text('7', {
      finishReason: 'length',
      usage: { inputTokens: undefined, outputTokens: undefined },
      response: {
        id: 'cmpl-b1992ed829abc554',
        modelId: 'Intel/Qwen3-Coder-Next-int4-AutoRound',
        timestamp: at(1772367199),
      },
      vllm: {
        logprobs: {
          text_offset: [46],
          token_logprobs: [-0.000024199192921514623],
          tokens: ['7'],
          top_logprobs: [
            {
              '7': -0.000024199192921514623,
              '3': -11.37502384185791,
              '1': -11.93752384185791,
              '2': -12.37502384185791,
              '9': -14.18752384185791,
            },
          ],
        },
      },
    }),

  // embeddings
  '0.8-float-dimensions-jina-v3': (body) => ({
    kind: 'embedding',
    embedding: body().data[0].embedding,
    tokens: 8,
  }),

  // rerank / score
  '0.7-rerank-bge-reranker-base': () => ({
    kind: 'ranking',
    ranking: [
      { originalIndex: 1, score: 0.99853515625 },
      { originalIndex: 0, score: 0.0005860328674316406 },
    ],
  }),
  '0.12-rerank-qwen3-reranker': () => ({
    kind: 'ranking',
    ranking: [
      { originalIndex: 0, score: 0.9944348335266113 },
      { originalIndex: 1, score: 6.700084327349032e-7 },
    ],
  }),
  '0.13-rerank-qwen3-vl-reranker': () => ({
    kind: 'ranking',
    ranking: [
      { originalIndex: 0, score: 0.6368980407714844 },
      { originalIndex: 1, score: 0.20816077291965485 },
    ],
  }),
  // The provider has no public API for /score (rerank covers relevance); shape-tested only.
  '0.7-score-bge-reranker-v2-m3': () => ({ kind: 'unsupported', reason: 'no public API calls /v1/score' }),

  '0.11.0-rerank-jina-reranker-m0': () => ({
    kind: 'ranking',
    ranking: [
      { originalIndex: 4, score: 0.9823843836784363 },
      { originalIndex: 0, score: 0.9777672290802002 },
      { originalIndex: 2, score: 0.9752224683761597 },
    ],
  }),
  '0.11.0-score-jina-reranker-m0': () => ({ kind: 'unsupported', reason: 'no public API calls /v1/score' }),

  // tokenize / detokenize
  '0.5-tokenize-llama3-prompt': () => ({
    kind: 'tokenize',
    tokens: [128000, 1985],
    count: 2,
    maxModelLen: 8192,
  }),
  '0.5-tokenize-no-special-tokens': () => ({ kind: 'tokenize', tokens: [1985], count: 1, maxModelLen: 8192 }),
  '0.20-tokenize-deepseek-v4': () => ({
    kind: 'tokenize',
    tokens: [10375, 28, 1999, 344, 223, 25, 12, 26, 2755, 7805, 28],
    count: 11,
    maxModelLen: 393216,
  }),
  '0.5-detokenize-llama3': () => ({ kind: 'detokenize', prompt: '<|begin_of_text|>test' }),

  // metrics
  '0.6-metrics-iteration-tokens': () => ({
    kind: 'metrics',
    names: ['vllm:iteration_tokens_total_bucket', 'vllm:iteration_tokens_total_sum'],
    modelNames: ['unsloth/Llama-3.2-1B-Instruct'],
    values: {
      requestsRunning: undefined,
      generationTokens: undefined,
      requestSuccess: undefined,
      timeToFirstTokenCount: undefined,
      skippedLines: 0,
    },
  }),
  '0.8-metrics-design-doc': () => ({
    kind: 'metrics',
    names: [
      'vllm:generation_tokens_total',
      'vllm:num_requests_running',
      'vllm:request_success_total',
      'vllm:time_to_first_token_seconds_bucket',
      'vllm:time_to_first_token_seconds_count',
    ],
    modelNames: ['meta-llama/Llama-3.1-8B-Instruct'],
    values: {
      requestsRunning: 8,
      generationTokens: 27453,
      requestSuccess: 132,
      timeToFirstTokenCount: 140,
      skippedLines: 0,
    },
  }),

  // models: adapters of servers before the LoRA lineage (#6315) are found by root = a base card's id
  '0.4-models-lora-parent-null': () => ({
    kind: 'models',
    models: [
      {
        id: '/workspace/meta-llama/Llama-2-7b-hf',
        parent: undefined,
        isLoraAdapter: false,
        root: '/workspace/meta-llama/Llama-2-7b-hf',
      },
      // The server did not report the adapter's path (its root is the base model's name).
      { id: 'sql-lora', parent: '/workspace/meta-llama/Llama-2-7b-hf', isLoraAdapter: true, root: undefined },
    ],
    loraAdapters: ['sql-lora'],
  }),

  // a base model card of a current release: root = the model, parent null, no adapters
  '0.19-models-qwen3.5-base': () => ({
    kind: 'models',
    models: [{ id: 'Qwen/Qwen3.5-0.8B', parent: undefined, isLoraAdapter: false, root: 'Qwen/Qwen3.5-0.8B' }],
    loraAdapters: [],
  }),

  // errors: the status, retryability, and vLLM's own words in the message (never an empty message)
  '0.3-flat-404-model-qwen1.5-gptq': () =>
    error(404, 'The model `Qwen1.5-14B-Chat-GPTQ-Int8` does not exist.'),
  '0.3-flat-404-model-qwen1.5-7b': () => error(404, 'The model `Qwen/Qwen1.5-7B-Chat` does not exist.'),
  '0.4-404-route-detail-not-found': () => error(404, 'Not Found'),
  '0.9-flat-400-image-to-text-only-model': () => error(400, 'facebook/opt-125m is not a multimodal model'),
  '0.10.1-nested-400-context-length': () =>
    error(400, "This model's maximum context length is 32768 tokens."),
  '0.4-flat-400-negative-max-tokens': () => error(400, 'max_tokens must be at least 1, got -186.'),
  '0.7-flat-400-context-length-llama-stack': () =>
    error(
      400,
      "This model's maximum context length is 6048 tokens. However, you requested 6616 tokens",
      'truncatePromptTokens',
    ),
  '0.7-flat-400-context-length': () => error(400, "This model's maximum context length is 2048 tokens."),
  // vLLM sent an empty message: the user must still learn what happened and where to look.
  '0.16-nested-500-empty-message-gpt-oss': () => error(500, '500', 'InternalServerError', 'log'),
  // streamed request, but vLLM answers the unknown model with a JSON 404 before any SSE
  '0.14-nested-404-model-param-minimax': () =>
    error(404, 'The model `MiniMaxAI/MiniMax-M2.1` does not exist.'),
  '0.8-401-unauthorized': () => error(401, 'Unauthorized', 'apiKey'),
  '0.8-flat-400-dimensions-not-matryoshka': () =>
    error(
      400,
      'Model "BAAI/bge-m3" does not support matryoshka representation, changing output dimensions will lead to poor results.',
    ),
};
