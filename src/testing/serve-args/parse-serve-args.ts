import { convertValue, FlagError, flagLabel } from './flag-values';
import { SERVE_FLAGS, type ServeFlagSpec, USAGE_SERVE, USAGE_TOP_LEVEL } from './serve-flags';

/** Parsed `vllm serve` arguments. */
export interface ParsedServeArgs {
  ok: true;
  /** The model (positional, or `--model`, or vLLM's default `Qwen/Qwen3-0.6B`). */
  model: string;
  /** Whether the model came from the command line (positional or `--model`). */
  modelGiven: boolean;
  /** Values by argparse `dest` for every flag given. */
  values: Record<string, unknown>;
  /** WARNING lines vLLM prints while parsing (e.g. the `--model` deprecation). */
  warnings: string[];
}

/** A parse failure, printed and exited exactly like vLLM's argparse. */
export interface ServeArgsFailure {
  ok: false;
  exitCode: number;
  stderr: string;
  stdout?: string;
}

const BY_NAME = new Map<string, { spec: ServeFlagSpec; negated: boolean }>();
for (const spec of SERVE_FLAGS) {
  BY_NAME.set(spec.n, { spec, negated: false });
  for (const alias of spec.a ?? []) BY_NAME.set(alias, { spec, negated: false });
  if (spec.k === 'bool') BY_NAME.set(`--no-${spec.n.slice(2)}`, { spec, negated: true });
}
const LONG_NAMES = [...BY_NAME.keys()].filter((name) => name.startsWith('--'));
const MODEL_WARNING =
  'With `vllm serve`, you should provide the model as a positional argument or in a config file instead of via the `--model` option. The `--model` option will be removed in a future version.';

const isOption = (token: string) => token.startsWith('-') && token !== '-' && !/^-\d/.test(token);
const serveError = (message: string): ServeArgsFailure => ({
  ok: false,
  exitCode: 2,
  stderr: `${USAGE_SERVE}\nvllm serve: error: ${message}\n`,
});

/** FlexibleArgumentParser's rewrites: `--a_b` → `--a-b`, `--x=v`, `-O3`, dotted JSON keys, `--model X`. */
function preprocess(argv: readonly string[]): { tokens: string[]; model?: string } {
  const tokens: string[] = [];
  const dotted = new Map<string, Record<string, unknown>>();
  let model: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    let token = argv[index];
    const optimization = /^-O(?:=?)([0-3])$/.exec(token);
    if (optimization) {
      tokens.push('--optimization-level', optimization[1]);
      continue;
    }
    if (token === '-O' && /^[0-3]$/.test(argv[index + 1] ?? '')) {
      tokens.push('--optimization-level', argv[++index]);
      continue;
    }
    if (!token.startsWith('--')) {
      tokens.push(token);
      continue;
    }
    let inline: string | undefined;
    const equals = token.indexOf('=');
    if (equals !== -1) {
      inline = token.slice(equals + 1);
      token = token.slice(0, equals);
    }
    const dot = token.indexOf('.');
    const head = (dot === -1 ? token : token.slice(0, dot)).replace(/_/g, '-');
    token = dot === -1 ? head : head + token.slice(dot);
    if (head === '--model') {
      model = inline ?? argv[++index];
      continue;
    }
    if (dot !== -1 && BY_NAME.get(head)?.spec.k === 'json') {
      const raw = inline ?? argv[++index] ?? '';
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {}
      const target = dotted.get(head) ?? {};
      const keys = token.slice(dot + 1).split('.');
      let node = target;
      for (const key of keys.slice(0, -1)) {
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
      }
      node[keys[keys.length - 1]] = value;
      if (!dotted.has(head)) {
        dotted.set(head, target);
        tokens.push(head, '\u0000dotted');
      }
      continue;
    }
    tokens.push(inline === undefined ? token : `${token}=${inline}`);
  }
  const out = tokens.map((token, index) =>
    token === '\u0000dotted' ? JSON.stringify(dotted.get(tokens[index - 1])) : token,
  );
  return { tokens: out, model };
}

/** A flag spec with a release's own choices (an int flag turns into a choice of ints). */
function withChoices(
  spec: ServeFlagSpec,
  choices: ReadonlyArray<string | number> | undefined,
): ServeFlagSpec {
  if (choices === undefined) return spec;
  return { ...spec, k: 'choice', c: [...choices], t: spec.k === 'int' ? 'int' : (spec.t ?? 'str') };
}

