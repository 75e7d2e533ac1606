import { describe, expect, it } from 'vitest';
import { SamplerInputError } from '@/server/sampler/errors';
import { splitWords, tokenize } from '@/server/sampler/tokenizer';

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
    expect(() => tokenize('zebra piano', text, { ignoreUnknown: true })).toThrow(/no word the model knows/);
    expect(() => tokenize('pad <pad>', text, { ignoreUnknown: true })).toThrow(/no word the model knows/);
  });
});
