import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderBenchmarkSvg } from '../../src';
import { level, result } from './benchmark-fixture';

type Node = Record<string, unknown>;

/** Every element named `name` anywhere below `node` (fast-xml-parser's preserveOrder tree). */
function findAll(nodes: Node[], name: string, found: Node[] = []): Node[] {
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@' || key === '#text') continue;
      if (key === name) found.push(node);
      if (Array.isArray(value)) findAll(value as Node[], name, found);
    }
  }
  return found;
}

const attributes = (node: Node) => (node[':@'] ?? {}) as Record<string, string>;

function parse(svg: string): Node[] {
  expect(XMLValidator.validate(svg)).toBe(true);
  return new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
}

function seriesOf(tree: Node[], panel: string): string[] {
  const group = findAll(tree, 'g').find((node) => attributes(node).id === panel);
  expect(group).toBeDefined();
  return findAll(group!.g as Node[], 'g')
    .filter((node) => attributes(node).class === 'series')
    .map((node) => attributes(node)['data-metric']);
}

describe('renderBenchmarkSvg', () => {
  const streamed = result([level(1), level(4), level(16), level(64)]);

  it('is well-formed, self-contained SVG with a title', () => {
    const svg = renderBenchmarkSvg(streamed);
    const tree = parse(svg);
    const root = findAll(tree, 'svg')[0];
    expect(attributes(root)).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', viewBox: '0 0 1000 460' });
    expect(svg).not.toMatch(/<script|href=|url\(|@import/);
    expect(svg).toContain('vLLM benchmark: Qwen/Qwen3-8B');
  });

  it('one series per metric: throughput (tokens/s, requests/s) and latency (TTFT, ITL, E2E at p50/p99)', () => {
    const tree = parse(renderBenchmarkSvg(streamed));
    expect(seriesOf(tree, 'throughput')).toEqual(['output-tokens-per-second', 'requests-per-second']);
    expect(seriesOf(tree, 'latency')).toEqual([
      'ttft-p50',
      'ttft-p99',
      'itl-p50',
      'itl-p99',
      'e2e-p50',
      'e2e-p99',
    ]);
    // Each series has one point per level, with the exact value in its tooltip.
    const series = findAll(tree, 'g').filter((node) => attributes(node).class === 'series');
    for (const group of series) expect(findAll(group.g as Node[], 'circle')).toHaveLength(4);
    const svg = renderBenchmarkSvg(streamed);
    expect(svg).toContain('<title>TTFT p99 at concurrency 16: 960 ms</title>');
    expect(svg).toContain('<title>output tokens/s at concurrency 64: 1.11k tokens/s</title>');
  });

  it('has x and y axes with a tick label per concurrency level and axis titles', () => {
    const tree = parse(renderBenchmarkSvg(streamed));
    const axes = findAll(tree, 'g').filter((node) => attributes(node).class?.startsWith('axis'));
    expect(axes.map((node) => attributes(node).class)).toEqual([
      'axis y left',
      'axis y right',
      'axis x',
      'axis y left',
      'axis x',
    ]);
    const xAxis = axes.find((node) => attributes(node).class === 'axis x')!;
    const labels = findAll(xAxis.g as Node[], 'text').map((node) => (node.text as Node[])[0]['#text']);
    expect(labels).toEqual([1, 4, 16, 64, 'concurrency (requests in flight)']);
    expect(axes.map((node) => attributes(node)['data-label'])).toContain('latency (ms)');
  });

  it('non-streamed runs plot E2E p50/p90/p99 only; levels are sorted; text is escaped', () => {
    const plain = result(
      [
        level(8, { ttftMs: null, itlMs: null, tpotMs: null }),
        level(2, { ttftMs: null, itlMs: null, tpotMs: null }),
      ],
      false,
    );
    plain.server.model = 'org/<model> & "friends"';
    const svg = renderBenchmarkSvg(plain, { width: 600 });
    const tree = parse(svg);
    expect(seriesOf(tree, 'latency')).toEqual(['e2e-p50', 'e2e-p90', 'e2e-p99']);
    expect(svg).toContain('org/&#60;model&#62; &#38; &#34;friends&#34;');
    const xAxis = findAll(tree, 'g').find((node) => attributes(node).class === 'axis x')!;
    expect(findAll(xAxis.g as Node[], 'text').map((node) => (node.text as Node[])[0]['#text'])[0]).toBe(2);
  });

  it('reports failed requests in the subtitle', () => {
    const svg = renderBenchmarkSvg(result([level(1), level(2, { errors: 3, completed: 97 })]));
    parse(svg);
    expect(svg).toContain('3 failed requests');
  });

  it('renders a single level', () => {
    const tree = parse(renderBenchmarkSvg(result([level(4)])));
    expect(seriesOf(tree, 'latency')).toHaveLength(6);
  });
});
