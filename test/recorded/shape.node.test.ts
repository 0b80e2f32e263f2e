import { describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulatorOptions } from '../../src/testing/index';
import { collapsedSignatures, shapeDifferences, sseChunks } from './json-shape';
import { loadRecordedFixtures, type RecordedFixture } from './recorded-fixtures';

// For every recorded body whose request is known, the emulator at the matching version profile and
// flags answers the same request with the same JSON shape (keys at every level, null vs absent,
// chunk order), values aside. Known differences are listed, with the reason, in the fixture's
// `shapeDifferences`; the test fails when the emulator's shape moves either way.

/**
 * Requests for fixtures whose published request is partial: only what the source states (the model
 * name of a 404, a text-only message where the emulator's text-only models would refuse media).
 */
const REQUEST_OVERRIDES: Record<string, Record<string, unknown>> = {
  '0.3-flat-404-model-qwen1.5-gptq': {
    model: 'Qwen1.5-14B-Chat-GPTQ-Int8',
    messages: [{ role: 'user', content: 'Hi' }],
  },
  '0.13-chat-qwen3-vl-image': {
    model: '/root/.cache/modelscope/hub/models/Qwen/Qwen3-VL-30B-A3B-Instruct',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: [{ type: 'text', text: 'What is the text in the illustrate?' }] },
    ],
    max_tokens: 100,
  },
  '0.7-rerank-bge-reranker-base': {
    model: 'BAAI/bge-reranker-base',
    query: 'What is the capital of France?',
    documents: [
      'The capital of Brazil is Brasilia.',
      'The capital of France is Paris.',
      'Horses and cows are both animals',
    ],
    top_n: 2,
  },
};

function flag(fixture: RecordedFixture, ...names: string[]): string | undefined {
  const flags = fixture.server.flags ?? [];
  const index = flags.findIndex((item) => names.includes(item));
  return index === -1 ? undefined : flags[index + 1];
}

function hasFlag(fixture: RecordedFixture, ...names: string[]): boolean {
  return (fixture.server.flags ?? []).some((item) => names.includes(item));
}

/** `vllm serve` flags of the fixture as emulator options. */
function emulatorOptions(fixture: RecordedFixture): VllmEmulatorOptions {
  const pooling =
    ['embeddings', 'rerank', 'score'].includes(fixture.endpoint) || fixture.request.path === '/v1/embeddings';
  const maxModelLen = flag(fixture, '--max-model-len', '--max_model_len');
  const toolCallParser = flag(fixture, '--tool-call-parser');
  return {
    version: fixture.emulatorProfile ?? undefined,
    model: fixture.server.model,
    servedModelName: flag(fixture, '--served-model-name'),
    reasoningParser: flag(fixture, '--reasoning-parser'),
    toolCallParser,
    enableAutoToolChoice: hasFlag(fixture, '--enable-auto-tool-choice', '--enable_auto_tool_choice'),
    ...(maxModelLen ? { maxModelLen: Number(maxModelLen) } : {}),
    ...(hasFlag(fixture, '--api-key') && fixture.response.status === 401 ? { apiKey: 'not-sent' } : {}),
    runner: pooling ? 'pooling' : 'generate',
  };
}

/** Media parts removed from chat messages: the emulator's models are text-only and refuse them. */
function textOnly(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.messages)) return body;
  const messages = (body.messages as { content: unknown }[]).map((message) =>
    Array.isArray(message.content)
      ? { ...message, content: message.content.filter((part: { type?: string }) => part.type === 'text') }
      : message,
  );
  return { ...body, messages };
}

function requestBody(fixture: RecordedFixture): Record<string, unknown> | null {
  const body = REQUEST_OVERRIDES[fixture.id] ?? fixture.request.body;
  // A refused media request is the point of an error fixture: keep its parts.
  return body === null || fixture.response.status !== 200 ? body : textOnly(body);
}

const shapeTested = loadRecordedFixtures().filter(
  (fixture) =>
    fixture.emulatorProfile !== null &&
    fixture.shapeTest !== false &&
    fixture.endpoint !== 'metrics' &&
    (requestBody(fixture) !== null || fixture.request.method === 'GET'),
);

async function emulatedText(
  fixture: RecordedFixture,
  url: string,
): Promise<{ status: number; text: string }> {
  const body = requestBody(fixture);
  const response = await fetch(`${url}${fixture.request.path}`, {
    method: fixture.request.method,
    ...(fixture.request.method === 'GET'
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

/** The differences between the recorded and the emulated body, `-`/`+` key paths (streams: per chunk). */
function differences(fixture: RecordedFixture, emulated: string): string[] {
  if (!fixture.response.contentType.startsWith('text/event-stream')) {
    return shapeDifferences(JSON.parse(fixture.response.body), JSON.parse(emulated));
  }
  const recorded = sseChunks(fixture.response.body);
  const ours = sseChunks(emulated);
  const recordedSignatures = collapsedSignatures(recorded.chunks);
  const ourSignatures = collapsedSignatures(ours.chunks);
  const result: string[] = [];
  if (fixture.replayAppend === undefined && recorded.done !== ours.done) result.push('[DONE]');
  if (recordedSignatures.length !== ourSignatures.length) {
    result.push(
      `chunk sequence: ${recordedSignatures.length} shapes recorded, ${ourSignatures.length} emulated`,
    );
    return result;
  }
  recordedSignatures.forEach((signature, index) => {
    const left = Object.fromEntries(signature.split(' ').map((path) => [path, true]));
    const right = Object.fromEntries(ourSignatures[index].split(' ').map((path) => [path, true]));
    for (const path of Object.keys(left)) if (!(path in right)) result.push(`chunk ${index}: -${path}`);
    for (const path of Object.keys(right)) if (!(path in left)) result.push(`chunk ${index}: +${path}`);
  });
  return result.sort();
}

describe('recorded vLLM responses vs the emulator: same JSON shape', () => {
  it('compares at least one fixture per endpoint it can', () => {
    expect(shapeTested.length).toBeGreaterThan(0);
  });

  it.each(
    shapeTested.map(
      (fixture) =>
        [`${fixture.endpoint}/${fixture.id} (profile ${fixture.emulatorProfile})`, fixture] as const,
    ),
  )('%s', async (_name, fixture) => {
    await using emulator = await startVllmEmulator(emulatorOptions(fixture));
    const { status, text } = await emulatedText(fixture, emulator.url);
    expect(status).toBe(fixture.response.status);
    expect(differences(fixture, text)).toEqual(Object.keys(fixture.shapeDifferences ?? {}).sort());
  });
});
