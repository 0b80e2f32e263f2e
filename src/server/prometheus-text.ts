// A small, tolerant parser for the Prometheus text exposition format (version 0.0.4), which vLLM
// serves on GET /metrics. A line that does not parse is counted and skipped, never fatal.

/** One sample line: `name{label="value",…} value [timestamp]`. */
export interface PrometheusSample {
  /** Full sample name, including suffixes such as `_total`, `_bucket`, `_sum`, `_count`. */
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The value; `NaN`, `+Inf` and `-Inf` are parsed as such. */
  value: number;
}

/** Parsed exposition text. */
export interface PrometheusText {
  samples: PrometheusSample[];
  /** `# TYPE` declarations: metric family name → `counter`, `gauge`, `histogram`, … */
  types: Record<string, string>;
  /** Lines that were neither a comment, blank, nor a valid sample. */
  skippedLines: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parsePrometheusText(text: string): PrometheusText {
  const samples: PrometheusSample[] = [];
  const types: Record<string, string> = {};
  let skippedLines = 0;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types[type[1]] = type[2];
      continue;
    }
    const sample = parseSampleLine(line);
    if (sample) samples.push(sample);
    else skippedLines++;
  }
  return { samples, types, skippedLines };
}

function parseSampleLine(line: string): PrometheusSample | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (!parsed) return undefined;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const fields = rest.trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') return undefined;
  const value = parseValue(fields[0]);
  if (value === undefined) return undefined;
  if (fields.length === 2 && !/^-?\d+$/.test(fields[1])) return undefined; // optional timestamp (ms)
  return { name, labels, value };
}

/** Parses `{a="x",b="y\"z"}` from the start of `text`; returns the labels and the consumed length. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | undefined {
  const labels: Record<string, string> = {};
  let position = 1;
  for (;;) {
    while (text[position] === ' ' || text[position] === ',') position++;
    if (text[position] === '}') return { labels, length: position + 1 };
    const labelName = LABEL_NAME.exec(text.slice(position))?.[0];
    if (!labelName) return undefined;
    position += labelName.length;
    while (text[position] === ' ') position++;
    if (text[position] !== '=') return undefined;
    position++;
    while (text[position] === ' ') position++;
    if (text[position] !== '"') return undefined;
    position++;
    let value = '';
    for (;;) {
      const char = text[position];
      if (char === undefined) return undefined;
      position++;
      if (char === '"') break;
      if (char === '\\') {
        const escaped = text[position];
        position++;
        value += escaped === 'n' ? '\n' : escaped === undefined ? '' : escaped;
      } else {
        value += char;
      }
    }
    labels[labelName] = value;
  }
}

function parseValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
