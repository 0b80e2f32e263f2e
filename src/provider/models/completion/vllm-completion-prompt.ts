import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';

// openai-compatible's completion model always turns the prompt into a chat transcript
// ("user:\n<text>\n\nassistant:\n", stop "\nuser:"). For `generateText({ prompt })` on vLLM's
// /v1/completions that is wrong: the model must continue the text as given. The completion model
// marks such calls with a private header, and this fetch wrapper restores the plain prompt (and
// drops the transcript's stop sequence) before the request leaves.

/** Private header marking a call whose prompt must be sent as plain text (never sent to vLLM). */
export const PLAIN_PROMPT_HEADER = 'x-vllm-ai-provider-plain-prompt';

const USER_PREFIX = 'user:\n';
const ASSISTANT_SUFFIX = '\n\nassistant:\n';
const TRANSCRIPT_STOP = '\nuser:';

/** Whether the prompt is one user message of text: sent as is, not as a transcript. */
export function isPlainTextPrompt(prompt: LanguageModelV4Prompt): boolean {
  return (
    prompt.length === 1 &&
    prompt[0].role === 'user' &&
    prompt[0].content.every((part) => part.type === 'text')
  );
}

/** Wraps `fetch` so marked completion requests carry the plain prompt. */
export function createPlainPromptFetch(baseFetch: FetchFunction | undefined): FetchFunction {
  return (input, init) => {
    const headers = init?.headers as Record<string, string> | undefined;
    if (headers?.[PLAIN_PROMPT_HEADER] === undefined || typeof init?.body !== 'string') {
      return (baseFetch ?? globalThis.fetch)(input, init);
    }
    const { [PLAIN_PROMPT_HEADER]: _marker, ...rest } = headers;
    const body = JSON.parse(init.body) as { prompt?: unknown; stop?: unknown };
    if (
      typeof body.prompt === 'string' &&
      body.prompt.startsWith(USER_PREFIX) &&
      body.prompt.endsWith(ASSISTANT_SUFFIX)
    ) {
      body.prompt = body.prompt.slice(USER_PREFIX.length, -ASSISTANT_SUFFIX.length);
      if (Array.isArray(body.stop) && body.stop[0] === TRANSCRIPT_STOP) {
        const stop = body.stop.slice(1);
        body.stop = stop.length > 0 ? stop : undefined;
      }
    }
    return (baseFetch ?? globalThis.fetch)(input, { ...init, headers: rest, body: JSON.stringify(body) });
  };
}
