import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { VllmConnection } from '../../connection/vllm-settings';

// The seam between `@ai-sdk/openai`'s Responses model and vLLM: a `fetch` that (1) sends the
// provider's headers instead of OpenAI's, (2) adds the vLLM-only body fields, and (3) reshapes the
// one thing vLLM returns differently from OpenAI — reasoning text. vLLM puts it in a reasoning
// item's `content` (`reasoning_text` parts, streamed as `response.reasoning_text.delta`), OpenAI in
// `summary` (`response.reasoning_summary_text.delta`), which is all `@ai-sdk/openai` reads.

/** The API key handed to `createOpenAI` so it does not look for OPENAI_API_KEY; never sent. */
export const PLACEHOLDER_API_KEY = 'vllm-ai-provider-placeholder';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reasoning item with its `reasoning_text` content copied into `summary` (when vLLM left it empty). */
function reasoningItemForOpenAI(item: Json): Json {
  if (item.type !== 'reasoning' || !Array.isArray(item.content)) return item;
  if (Array.isArray(item.summary) && item.summary.length > 0) return item;
  const texts = item.content.filter(
    (part): part is { text: string } =>
      isObject(part) && part.type === 'reasoning_text' && typeof part.text === 'string',
  );
  return { ...item, summary: texts.map((part) => ({ type: 'summary_text', text: part.text })) };
}

/** A `/v1/responses` response object in the shape `@ai-sdk/openai` reads. */
export function responseForOpenAI(response: Json): Json {
  if (!Array.isArray(response.output)) return response;
  return {
    ...response,
    output: response.output.map((item) => (isObject(item) ? reasoningItemForOpenAI(item) : item)),
  };
}

/** One streamed event in the shape `@ai-sdk/openai` reads. */
export function eventForOpenAI(event: Json): Json {
  switch (event.type) {
    case 'response.reasoning_text.delta': {
      const { content_index: _contentIndex, ...rest } = event;
      return { ...rest, type: 'response.reasoning_summary_text.delta', summary_index: 0 };
    }
    case 'response.output_item.added':
    case 'response.output_item.done':
      return isObject(event.item) ? { ...event, item: reasoningItemForOpenAI(event.item) } : event;
    case 'response.created':
    case 'response.in_progress':
    case 'response.completed':
    case 'response.incomplete':
      return isObject(event.response) ? { ...event, response: responseForOpenAI(event.response) } : event;
    default:
      return event;
  }
}

/**
 * Rewrites the `data:` lines of an SSE stream with {@link eventForOpenAI}; other lines pass through.
 * {@link eventForOpenAI} changes only events that carry reasoning (a `reasoning_text` delta, or an
 * item / response holding an item of type `reasoning`), so a line without the word is not parsed.
 */
function sseForOpenAI(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let buffer = '';
  const encoder = new TextEncoder();
  const rewriteLine = (line: string): string => {
    if (!line.startsWith('data:')) return line;
    const data = line.slice(5).trimStart();
    if (data === '[DONE]' || !data.includes('reasoning')) return line;
    try {
      const event = JSON.parse(data) as unknown;
      return isObject(event) ? `data: ${JSON.stringify(eventForOpenAI(event))}` : line;
    } catch {
      return line;
    }
  };
  const decoder = new TextDecoder();
  return body
    .pipeThrough(
      new TransformStream<Uint8Array, string>({
        transform: (chunk, controller) => controller.enqueue(decoder.decode(chunk, { stream: true })),
        flush: (controller) => controller.enqueue(decoder.decode()),
      }),
    )
    .pipeThrough(
      new TransformStream<string, Uint8Array>({
        transform(chunk, controller) {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.map(rewriteLine).join('\n')}\n`));
        },
        flush(controller) {
          if (buffer !== '') controller.enqueue(encoder.encode(rewriteLine(buffer)));
        },
      }),
    );
}

/** Headers: the provider's (`Authorization` from its API key, custom headers), then the call's. */
function vllmHeaders(init: RequestInit | undefined, connection: Pick<VllmConnection, 'headers'>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(connection.headers()))
    if (value !== undefined) headers.set(name, value);
  for (const [name, value] of new Headers(init?.headers).entries()) {
    if (name === 'authorization' && value === `Bearer ${PLACEHOLDER_API_KEY}`) continue;
    headers.set(name, value);
  }
  return headers;
}

/**
 * The `fetch` for `createOpenAI` on one Responses call: the provider's connection (its fetch, URL
 * handling and errors), its headers, `extraBody` merged into the JSON body (`undefined` values
 * dropped), and vLLM's reasoning output reshaped for `@ai-sdk/openai`.
 */
export function createVllmResponsesFetch(
  connection: Pick<VllmConnection, 'headers' | 'fetch'>,
  extraBody: Record<string, unknown>,
): FetchFunction {
  return async (input, init) => {
    let body = init?.body;
    if (typeof body === 'string' && Object.keys(extraBody).length > 0) {
      body = JSON.stringify({ ...(JSON.parse(body) as Json), ...extraBody });
    }
    const headers = Object.fromEntries(vllmHeaders(init, connection).entries());
    const response = await connection.fetch(input, { ...init, body, headers });
    if (!response.ok || response.body === null) return response;
    const contentType = response.headers.get('content-type') ?? '';
    // The body changes length: the rewritten response must not claim the old one.
    const responseHeaders = new Headers(response.headers);
    responseHeaders.delete('content-length');
    const rewritten = { status: response.status, statusText: response.statusText, headers: responseHeaders };
    if (contentType.includes('text/event-stream'))
      return new Response(sseForOpenAI(response.body), rewritten);
    if (contentType.includes('application/json')) {
      const value = (await response.json()) as unknown;
      return new Response(JSON.stringify(isObject(value) ? responseForOpenAI(value) : value), rewritten);
    }
    return response;
  };
}
