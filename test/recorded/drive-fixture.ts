import { APICallError, type JSONObject } from '@ai-sdk/provider';
import {
  embed,
  generateText,
  jsonSchema,
  type ModelMessage,
  rerank,
  streamText,
  type ToolSet,
  tool,
} from 'ai';
import { createVllm } from '../../src';
import type { RecordedFixture } from './recorded-fixtures';
import { startReplayServer } from './replay-server';

/** What a user of the public API sees for one fixture, in a comparable form. */
export type Observed =
  | {
      kind: 'text';
      text: string;
      reasoning: string | undefined;
      toolCalls: { toolName: string; input: unknown }[];
      finishReason: string;
      rawFinishReason: string | undefined;
      usage: { inputTokens: number | undefined; outputTokens: number | undefined };
      response: { id: string | undefined; modelId: string | undefined; timestamp: string | undefined };
      /** `providerMetadata.vllm` (logprobs, stop reason, choices…), present only when not empty. */
      vllm?: JSONObject;
      /** Streams only: the error part the stream ended with, after the text it delivered. */
      streamError?: string;
    }
  | { kind: 'embedding'; embedding: number[]; tokens: number | undefined }
  | { kind: 'ranking'; ranking: { originalIndex: number; score: number }[] }
  | { kind: 'tokenize'; tokens: number[]; count: number; maxModelLen: number }
  | { kind: 'detokenize'; prompt: string }
  | { kind: 'metrics'; names: string[]; modelNames: string[]; values: Record<string, number | undefined> }
  | {
      kind: 'models';
      models: { id: string; parent: string | undefined; isLoraAdapter: boolean; root: string | undefined }[];
      loraAdapters: string[];
    }
  | { kind: 'version'; version: string }
  | { kind: 'error'; statusCode: number | undefined; message: string; isRetryable: boolean | undefined }
  | { kind: 'unsupported'; reason: string };

/** The vLLM version the provider is told (no `/version` probe against the replay server). */
export function providerVersion(fixture: RecordedFixture): string {
  switch (fixture.emulatorProfile) {
    case '0.10':
      return '0.10.0';
    case '0.11':
      return '0.11.2';
    case '0.12':
      return '0.12.0';
    case '0.13':
      return '0.13.0';
    case 'latest':
      return 'latest';
    default:
      return '0.10.0';
  }
}

const body = (fixture: RecordedFixture) => fixture.request.body ?? {};

/** The request's model, else the served model (a recorded request may have sent `"model": ""`). */
function modelId(fixture: RecordedFixture): string {
  const requested = body(fixture).model;
  return typeof requested === 'string' && requested !== '' ? requested : (fixture.server.model ?? 'model');
}

type WireToolCall = { id: string; function: { name: string; arguments: string } };
type WireMessage = { role: string; content: unknown; tool_calls?: WireToolCall[]; tool_call_id?: string };

/** A 1×1 PNG. */
const TINY_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (char) => char.charCodeAt(0),
);

/** The request's system messages, joined (AI SDK 7 takes them as `instructions`). */
function instructionsOf(fixture: RecordedFixture): string | undefined {
  const raw = body(fixture).messages;
  if (!Array.isArray(raw)) return undefined;
  const system = (raw as WireMessage[]).filter((message) => message.role === 'system');
  return system.length > 0 ? system.map((message) => String(message.content)).join('\n') : undefined;
}

/**
 * The request's other messages as AI SDK model messages: text and image parts (other parts as
 * text), assistant tool calls as tool-call parts and `tool` messages as tool results.
 */
function messagesOf(fixture: RecordedFixture): ModelMessage[] {
  const raw = body(fixture).messages;
  if (!Array.isArray(raw)) return [{ role: 'user', content: 'Hi' }];
  const toolNames = new Map<string, string>();
  return (raw as WireMessage[])
    .filter((message) => message.role !== 'system')
    .map((message): ModelMessage => {
      const text = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
      if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
        const calls = message.tool_calls.map((call) => {
          toolNames.set(call.id, call.function.name);
          return {
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.function.name,
            input: JSON.parse(call.function.arguments) as unknown,
          };
        });
        return {
          role: 'assistant',
          content: [
            ...(typeof message.content === 'string' ? [{ type: 'text' as const, text }] : []),
            ...calls,
          ],
        };
      }
      if (message.role === 'tool') {
        const toolCallId = message.tool_call_id ?? '';
        return {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId,
              toolName: toolNames.get(toolCallId) ?? 'tool',
              output: { type: 'text', value: text },
            },
          ],
        };
      }
      if (typeof message.content === 'string' || message.role !== 'user') {
        return { role: message.role as 'system', content: text } as ModelMessage;
      }
      // Image parts become a tiny inline image: the recorded URLs are unreachable here (and the
      // published data URLs are elided), and the reply under test does not depend on the pixels.
      const parts = (message.content as { type: string; text?: string }[]).map((part) =>
        part.type === 'image_url'
          ? { type: 'image' as const, image: TINY_PNG, mediaType: 'image/png' }
          : { type: 'text' as const, text: part.text ?? '' },
      );
      return { role: 'user', content: parts };
    });
}

