import { describe, expect, it } from 'vitest';
import { type ParsedServeArgs, parseServeArgs, type ServeArgsFailure } from '../../src/testing/index';
import { resolveServeSettings } from '../../src/testing/serve-args/serve-settings';

function ok(argv: string[]): ParsedServeArgs {
  const parsed = parseServeArgs(argv);
  if (!parsed.ok) throw new Error(`expected success, got ${parsed.stderr}`);
  return parsed;
}

function fail(argv: string[]): ServeArgsFailure {
  const parsed = parseServeArgs(argv);
  if (parsed.ok) throw new Error('expected a parse failure');
  return parsed;
}

describe('vllm serve argument parsing (accepted)', () => {
  it('takes the model positionally, else from --model (with the warning), else the default', () => {
    expect(ok(['meta-llama/Llama-3.1-8B']).model).toBe('meta-llama/Llama-3.1-8B');
    const viaFlag = ok(['--model', 'org/m']);
    expect(viaFlag.model).toBe('org/m');
    expect(viaFlag.warnings[0]).toContain('you should provide the model as a positional argument');
    expect(ok([]).model).toBe('Qwen/Qwen3-0.6B');
  });

  it('parses the common flags with vLLM types', () => {
    const { values } = ok([
      'Qwen/Qwen3-8B',
      '--served-model-name',
      'a',
      'b',
      '--port=9000',
      '--host',
      '0.0.0.0',
      '--api-key',
      'k1',
      'k2',
      '--max-model-len',
      '32k',
      '--tensor_parallel_size',
      '2',
      '--gpu-memory-utilization',
      '0.8',
      '-q',
      'awq',
      '--enable-lora',
      '--no-enable-prefix-caching',
      '--runner',
      'pooling',
      '--max-model',
      '4096',
      '-O3',
      '--compilation-config.mode',
      '3',
      '--middleware',
      'a.b',
      '--middleware',
      'c.d',
    ]);
    expect(values).toMatchObject({
      served_model_name: ['a', 'b'],
      port: 9000,
      host: '0.0.0.0',
      api_key: ['k1', 'k2'],
      max_model_len: 4096,
      tensor_parallel_size: 2,
      gpu_memory_utilization: 0.8,
      quantization: 'awq',
      enable_lora: true,
      enable_prefix_caching: false,
      runner: 'pooling',
      optimization_level: '3',
      compilation_config: { mode: 3 },
      middleware: ['a.b', 'c.d'],
    });
    expect(ok(['m', '--max-model-len', '32K']).values.max_model_len).toBe(32768);
    expect(ok(['m', '--max-model-len', '25.6k']).values.max_model_len).toBe(25600);
  });

  it('maps flags and env to emulator options (both --lora-modules syntaxes, VLLM_API_KEY)', () => {
    const parsed = ok([
      'm',
      '--enable-lora',
      '--lora-modules',
      'sql=/a/sql',
      '{"name":"x","path":"/p","base_model_name":"m"}',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'hermes',
      '--reasoning-parser',
      'qwen3',
      '--max-num-seqs',
      '4',
    ]);
    const settings = resolveServeSettings(parsed, {
      VLLM_API_KEY: 'env-key',
      VLLM_ALLOW_RUNTIME_LORA_UPDATING: 'true',
    });
    expect(settings.options).toMatchObject({
      model: 'm',
      apiKey: ['env-key'],
      enableLora: true,
      loraModules: [
        { name: 'sql', path: '/a/sql' },
        { name: 'x', path: '/p', baseModelName: 'm' },
      ],
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
      maxNumSeqs: 4,
      allowRuntimeLoraUpdating: true,
    });
    expect(settings.fatal).toBeUndefined();
    expect(settings.nonDefaultArgs).toMatch(/^\{'model_tag': 'm', .*'enable_auto_tool_choice': True/);
    const cliKey = resolveServeSettings(ok(['m', '--api-key', 'cli']), { VLLM_API_KEY: 'env' });
    expect(cliKey.options.apiKey).toEqual(['cli']);
  });
});

describe('vllm serve argument parsing (rejected like argparse)', () => {
  it('unknown flags: top-level usage, exit 2', () => {
    const failure = fail(['Qwen/Qwen3-0.6B', '--foo', '1']);
    expect(failure.exitCode).toBe(2);
    expect(failure.stderr).toBe(
      'usage: vllm [-h] [-v]\n            {chat,complete,serve,launch,bench,collect-env,run-batch} ...\nvllm: error: unrecognized arguments: --foo 1\n',
    );
    expect(fail(['m', '--enforce-eager', 'true']).stderr).toContain(
      'vllm: error: unrecognized arguments: true',
    );
  });

  it.each([
    [['m', '--port', 'abc'], "argument --port: invalid int value: 'abc'"],
    [
      ['m', '--gpu-memory-utilization', 'high'],
      "argument --gpu-memory-utilization: invalid float value: 'high'",
    ],
    [['m', '--tensor-parallel-size'], 'argument --tensor-parallel-size/-tp: expected one argument'],
    [
      ['m', '--enforce-eager=true'],
      "argument --enforce-eager/--no-enforce-eager: ignored explicit argument 'true'",
    ],
    [
      ['m', '--dtype', 'foo'],
      "argument --dtype: invalid choice: 'foo' (choose from 'auto', 'bfloat16', 'float', 'float16', 'float32', 'half')",
    ],
    [
      ['m', '--max-lora-rank', '3'],
      'argument --max-lora-rank: invalid choice: 3 (choose from 1, 8, 16, 32, 64, 128, 256, 320, 512)',
    ],
  ])('%j → %s', (argv, message) => {
    const failure = fail(argv);
    expect(failure.exitCode).toBe(2);
    expect(failure.stderr).toBe(`usage: vllm serve [model_tag] [options]\nvllm serve: error: ${message}\n`);
  });

  it('ambiguous prefixes list every candidate', () => {
    expect(fail(['m', '--max', '1']).stderr).toContain(
      'vllm serve: error: ambiguous option: --max could match --max-log-len, --max-model-len, --max-logprobs',
    );
  });

  it('--help exits 0 on stdout', () => {
    const help = fail(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('usage: vllm serve [model_tag] [options]');
  });

  it('config errors are fatal (exit 1 path)', () => {
    const settings = (argv: string[]) => resolveServeSettings(ok(argv), {}).fatal;
    expect(settings(['m', '--enable-auto-tool-choice'])).toBe(
      'TypeError: Error: --enable-auto-tool-choice requires --tool-call-parser',
    );
    expect(settings(['m', '--enable-auto-tool-choice', '--tool-call-parser', 'nope'])).toMatch(
      /^KeyError: 'invalid tool call parser: nope \(chose from \{ apertus,cohere_command3,/,
    );
    expect(settings(['m', '--reasoning-parser', 'nope'])).toMatch(
      /^KeyError: 'invalid reasoning parser: nope/,
    );
    expect(settings(['m', '--tool-call-parser', 'nope'])).toBeUndefined();
  });
});
