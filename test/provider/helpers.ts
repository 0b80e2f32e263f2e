import { generateText, streamText } from 'ai';
import {
  createVllm,
  type VllmLanguageModelChatOptions,
  type VllmLanguageModelCompletionOptions,
} from '../../src';
import { createMockFetch, jsonResponse, type RecordedRequest, sseResponse } from '../helpers/mock-fetch';
import { chatBody, completionBody, finishChunk, roleChunk, usageChunk } from './fixtures/vllm-shapes';

export const baseURL = 'http://vllm.test/v1';

// Warnings are asserted on results; keep the test output free of the SDK's console copies.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** What went on the wire, plus the SDK's result (annotated: the types stay nameable with two copies of the SDK). */
interface Sent<RESULT> {
  body: Record<string, unknown>;
  headers: Record<string, string>;
  result: RESULT;
  requests: RecordedRequest[];
}
type Generated = Sent<Awaited<ReturnType<typeof generateText>>>;
type Streamed = Sent<ReturnType<typeof streamText>> & {
  warnings: Awaited<ReturnType<typeof streamText>['warnings']>;
};

type GenerateSettings = Omit<Parameters<typeof generateText>[0], 'model' | 'prompt' | 'messages'> & {
  prompt?: string;
};

/** Calls `generateText` on a chat model with `providerOptions.vllm` and returns what went on the wire. */
export async function sendChat(
  vllmOptions: VllmLanguageModelChatOptions | Record<string, unknown> | undefined,
  {
    version = 'latest',
    modelId = 'Qwen/Qwen3-8B',
    response,
    ...settings
  }: GenerateSettings & {
    version?: string;
    modelId?: string;
    response?: Record<string, unknown>;
  } = {},
): Promise<Generated> {
  const { fetch, requests } = createMockFetch(() =>
    jsonResponse(response ?? chatBody([{ message: { content: 'ok' } }])),
  );
  const result = await generateText({
    model: createVllm({ baseURL, fetch, vllmVersion: version })(modelId),
    prompt: 'Hi',
    ...(vllmOptions !== undefined ? { providerOptions: { vllm: vllmOptions as never } } : {}),
    ...(settings as object),
  });
  return { ...lastChat(requests), result, requests };
}

/** Same through `streamText` (consumes the stream). */
export async function streamChat(
  vllmOptions: VllmLanguageModelChatOptions | Record<string, unknown> | undefined,
  { version = 'latest', chunks }: { version?: string; chunks?: unknown[] } = {},
): Promise<Streamed> {
  const { fetch, requests } = createMockFetch(() =>
    sseResponse(chunks ?? [roleChunk(), finishChunk('stop'), usageChunk()]),
  );
  const result = streamText({
    model: createVllm({ baseURL, fetch, vllmVersion: version })('Qwen/Qwen3-8B'),
    prompt: 'Hi',
    ...(vllmOptions !== undefined ? { providerOptions: { vllm: vllmOptions as never } } : {}),
  });
  await result.consumeStream();
  return { ...lastChat(requests), warnings: await result.warnings, result, requests };
}

/** Calls `generateText` on a completion model with `providerOptions.vllm`. */
export async function sendCompletion(
  vllmOptions: VllmLanguageModelCompletionOptions | Record<string, unknown> | undefined,
  {
    version = 'latest',
    response,
    ...settings
  }: GenerateSettings & {
    version?: string;
    response?: Record<string, unknown>;
  } = {},
): Promise<Generated> {
  const { fetch, requests } = createMockFetch(() =>
    jsonResponse(response ?? completionBody([{ text: ' ok' }])),
  );
  const result = await generateText({
    model: createVllm({ baseURL, fetch, vllmVersion: version }).completionModel('Qwen/Qwen3-8B'),
    prompt: 'Hi',
    maxOutputTokens: 8,
    ...(vllmOptions !== undefined ? { providerOptions: { vllm: vllmOptions as never } } : {}),
    ...(settings as object),
  });
  return { ...lastCompletion(requests), result, requests };
}

function lastChat(requests: RecordedRequest[]) {
  const request = requests.filter((r) => r.url.endsWith('/chat/completions')).at(-1);
  return { body: request?.body ?? {}, headers: request?.headers ?? {} };
}

function lastCompletion(requests: RecordedRequest[]) {
  const request = requests.filter((r) => r.url.endsWith('/completions')).at(-1);
  return { body: request?.body ?? {}, headers: request?.headers ?? {} };
}
