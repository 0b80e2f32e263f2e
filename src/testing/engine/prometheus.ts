/** A tiny Prometheus registry rendering the text exposition format like Python's prometheus_client. */

/** Python-style float rendering (`0.0`, `12.0`, `0.25`). */
export function pythonFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([key, value]) => `${key}="${value.replace(/["\\\n]/g, '\\$&')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

interface Series<T> {
  labels: Record<string, string>;
  value: T;
}

abstract class Metric<T> {
  protected readonly series = new Map<string, Series<T>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}

  protected abstract initial(): T;

  protected get(labels: Record<string, string>): Series<T> {
    const key = labelText(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels, value: this.initial() };
      this.series.set(key, series);
    }
    return series;
  }

  protected abstract lines(series: Series<T>): string[];

  render(): string {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const series of this.series.values()) out.push(...this.lines(series));
    return out.join('\n');
  }
}

export class Counter extends Metric<number> {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }
  protected initial(): number {
    return 0;
  }
  inc(labels: Record<string, string>, amount = 1): void {
    this.get(labels).value += amount;
  }
  touch(labels: Record<string, string>): void {
    this.get(labels);
  }
  protected lines(series: Series<number>): string[] {
    return [`${this.name}_total${labelText(series.labels)} ${pythonFloat(series.value)}`];
  }
}

export class Gauge extends Metric<number> {
  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }
  protected initial(): number {
    return 0;
  }
  set(labels: Record<string, string>, value: number): void {
    this.get(labels).value = value;
  }
  protected lines(series: Series<number>): string[] {
    return [`${this.name}${labelText(series.labels)} ${pythonFloat(series.value)}`];
  }
}

interface HistogramValue {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric<HistogramValue> {
  constructor(
    name: string,
    help: string,
    private readonly buckets: readonly number[],
  ) {
    super(name, help, 'histogram');
  }
  protected initial(): HistogramValue {
    return { counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
  }
  observe(labels: Record<string, string>, value: number): void {
    const series = this.get(labels).value;
    for (let index = 0; index < this.buckets.length; index++)
      if (value <= this.buckets[index]) series.counts[index]++;
    series.sum += value;
    series.count++;
  }
  touch(labels: Record<string, string>): void {
    this.get(labels);
  }
  protected lines(series: Series<HistogramValue>): string[] {
    const { counts, sum, count } = series.value;
    const lines = this.buckets.map(
      (bound, index) =>
        `${this.name}_bucket${labelText({ ...series.labels, le: pythonFloat(bound) })} ${pythonFloat(counts[index])}`,
    );
    lines.push(`${this.name}_bucket${labelText({ ...series.labels, le: '+Inf' })} ${pythonFloat(count)}`);
    lines.push(`${this.name}_count${labelText(series.labels)} ${pythonFloat(count)}`);
    lines.push(`${this.name}_sum${labelText(series.labels)} ${pythonFloat(sum)}`);
    return lines;
  }
}
