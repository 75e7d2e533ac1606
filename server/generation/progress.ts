import { db } from '../db/client';

export interface GenerationProgress {
  total: number;
  done: number;
  running: number;
  failed: number;
  pending: number;
  imagesPerSecond: number | null;
  etaSeconds: number | null;
  failures: { itemId: string; prompt: string; seed: number; condition: string; error: string }[];
}

/** Pure: throughput over the last 20 finished items, and the time left at that rate. */
export function rate(finishedAt: Date[], remaining: number): { imagesPerSecond: number | null; etaSeconds: number | null } {
  if (finishedAt.length < 2) return { imagesPerSecond: null, etaSeconds: null };
  const sorted = [...finishedAt].sort((a, b) => a.getTime() - b.getTime());
  const recent = sorted.slice(-20);
  const span = (recent.at(-1)!.getTime() - recent[0].getTime()) / 1000;
  if (span <= 0) return { imagesPerSecond: null, etaSeconds: null };
  const imagesPerSecond = (recent.length - 1) / span;
  return { imagesPerSecond, etaSeconds: imagesPerSecond > 0 ? remaining / imagesPerSecond : null };
}

export async function generationProgress(studyId: string): Promise<GenerationProgress | null> {
  const generation = await db().generation.findUnique({ where: { studyId } });
  if (!generation) return null;
  const items = await db().generationItem.findMany({
    where: { generationId: generation.id, prompt: { excluded: false } },
    include: { prompt: true, condition: true },
  });
  const count = (s: string) => items.filter((i) => i.status === s).length;
  const done = items.filter((i) => i.status === 'DONE');
  const remaining = items.length - done.length;
  return {
    total: items.length,
    done: done.length,
    running: count('RUNNING'),
    failed: count('FAILED'),
    pending: count('PENDING'),
    ...rate(done.map((i) => i.finishedAt!).filter(Boolean), remaining),
    failures: items
      .filter((i) => i.status === 'FAILED')
      .map((i) => ({ itemId: i.id, prompt: i.prompt.text, seed: i.prompt.seed, condition: i.condition.name, error: i.error ?? '' })),
  };
}
