import { EOS_TOKEN_ID, tokenBytes } from './tokenizer';

/** What a generated token is, for the reasoning / tool-call parsers. */
export type TokenKind = 'content' | 'reasoning' | 'control' | 'tool-header' | 'tool-args';

/** A token the model intends to generate. */
export interface PlannedToken {
  id: number;
  kind: TokenKind;
  /** Index of the tool call this token belongs to (tool-header / tool-args). */
  toolIndex?: number;
}

/** One engine step of one sequence: the token(s) generated and the text they add. */
export interface Step {
  ids: number[];
  kind: TokenKind;
  /** Text added by this step (content/reasoning/arguments), after stop-string hold-back. */
  text: string;
  toolIndex: number;
}

export interface SequenceLimits {
  maxTokens: number;
  minTokens: number;
  stop: readonly string[];
  stopTokenIds: readonly number[];
  includeStopStrInOutput: boolean;
  ignoreEos: boolean;
  /** Beam search reports the EOS token id as `stop_reason` (vLLM's frontend beam search). */
  eosAsStopReason?: boolean;
}

export interface SequenceResult {
  steps: Step[];
  finishReason: 'stop' | 'length';
  /** The matched stop string or stop token id; null for EOS / length. */
  stopReason: string | number | null;
}

/**
 * Runs one sequence like vLLM's engine + detokenizer: `max_tokens`, `min_tokens` (no EOS, stop
 * token or stop string before it), `ignore_eos`, `stop_token_ids`, and `stop` strings (checked on
 * the content text; the matched string is cut unless `include_stop_str_in_output`, and, like vLLM,
 * up to `max(len(stop)) - 1` characters are held back while streaming).
 */
export function runSequence(
  planned: readonly PlannedToken[],
  filler: () => number,
  limits: SequenceLimits,
): SequenceResult {
  const steps: Step[] = [];
  const decoders = new Map<TokenKind, TextDecoder>();
  const holdBack =
    limits.stop.length > 0 && !limits.includeStopStrInOutput
      ? Math.max(...limits.stop.map((stop) => stop.length)) - 1
      : 0;
  let content = '';
  let emitted = 0;
  const finish = (
    finishReason: 'stop' | 'length',
    stopReason: string | number | null,
    contentEnd: number,
  ): SequenceResult => {
    const last = steps[steps.length - 1];
    if (contentEnd > emitted) {
      const rest = content.slice(emitted, contentEnd);
      if (last.kind === 'content' || last.kind === 'control') {
        last.kind = 'content';
        last.text += rest;
      } else steps.push({ ids: [], kind: 'content', text: rest, toolIndex: -1 });
    }
    return { steps, finishReason, stopReason };
  };
  for (let index = 0; ; index++) {
    const natural = index < planned.length;
    const canStop = index >= limits.minTokens;
    if (!natural && !limits.ignoreEos && canStop) {
      steps.push({ ids: [EOS_TOKEN_ID], kind: 'control', text: '', toolIndex: -1 });
      return finish('stop', limits.eosAsStopReason ? EOS_TOKEN_ID : null, content.length);
    }
    const token = natural ? planned[index] : { id: filler(), kind: 'content' as const };
    if (canStop && limits.stopTokenIds.includes(token.id)) {
      steps.push({ ids: [token.id], kind: 'control', text: '', toolIndex: -1 });
      return finish('stop', token.id, content.length);
    }
    let decoder = decoders.get(token.kind);
    if (decoder === undefined) {
      decoder = new TextDecoder();
      decoders.set(token.kind, decoder);
    }
    const piece =
      token.kind === 'control' || token.kind === 'tool-header'
        ? ''
        : decoder.decode(new Uint8Array(tokenBytes(token.id)), { stream: true });
    const step: Step = { ids: [token.id], kind: token.kind, text: '', toolIndex: token.toolIndex ?? -1 };
    steps.push(step);
    if (token.kind !== 'content') {
      step.text = piece;
    } else {
      const before = content.length;
      content += piece;
      if (index + 1 > limits.minTokens) {
        for (const stop of limits.stop) {
          const at = content.indexOf(stop, Math.max(0, before - stop.length + 1));
          if (at !== -1) {
            const end = at + (limits.includeStopStrInOutput ? stop.length : 0);
            content = content.slice(0, end);
            return finish('stop', stop, content.length);
          }
        }
      }
      const ready = Math.max(emitted, content.length - holdBack);
      step.text = content.slice(emitted, ready);
      emitted = ready;
    }
    if (index + 1 >= limits.maxTokens) return finish('length', null, content.length);
  }
}
