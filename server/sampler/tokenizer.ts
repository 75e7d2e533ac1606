/**
 * Caption tokenizer `lowercase-words-v1` (docs/model-contract.md): lower-case, every character outside
 * a–z / 0–9 becomes a space, split, look each word up in the vocabulary, truncate to max_tokens, pad.
 * Unknown words are reported, never dropped silently: a prompt with unknown words is refused unless the
 * caller allows ignoring them, and a prompt with no known word is always refused.
 */
import { SamplerInputError } from './errors';

export interface TextSpec {
  readonly max_tokens: number;
  readonly pad_id: number;
  readonly vocab: readonly string[];
}

export interface Tokenized {
  /** max_tokens ids, padded with pad_id. */
  readonly ids: number[];
  /** The known words that were kept, in order (after truncation). */
  readonly words: string[];
  readonly unknown: string[];
  /** Known words cut off by max_tokens. */
  readonly truncated: string[];
}

export function splitWords(prompt: string): string[] {
  return prompt
    .toLowerCase()
    .replace(/[^a-z0-9]/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
}

export function tokenize(prompt: string, text: TextSpec, options: { ignoreUnknown?: boolean } = {}): Tokenized {
  const words = splitWords(prompt);
  if (words.length === 0) throw new SamplerInputError('the prompt is empty: it has no word of letters or digits');
  const index = new Map(text.vocab.map((w, i) => [w, i] as const));
  const known = words.filter((w) => index.has(w) && index.get(w) !== text.pad_id);
  const unknown = words.filter((w) => !known.includes(w));
  if (known.length === 0) {
    throw new SamplerInputError(`the prompt has no word the model knows (unknown: ${unknown.join(', ')})`);
  }
  if (unknown.length > 0 && !options.ignoreUnknown) {
    throw new SamplerInputError(`the prompt has words the model does not know: ${unknown.join(', ')}`);
  }
  const kept = known.slice(0, text.max_tokens);
  const ids = kept.map((w) => index.get(w)!);
  while (ids.length < text.max_tokens) ids.push(text.pad_id);
  return { ids, words: kept, unknown, truncated: known.slice(text.max_tokens) };
}
