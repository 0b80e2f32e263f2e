// vLLM's structured outputs beyond JSON schemas: a regex, a fixed choice, a grammar.
// `providerOptions.vllm.structuredOutputs` is sent as `structured_outputs` to vLLM >= 0.11 and as
// the old `guided_regex` / `guided_choice` / `guided_grammar` fields to 0.10 (the provider reads
// the server's version) — never as a field your server would silently ignore.
//   npm run example guided-decoding
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B' });
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm(server.model);

const datePattern = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const { text: date } = await generateText({
  model,
  prompt: 'When did the first moon landing happen? Answer with the date only.',
  providerOptions: {
    vllm: {
      thinking: false,
      structuredOutputs: { regex: datePattern },
    } satisfies VllmLanguageModelChatOptions,
  },
});
console.log(`regex   ${datePattern} → ${date} (matches: ${new RegExp(`^${datePattern}$`).test(date)})`);

const { text: language } = await generateText({
  model,
  prompt: 'Which language is vLLM mostly written in?',
  providerOptions: {
    vllm: {
      thinking: false,
      structuredOutputs: { choice: ['Python', 'Rust', 'Go', 'C++'] },
    } satisfies VllmLanguageModelChatOptions,
  },
});
console.log(`choice  Python | Rust | Go | C++ → ${language}`);

// EBNF / Lark grammar (xgrammar, guidance backends).
const grammar = 'root ::= "approve" | "reject" | "escalate"';
const { text: decision } = await generateText({
  model,
  prompt: 'A refund request for $12 with a valid receipt. Decision?',
  providerOptions: {
    vllm: { thinking: false, structuredOutputs: { grammar } } satisfies VllmLanguageModelChatOptions,
  },
});
console.log(`grammar ${grammar} → ${decision}`);
