'use client';

import { useState } from 'react';
import type { PreviewImage } from '@/server/studies/preview';
import { api } from '../../../_components/api';
import { ErrorText } from '../../../_components/ui';

type Prompt = { id: string; text: string; seed: number; excluded: boolean; images: PreviewImage[] };

function Figures({ image }: { image: PreviewImage }) {
  const m = image.metrics;
  const parts = [image.generationMs != null ? `${Math.round(image.generationMs)} ms` : null];
  if (m.speedup != null) parts.push(`${m.speedup.toFixed(2)}×`);
  if (m.identical) parts.push('identical');
  else if (m.psnr != null) parts.push(`PSNR ${m.psnr.toFixed(1)} dB`);
  if (m.ssim != null) parts.push(`SSIM ${m.ssim.toFixed(3)}`);
  return <p className="mt-1 text-center text-xs text-slate-500">{parts.filter(Boolean).join(' · ')}</p>;
}

export function Gallery({ studyId, prompts, editable }: { studyId: string; prompts: Prompt[]; editable: boolean }) {
  const [excluded, setExcluded] = useState(() => Object.fromEntries(prompts.map((p) => [p.id, p.excluded])));
  const [error, setError] = useState<string | null>(null);
  if (prompts.length === 0) return <p className="text-sm text-slate-500">No images yet.</p>;
  const toggle = async (id: string) => {
    setError(null);
    try {
      await api(`/api/studies/${studyId}/prompts/${id}`, { json: { excluded: !excluded[id] } });
      setExcluded((e) => ({ ...e, [id]: !e[id] }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <ErrorText error={error} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {prompts.map((p) => (
          <figure key={p.id} className={`rounded-lg border p-2 ${excluded[p.id] ? 'border-red-200 opacity-50' : 'border-slate-100'}`} data-testid="gallery-prompt">
            <div className="grid gap-2" style={{ gridTemplateColumns: `repeat(${Math.max(1, p.images.length)}, minmax(0, 1fr))` }}>
              {p.images.map((image) => (
                <div key={image.condition}>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={image.url} alt={image.condition} className="w-full rounded bg-slate-100 [image-rendering:pixelated]" />
                  <p className="mt-1 text-center text-xs font-medium">{image.condition}</p>
                  <Figures image={image} />
                </div>
              ))}
            </div>
            <figcaption className="mt-2 flex items-center justify-between text-xs">
              <span>
                “{p.text}” · seed {p.seed}
              </span>
              {editable && (
                <label className="flex items-center gap-1">
                  <input type="checkbox" checked={excluded[p.id]} onChange={() => toggle(p.id)} /> exclude
                </label>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
    </>
  );
}
