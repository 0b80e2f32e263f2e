import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerLoad } from '../../src/routing/load-metrics';
import { parsePrometheusText } from '../../src/server/prometheus-text';

// Property-based tests of the Prometheus text parser (vLLM's /metrics) on random valid and broken input.

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,30}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);
// Any text, including the characters that need escaping (backslash, quote, newline) and non-ASCII.
const labelValue = fc.string({
  maxLength: 20,
  unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '\n', '{', '}', ',', '=', 'é', '🚀'),
});
const value = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const sampleArbitrary: fc.Arbitrary<Sample> = fc.record(
  {
    name: metricName,
    labels: fc.dictionary(labelName, labelValue, { maxKeys: 4 }),
    value,
    timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
  },
  { requiredKeys: ['name', 'labels', 'value'] },
);

const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const formatValue = (number: number) =>
  Number.isNaN(number)
    ? 'NaN'
    : number === Number.POSITIVE_INFINITY
      ? '+Inf'
      : number === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : Object.is(number, -0)
          ? '-0'
          : String(number);

function line(sample: Sample, spacing: string): string {
  const labels = Object.entries(sample.labels);
  const block =
    labels.length === 0 ? '' : `{${labels.map(([key, text]) => `${key}="${escapeLabel(text)}"`).join(',')}}`;
  return `${sample.name}${block}${spacing}${formatValue(sample.value)}${sample.timestamp === undefined ? '' : ` ${sample.timestamp}`}`;
}

const comment = fc.oneof(
  metricName.map((name) => `# HELP ${name} Some help text.`),
  fc
    .tuple(metricName, fc.constantFrom('counter', 'gauge', 'histogram', 'summary'))
    .map(([name, type]) => `# TYPE ${name} ${type}`),
  fc.constant(''),
);

describe('parsePrometheusText (properties)', () => {
  it('parses every sample of a valid exposition, with its labels (escapes undone) and value', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(sampleArbitrary, fc.option(comment, { nil: undefined }), fc.constantFrom(' ', '  ', '\t')),
          { maxLength: 25 },
        ),
        fc.constantFrom('\n', '\r\n'),
        (entries, newline) => {
          const text = entries
            .flatMap(([sample, before, spacing]) => [
              ...(before === undefined ? [] : [before]),
              line(sample, spacing),
            ])
            .join(newline);
          const parsed = parsePrometheusText(text);
          expect(parsed.skippedLines).toBe(0);
          expect(parsed.samples).toEqual(
            entries.map(([sample]) => ({ name: sample.name, labels: sample.labels, value: sample.value })),
          );
        },
      ),
    );
  });

  it('never throws on broken input, and garbage lines do not disturb the valid ones around them', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            sampleArbitrary.map((sample) => ({ sample })),
            fc.string({ maxLength: 40 }).map((junk) => ({ junk })),
          ),
          {
            maxLength: 25,
          },
        ),
        (entries) => {
          const text = entries
            .map((entry) =>
              'sample' in entry ? line(entry.sample, ' ') : entry.junk.replace(/[\r\n]/g, ' '),
            )
            .join('\n');
          const parsed = parsePrometheusText(text);
          const valid = entries.filter((entry): entry is { sample: Sample } => 'sample' in entry);
          // Every valid line is found, in order, among the parsed samples (junk may parse too).
          let cursor = 0;
          for (const { sample } of valid) {
            const wanted = { name: sample.name, labels: sample.labels, value: sample.value };
            while (
              cursor < parsed.samples.length &&
              !Object.is(JSON.stringify(parsed.samples[cursor]), JSON.stringify(wanted))
            )
              cursor++;
            expect(cursor, `missing ${line(sample, ' ')}`).toBeLessThan(parsed.samples.length);
            cursor++;
          }
          const lines = text.split('\n').filter((item) => item.trim() !== '' && !item.trim().startsWith('#'));
          expect(parsed.samples.length + parsed.skippedLines).toBe(lines.length);
        },
      ),
    );
  });

  it('truncated anywhere, a valid exposition still parses (only the cut line may be lost or skipped)', () => {
    fc.assert(
      fc.property(
        fc.array(sampleArbitrary, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        (samples, cutSeed) => {
          const text = samples.map((sample) => line(sample, ' ')).join('\n');
          const cut = cutSeed % (text.length + 1);
          const parsed = parsePrometheusText(text.slice(0, cut));
          const whole = text.slice(0, cut).split('\n').length - 1; // lines fully before the cut
          expect(parsed.samples.slice(0, whole)).toEqual(
            samples
              .slice(0, whole)
              .map((sample) => ({ name: sample.name, labels: sample.labels, value: sample.value })),
          );
          expect(parsed.samples.length + parsed.skippedLines).toBeLessThanOrEqual(whole + 1);
        },
      ),
    );
  });

  it("the router's load reader agrees with the full parser on vLLM's running/waiting gauges", () => {
    const gauge = fc.record({
      name: fc.constantFrom(
        'vllm:num_requests_running',
        'vllm:num_requests_waiting',
        'vllm:num_requests_swapped',
      ),
      labels: fc.dictionary(
        fc.constantFrom('model_name', 'engine'),
        fc.constantFrom('Qwen/Qwen3-8B', '0', '1'),
        { maxKeys: 2 },
      ),
      value: fc.integer({ min: 0, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(gauge, sampleArbitrary), { maxLength: 20 }), (samples) => {
        const text = samples.map((sample) => line(sample, ' ')).join('\n');
        const parsed = parsePrometheusText(text).samples;
        const sum = (name: string) =>
          parsed.filter((sample) => sample.name === name).reduce((total, sample) => total + sample.value, 0);
        const present = (name: string) =>
          parsed.some((sample) => sample.name === name && Number.isFinite(sample.value));
        const load = parseServerLoad(text);
        if (!present('vllm:num_requests_running') && !present('vllm:num_requests_waiting')) {
          expect(load).toBeUndefined();
        } else {
          expect(load).toEqual({
            running: sum('vllm:num_requests_running'),
            waiting: sum('vllm:num_requests_waiting'),
          });
        }
      }),
    );
  });
});
