import type { ServerResponse } from 'node:http';
import type { VersionProfile } from '../version-profiles';
import { errorBody, type VllmHttpError } from './vllm-error';

/** Sends a JSON body (uvicorn/Starlette headers: `content-type: application/json`). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Sends a plain-text body. */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends a vLLM error in the profile's envelope. */
export function sendError(response: ServerResponse, profile: VersionProfile, error: VllmHttpError): void {
  sendJson(response, error.status, errorBody(profile, error));
}

/** Starts a `text/event-stream` response (HTTP 200, as vLLM's StreamingResponse). */
export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
}

/** Formats one SSE event carrying a JSON payload. */
export function sseEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';
