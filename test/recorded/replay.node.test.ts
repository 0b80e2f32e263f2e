import { describe, expect, it } from 'vitest';
import { driveFixture } from './drive-fixture';
import { EXPECTED } from './expected-results';
import { loadRecordedFixtures } from './recorded-fixtures';

// Every recorded vLLM body, served verbatim from a loopback server and read through the public API
// (generateText / streamText / embed / rerank / the server client). See test/fixtures/recorded/.

const fixtures = loadRecordedFixtures();

describe('recorded vLLM responses, replayed through the public API', () => {
  it('has an expected result for every fixture and a fixture for every expected result', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(fixtures.map((fixture) => fixture.id).sort());
  });

  it.each(fixtures.map((fixture) => [`${fixture.endpoint}/${fixture.id}`, fixture] as const))(
    '%s',
    async (_name, fixture) => {
      const expected = EXPECTED[fixture.id](() => JSON.parse(fixture.response.body));
      const observed = await driveFixture(fixture);
      if (expected.kind === 'error') {
        expect(observed.kind).toBe('error');
        if (observed.kind !== 'error') return;
        expect({ statusCode: observed.statusCode, isRetryable: observed.isRetryable }).toEqual({
          statusCode: expected.statusCode,
          isRetryable: expected.isRetryable,
        });
        expect(observed.message.trim()).not.toBe('');
        for (const piece of expected.messageIncludes) expect(observed.message).toContain(piece);
        return;
      }
      expect(observed).toEqual(expected);
    },
  );
});
