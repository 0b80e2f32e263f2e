import type { VllmConnection } from './vllm-settings';

// A request to a path vLLM has no route for gets FastAPI's default 404, `{"detail":"Not Found"}` —
// unlike vLLM's own 404s (unknown model, unknown LoRA adapter), which use its error envelope. It
// means one of two things: the base URL is not the server's OpenAI root (no `/v1`, a typo such as
// `/vl`, a full endpoint URL such as `…/v1/chat/completions`), or the server runs a model without
// that task (embeddings on a chat model, chat on a pooling model). `GET <root>/models` tells them
// apart, and finds the right root when the base URL is wrong.

/** What the probe needs from a connection. */
export type VllmProbeConnection = Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'>;

/** How long the `/models` probes may take in total: they only word an error message. */
const PROBE_TIMEOUT_MS = 3_000;

/** At most this many roots are probed (the base URL's own path prefixes). */
const MAX_PROBES = 6;

/**
 * Whether an HTTP answer says "no such route" rather than being one of vLLM's own errors: a 404 or
 * 405 whose body is not vLLM's error envelope (FastAPI's `{"detail": …}`, a proxy's HTML page, no body).
 */
export function isMissingRouteResponse(
  statusCode: number | undefined,
  responseBody: string | undefined,
): boolean {
  if (statusCode !== 404 && statusCode !== 405) return false;
  if (responseBody === undefined || responseBody.trim() === '') return true;
  try {
    const body = JSON.parse(responseBody) as { error?: unknown; object?: unknown } | null;
    return typeof body !== 'object' || body === null || (body.error === undefined && body.object !== 'error');
  } catch {
    return true; // a proxy's HTML 404 page
  }
}

/** `http://user:secret@host` → `http://***@host`: URLs in messages never carry credentials. */
function withoutCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]*@/, '$1***@');
}

/**
 * Where `GET <root>/models` might answer, most specific first: the base URL itself, then each prefix of
 * its path with `/v1` appended (`http://h:8000/vl` → `http://h:8000/vl/v1`, `http://h:8000/v1`;
 * `…/v1/chat/completions` → `…/v1`).
 */
export function candidateRoots(baseURL: string): string[] {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return [];
  }
  // The scheme and authority as written (credentials kept: the probe must reach the same server).
  const authorityEnd = baseURL.indexOf('/', baseURL.indexOf('//') + 2);
  const origin = authorityEnd < 0 ? baseURL : baseURL.slice(0, authorityEnd);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const roots = new Set<string>([baseURL.replace(/\/+$/, '')]);
  for (let length = segments.length; length >= 0; length--) {
    const prefix = segments.slice(0, length);
    const root = prefix.at(-1) === 'v1' ? prefix : [...prefix, 'v1'];
    roots.add(`${origin}/${root.join('/')}`);
  }
  return [...roots].slice(0, MAX_PROBES);
}

/** The answer of `GET <root>/models` when it came from vLLM's OpenAI API. */
interface RootAnswer {
  root: string;
  /** Served names (`undefined` when the server wants an API key we do not have). */
  models: string[] | undefined;
}

