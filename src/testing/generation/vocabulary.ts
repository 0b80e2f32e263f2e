/**
 * The emulator tokenizer's word vocabulary: common English words get one token each (with and
 * without a leading space, like a BPE vocabulary). Anything else falls back to 2-byte tokens.
 * The text generator draws its words from {@link GENERATION_WORDS} so generated text is 1 token per word.
 */
// biome-ignore format: data table
export const GENERATION_WORDS: readonly string[] = [
  'the', 'model', 'server', 'request', 'token', 'answer', 'question', 'data', 'system', 'result', 'value',
  'time', 'way', 'example', 'test', 'world', 'user', 'text', 'output', 'input', 'response', 'stream',
  'batch', 'cache', 'memory', 'engine', 'query', 'context', 'message', 'signal', 'pattern', 'number',
  'is', 'are', 'was', 'can', 'will', 'should', 'may', 'must', 'has', 'have', 'does', 'runs', 'sends',
  'returns', 'reads', 'writes', 'makes', 'takes', 'gives', 'finds', 'keeps', 'shows', 'uses', 'needs',
  'quick', 'small', 'large', 'simple', 'clear', 'fast', 'steady', 'useful', 'local', 'remote', 'new',
  'good', 'short', 'long', 'early', 'late', 'open', 'ready', 'calm', 'bright', 'quiet', 'exact',
  'a', 'an', 'this', 'that', 'each', 'every', 'some', 'many', 'one', 'two', 'three', 'of', 'to', 'in',
  'on', 'for', 'with', 'from', 'by', 'at', 'and', 'or', 'but', 'so', 'then', 'also', 'very', 'now',
  'here', 'there', 'when', 'while', 'because', 'after', 'before', 'it', 'we', 'you', 'they', 'not',
];

// biome-ignore format: data table
const EXTRA_WORDS: readonly string[] = [
  'Hello', 'hello', 'Hi', 'hi', 'I', 'am', 'be', 'been', 'being', 'do', 'did', 'done', 'say', 'said',
  'tell', 'me', 'my', 'your', 'our', 'their', 'his', 'her', 'its', 'what', 'which', 'who', 'whom',
  'why', 'how', 'where', 'all', 'any', 'no', 'yes', 'please', 'thanks', 'thank', 'write', 'read',
  'explain', 'describe', 'list', 'name', 'give', 'make', 'help', 'about', 'into', 'over', 'under',
  'up', 'down', 'out', 'if', 'than', 'as', 'like', 'just', 'only', 'more', 'most', 'less', 'other',
  'same', 'such', 'first', 'last', 'next', 'word', 'words', 'sentence', 'story', 'poem', 'day',
  'weather', 'city', 'country', 'capital', 'France', 'Paris', 'Berlin', 'London', 'color', 'blue',
  'red', 'green', 'JSON', 'object', 'array', 'string', 'list', 'function', 'tool', 'call', 'get',
  'set', 'use', 'using', 'assistant', 'helpful', 'You', 'are', 'The', 'A', 'What', 'How', 'Why',
  'Write', 'Tell', 'Explain', 'Describe', 'Give', 'Say', 'Please', 'Is', 'Can', 'Do', 'In', 'It',
  'This', 'That', 'We', 'They', 'cat', 'dog', 'sky', 'sun', 'moon', 'water', 'fire', 'earth', 'life',
  'code', 'program', 'number', 'numbers', 'add', 'sum', 'plus', 'minus', 'times', 'equals', 'answer',
];

export const VOCABULARY: readonly string[] = [...new Set([...GENERATION_WORDS, ...EXTRA_WORDS])];
