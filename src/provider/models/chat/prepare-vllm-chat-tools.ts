import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';

/** A function tool as vLLM reads it. */
export interface VllmChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: unknown; strict?: boolean };
}

export type VllmChatToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/**
 * The call's tools and tool choice in vLLM's (OpenAI's) form. Provider-defined tools cannot run on
 * vLLM: they are left out with a warning. `keepStrict: false` leaves out the tools' `strict` (for
 * servers that do not know it; the caller warns). No tools: neither field is sent.
 */
export function prepareVllmChatTools({
  tools,
  toolChoice,
  keepStrict,
  warnings,
}: {
  tools: LanguageModelV4CallOptions['tools'];
  toolChoice: LanguageModelV4CallOptions['toolChoice'];
  keepStrict: boolean;
  warnings: SharedV4Warning[];
}): { tools?: VllmChatTool[]; tool_choice?: VllmChatToolChoice } {
  if (tools === undefined || tools.length === 0) return {};
  const functions: VllmChatTool[] = [];
  for (const tool of tools) {
    if (tool.type === 'provider') {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    functions.push({
      type: 'function',
      function: {
        name: tool.name,
        description: tool.description,
        parameters: tool.inputSchema,
        ...(keepStrict && tool.strict != null ? { strict: tool.strict } : {}),
      },
    });
  }
  if (toolChoice === undefined) return { tools: functions };
  return {
    tools: functions,
    tool_choice:
      toolChoice.type === 'tool'
        ? { type: 'function', function: { name: toolChoice.toolName } }
        : toolChoice.type,
  };
}
