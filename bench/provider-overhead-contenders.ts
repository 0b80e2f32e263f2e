// The contenders of `npm run bench`: the same chat request through raw fetch, our chat model,
// @ai-sdk/openai-compatible, @ai-sdk/openai (.chat) and the `openai` SDK.
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import type { createVllm as CreateVllm } from '../src';

export const MODEL = 'Qwen/Qwen3-0.6B';
export const PROMPT = 'Benchmark prompt.';

/** One way to send the benchmark's chat request. Missing levels do not apply to the contender. */
export interface Contender {
  name: string;
  /** One non-streamed call at the model level (doGenerate, or the SDK's own call). */
  generate: () => Promise<void>;
  /** One non-streamed call through `generateText`. */
  generateText?: () => Promise<void>;
  /** One streamed call at the model level, fully consumed; resolves with the text deltas seen. */
  stream: () => Promise<number>;
  /** One streamed call through `streamText` (its textStream), fully consumed; resolves with the deltas. */
  streamText?: () => Promise<number>;
}

export const CONTENDER_NAMES = [
  'raw fetch',
  'vllm-ai-provider',
  '@ai-sdk/openai-compatible',
  '@ai-sdk/openai (.chat)',
  'openai SDK',
] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];

async function consume(stream: ReadableStream<{ type: string; delta?: string }>): Promise<number> {
  let deltas = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return deltas;
    // Non-empty deltas (@ai-sdk/openai also emits the role chunk's empty content).
    if (value.type === 'text-delta' && value.delta !== '') deltas++;
    else if (value.type === 'error') throw new Error(`stream error part: ${JSON.stringify(value)}`);
  }
}

function aiSdkContender(
  name: ContenderName,
  model: LanguageModelV4,
  maxTokens: number,
  streamTokens: number,
): Contender {
  const prompt: LanguageModelV4CallOptions['prompt'] = [
    { role: 'user', content: [{ type: 'text', text: PROMPT }] },
  ];
  return {
    name,
    generate: async () => {
      await model.doGenerate({ prompt, maxOutputTokens: maxTokens });
    },
    generateText: async () => {
      await generateText({ model, prompt: PROMPT, maxOutputTokens: maxTokens, maxRetries: 0 });
    },
    stream: async () => consume((await model.doStream({ prompt, maxOutputTokens: streamTokens })).stream),
    streamText: async () => {
      const result = streamText({ model, prompt: PROMPT, maxOutputTokens: streamTokens, maxRetries: 0 });
      let deltas = 0;
      for await (const delta of result.textStream) if (delta !== '') deltas++;
      return deltas;
    },
  };
}

function rawFetch(baseURL: string, maxTokens: number, streamTokens: number, fetch: FetchFunction): Contender {
  const url = `${baseURL}/chat/completions`;
  const headers = { 'content-type': 'application/json' };
  const body = (stream: boolean) =>
    JSON.stringify({
      model: MODEL,
      messages: [{ role: 'user', content: PROMPT }],
      max_tokens: stream ? streamTokens : maxTokens,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
  return {
    name: 'raw fetch',
    generate: async () => {
      const response = await fetch(url, { method: 'POST', headers, body: body(false) });
      await response.json();
    },
    stream: async () => {
      const response = await fetch(url, { method: 'POST', headers, body: body(true) });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let tail = '';
      let deltas = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return deltas;
        const events = (tail + decoder.decode(value, { stream: true })).split('\n\n');
        tail = events.pop() ?? '';
        for (const event of events) {
          const data = event.slice(6);
          if (data === '[DONE]') continue;
          const chunk = JSON.parse(data) as { choices: { delta?: { content?: string } }[] };
          if (chunk.choices[0]?.delta?.content) deltas++;
        }
      }
    },
  };
}

function openaiSdk(
  baseURL: string,
  maxTokens: number,
  streamTokens: number,
  fetch: FetchFunction,
): Contender {
  const client = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0, fetch });
  const messages = [{ role: 'user' as const, content: PROMPT }];
  return {
    name: 'openai SDK',
    generate: async () => {
      await client.chat.completions.create({ model: MODEL, messages, max_tokens: maxTokens });
    },
    stream: async () => {
      const stream = await client.chat.completions.create({
        model: MODEL,
        messages,
        max_tokens: streamTokens,
        stream: true,
        stream_options: { include_usage: true },
      });
      let deltas = 0;
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) deltas++;
      return deltas;
    },
  };
}

/** What the contenders are built with. */
export interface ContenderSetup {
  baseURL: string;
  maxTokens: number;
  streamTokens: number;
  /** vllm-ai-provider's factory (the bundle `npm run bench` builds). */
  createVllm: typeof CreateVllm;
  /** The `fetch` every contender uses. @default globalThis.fetch */
  fetch?: FetchFunction;
}

/** Every contender, talking to `baseURL` (`…/v1`) through the same `fetch`. */
export function createContenders(setup: ContenderSetup): Record<ContenderName, Contender> {
  const { baseURL, maxTokens, streamTokens, createVllm } = setup;
  const fetch = setup.fetch ?? globalThis.fetch;
  return {
    'raw fetch': rawFetch(baseURL, maxTokens, streamTokens, fetch),
    'vllm-ai-provider': aiSdkContender(
      'vllm-ai-provider',
      createVllm({ baseURL, fetch })(MODEL),
      maxTokens,
      streamTokens,
    ),
    '@ai-sdk/openai-compatible': aiSdkContender(
      '@ai-sdk/openai-compatible',
      createOpenAICompatible({
        name: 'vllm',
        baseURL,
        fetch,
        includeUsage: true,
        supportsStructuredOutputs: true,
      }).chatModel(MODEL),
      maxTokens,
      streamTokens,
    ),
    '@ai-sdk/openai (.chat)': aiSdkContender(
      '@ai-sdk/openai (.chat)',
      createOpenAI({ baseURL, fetch, apiKey: 'unused' }).chat(MODEL),
      maxTokens,
      streamTokens,
    ),
    'openai SDK': openaiSdk(baseURL, maxTokens, streamTokens, fetch),
  };
}
