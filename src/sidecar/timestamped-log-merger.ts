import { LineSplitter } from './log-lines';
import type { LogLineHandler } from './runtime';
import type { VllmLogStream } from './vllm-server-options';

// `docker logs` hands stdout and stderr over two pipes, so a stderr line (tqdm bars, uvicorn) can
// overtake a stdout line written just before it. With `--timestamps` the daemon stamps every entry
// when the container wrote it; this merger holds entries for a short window and emits them in
// timestamp order, so phases are seen in the order vLLM printed them.

/** RFC3339Nano drops trailing zeros (`.1Z` vs `.12Z`): pad the fraction so strings sort by time. */
export function sortableTime(time: string): string {
  return time.replace(
    /(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/,
    (_, fraction: string | undefined, zone: string) => `.${(fraction ?? '').padEnd(9, '0')}${zone}`,
  );
}

/** Splits `<timestamp> <text>`; entries without a timestamp sort first. */
export function splitTimestamp(entry: string): { time: string; text: string } {
  const space = entry.indexOf(' ');
  const head = space > 0 ? entry.slice(0, space) : '';
  return /^\d{4}-\d\d-\d\dT/.test(head)
    ? { time: sortableTime(head), text: entry.slice(space + 1) }
    : { time: '', text: entry };
}

interface Entry {
  time: string;
  sequence: number;
  stream: VllmLogStream;
  text: string;
  receivedAt: number;
}

export class TimestampedLogMerger {
  private readonly partial: Record<VllmLogStream, string> = { stdout: '', stderr: '' };
  private pending: Entry[] = [];
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onLine: LogLineHandler,
    private readonly windowMs = 30,
  ) {}

  /** Adds a chunk of `docker logs --timestamps` output from one stream. */
  push(stream: VllmLogStream, chunk: string): void {
    const parts = (this.partial[stream] + chunk).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const part of parts) this.add(stream, part);
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.onTimer(), this.windowMs);
  }

  private add(stream: VllmLogStream, entry: string): void {
    if (entry === '') return;
    const { time, text } = splitTimestamp(entry);
    this.pending.push({ time, sequence: this.sequence++, stream, text, receivedAt: Date.now() });
  }

  private onTimer(): void {
    this.timer = undefined;
    this.drain(false);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.onTimer(), this.windowMs);
  }

  /** Emits entries older than the window (all with `everything`), in timestamp order. */
  drain(everything: boolean): void {
    const cutoff = Date.now() - this.windowMs;
    const ready = everything ? this.pending : this.pending.filter((entry) => entry.receivedAt <= cutoff);
    if (ready.length === 0) return;
    const newest =
      ready
        .map((entry) => entry.time)
        .sort()
        .at(-1) ?? '';
    const emit = this.pending.filter(
      (entry) => everything || entry.time <= newest || entry.receivedAt <= cutoff,
    );
    this.pending = this.pending.filter((entry) => !emit.includes(entry));
    emit.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.sequence - b.sequence));
    const splitter = new LineSplitter();
    for (const entry of emit) {
      for (const line of splitter.push(`${entry.text}\n`)) this.onLine(line, entry.stream);
    }
  }

  /** The stream ended: emits everything left. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      this.add(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.drain(true);
  }
}
