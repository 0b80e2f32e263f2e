import type { ServeFlagSpec } from './serve-flags';

/** An argparse error raised while converting one flag value (prog `vllm serve`, exit 2). */
export class FlagError extends Error {}

/** `--tensor-parallel-size/-tp`, `--enforce-eager/--no-enforce-eager`: how argparse names a flag. */
export function flagLabel(spec: ServeFlagSpec): string {
  if (spec.k === 'bool') return `${spec.n}/--no-${spec.n.slice(2)}`;
  return [spec.n, ...(spec.a ?? [])].join('/');
}

function pyRepr(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value}'`;
}

const HUMAN = /^(-?\d+(?:\.\d+)?)([kKmMgGtT]?)$/;
const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
const BINARY: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

function parseInt10(spec: ServeFlagSpec, raw: string): number {
  if (spec.h) {
    if (spec.n === '--max-model-len' && raw === 'auto') return -1;
    const match = HUMAN.exec(raw);
    if (match) {
      const scale = match[2] === '' ? 1 : (DECIMAL[match[2]] ?? BINARY[match[2]]);
      const value = Number(match[1]) * scale;
      if (Number.isFinite(value)) return Math.floor(value);
    }
    throw new FlagError(`argument ${flagLabel(spec)}: invalid human_readable_int value: '${raw}'`);
  }
  if (!/^[-+]?\d+$/.test(raw.trim()))
    throw new FlagError(`argument ${flagLabel(spec)}: invalid int value: '${raw}'`);
  return Number.parseInt(raw, 10);
}

function parseScalar(spec: ServeFlagSpec, type: string | undefined, raw: string): unknown {
  if (spec.u && (raw === 'None' || raw === '')) return null;
  if (type === 'int') return parseInt10(spec, raw);
  if (type === 'float') {
    const value = Number(raw);
    if (raw.trim() === '' || Number.isNaN(value)) {
      throw new FlagError(`argument ${flagLabel(spec)}: invalid float value: '${raw}'`);
    }
    return value;
  }
  return raw;
}

/** Converts one raw value of `spec` (argparse `type=` + `choices=`). */
export function convertValue(spec: ServeFlagSpec, raw: string): unknown {
  switch (spec.k) {
    case 'int':
      return parseScalar(spec, 'int', raw);
    case 'float':
      return parseScalar(spec, 'float', raw);
    case 'choice': {
      const value = parseScalar(spec, spec.t === 'int' ? 'int' : 'str', raw);
      const choices = spec.c ?? [];
      if (value !== null && !choices.includes(value as string | number)) {
        throw new FlagError(
          `argument ${flagLabel(spec)}: invalid choice: ${pyRepr(value as string)} (choose from ${choices.map(pyRepr).join(', ')})`,
        );
      }
      return value;
    }
    case 'list':
      return parseScalar(spec, spec.e, raw);
    case 'json': {
      if (spec.u && (raw === 'None' || raw === '')) return null;
      const looksJson = /^\s*[[{]/.test(raw);
      try {
        return looksJson || spec.j ? JSON.parse(raw) : raw;
      } catch {
        throw new FlagError(`argument ${flagLabel(spec)}: invalid loads value: '${raw}'`);
      }
    }
    default:
      return parseScalar(spec, 'str', raw);
  }
}

/** Python `repr()` of a parsed flag value, for the `non-default args:` startup line. */
export function pythonValueRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonValueRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `'${key}': ${pythonValueRepr(item)}`).join(', ')}}`;
}
