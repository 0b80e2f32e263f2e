// The text of the multi-turn prefix-cache workload (bench/routing-cache-workload.ts).
import { tool } from 'ai';
import { z } from 'zod';

const TOPICS = ['billing', 'shipping', 'travel'];

/** Three shared system prompts, each with its own two tools (about 400 prompt tokens together). */
export function systemPrompts() {
  return TOPICS.map((topic) => ({
    instructions:
      `You are the ${topic} assistant of ACME Corp. Answer in the language of the customer, cite the policy you rely on, ` +
      'never promise a refund above the policy limits, and hand over to a human when the customer asks for one twice.',
    tools: Object.fromEntries(
      ['lookup', 'escalate'].map((verb) => [
        `${topic}_${verb}`,
        tool({
          description: `${verb} a ${topic} record by its id`,
          inputSchema: z.object({ id: z.string() }),
        }),
      ]),
    ),
  }));
}

const WORDS = [
  'my',
  'order',
  'was',
  'late',
  'and',
  'the',
  'box',
  'came',
  'open',
  'so',
  'I',
  'want',
  'a',
  'new',
  'one',
  'today',
];

/** The user's message of one turn: deterministic, distinct per conversation from the first word on. */
export function userMessage(conversation: number, turn: number, words: number): string {
  const parts = [`Customer ${conversation}, message ${turn + 1}:`];
  for (let index = 0; index < words; index++)
    parts.push(WORDS[(conversation * 7 + turn * 3 + index * index) % WORDS.length]);
  return `${parts.join(' ')}?`;
}
