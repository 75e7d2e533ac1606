import { db } from '../db/client';
import { generationProgress } from './progress';

/** One console line per change: a text progress bar of every generation that is not finished. */
export function watchGenerations(print: (line: string) => void, everySeconds = 5, studyLink: (slug: string) => string = (slug) => `/s/${slug}`): () => void {
  let last = '';
  const announced = new Set<string>();
  const timer = setInterval(async () => {
    try {
      const generations = await db().generation.findMany({ include: { study: true } });
      for (const g of generations) {
        const p = await generationProgress(g.studyId);
        if (!p || p.total === 0) continue;
        const width = 30;
        const filled = Math.round((p.done / p.total) * width);
        const eta = p.etaSeconds != null && p.done < p.total ? ` ETA ${Math.ceil(p.etaSeconds)} s` : '';
        const speed = p.imagesPerSecond != null ? ` ${p.imagesPerSecond.toFixed(2)} img/s` : '';
        const line = `[generate] ${g.study.title}: [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${speed}${eta}${p.failed ? ` ${p.failed} failed` : ''}`;
        if (line !== last && (p.done < p.total || !last.includes(`${p.total}/${p.total}`))) print(line);
        last = line;
        if (p.done === p.total && g.study.status === 'OPEN' && !announced.has(g.studyId)) {
          announced.add(g.studyId);
          print(`[generate] ${g.study.title}: all images made; open for voting at ${studyLink(g.study.slug)}`);
        }
      }
    } catch {
      // The database may be going away while the app stops.
    }
  }, everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
