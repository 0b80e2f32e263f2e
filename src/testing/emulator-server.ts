import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorContext, RecordedRequest } from './emulator-context';
import { applyFaults } from './faults/apply-faults';
import type { VllmFault } from './faults/fault-types';
import type { Body } from './generation/field-types';
import { readBody, readBodyBytes } from './http/read-body';
import { sendError, sendJson } from './http/respond';
import { requestValidationError, VllmHttpError } from './http/vllm-error';
import { EMBEDDING_CHAT_EXTRA, type RequestFieldSets } from './profiles/request-fields';

/** What a route handler gets. */
export interface RouteRequest {
  ctx: EmulatorContext;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** The JSON body (`{}` for requests without one). */
  body: Body;
  record: RecordedRequest;
  /** A stream fault to apply to this response (streaming endpoints pass it to their EventStream). */
  streamFault: VllmFault | undefined;
  /** The raw body bytes, for `multipart` routes. */
  rawBody?: Buffer;
}

/** One HTTP route of the emulator. */
export interface Route {
  methods: readonly string[];
  path: string;
  /** The body must be `application/json` (vLLM's `validate_json_request`). */
  json?: boolean;
  /** Which request model's field set decides `ignoredFields`. */
  fields?: keyof RequestFieldSets;
  /** The body is a `multipart/form-data` upload (vLLM's `Form()` routes): handed over as bytes. */
  multipart?: boolean;
  handle(route: RouteRequest): Promise<void> | void;
}

const UNSUPPORTED_MEDIA = "Unsupported Media Type: Only 'application/json' is allowed";

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function authorized(ctx: EmulatorContext, request: IncomingMessage, path: string): boolean {
  const keys = ctx.options.apiKeys;
  if (keys.length === 0 || request.method === 'OPTIONS') return true;
  if (!ctx.profile.authPrefixes.some((prefix) => path.startsWith(prefix))) return true;
  const header = request.headers.authorization ?? '';
  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space).toLowerCase() !== 'bearer') return false;
  return keys.includes(header.slice(space + 1));
}

function parseJson(ctx: EmulatorContext, text: string): Body {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw requestValidationError(ctx.profile, [
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} },
    ]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw requestValidationError(ctx.profile, [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: parsed,
      },
    ]);
  }
  return parsed as Body;
}

async function handle(
  ctx: EmulatorContext,
  routes: ReadonlyMap<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const path = url.pathname;
  const record: RecordedRequest = {
    method: request.method ?? 'GET',
    path,
    headers: headersOf(request),
    body: undefined,
    ignoredFields: [],
  };
  const route = routes.get(path);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const rawBody = hasBody && route?.multipart ? await readBodyBytes(request) : undefined;
  const text = !hasBody || rawBody !== undefined ? '' : await readBody(request);
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        record.body = parsed as Body;
    } catch {
      record.body = undefined;
    }
  }
  const allowed = fieldsOf(ctx, route, record.body);
  if (allowed && record.body)
    record.ignoredFields = Object.keys(record.body).filter((key) => !allowed.has(key));
  if (!path.startsWith('/_emulator/') && ctx.options.maxRecordedRequests > 0) {
    if (ctx.requests.length >= ctx.options.maxRecordedRequests) ctx.requests.shift();
    ctx.requests.push(record);
  }
  if (route === undefined) return sendJson(response, 404, { detail: 'Not Found' });
  if (!route.methods.includes(record.method))
    return sendJson(response, 405, { detail: 'Method Not Allowed' });
  if (!authorized(ctx, request, path)) return sendJson(response, 401, { error: 'Unauthorized' });
  const isStream = record.body?.stream === true;
  const { handled, streamFault } = await applyFaults(ctx, ctx.faults.pick(path, isStream), request, response);
  if (handled) return;
  let body: Body = {};
  if (route.json && record.method === 'POST') {
    const mediaType = (request.headers['content-type'] ?? '').toLowerCase().split(';')[0].trim();
    if (mediaType !== 'application/json') {
      const message =
        ctx.profile.validationErrorStyle === 'counted'
          ? `1 validation error:\n  ${UNSUPPORTED_MEDIA}`
          : `["${UNSUPPORTED_MEDIA}"]`;
      throw new VllmHttpError(400, message, 'Bad Request');
    }
    body = parseJson(ctx, text);
  }
  const counted = route.fields !== undefined;
  if (counted) ctx.inFlight++;
  try {
    await route.handle({ ctx, request, response, url, body, record, streamFault, rawBody });
  } finally {
    if (counted) ctx.inFlight--;
  }
}

function fieldsOf(
  ctx: EmulatorContext,
  route: Route | undefined,
  body: unknown,
): ReadonlySet<string> | undefined {
  if (!route?.fields) return undefined;
  const base = ctx.profile.fields[route.fields];
  const chatStyle =
    route.fields === 'embedding' && (body as { messages?: unknown } | undefined)?.messages !== undefined;
  return chatStyle ? new Set([...base, ...EMBEDDING_CHAT_EXTRA]) : base;
}

/** Creates the node:http server that dispatches to `routes` (one file per endpoint family). */
export function createEmulatorServer(ctx: EmulatorContext, routes: readonly Route[]): Server {
  const table = new Map(routes.map((route) => [route.path, route]));
  const server = createServer({ keepAlive: true }, (request, response) => {
    handle(ctx, table, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const vllmError =
        error instanceof VllmHttpError
          ? error
          : new VllmHttpError(
              500,
              error instanceof Error ? error.message : String(error),
              'InternalServerError',
            );
      sendError(response, ctx.profile, vllmError);
    });
  });
  return server;
}
