/** What one response told the load generator. */
export interface ResponseReading {
  /** Error message, or `undefined` for a good response. */
  error: string | undefined;
  promptTokens: number;
  outputTokens: number;
  /** performance.now() of the first chunk carrying a token (streams only). */
  firstTokenAt: number | undefined;
}

interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
}

interface ChoiceLike {
  text?: string;
  delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown[] };
}

interface ChunkLike {
  error?: { message?: string } | string;
  message?: string;
  object?: string;
  choices?: ChoiceLike[];
  usage?: UsageLike | null;
}

function errorMessage(body: ChunkLike | undefined): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body.error === 'string') return body.error;
  if (body.error?.message !== undefined) return body.error.message;
  if (body.object === 'error' && typeof body.message === 'string') return body.message;
  return undefined;
}

function hasToken(choice: ChoiceLike): boolean {
  const delta = choice.delta;
  if (delta === undefined || delta === null) return typeof choice.text === 'string' && choice.text !== '';
  return (
    (typeof delta.content === 'string' && delta.content !== '') ||
    (Array.isArray(delta.content) && delta.content.length > 0) ||
    (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
    (typeof delta.reasoning === 'string' && delta.reasoning !== '') ||
    (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0)
  );
}

/**
 * Reads one response as it arrives: an SSE stream (token timestamps, usage, error events,
 * `[DONE]`) or a JSON body (usage). `itl` receives the gaps between token chunks (0 for chunks that
 * arrived in the same read, as `vllm bench serve` counts them).
 */
export class ResponseReader {
  private buffer = '';
  private done = false;
  private streamError: string | undefined;
  private lastTokenAt = 0;
  private tokenChunks = 0;
  private usage: UsageLike | undefined;
  firstTokenAt: number | undefined;

  constructor(
    private readonly stream: boolean,
    private readonly itl: number[],
  ) {}

  /** Feeds one piece of the body (bound, so it can be handed to a transport as is). */
  readonly onText = (text: string): void => {
    if (!this.stream) {
      this.buffer += text;
      return;
    }
    const now = performance.now();
    let buffer = this.buffer + (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      this.event(buffer.slice(0, end), now);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
    this.buffer = buffer;
  };

  private event(block: string, now: number): void {
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
    if (data === undefined) return;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: ChunkLike;
    try {
      chunk = JSON.parse(data) as ChunkLike;
    } catch {
      this.streamError ??= `malformed stream chunk: ${data.slice(0, 80)}`;
      return;
    }
    const message = errorMessage(chunk);
    if (message !== undefined) {
      this.streamError ??= `error event: ${message}`;
      return;
    }
    if (chunk.usage != null) this.usage = chunk.usage;
    const choices = chunk.choices;
    if (choices === undefined || choices.length === 0 || !choices.some(hasToken)) return;
    if (this.firstTokenAt === undefined) this.firstTokenAt = now;
    else this.itl.push(now - this.lastTokenAt);
    this.lastTokenAt = now;
    this.tokenChunks++;
  }

  /** The outcome once the body has ended with HTTP `status`. */
  finish(status: number): ResponseReading {
    const reading: ResponseReading = {
      error: undefined,
      promptTokens: 0,
      outputTokens: 0,
      firstTokenAt: this.firstTokenAt,
    };
    if (status < 200 || status >= 300) {
      let body: ChunkLike | undefined;
      try {
        body = JSON.parse(this.buffer) as ChunkLike;
      } catch {}
      reading.error = `HTTP ${status}: ${errorMessage(body) ?? this.buffer.slice(0, 120)}`;
      return reading;
    }
    if (this.stream) {
      if (this.streamError !== undefined) reading.error = this.streamError;
      else if (!this.done) reading.error = 'stream ended without data: [DONE]';
    } else {
      try {
        const body = JSON.parse(this.buffer) as ChunkLike;
        reading.error = errorMessage(body);
        this.usage = body.usage ?? undefined;
      } catch {
        reading.error = `response is not JSON: ${this.buffer.slice(0, 80)}`;
      }
    }
    reading.promptTokens = this.usage?.prompt_tokens ?? 0;
    reading.outputTokens = this.usage?.completion_tokens ?? this.tokenChunks;
    return reading;
  }
}