/** Function tools of the request, as AI SDK tools without execute (calls are returned, not run). */
function toolsOf(fixture: RecordedFixture): ToolSet | undefined {
  const raw = body(fixture).tools;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const tools: ToolSet = {};
  for (const entry of raw as { function: { name: string; description?: string; parameters?: object } }[]) {
    tools[entry.function.name] = tool({
      description: entry.function.description,
      inputSchema: jsonSchema(
        (entry.function.parameters ?? { type: 'object' }) as Parameters<typeof jsonSchema>[0],
      ),
    });
  }
  return tools;
}

/** `providerOptions.vllm` for the request's vLLM fields the replay needs (logprobs, echo). */
function vllmOptions(fixture: RecordedFixture): { providerOptions?: { vllm: JSONObject } } {
  const request = body(fixture);
  const options: JSONObject = {};
  if (typeof request.logprobs === 'number' || typeof request.logprobs === 'boolean') {
    options.logprobs = request.logprobs;
  }
  if (typeof request.top_logprobs === 'number') options.topLogprobs = request.top_logprobs;
  if (request.echo === true) options.echo = true;
  return Object.keys(options).length > 0 ? { providerOptions: { vllm: options } } : {};
}

function callSettings(fixture: RecordedFixture) {
  const request = body(fixture);
  return {
    maxRetries: 0,
    ...(typeof request.max_tokens === 'number' ? { maxOutputTokens: request.max_tokens } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
  };
}

async function observeError(run: () => Promise<Observed>): Promise<Observed> {
  try {
    return await run();
  } catch (error) {
    const cause = APICallError.isInstance(error) ? error : findApiCallError(error);
    if (cause) {
      return {
        kind: 'error',
        statusCode: cause.statusCode,
        message: cause.message,
        isRetryable: cause.isRetryable,
      };
    }
    return {
      kind: 'error',
      statusCode: undefined,
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      isRetryable: undefined,
    };
  }
}

function findApiCallError(error: unknown): APICallError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (APICallError.isInstance(current)) return current;
    const next =
      (current as { lastError?: unknown; cause?: unknown }).lastError ??
      (current as { cause?: unknown }).cause;
    current = next;
  }
  return undefined;
}

