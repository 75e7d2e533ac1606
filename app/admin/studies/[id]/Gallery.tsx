'use client';

import { useEffect, useRef, useState } from 'react';
import type { PreviewImage } from '@/server/studies/preview';
import { api } from '../../../_components/api';
import { ErrorText, secondaryButtonClass } from '../../../_components/ui';

type Prompt = { id: string; text: string; seed: number; excluded: boolean; images: PreviewImage[] };

function Figures({ image }: { image: PreviewImage }) {
  const m = image.metrics;
  const parts = [image.generationMs != null ? `${Math.round(image.generationMs)} ms` : null];
  if (m.speedup != null) parts.push(`${m.speedup.toFixed(2)}×`);
  if (m.identical) parts.push('identical');
  else if (m.psnr != null) parts.push(`PSNR ${m.psnr.toFixed(1)} dB`);
  if (m.ssim != null) parts.push(`SSIM ${m.ssim.toFixed(3)}`);
  return <p className="mt-1 text-center text-xs text-slate-600">{parts.filter(Boolean).join(' · ')}</p>;
}

/**
 * One prompt's images large: side by side, or one at a time in the same place ("Flip A/B", or the F key) so a
 * difference shows as a change under the eye.
 */
function Enlarged({ prompt, onClose }: { prompt: Prompt; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [flip, setFlip] = useState<number | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const next = () => setFlip((f) => ((f ?? -1) + 1) % prompt.images.length);
  const shown = flip === null ? prompt.images : [prompt.images[flip]];
  return (
    <dialog
      ref={dialog}
      aria-label={`“${prompt.text}”, seed ${prompt.seed}, enlarged`}
      onClose={onClose}
      onKeyDown={(e) => e.key.toLowerCase() === 'f' && next()}
      className="m-auto max-h-[95dvh] w-[min(96vw,1100px)] rounded-xl p-4 shadow-xl backdrop:bg-slate-900/60"
      data-testid="gallery-enlarged"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium">
          “{prompt.text}” · seed {prompt.seed}
        </p>
        <div className="flex gap-2">
          <button type="button" className={secondaryButtonClass} onClick={next}>
            Flip A/B (F)
          </button>
          {flip !== null && (
            <button type="button" className={secondaryButtonClass} onClick={() => setFlip(null)}>
              Side by side
            </button>
          )}
          <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </div>
      <div className="mt-3 grid gap-3" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}>
        {shown.map((image) => (
          <figure key={image.condition} className="flex flex-col items-center">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={image.url} alt={`${image.condition}, enlarged`} className="max-h-[70dvh] w-full rounded bg-slate-100 object-contain [image-rendering:pixelated]" />
            <figcaption className="mt-1 text-sm font-medium" data-testid="enlarged-condition">
              {image.condition}
            </figcaption>
            <Figures image={image} />
          </figure>
        ))}
      </div>
    </dialog>
  );
}

export function Gallery({ studyId, prompts, editable }: { studyId: string; prompts: Prompt[]; editable: boolean }) {
  const [excluded, setExcluded] = useState(() => Object.fromEntries(prompts.map((p) => [p.id, p.excluded])));
  const [enlarged, setEnlarged] = useState<Prompt | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (prompts.length === 0) return <p className="text-sm text-slate-600">No images yet.</p>;
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
          <figure key={p.id} className={`rounded-lg border p-2 ${excluded[p.id] ? 'border-red-200 opacity-60' : 'border-slate-100'}`} data-testid="gallery-prompt">
            {/* Clicking the images enlarges them too (a mouse shortcut); the Enlarge button is the way for everyone. */}
            <div className="grid w-full cursor-zoom-in gap-2" style={{ gridTemplateColumns: `repeat(${Math.max(1, p.images.length)}, minmax(0, 1fr))` }} onClick={() => setEnlarged(p)}>
              {p.images.map((image) => (
                <div key={image.condition}>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={image.url} alt={image.condition} className="w-full rounded bg-slate-100 [image-rendering:pixelated]" />
                  <p className="mt-1 text-center text-xs font-medium">{image.condition}</p>
                  <Figures image={image} />
                </div>
              ))}
            </div>
            <figcaption className="mt-2 flex items-center justify-between gap-2 text-xs">
              <span>
                “{p.text}” · seed {p.seed}
              </span>
              <button type="button" className="shrink-0 text-indigo-700 underline" onClick={() => setEnlarged(p)}>
                Enlarge<span className="sr-only">{` “${p.text}”, seed ${p.seed}`}</span>
              </button>
              {editable && (
                <label className="flex items-center gap-1">
                  <input type="checkbox" checked={excluded[p.id]} onChange={() => toggle(p.id)} /> exclude
                </label>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
      {enlarged && <Enlarged prompt={enlarged} onClose={() => setEnlarged(null)} />}
    </>
  );
}
