/**
 * The prompts of a model evaluation: a seeded, class-stratified sample of the data set's captions, so every
 * emoji subgroup counts about equally (the data set is dominated by skin-tone variants of people and flags).
 */
import { mulberry32 } from '../stats/prng';

export interface EvalItem {
  /** Row of the data set. */
  readonly index: number;
  readonly caption: string;
  readonly label: number;
}

export interface EvalSetSource {
  readonly captions: readonly string[];
  readonly labels: ArrayLike<number>;
  readonly split: ArrayLike<number>;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Up to `count` distinct captions of the given split, taken round-robin over the labels (each label's rows in a
 * seeded random order; labels visited in a seeded random order), so the set is as balanced as the split allows.
 */
export function pickEvalSet(source: EvalSetSource, options: { split: number; count: number; seed: number }): EvalItem[] {
  const random = mulberry32(options.seed);
  const byLabel = new Map<number, number[]>();
  const seenCaptions = new Set<string>();
  for (let i = 0; i < source.captions.length; i++) {
    if (source.split[i] !== options.split) continue;
    const caption = source.captions[i]!;
    if (seenCaptions.has(caption)) continue;
    seenCaptions.add(caption);
    const label = source.labels[i]!;
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label)!.push(i);
  }
  const queues = shuffled([...byLabel.keys()].sort((a, b) => a - b), random).map((label) => shuffled(byLabel.get(label)!, random));
  const picked: EvalItem[] = [];
  for (let round = 0; picked.length < options.count; round++) {
    let any = false;
    for (const queue of queues) {
      if (round >= queue.length || picked.length >= options.count) continue;
      const index = queue[round]!;
      picked.push({ index, caption: source.captions[index]!, label: source.labels[index]! });
      any = true;
    }
    if (!any) break;
  }
  return picked;
}
