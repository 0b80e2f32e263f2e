// vLLM's output mixes its logger, uvicorn, tqdm bars (`\r` redraws) and tracebacks, each line
// possibly prefixed by `(<Process> pid=<n>) ` groups (STARTUP-LOGS.md §1). These helpers turn raw
// chunks into lines and lines into the logger message the phase and failure rules match.

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI_PATTERN = /\x1b\[[0-9;?]*[A-Za-z]/g;
const PROCESS_PREFIX_PATTERN = /^(?:\([\w.-]+ (?:pid|rank)=\d+(?: pid=\d+)?\)\s*)+/;
const LOGGER_PATTERN =
  /^(?:\S+ )?(DEBUG|INFO|WARNING|ERROR|CRITICAL) \d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \[[^\]]+:\d+\] ?(.*)$/;
const UVICORN_PATTERN = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):\s+(.*)$/;

/** Splits a byte stream into lines at `\n` and `\r`, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private pending = '';

  /** Adds a chunk; returns the complete, non-blank lines (ANSI colours removed). */
  push(chunk: string): string[] {
    const text = this.pending + chunk;
    const parts = text.split(/\r\n|\r|\n/);
    this.pending = parts.pop() ?? '';
    return cleanLines(parts);
  }

  /** Returns what is left once the stream ended. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return cleanLines([rest]);
  }
}

function cleanLines(parts: string[]): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const line = part.replace(ANSI_PATTERN, '').trimEnd();
    if (line.trim() !== '' && !/^\([\w.-]+ (?:pid|rank)=\d+\)$/.test(line.trim())) lines.push(line);
  }
  return lines;
}

/** A log line taken apart: the message without process prefix, logger header or uvicorn level. */
export interface ParsedLogLine {
  /** The line as printed (ANSI removed). */
  raw: string;
  /** The message: the text after `LEVEL date [file:line]` (or `INFO:     `), else the whole line minus prefixes. */
  message: string;
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL' | undefined;
}

/** Peels `(Name pid=N) ` prefixes and the logger/uvicorn header off a line. */
export function parseLogLine(raw: string): ParsedLogLine {
  const unprefixed = raw.replace(PROCESS_PREFIX_PATTERN, '');
  const logger = LOGGER_PATTERN.exec(unprefixed);
  if (logger) return { raw, message: logger[2], level: logger[1] as ParsedLogLine['level'] };
  const uvicorn = UVICORN_PATTERN.exec(unprefixed);
  if (uvicorn) return { raw, message: uvicorn[2], level: uvicorn[1] as ParsedLogLine['level'] };
  return { raw, message: unprefixed.trim(), level: undefined };
}

/** Keeps the last `size` lines. */
export class LineRing {
  private readonly lines: string[] = [];
  constructor(private readonly size: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
  }

  toArray(): string[] {
    return [...this.lines];
  }
}