function resolveOption(
  name: string,
  missing: ReadonlySet<string>,
): { spec: ServeFlagSpec; negated: boolean } | ServeArgsFailure | undefined {
  const known = (long: string) => !missing.has(BY_NAME.get(long)?.spec.n ?? long);
  const exact = BY_NAME.get(name);
  if (exact && known(name)) return exact;
  if (!name.startsWith('--')) return undefined;
  const candidates = LONG_NAMES.filter((long) => long.startsWith(name) && known(long));
  if (candidates.length === 1) return BY_NAME.get(candidates[0]);
  if (candidates.length > 1)
    return serveError(`ambiguous option: ${name} could match ${candidates.join(', ')}`);
  return undefined;
}

/**
 * Parses `vllm serve` arguments (the container args of `vllm/vllm-openai`) like vLLM's argparse.
 * `choices` replaces the flag table's choices of some flags, keyed by flag name, for an older
 * release (e.g. its `--prefix-caching-hash-algo` values; an int flag becomes a choice of ints);
 * `missing` lists flags the release does not have (unrecognized, as argparse reports them).
 */
export function parseServeArgs(
  argv: readonly string[],
  choices: Readonly<Record<string, ReadonlyArray<string | number>>> = {},
  missing: ReadonlySet<string> = new Set(),
): ParsedServeArgs | ServeArgsFailure {
  if (argv.includes('--help') || argv.includes('-h') || argv.some((token) => token.startsWith('--help='))) {
    return {
      ok: false,
      exitCode: 0,
      stderr: '',
      stdout: `${USAGE_SERVE}\n\nEmulated vLLM serve (vllm-ai-provider). Flags: see \`vllm serve --help=all\`.\n`,
    };
  }
  const { tokens, model: modelFlag } = preprocess(argv);
  const values: Record<string, unknown> = {};
  const extras: string[] = [];
  let positional: string | undefined;
  try {
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (!isOption(token)) {
        if (positional === undefined) positional = token;
        else extras.push(token);
        continue;
      }
      const equals = token.indexOf('=');
      const name = equals === -1 ? token : token.slice(0, equals);
      const inline = equals === -1 ? undefined : token.slice(equals + 1);
      const found = resolveOption(name, missing);
      if (found && 'ok' in found) return found;
      if (found === undefined) {
        extras.push(token);
        continue;
      }
      const { negated } = found;
      const spec = withChoices(found.spec, choices[found.spec.n]);
      const next = () => {
        if (inline !== undefined) return inline;
        const value = tokens[index + 1];
        if (value === undefined || isOption(value))
          throw new FlagError(`argument ${flagLabel(spec)}: expected one argument`);
        index++;
        return value;
      };
      switch (spec.k) {
        case 'flag':
        case 'bool':
          if (inline !== undefined)
            throw new FlagError(`argument ${flagLabel(spec)}: ignored explicit argument '${inline}'`);
          values[spec.d] = !negated;
          break;
        case 'optional_value': {
          const value = tokens[index + 1];
          values[spec.d] = inline ?? (value !== undefined && !isOption(value) ? tokens[++index] : true);
          break;
        }
        case 'list':
        case 'choice': {
          if (spec.k === 'choice' && !spec.m) {
            values[spec.d] = convertValue(spec, next());
            break;
          }
          const items: unknown[] = inline !== undefined ? [convertValue(spec, inline)] : [];
          while (inline === undefined && index + 1 < tokens.length && !isOption(tokens[index + 1])) {
            items.push(convertValue(spec, tokens[++index]));
          }
          if (items.length === 0)
            throw new FlagError(`argument ${flagLabel(spec)}: expected at least one argument`);
          values[spec.d] = items;
          break;
        }
        case 'append':
          values[spec.d] = [...((values[spec.d] as unknown[]) ?? []), next()];
          break;
        default:
          values[spec.d] = convertValue(spec, next());
      }
    }
  } catch (error) {
    if (error instanceof FlagError) return serveError(error.message);
    throw error;
  }
  if (extras.length > 0) {
    return {
      ok: false,
      exitCode: 2,
      stderr: `${USAGE_TOP_LEVEL}\nvllm: error: unrecognized arguments: ${extras.join(' ')}\n`,
    };
  }
  const warnings = modelFlag !== undefined ? [MODEL_WARNING] : [];
  const model = positional ?? modelFlag ?? 'Qwen/Qwen3-0.6B';
  return {
    ok: true,
    model,
    modelGiven: positional !== undefined || modelFlag !== undefined,
    values,
    warnings,
  };
}
