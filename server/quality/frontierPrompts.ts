/**
 * Prompts as users type them: "<emoji name> <style>" (e.g. "red heart twemoji"), not the training captions,
 * which add the subgroup and group words and so tell the model the answer the classifier checks. Taken from
 * the data set's base emoji (no skin-tone variants), one prompt per distinct name and style, a seeded sample
 * stratified by subgroup as in the model evaluation.
 */
import { pickEvalSet, type EvalItem } from './evalSet';

export interface FrontierPrompt extends EvalItem {
  /** The prompt: the caption's label words and its style word. */
  readonly caption: string;
}

const STYLES = ['twemoji', 'noto'];

/** "red heart twemoji emotion smileys emotion" → "red heart twemoji"; null when the caption has no style word. */
export function userPrompt(caption: string): string | null {
  const words = caption.split(' ');
  const at = words.findIndex((w) => STYLES.includes(w));
  return at < 1 ? null : words.slice(0, at + 1).join(' ');
}

export function pickFrontierPrompts(
  data: { captions: readonly string[]; label: ArrayLike<number>; split: ArrayLike<number> },
  options: { split: number; count: number; seed: number },
): FrontierPrompt[] {
  const prompts = data.captions.map((c) => (/\bskin tone\b/.test(c) ? null : userPrompt(c)));
  // rows without a usable prompt get a split no one asks for
  const split = Array.from({ length: prompts.length }, (_, i) => (prompts[i] === null ? -1 : data.split[i]!));
  return pickEvalSet({ captions: prompts.map((p) => p ?? ''), labels: data.label, split }, options);
}