async function probeRoot(
  connection: VllmProbeConnection,
  root: string,
  signal: AbortSignal,
): Promise<RootAnswer | undefined> {
  try {
    const response = await connection.fetch(`${root}/models`, {
      method: 'GET',
      headers: Object.fromEntries(
        Object.entries(connection.headers()).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
      signal,
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: unknown; error?: unknown };
    if (response.status === 200 && Array.isArray(body.data)) {
      const models = body.data
        .map((card) => (card as { id?: unknown }).id)
        .filter((id): id is string => typeof id === 'string');
      return { root, models };
    }
    // `--api-key` middleware: the OpenAI routes are there, behind a key.
    if (response.status === 401 && body.error === 'Unauthorized') return { root, models: undefined };
  } catch {
    // not vLLM there (or not reachable in time)
  }
  return undefined;
}

/** What the probe found for a route 404. */
export interface VllmMissingRoute {
  /** The error message: the URL requested, that the server has no such route, and the fix. */
  message: string;
  /** The configured base URL is vLLM's OpenAI root: the endpoint is missing, not the base URL wrong. */
  baseURLIsRoot: boolean;
  /** A root where `GET /models` answered, when the base URL is wrong and one was found. */
  suggestedBaseURL?: string;
  /** Names the server serves, when known. */
  servedModels?: string[];
}

/** What an endpoint needs from the model when a server at the right root lacks it. */
function taskHint(path: string): string {
  if (/\/embeddings$|\/v2\/embed$|\/pooling$/.test(path)) {
    return 'Embeddings need an embedding model served with --runner pooling (e.g. `vllm serve BAAI/bge-m3 --runner pooling`); give that server its own provider (createVllm({ baseURL })).';
  }
  if (/\/rerank$|\/score$/.test(path)) {
    return 'Reranking needs a reranker (cross-encoder) served with --runner pooling (e.g. `vllm serve BAAI/bge-reranker-v2-m3 --runner pooling`); give that server its own provider (createVllm({ baseURL })).';
  }
  if (/\/audio\/(transcriptions|translations)$/.test(path)) {
    return 'Speech-to-text needs a speech model such as openai/whisper-large-v3-turbo (vllm serve openai/whisper-large-v3-turbo).';
  }
  if (/\/responses$/.test(path)) {
    return 'vLLM serves /v1/responses for generative models since 0.10; a pooling model has no Responses API.';
  }
  if (/\/chat\/completions$|\/completions$/.test(path)) {
    return 'Text generation needs a generative model; this server runs a pooling model (--runner pooling), which serves embeddings, scores and reranking only.';
  }
  return 'The model this server runs does not support that task, or this vLLM release does not have the endpoint.';
}

/**
 * Explains a route 404 for `method url`: probes `GET /models` under the base URL and its likely
 * OpenAI roots (in parallel, 3 s in all) and says which it is — a wrong base URL (with the root
 * that answered, when one did) or an endpoint the server's model does not serve.
 */
export async function describeMissingRoute(options: {
  url: string;
  method: string;
  connection: VllmProbeConnection;
  statusCode?: number;
}): Promise<VllmMissingRoute> {
  const { url, method, connection } = options;
  const baseURL = connection.baseURL();
  const status = options.statusCode ?? 404;
  const shownURL = withoutCredentials(url);
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {}

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  let answers: Array<RootAnswer | undefined>;
  try {
    const roots = candidateRoots(baseURL);
    answers = await Promise.all(roots.map((root) => probeRoot(connection, root, controller.signal)));
  } finally {
    clearTimeout(timer);
  }
  const found = answers.filter((answer): answer is RootAnswer => answer !== undefined);
  const atBase = found.find((answer) => answer.root === baseURL.replace(/\/+$/, ''));
  const serves = (models: string[] | undefined) =>
    models === undefined ? '' : ` It serves: ${models.length > 0 ? models.join(', ') : 'no models'}.`;

  if (atBase !== undefined) {
    return {
      message:
        `The vLLM server at ${withoutCredentials(baseURL)} has no route ${method} ${path} (HTTP ${status} Not Found ` +
        `for ${shownURL}): the base URL is right, but the server does not serve this endpoint.` +
        `${serves(atBase.models)} ${taskHint(path)}`,
      baseURLIsRoot: true,
      servedModels: atBase.models,
    };
  }

  const suggestion = found[0];
  let example = 'http://localhost:8000/v1';
  try {
    example = `${new URL(url).origin}/v1`;
  } catch {}
  const fix =
    suggestion !== undefined
      ? ` vLLM's OpenAI API answers at ${withoutCredentials(suggestion.root)} (GET /models):` +
        ` set baseURL (or VLLM_BASE_URL) to '${withoutCredentials(suggestion.root)}'.${serves(suggestion.models)}`
      : ` No vLLM OpenAI API answered GET /models under ${withoutCredentials(baseURL)} either: check the host, port and path prefix.`;
  return {
    message:
      `The server has no route ${method} ${path}: ${shownURL} answered HTTP ${status} Not Found. ` +
      `baseURL must be the vLLM server's OpenAI-compatible root, including /v1 (e.g. ${withoutCredentials(example)}), ` +
      `not the server root or an endpoint URL; it is ${withoutCredentials(baseURL)}.${fix}`,
    baseURLIsRoot: false,
    suggestedBaseURL: suggestion?.root,
    servedModels: suggestion?.models,
  };
}
