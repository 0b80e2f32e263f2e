import type { CompletionRequest } from './completion-request';
import { constrainedText } from './constrained-text';
import { defaultText, fillerTokens } from './default-text';
import { hashString, Random } from './random';
import type { ReplyFunction } from './reply';
import { sequenceLimits } from './sampling-params';
import { type PlannedToken, runSequence, type SequenceResult } from './sequence';
import { encode } from './tokenizer';

/** Runs choice `choiceIndex` (of `n`) for prompt `promptIndex` of a completions request. */
export function generateCompletionChoice(
  request: CompletionRequest,
  promptIndex: number,
  choiceIndex: number,
  reply?: ReplyFunction,
): SequenceResult {
  const prompt = request.prompts[promptIndex];
  const random = new Random(hashString(prompt.text, request.seed) ^ Math.imul(choiceIndex + 1, 0x9e3779b1));
  const scripted = reply?.({
    endpoint: 'completion',
    model: request.model.name,
    prompt: prompt.text,
    choiceIndex,
    seed: request.seed,
  });
  const scriptedText = typeof scripted === 'string' ? scripted : scripted?.content;
  const fallback = () => scriptedText ?? ` ${defaultText(random, random.int(16, 48))}`;
  const text = request.constraint ? constrainedText(request.constraint, random, fallback) : fallback();
  const planned: PlannedToken[] = encode(text).map((id) => ({ id, kind: 'content' }));
  return runSequence(planned, fillerTokens(random), sequenceLimits(request.sampling, request.maxTokens));
}