/** Serves the fixture from a loopback server and runs it through the public API a user would call. */
export async function driveFixture(fixture: RecordedFixture): Promise<Observed> {
  await using server = await startReplayServer(fixture);
  const vllm = createVllm({
    baseURL: `${server.url}/v1`,
    apiKey: 'k',
    vllmVersion: providerVersion(fixture),
  });
  const path = fixture.request.path;
  const request = body(fixture);
  return await observeError(async () => {
    if (path === '/v1/chat/completions' || path === '/generate') {
      const options = {
        model: vllm(modelId(fixture)),
        instructions: instructionsOf(fixture),
        messages: messagesOf(fixture),
        tools: toolsOf(fixture),
        ...callSettings(fixture),
        ...vllmOptions(fixture),
      };
      if (request.stream === true || fixture.endpoint === 'chat-stream')
        return observeStream(streamText(options));
      return observeText(await generateText(options));
    }
    if (path === '/v1/completions') {
      const options = {
        model: vllm.completionModel(modelId(fixture)),
        prompt: String(request.prompt ?? 'Hi'),
        ...callSettings(fixture),
        ...vllmOptions(fixture),
        ...(Array.isArray(request.stop) ? { stopSequences: request.stop as string[] } : {}),
      };
      if (request.stream === true || fixture.endpoint === 'completion-stream') {
        return observeStream(streamText(options));
      }
      return observeText(await generateText(options));
    }
    if (path === '/v1/embeddings') {
      const result = await embed({
        model: vllm.embeddingModel(modelId(fixture)),
        value: String(request.input ?? 'Hi'),
        maxRetries: 0,
        ...(typeof request.dimensions === 'number'
          ? { providerOptions: { vllm: { dimensions: request.dimensions } } }
          : {}),
      });
      return { kind: 'embedding', embedding: result.embedding, tokens: result.usage?.tokens };
    }
    if (path === '/v1/rerank' || path === '/rerank' || path === '/v2/rerank') {
      const result = await rerank({
        model: vllm.rerankingModel(modelId(fixture)),
        query: String(request.query),
        documents: request.documents as string[],
        maxRetries: 0,
        ...(typeof request.top_n === 'number' ? { topN: request.top_n } : {}),
      });
      return {
        kind: 'ranking',
        ranking: result.ranking.map((entry) => ({ originalIndex: entry.originalIndex, score: entry.score })),
      };
    }
    if (path === '/tokenize') {
      const result = await vllm.server.tokenize(String(request.prompt), {
        model: modelId(fixture),
        ...(typeof request.add_special_tokens === 'boolean'
          ? { addSpecialTokens: request.add_special_tokens }
          : {}),
      });
      return {
        kind: 'tokenize',
        tokens: result.tokens,
        count: result.count,
        maxModelLen: result.maxModelLen,
      };
    }
    if (path === '/detokenize') {
      return {
        kind: 'detokenize',
        prompt: await vllm.server.detokenize(request.tokens as number[], { model: modelId(fixture) }),
      };
    }
    if (path === '/metrics') {
      const snapshot = await vllm.server.metrics();
      return {
        kind: 'metrics',
        names: [...new Set(snapshot.samples.map((sample) => sample.name))].sort(),
        modelNames: snapshot.modelNames,
        values: {
          requestsRunning: snapshot.requestsRunning,
          generationTokens: snapshot.generationTokens,
          requestSuccess: snapshot.requestSuccess?.total,
          timeToFirstTokenCount: snapshot.timeToFirstToken?.count,
          skippedLines: snapshot.skippedLines,
        },
      };
    }
    if (path === '/v1/models') {
      const models = await vllm.server.models();
      const adapters = await vllm.server.listLoraAdapters();
      return {
        kind: 'models',
        models: models.map((model) => ({
          id: model.id,
          parent: model.parent,
          isLoraAdapter: model.isLoraAdapter,
          root: model.root,
        })),
        loraAdapters: adapters.map((adapter) => adapter.id),
      };
    }
    if (path === '/version') return { kind: 'version', version: await vllm.server.version() };
    return { kind: 'unsupported', reason: `no public API calls ${path}` };
  });
}

/** What `generateText` returned, in the comparable form. */
function observeText(result: Awaited<ReturnType<typeof generateText>>): Observed {
  return {
    kind: 'text',
    text: result.text,
    reasoning: result.reasoningText,
    toolCalls: result.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })),
    finishReason: result.finishReason,
    rawFinishReason: result.rawFinishReason,
    usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
    response: {
      id: result.response.id,
      modelId: result.response.modelId,
      timestamp: result.response.timestamp?.toISOString(),
    },
    ...vllmMetadata(result.providerMetadata),
  };
}

/** `{ vllm }` when the provider reported any vLLM metadata, else nothing. */
function vllmMetadata(metadata: Record<string, JSONObject> | undefined): { vllm?: JSONObject } {
  const vllm = metadata?.vllm;
  return vllm !== undefined && Object.keys(vllm).length > 0 ? { vllm } : {};
}

async function observeStream(result: ReturnType<typeof streamText>): Promise<Observed> {
  let text = '';
  let reasoning: string | undefined;
  let streamError: unknown;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'reasoning-delta') reasoning = (reasoning ?? '') + part.text;
    else if (part.type === 'error') streamError = part.error;
  }
  // An HTTP error before any SSE reaches a streamText user as the stream's error part (the
  // result promises then reject with NoOutputGeneratedError): report that APICallError.
  if (text === '' && reasoning === undefined && APICallError.isInstance(streamError)) throw streamError;
  const [toolCalls, finishReason, rawFinishReason, usage, response, providerMetadata] = await Promise.all([
    result.toolCalls,
    result.finishReason,
    result.rawFinishReason,
    result.usage,
    result.response,
    result.providerMetadata,
  ]);
  return {
    kind: 'text',
    text,
    reasoning,
    toolCalls: toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })),
    finishReason,
    rawFinishReason,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
    response: { id: response.id, modelId: response.modelId, timestamp: response.timestamp?.toISOString() },
    ...vllmMetadata(providerMetadata),
    ...(streamError === undefined
      ? {}
      : { streamError: streamError instanceof Error ? streamError.message : String(streamError) }),
  };
}
