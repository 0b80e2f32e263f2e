import { embed } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import {
  acceptsField,
  describeFieldAvailability,
  knownFields,
  versionOrdinal,
} from '../../src/provider/version/vllm-request-fields';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { EMBEDDINGS } from '../helpers/vllm-fixtures';
import fieldsByVersion from './fixtures/vllm-fields-by-version.json';

// The provider's "since version" table against the request fields of every vLLM release from 0.10.0
// to main of 2026-08-17, read from vLLM's own pydantic request models per release (fixture copied
// from /work/shared/vllm/versions/fields-by-version.json; sources and confidence per version inside).
// For every release and every field either side knows: the provider sends a field exactly when that
// release accepts it. A field merged inside the uncertain window around a release cut
// (`ambiguous_changes_near_cut`) must be withheld from that release: sending a field the server
// does not know is silently ignored (HTTP 200), withholding it gives the user a warning.

type Endpoint = 'chat' | 'completion';
interface ReleaseFields {
  chat: string[];
  completion: string[];
  embedding: string[];
  ambiguous_changes_near_cut?: Partial<Record<string, string[]>>;
}
const RELEASES = fieldsByVersion as unknown as Record<string, ReleaseFields>;

/** The release numbers a fixture key stands for. `HEAD(>0.27.1,<0.28.0)` is what 0.28 builds on. */
function releasesOf(key: string): Array<[label: string, ordinal: number]> {
  if (key.startsWith('HEAD')) return [['0.28.0', versionOrdinal(0, 28)]];
  const [major, minor, patch] = key.split('.');
  if (patch === 'x') return [0, 1].map((p) => [`${major}.${minor}.${p}`, versionOrdinal(+major, +minor, p)]);
  const base: Array<[string, number]> = [[key, versionOrdinal(+major, +minor, +patch)]];
  // 0.27.1 (by 2026-08-13) is a patch release of the 0.27 branch: same request models.
  if (key === '0.27.0') base.push(['0.27.1', versionOrdinal(0, 27, 1)]);
  return base;
}

function ambiguous(entry: ReleaseFields, endpoint: Endpoint | 'embedding'): Set<string> {
  return new Set(
    (entry.ambiguous_changes_near_cut?.[endpoint] ?? []).map((change) => change.slice(1).split(' ')[0]),
  );
}

describe('the since-version table matches vLLM release by release', () => {
  const keys = Object.keys(RELEASES);

  it('covers every release 0.10 → 0.27 and main', () => {
    expect(keys).toHaveLength(22);
    expect(keys[0]).toBe('0.10.0');
    expect(keys.at(-1)).toMatch(/^HEAD/);
  });

  for (const key of keys) {
    for (const [label, ordinal] of releasesOf(key)) {
      for (const endpoint of ['chat', 'completion'] as const) {
        it(`vLLM ${label} ${endpoint}`, () => {
          const entry = RELEASES[key];
          const accepted = new Set(entry[endpoint]);
          const uncertain = ambiguous(entry, endpoint);
          const fields = new Set([...accepted, ...knownFields(endpoint), ...uncertain]);
          const wrong: string[] = [];
          for (const field of fields) {
            const expected = uncertain.has(field) ? false : accepted.has(field);
            if (acceptsField(ordinal, field, endpoint) !== expected)
              wrong.push(
                `${field}: vLLM ${expected ? 'accepts' : 'ignores'} it, the table says the opposite`,
              );
          }
          expect(wrong).toEqual([]);
          // Nothing vLLM accepts is unknown to the provider.
          expect([...accepted].filter((field) => !knownFields(endpoint).includes(field))).toEqual([]);
        });
      }
    }
  }
});

describe('the embedding model sends what each release reads', () => {
  // Every option the embedding model has, at once; each release's body must hold only fields that
  // release reads (an unknown field is ignored with HTTP 200), and nothing the user set may be lost
  // without a warning.
  const ALL = {
    dimensions: 64,
    truncatePromptTokens: 128,
    truncationSide: 'left',
    encodingFormat: 'float',
    addSpecialTokens: false,
    priority: 1,
    user: 'u',
  } as const;
  for (const key of Object.keys(RELEASES)) {
    for (const [label] of releasesOf(key)) {
      it(`vLLM ${label} /v1/embeddings`, async () => {
        const entry = RELEASES[key];
        const readable = new Set(entry.embedding);
        for (const field of ambiguous(entry, 'embedding')) readable.delete(field);
        const { fetch, requests } = createMockFetch(() => jsonResponse(EMBEDDINGS));
        const { warnings } = await embed({
          model: createVllm({ baseURL: 'http://vllm.test/v1', fetch, vllmVersion: label }).embeddingModel(
            'm',
          ),
          value: 'a',
          providerOptions: { vllm: ALL },
        });
        const sent = Object.keys(requests[0].body as Record<string, unknown>);
        expect(sent.filter((field) => !readable.has(field))).toEqual([]);
        expect(sent.includes('truncation_side')).toBe(readable.has('truncation_side'));
        if (!readable.has('truncation_side')) {
          expect(warnings).toContainEqual({
            type: 'unsupported',
            feature: 'providerOptions.vllm.truncationSide',
            details: expect.stringContaining('does not read truncation_side on /v1/embeddings (vLLM ≥ 0.19)'),
          });
        } else {
          expect(warnings).toEqual([]);
        }
        expect(requests.map((request) => new URL(request.url).pathname)).toEqual(['/v1/embeddings']);
      });
    }
  }
});

describe('the boundaries COMPARISON.md listed', () => {
  const V = versionOrdinal;
  it.each([
    // [field, endpoint, last release without it, first release with it]
    ['routed_experts_prompt_start', 'chat', V(0, 27, 1), V(0, 28)],
    ['routed_experts_prompt_start', 'completion', V(0, 27, 1), V(0, 28)],
    ['session_id', 'chat', V(0, 27, 1), V(0, 28)],
    ['media_io_kwargs', 'chat', V(0, 17), V(0, 18)],
    ['return_prompt_text', 'chat', V(0, 21), V(0, 22)],
    ['thinking_token_budget', 'completion', V(0, 21), V(0, 22)],
    ['thinking_token_budget', 'chat', V(0, 18), V(0, 19)],
    ['return_token_offsets', 'chat', V(0, 24), V(0, 25)],
    ['return_token_offsets', 'completion', V(0, 24), V(0, 25)],
    ['return_assistant_tokens_mask', 'chat', V(0, 24), V(0, 25)],
    ['repetition_detection', 'chat', V(0, 17), V(0, 18)],
    ['bad_words', 'completion', V(0, 25), V(0, 26)],
  ] as const)('%s (%s)', (field, endpoint, before, from) => {
    expect(acceptsField(before, field, endpoint)).toBe(false);
    expect(acceptsField(from, field, endpoint)).toBe(true);
  });

  it('completion structural_tag existed only in 0.11.1 (added after 0.11.0, removed for 0.12)', () => {
    expect(acceptsField(versionOrdinal(0, 11, 0), 'structural_tag', 'completion')).toBe(false);
    expect(acceptsField(versionOrdinal(0, 11, 1), 'structural_tag', 'completion')).toBe(true);
    expect(acceptsField(versionOrdinal(0, 12, 0), 'structural_tag', 'completion')).toBe(false);
    expect(describeFieldAvailability('structural_tag', 'completion')).toBe('vLLM ≥ 0.11.1 and < 0.12');
  });
});
