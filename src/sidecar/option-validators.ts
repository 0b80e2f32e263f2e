import { invalidOption } from './vllm-sidecar-error';

// Validators for the sidecar's options. Each throws an `invalid-options` VllmSidecarError naming the
// option (or environment variable) and the fix. Nothing here touches the system.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const HF_REPO_ID = /^[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?$/;
const SIMPLE_NAME = /^[A-Za-z0-9][\w.-]*$/;

export function checkString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidOption(option, `expected a non-empty string, got ${describe(value)}.`);
  if (CONTROL_CHARACTERS.test(value))
    throw invalidOption(option, 'it contains control characters (newline, NUL, …).');
  return value;
}

/** A value that lands right after a flag: it must not look like a flag itself. */
export function checkFlagValue(option: string, value: unknown): string {
  const text = checkString(option, value);
  if (text.startsWith('-'))
    throw invalidOption(option, `"${text}" starts with "-" and would be read as a flag.`);
  return text;
}

/** Whether a model string is a local path (absolute, relative or home-relative) rather than a repo id. */
export function isLocalModelPath(model: string): boolean {
  return /^(?:\/|\.\.?\/|~\/)/.test(model);
}

export function checkModel(option: string, value: unknown): string {
  const model = checkFlagValue(option, value);
  if (isLocalModelPath(model)) {
    if (model.split('/').includes('..') && !model.startsWith('../')) {
      throw invalidOption(option, `"${model}" contains ".." segments.`, 'Pass a normalized path.');
    }
    return model;
  }
  if (!HF_REPO_ID.test(model)) {
    throw invalidOption(
      option,
      `"${model}" is neither a Hugging Face repo id (org/name) nor a local path (starting with /, ./ or ~/).`,
    );
  }
  return model;
}

export function checkName(option: string, value: unknown): string {
  const name = checkFlagValue(option, value);
  if (/\s/.test(name)) throw invalidOption(option, `"${name}" contains whitespace.`);
  return name;
}

/** Parser names, quantization methods: identifiers. */
export function checkIdentifier(option: string, value: unknown): string {
  const text = checkFlagValue(option, value);
  if (!SIMPLE_NAME.test(text))
    throw invalidOption(option, `"${text}" is not a valid name (letters, digits, "_", "-", ".").`);
  return text;
}

export function checkInteger(
  option: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(option, `expected an integer from ${min} to ${max}, got ${describe(value)}.`);
  }
  return value;
}

export function checkFraction(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw invalidOption(
      option,
      `expected a fraction greater than 0 and at most 1, got ${describe(value)}.`,
      'E.g. 0.9 = 90% of each GPU.',
    );
  }
  return value;
}

export function checkOneOf<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw invalidOption(
      option,
      `expected one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describe(value)}.`,
    );
  }
  return value as T;
}

export function checkImage(option: string, value: unknown): string {
  const image = checkFlagValue(option, value);
  if (!/^[\w][\w./:@-]*$/.test(image))
    throw invalidOption(option, `"${image}" is not an image reference (name[:tag][@digest]).`);
  return image;
}

export function checkHost(option: string, value: unknown): string {
  const host = checkFlagValue(option, value);
  if (!/^[\w.:-]+$/.test(host) && !/^\[[\da-fA-F:]+\]$/.test(host))
    throw invalidOption(option, `"${host}" is not an IP address or host name.`);
  return host;
}

export function checkEnvName(option: string, name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw invalidOption(option, `"${name}" is not a valid environment variable name.`);
  return name;
}

export function checkStringArray(option: string, value: unknown): string[] {
  if (!Array.isArray(value))
    throw invalidOption(option, `expected an array of strings, got ${describe(value)}.`);
  return value.map((item, index) => {
    if (typeof item !== 'string')
      throw invalidOption(`${option}[${index}]`, `expected a string, got ${describe(item)}.`);
    if (CONTROL_CHARACTERS.test(item))
      throw invalidOption(`${option}[${index}]`, 'it contains control characters.');
    return item;
  });
}

// `vllm serve` accepts `--a_b` for `--a-b`, `--flag=value`, and any unambiguous prefix (argparse
// allow_abbrev), so a forbidden flag is matched in all three spellings.
function normalizeFlag(token: string): string | undefined {
  if (!token.startsWith('--')) return undefined;
  const name = token.split('=')[0];
  return `--${name.slice(2).replace(/_/g, '-')}`;
}

const FORBIDDEN_VLLM_FLAGS: Readonly<Record<string, string>> = {
  '--api-key':
    'secrets never go on a command line: use the apiKey option (passed as the VLLM_API_KEY environment variable).',
  '--hf-token':
    'secrets never go on a command line: use the hfToken option (passed as the HF_TOKEN environment variable).',
  '--host': 'use the host option.',
  '--port': 'use the port option.',
  '--served-model-name': 'use the servedModelName option.',
  '--model': 'use the model option.',
  '--uds': 'the sidecar serves over TCP.',
};

export function checkVllmArgs(option: string, value: unknown): string[] {
  const args = checkStringArray(option, value);
  args.forEach((arg, index) => {
    const flag = normalizeFlag(arg);
    if (flag === undefined || flag.length < 4) return;
    for (const [forbidden, hint] of Object.entries(FORBIDDEN_VLLM_FLAGS)) {
      if (forbidden === flag || forbidden.startsWith(flag)) {
        throw invalidOption(`${option}[${index}]`, `"${arg.split('=')[0]}" is set by the sidecar:`, hint);
      }
    }
  });
  return args;
}

const FORBIDDEN_DOCKER_FLAGS: Readonly<Record<string, string>> = {
  '-p': 'use the port and host options.',
  '--publish': 'use the port and host options.',
  '-P': 'use the port and host options.',
  '--publish-all': 'use the port and host options.',
  '-d': 'the sidecar always runs detached.',
  '--detach': 'the sidecar always runs detached.',
  '--rm': 'the sidecar removes non-reused containers itself.',
  '--name': 'use the name option.',
  '--gpus': 'use the gpus option.',
  '-it': 'the sidecar runs without a TTY.',
  '-t': 'the sidecar runs without a TTY (a TTY stops signals reaching vLLM).',
  '--tty': 'the sidecar runs without a TTY.',
  '--entrypoint': 'the image’s entrypoint must be `vllm serve`; use the process runtime for custom commands.',
};

export function checkDockerArgs(option: string, value: unknown): string[] {
  const args = checkStringArray(option, value);
  if (args.length > 0 && !args[0].startsWith('-')) {
    throw invalidOption(
      `${option}[0]`,
      `"${args[0]}" is not a flag: docker flags go before the image and start with "-".`,
    );
  }
  args.forEach((arg, index) => {
    const flag = arg.split('=')[0];
    const hint = FORBIDDEN_DOCKER_FLAGS[flag];
    if (hint) throw invalidOption(`${option}[${index}]`, `"${flag}" is set by the sidecar:`, hint);
    if (
      (flag === '-e' || flag === '--env') &&
      (arg.includes('=') ? arg.split('=').length > 2 : args[index + 1]?.includes('='))
    ) {
      throw invalidOption(
        `${option}[${index}]`,
        'environment values never go on a command line:',
        'use the env option (values are passed by name).',
      );
    }
  });
  return args;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
