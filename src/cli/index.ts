#!/usr/bin/env node
import { VERSION } from '../version';
import { type CliCommand, COMMANDS } from './commands';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const rows = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `usage: vllm-ai-provider <command> [arguments…]\n\nCommands:\n${rows.join('\n')}\n\nRun \`vllm-ai-provider <command> --help\` for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`vllm-ai-provider ${VERSION}\n`);
    return 0;
  }
  const command: CliCommand | undefined = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`${usage()}\nvllm-ai-provider: unknown command '${name}'.\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `vllm-ai-provider: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
