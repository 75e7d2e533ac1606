import { splitWords, type TextSpec } from '../sampler/tokenizer';
import type { PromptEntry } from './promptSet';

export interface VocabularyReport {
  /** Unknown word → the lines (items) that use it. */
  unknown: Record<string, number[]>;
  /** Lines whose prompt has no word the model knows: these can never be generated. */
  noKnownWord: number[];
}

/** Which words of the prompt set the model's vocabulary lacks, listed before anything is generated. */
export function vocabularyReport(prompts: PromptEntry[], text: TextSpec): VocabularyReport {
  const vocab = new Set(text.vocab.filter((_, i) => i !== text.pad_id));
  const unknown: Record<string, number[]> = {};
  const noKnownWord: number[] = [];
  for (const p of prompts) {
    const words = splitWords(p.text);
    if (!words.some((w) => vocab.has(w))) noKnownWord.push(p.line);
    for (const w of words.filter((x) => !vocab.has(x))) (unknown[w] ??= []).push(p.line);
  }
  return { unknown, noKnownWord };
}
