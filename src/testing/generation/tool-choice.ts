import type { ResolvedEmulatorOptions } from '../emulator-options';
import { badRequest, modelValidatorError } from '../http/vllm-error';
import type { VersionProfile } from '../version-profiles';
import type { Body } from './field-types';

/** A function tool as sent in `tools`. */
export interface WireTool {
  name: string;
  parameters: unknown;
}

/** How the model should use tools for this request. */
export type ToolMode =
  | { kind: 'none' }
  | { kind: 'auto'; tools: WireTool[] }
  | { kind: 'required'; tools: WireTool[] }
  | { kind: 'named'; tools: WireTool[]; name: string };

/**
 * Validates `tools` / `tool_choice` like vLLM's request validators and the server-side checks
 * (`--enable-auto-tool-choice`, `--tool-call-parser`), and decides the tool mode.
 */
export function resolveToolMode(
  profile: VersionProfile,
  options: ResolvedEmulatorOptions,
  body: Body,
): ToolMode {
  const tools = body.tools;
  let choice = body.tool_choice;
  if (Array.isArray(tools) && tools.length === 0) {
    throw modelValidatorError(
      profile,
      body,
      '`tools` must not be an empty array. Either provide at least one tool or omit the field entirely.',
      'tools',
    );
  }
  if (tools == null) {
    if (choice != null && choice !== 'none') {
      throw modelValidatorError(
        profile,
        body,
        'When using `tool_choice`, `tools` must be set.',
        'tool_choice',
      );
    }
    return { kind: 'none' };
  }
  if (!Array.isArray(tools)) return { kind: 'none' };
  const parsed: WireTool[] = tools.map((tool) => {
    const fn = (tool as { function?: { name?: unknown; parameters?: unknown } })?.function;
    return { name: String(fn?.name ?? ''), parameters: fn?.parameters ?? { type: 'object', properties: {} } };
  });
  if (choice == null) choice = 'auto';
  let named: string | undefined;
  if (typeof choice === 'object') {
    const name = (choice as { function?: { name?: unknown } }).function?.name;
    if (typeof name !== 'string' || name === '') {
      throw modelValidatorError(
        profile,
        body,
        'Expected field `name` in `function` in `tool_choice`!',
        'tool_choice.function.name',
      );
    }
    if (!parsed.some((tool) => tool.name === name)) {
      throw modelValidatorError(
        profile,
        body,
        'The tool specified in `tool_choice` does not match any of the specified `tools`',
        'tool_choice',
      );
    }
    named = name;
  } else if (!['none', 'auto', 'required'].includes(String(choice))) {
    throw modelValidatorError(
      profile,
      body,
      `Invalid value for \`tool_choice\`: ${String(choice)}! Only named tools, "none", "auto" or "required" are supported.`,
      'tool_choice',
    );
  }
  if (choice === 'none') return { kind: 'none' };
  const parserAvailable = options.enableAutoToolChoice && options.toolCallParser !== undefined;
  if (choice === 'auto') {
    if (!parserAvailable) {
      throw badRequest(
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      );
    }
    return { kind: 'auto', tools: parsed };
  }
  if (profile.toolChoiceRequiresParser && !parserAvailable) {
    const description = named !== undefined ? `function "${named}"` : '"required"';
    throw badRequest(`tool_choice=${description} requires --tool-call-parser to be set`);
  }
  return named !== undefined
    ? { kind: 'named', tools: parsed, name: named }
    : { kind: 'required', tools: parsed };
}
