'use client';

import { useRef, useState } from 'react';
import type { ModelChoice } from '@/server/generation/models-list';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText, inputClass, secondaryButtonClass } from '../../../_components/ui';

type Check = {
  prompts: number;
  images: number;
  duplicates: string[];
  conditions: { name: string }[];
  vocabulary: { unknown: Record<string, number[]>; noKnownWord: number[] };
};

export function GenerateForm({ studyId, models }: { studyId: string; models: ModelChoice[] }) {
  const form = useRef<HTMLFormElement>(null);
  const [modelDir, setModelDir] = useState(models.find((m) => m.dir.endsWith('emoji-dit-64'))?.dir ?? models[0]?.dir);
  const chosen = models.find((m) => m.dir === modelDir);
  const advice = chosen?.equalTimeControl ?? null;
  const designs = chosen?.designs ?? [];
  const [design, setDesign] = useState('standard');
  const fixed = designs.some((d) => d.value === design); // a named design fixes preset, steps and ratios
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (path: 'check' | '') => {
    setError(null);
    setBusy(true);
    try {
      const data = new FormData(form.current!);
      if (path === 'check') setCheck(await api<Check>(`/api/studies/${studyId}/generation/check`, { form: data }));
      else {
        await api(`/api/studies/${studyId}/generation`, { form: data });
        window.location.reload();
      }
    } catch (e) {
      setError((e as Error).message);
      if (path === 'check') setCheck(null);
    }
    setBusy(false);
  };
  const unknown = check ? Object.entries(check.vocabulary.unknown) : [];
  return (
    <form ref={form} onSubmit={(e) => e.preventDefault()} onChange={(e) => (e.target as unknown as HTMLInputElement).name !== 'ignoreUnknownWords' && setCheck(null)} className="grid gap-4 text-sm md:grid-cols-3">
      <label className="block font-medium md:col-span-3">
        Prompt set (CSV with a prompt column and optional seed, tags; JSON; or plain text, one prompt a line)
        <input name="prompts" type="file" accept=".csv,.json,.txt,text/plain" className="mt-1 block" required />
      </label>
      <label className="block font-medium">
        Model
        <select name="modelDir" className={inputClass} value={modelDir} onChange={(e) => (setModelDir(e.target.value), setDesign('standard'))}>
          {models.map((m) => (
            <option key={m.dir} value={m.dir}>
              {m.name} ({m.image}, {m.tokens} tokens)
            </option>
          ))}
        </select>
      </label>
      {designs.length > 0 && (
        <label className="block font-medium md:col-span-3">
          Study design
          <select name="design" className={inputClass} value={design} onChange={(e) => setDesign(e.target.value)}>
            <option value="standard">Standard: dense against RAS at the ratios below</option>
            {designs.map((d) => (
              <option key={d.value} value={d.value}>
                Few-step frontier: {d.label}
              </option>
            ))}
          </select>
          {fixed && <span className="mt-1 block text-xs font-normal text-slate-600">This design fixes its conditions: preset, steps, ratios and the equal-time control below are not used.</span>}
        </label>
      )}
      <label className="block font-medium">
        Preset
        <select name="preset" className={inputClass} defaultValue="sd3Example" disabled={fixed}>
          <option value="sd3Example">The paper&apos;s study: SD3 example schedule (28 steps, warm-up 4, resets 12 and 20)</option>
          <option value="sd3AuthorsRun">The authors&apos; published SD3 run: as above with starvation scale 0.1 (their code ignores the flag)</option>
          <option value="luminaExample">Lumina example (30 steps, dynamic ratio)</option>
          <option value="referenceDefaults">Reference defaults (30 steps)</option>
        </select>
      </label>
      <label className="block font-medium">
        RAS ratios (comma-separated)
        <input name="rasRatios" className={inputClass} defaultValue="0.5" disabled={fixed} />
      </label>
      <label className="block font-medium">
        Steps (blank: preset)
        <input name="steps" type="number" min={1} max={200} className={inputClass} disabled={fixed} />
      </label>
      <label className="block font-medium">
        Guidance (blank: preset / model)
        <input name="guidance" type="number" min={0} max={30} step={0.1} className={inputClass} />
      </label>
      <label className="block font-medium">
        Seeds per prompt
        <input name="seedsPerPrompt" type="number" min={1} max={16} defaultValue={1} className={inputClass} />
      </label>
      <div className="md:col-span-3">
        <label className="flex items-center gap-2">
          {/* keyed by model: the default follows the chosen model's measured advice */}
          <input key={modelDir} type="checkbox" name="equalTimeControl" defaultChecked={advice?.atLeastAsGood ?? false} /> Add “dense with fewer steps” at the RAS
          run&apos;s ideal cost (an equal-time control)
        </label>
        {advice?.atLeastAsGood && (
          <p className="mt-1 text-xs text-slate-600" data-testid="equal-time-reason">
            Checked by default for this model: {advice.reason} ({advice.measuredBy})
          </p>
        )}
      </div>
      {unknown.length > 0 && (
        <label className="flex items-center gap-2 md:col-span-3">
          <input type="checkbox" name="ignoreUnknownWords" /> Generate anyway: the unknown words are ignored
        </label>
      )}
      <div className="flex gap-3 md:col-span-3">
        <button type="button" className={secondaryButtonClass} disabled={busy} onClick={() => submit('check')}>
          Check
        </button>
        <button type="button" className={buttonClass} disabled={busy || !check} onClick={() => submit('')}>
          Generate
        </button>
      </div>
      {check && (
        <div className="rounded-lg bg-slate-50 p-3 md:col-span-3" data-testid="generation-check">
          <p>
            {check.prompts} prompts → {check.images} images in {check.conditions.length} conditions: {check.conditions.map((c) => c.name).join(', ')}.
          </p>
          {check.duplicates.length > 0 && <p className="mt-1 text-amber-700">Duplicates dropped: {check.duplicates.join('; ')}</p>}
          {unknown.length > 0 && (
            <p className="mt-1 text-amber-700" data-testid="unknown-words">
              Words the model does not know: {unknown.map(([w, lines]) => `${w} (line ${lines.join(', ')})`).join('; ')}
            </p>
          )}
          {check.vocabulary.noKnownWord.length > 0 && <p className="mt-1 text-red-700">No known word on line(s) {check.vocabulary.noKnownWord.join(', ')}: fix these first.</p>}
        </div>
      )}
      <div className="md:col-span-3">
        <ErrorText error={error} />
      </div>
    </form>
  );
}
