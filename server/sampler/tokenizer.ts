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

export interface CollapsedCaptions {
  /** [B, width] distinct word ids per row, in order of first appearance; short rows filled with pad_id. */
  readonly ids: BigInt64Array;
  /** [B, width] how many times each word stands in its row; 0 marks a fill slot. */
  readonly count: Float32Array;
  readonly width: number;
}

/**
 * Contract 3 captions: each row's words as distinct ids with their counts (pads included: 16 pads become one
 * pad counted 16 times). The model has no word positions, so k copies of a word are k identical tokens and one
 * token weighted by k in attention and pooling is the same computation (docs/model-contract.md). The
 * unconditional row, all pads, shrinks to one token; the rows share the width of the longest.
 */
export function collapseCaptions(rows: readonly (readonly number[])[], padId: number): CollapsedCaptions {
  const distinct = rows.map((row) => {
    const counts = new Map<number, number>();
    for (const id of row) counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts];
  });
  const width = Math.max(1, ...distinct.map((d) => d.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(padId));
  const count = new Float32Array(rows.length * width);
  distinct.forEach((d, b) =>
    d.forEach(([id, k], j) => {
      ids[b * width + j] = BigInt(id);
      count[b * width + j] = k;
    }),
  );
  return { ids, count, width };
}
