import { describe, expect, it } from 'vitest';
import { SamplerInputError } from '@/server/sampler/errors';
import { collapseCaptions, splitWords, tokenize } from '@/server/sampler/tokenizer';

const text = { max_tokens: 4, pad_id: 0, vocab: ['<pad>', 'red', 'heart', 'cat', 'face', '3d'] };

describe('lowercase-words-v1', () => {
  it('lower-cases and splits on everything outside a–z and 0–9', () => {
    expect(splitWords("Red-HEART, cat's 3D face!")).toEqual(['red', 'heart', 'cat', 's', '3d', 'face']);
  });

  it('maps words to vocabulary ids and pads', () => {
    expect(tokenize('Red heart', text)).toEqual({ ids: [1, 2, 0, 0], words: ['red', 'heart'], unknown: [], truncated: [] });
  });

  it('reports truncation at max_tokens', () => {
    const t = tokenize('red heart cat face red', text);
    expect(t.ids).toEqual([1, 2, 3, 4]);
    expect(t.truncated).toEqual(['red']);
  });

  it('refuses unknown words unless told to ignore them, and reports them', () => {
    expect(() => tokenize('red zebra', text)).toThrow(SamplerInputError);
    expect(() => tokenize('red zebra', text)).toThrow(/does not know: zebra/);
    expect(tokenize('red zebra', text, { ignoreUnknown: true })).toMatchObject({ ids: [1, 0, 0, 0], unknown: ['zebra'] });
  });

  it('refuses an empty prompt and a prompt of unknown words only, even when ignoring unknown words', () => {
    expect(() => tokenize(' ?! ', text)).toThrow(/the prompt is empty/);
    expect(() => tokenize('zebra piano', text, { ignoreUnknown: true })).toThrow(/no word the model knows \(unknown: zebra, piano\)/);
    expect(() => tokenize('zebra piano', text)).toThrow(/no word the model knows \(unknown: zebra, piano\)/);
    expect(() => tokenize('pad <pad>', text, { ignoreUnknown: true })).toThrow(/no word the model knows/);
  });
});

describe('collapseCaptions (contract 3)', () => {
  it('turns each row into distinct ids in order of first appearance with their counts', () => {
    const c = collapseCaptions([[0, 0, 0, 0], [7, 3, 7, 0]], 0);
    expect(c.width).toBe(3);
    expect(Array.from(c.ids, Number)).toEqual([0, 0, 0, /* row 1 */ 7, 3, 0]);
    expect(Array.from(c.count)).toEqual([4, 0, 0, /* row 1 */ 2, 1, 1]);
  });

  it('keeps every token: the counts of a row add up to its length', () => {
    const rows = [[5, 5, 5, 5, 5, 1], [1, 2, 3, 4, 5, 6]];
    const c = collapseCaptions(rows, 0);
    expect(c.width).toBe(6);
    for (let b = 0; b < rows.length; b++) expect(c.count.subarray(b * 6, (b + 1) * 6).reduce((a, x) => a + x, 0)).toBe(6);
  });
});
