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
 * Validates `tools` / `tool_choice` like vLLM's request validators and decides the tool mode (the
 * server flags are checked later, by {@link checkToolParser}).
 */
export function resolveToolMode(profile: VersionProfile, body: Body): ToolMode {
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
  if (choice === 'auto') return { kind: 'auto', tools: parsed };
  return named !== undefined
    ? { kind: 'named', tools: parsed, name: named }
    : { kind: 'required', tools: parsed };
}

/**
 * The server-side tool checks of `create_chat_completion` (`--enable-auto-tool-choice`,
 * `--tool-call-parser`). vLLM runs them after it resolved the model, so an unknown model is a 404
 * even when the tool flags are missing. gpt-oss (harmony) models skip the "auto" check
 * (`and not self.use_harmony`).
 */
export function checkToolParser(
  profile: VersionProfile,
  options: ResolvedEmulatorOptions,
  mode: ToolMode,
  harmony: boolean,
): void {
  const parserAvailable = options.enableAutoToolChoice && options.toolCallParser !== undefined;
  if (mode.kind === 'auto' && !parserAvailable && !harmony) {
    throw badRequest(
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    );
  }
  if (
    (mode.kind === 'named' || mode.kind === 'required') &&
    profile.toolChoiceRequiresParser &&
    !parserAvailable
  ) {
    const description = mode.kind === 'named' ? `function "${mode.name}"` : '"required"';
    throw badRequest(`tool_choice=${description} requires --tool-call-parser to be set`);
  }
}
