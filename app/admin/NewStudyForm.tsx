'use client';

import { useState } from 'react';
import { api } from '../_components/api';
import { buttonClass, ErrorText, inputClass } from '../_components/ui';

const DEFAULT_INSTRUCTIONS =
  'You will see pairs of images made from the same text prompt. For each pair, judge which image has the better overall quality — or whether they are of similar quality — and answer with the buttons or the keys 1–5.';
const DEFAULT_CONSENT =
  'This study collects your judgements of image quality for research. It takes about 5 minutes. Your answers are stored without your name; you may stop at any time.';

export function NewStudyForm() {
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const form = { ...Object.fromEntries(data), attentionCheckKinds: data.getAll('attentionCheckKinds') };
    setError(null);
    try {
      const { study } = await api<{ study: { id: string } }>('/api/studies', { json: form });
      window.location.href = `/admin/studies/${study.id}`;
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const field = (label: string, name: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm font-medium">
      {label}
      <input name={name} className={inputClass} {...props} />
    </label>
  );
  return (
    <form onSubmit={submit} className="grid gap-4 md:grid-cols-2">
      <div className="md:col-span-2">{field('Title', 'title', { required: true, placeholder: 'Dense vs RAS 50 %' })}</div>
      <label className="block text-sm font-medium md:col-span-2">
        Instructions
        <textarea name="instructions" rows={3} className={inputClass} defaultValue={DEFAULT_INSTRUCTIONS} required />
      </label>
      <label className="block text-sm font-medium md:col-span-2">
        Consent text
        <textarea name="consentText" rows={3} className={inputClass} defaultValue={DEFAULT_CONSENT} required />
      </label>
      {field('Trials per participant', 'trialsPerParticipant', { type: 'number', min: 1, defaultValue: 14, required: true })}
      {field('Target votes per comparison', 'targetVotesPerComparison', { type: 'number', min: 1, defaultValue: 100, required: true })}
      {field('Attention-check rate (0–0.5)', 'attentionCheckRate', { type: 'number', min: 0, max: 0.5, step: 0.01, defaultValue: 0.1 })}
      <fieldset className="text-sm">
        <legend className="font-medium">Attention-check kinds (each participant gets at least one of each)</legend>
        <label className="mt-1 flex items-center gap-2">
          <input type="checkbox" name="attentionCheckKinds" value="identical" defaultChecked /> Identical pair (&quot;similar&quot; expected)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="attentionCheckKinds" value="degraded" defaultChecked /> Degraded pair (the intact image expected better)
        </label>
      </fieldset>
      {field('Completion code', 'completionCode', { required: true, defaultValue: 'RAS-THANKS' })}
      <div className="md:col-span-2">{field('Redirect URL after completion (optional)', 'redirectUrl', { type: 'url', placeholder: 'https://app.prolific.com/submissions/complete?cc=…' })}</div>
      <div className="md:col-span-2">
        <button className={buttonClass} type="submit">
          Create study
        </button>
        <ErrorText error={error} />
      </div>
    </form>
  );
}
