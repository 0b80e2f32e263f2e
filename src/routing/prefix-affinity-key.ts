import { parseJsonBody } from './request-info';

/**
 * Characters of a `/v1/completions` prompt the affinity key covers: the shared head of templated
 * prompts (a few-shot preamble, a rendered system prompt) without the part that changes per request.
 * About 512 tokens, 32 vLLM blocks of 16 tokens.
 */
export const COMPLETION_KEY_CHARS = 2048;

/**
 * The key `loadBalancing: 'prefix-aware'` routes on: a hash of the prompt's stable prefix, the part
 * that every later request of the same conversation starts with, so they all reach the replica that
 * holds its KV cache. For chat it is the model, the tools and the messages up to and including the
 * first user message (system prompt included); every later turn and agent step repeats them
 * unchanged. For completions it is the model and the head of the prompt. Content is hashed as sent
 * (not tokenized), so two clients agree with no coordination. `undefined` for other requests and
 * bodies that are not JSON (they go to the least busy endpoint).
 */
export function prefixAffinityKey(
  path: string,
  body: BodyInit | null | undefined,
  parse: () => Record<string, unknown> | undefined = () => parseJsonBody(body),
): string | undefined {
  const route = path.split('?', 1)[0];
  const chat = route.endsWith('/chat/completions');
  if (!chat && !route.endsWith('/completions')) return undefined;
  const parsed = parse();
  if (parsed === undefined) return undefined;
  const text = chat ? chatPrefix(parsed) : completionPrefix(parsed);
  return text === undefined ? undefined : hashText(text);
}

function chatPrefix(body: Record<string, unknown>): string | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  let text = `${String(body.model)}\u0000${body.tools === undefined ? '' : JSON.stringify(body.tools)}`;
  for (const message of messages) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    text += `\u0000${String(role)}\u0000${typeof content === 'string' ? content : JSON.stringify(content ?? null)}`;
    if (role === 'user') break;
  }
  return text;
}

function completionPrefix(body: Record<string, unknown>): string | undefined {
  let prompt = body.prompt;
  if (Array.isArray(prompt)) prompt = typeof prompt[0] === 'number' ? prompt.join(',') : prompt[0];
  if (Array.isArray(prompt)) prompt = prompt.join(',');
  if (typeof prompt !== 'string' || prompt === '') return undefined;
  return `${String(body.model)}\u0000${prompt.slice(0, COMPLETION_KEY_CHARS)}`;
}

/** A 64-bit hash (two 32-bit FNV-1a lanes) as hex: collisions between prefixes are negligible. */
function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
