/** Small fetch helpers for the emulator tests (plain fetch, no provider). */

/** Parsed JSON whose shape the test asserts on. */
export type Json = ReturnType<typeof JSON.parse>;

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {}, headers: response.headers };
}

/** Posts a streaming request and returns the raw SSE `data:` payloads (strings, `[DONE]` included). */
export async function postStream(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

/** The JSON chunks of an SSE stream (everything but `[DONE]`). */
export function chunksOf(events: string[]): Json[] {
  return events.filter((event) => event !== '[DONE]').map((event) => JSON.parse(event));
}

export const userMessage = (content: string) => [{ role: 'user', content }];
