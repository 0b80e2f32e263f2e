/** Writers for vLLM-shaped log lines (see ../shared/vllm/STARTUP-LOGS.md §1). */
export interface LogSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `MM-DD HH:MM:SS` in UTC (vLLM's `%m-%d %H:%M:%S`, container time is normally UTC). */
export function logTimestamp(date = new Date()): string {
  return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** One process's logger: `(<Name> pid=<pid>) LEVEL MM-DD HH:MM:SS [file:line] message`. */
export class ProcessLogger {
  constructor(
    private readonly sink: LogSink,
    private readonly prefix: string,
  ) {}

  /** A vLLM logger line on stdout; multi-line messages repeat the prefix (`\r\n` + prefix). */
  log(level: 'INFO' | 'WARNING' | 'ERROR', fileLine: string, message: string): void {
    const head = `${this.prefix}${level} ${logTimestamp()} [${fileLine}] `;
    this.sink.stdout(`${head}${message.split('\n').join(`\r\n${head}`)}\n`);
  }

  info(fileLine: string, message: string): void {
    this.log('INFO', fileLine, message);
  }

  /** A raw stderr line with the process prefix (tracebacks, uvicorn). */
  stderr(line: string): void {
    this.sink.stderr(`${this.prefix}${line}\n`);
  }
}

/** vLLM's 6-line logo (HEAD), each line but the last ending in `\r`. */
export function logoLines(version: string, model: string): string[] {
  return [
    '\r',
    '       █     █     █▄   ▄█\r',
    ` ▄▄ ▄█ █     █     █ ▀▄▀ █  version ${version}\r`,
    `  █▄█▀ █     █     █     █  model   ${model}\r`,
    '   ▀▀  ▀▀▀▀▀ ▀▀▀▀▀ ▀     ▀\r',
    '',
  ];
}
