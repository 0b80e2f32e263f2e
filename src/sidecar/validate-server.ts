import type { VllmServerCapabilities } from './server-capabilities';

/** Result of `server.validate()`. `issues` says what is wrong, in words. */
export interface VllmServerValidation {
  /** `/health` answered 200. */
  healthy: boolean;
  /** `GET /v1/models` answered 200 with the API key. */
  apiAccessible: boolean;
  /** The served model name is listed in `/v1/models`. */
  modelLoaded: boolean;
  /** With an API key: a request without it was rejected (401). `undefined` without a key. */
  authEnforced: boolean | undefined;
  /** `/version`, if it answered. */
  vllmVersion: string | undefined;
  /** Tool calling is configured (`--enable-auto-tool-choice --tool-call-parser`). */
  toolCalling: boolean;
  /** A reasoning parser is configured. */
  reasoning: boolean;
  issues: string[];
}

async function request(url: string, headers: Record<string, string> = {}): Promise<Response | undefined> {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  } catch {
    return undefined;
  }
}

/** Checks a running server through its HTTP API. */
export async function validateServer(input: {
  serverURL: string;
  modelId: string;
  apiKey: string | undefined;
  capabilities: VllmServerCapabilities;
}): Promise<VllmServerValidation> {
  const issues: string[] = [];
  const authorization: Record<string, string> = input.apiKey
    ? { Authorization: `Bearer ${input.apiKey}` }
    : {};
  const [health, models, anonymous, version] = await Promise.all([
    request(`${input.serverURL}/health`),
    request(`${input.serverURL}/v1/models`, authorization),
    input.apiKey ? request(`${input.serverURL}/v1/models`) : Promise.resolve(undefined),
    request(`${input.serverURL}/version`),
  ]);
  const healthy = health?.status === 200;
  if (!healthy)
    issues.push(
      health ? `/health answered ${health.status} (the engine may have died).` : '/health did not answer.',
    );
  const apiAccessible = models?.status === 200;
  if (!apiAccessible)
    issues.push(models ? `/v1/models answered ${models.status}.` : '/v1/models did not answer.');
  const ids = apiAccessible
    ? (((await models.json()) as { data?: Array<{ id: string }> }).data ?? []).map((model) => model.id)
    : [];
  const modelLoaded = ids.includes(input.modelId);
  if (apiAccessible && !modelLoaded)
    issues.push(`"${input.modelId}" is not among the served models (${ids.join(', ')}).`);
  const authEnforced = input.apiKey ? anonymous?.status === 401 : undefined;
  if (authEnforced === false) issues.push('The server accepts requests without the API key.');
  const vllmVersion = version?.ok ? ((await version.json()) as { version?: string }).version : undefined;
  await Promise.all([health, anonymous].map((response) => response?.body?.cancel()));
  return {
    healthy,
    apiAccessible,
    modelLoaded,
    authEnforced,
    vllmVersion,
    toolCalling: input.capabilities.autoToolChoice,
    reasoning: input.capabilities.reasoningParser !== undefined,
    issues,
  };
}
