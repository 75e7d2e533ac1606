'use client';

import { useEffect, useState } from 'react';
import type { GenerationProgress as Progress } from '@/server/generation/progress';
import { api } from '../../../_components/api';
import { secondaryButtonClass } from '../../../_components/ui';

export function GenerationProgress({ studyId }: { studyId: string }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    let alive = true;
    let wasDone = false;
    const poll = async () => {
      const { progress: p } = await api<{ progress: Progress | null }>(`/api/studies/${studyId}/generation`).catch(() => ({ progress: null }));
      if (!alive) return;
      setProgress(p);
      const done = p != null && p.done === p.total;
      // When the last image lands, reload once so the gallery shows every image.
      if (done && !wasDone && p.total > 0 && sessionStorage.getItem(`gen-done-${studyId}`) !== String(p.total)) {
        sessionStorage.setItem(`gen-done-${studyId}`, String(p.total));
        window.location.reload();
      }
      wasDone = done;
    };
    poll();
    const timer = setInterval(poll, 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [studyId]);
  if (!progress) return <p className="text-sm text-slate-500">Loading…</p>;
  const percent = progress.total ? (100 * progress.done) / progress.total : 0;
  const retry = (itemId?: string) => api(`/api/studies/${studyId}/generation/retry`, { json: { itemId } });
  return (
    <div className="text-sm">
      <div className="h-3 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={Math.round(percent)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-emerald-500 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2" data-testid="generation-progress">
        {progress.done} / {progress.total} images
        {progress.imagesPerSecond != null && ` · ${progress.imagesPerSecond.toFixed(2)} images/s`}
        {progress.etaSeconds != null && progress.done < progress.total && ` · about ${Math.ceil(progress.etaSeconds)} s left`}
        {progress.running > 0 && ` · ${progress.running} running`}
        {progress.failed > 0 && ` · ${progress.failed} failed`}
      </p>
      {progress.failures.length > 0 && (
        <div className="mt-3 space-y-2">
          <button className={secondaryButtonClass} onClick={() => retry()}>
            Retry all failed
          </button>
          <ul className="space-y-1">
            {progress.failures.map((f) => (
              <li key={f.itemId} className="rounded bg-red-50 p-2 text-red-800">
                {f.condition} · “{f.prompt}” seed {f.seed}: {f.error}{' '}
                <button className="ml-2 underline" onClick={() => retry(f.itemId)}>
                  retry
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
