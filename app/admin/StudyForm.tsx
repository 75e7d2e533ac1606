'use client';

import { useRef, useState } from 'react';
import { DEFAULT_PARTICIPANT_TITLE, DEFAULT_QUESTION, DEFAULT_SCALE_LABELS, FROZEN_AFTER_OPENING } from '@/server/studies/schemas';
import { api } from '../_components/api';
import { buttonClass, ErrorText, inputClass } from '../_components/ui';

const DEFAULT_INSTRUCTIONS =
  'You will see pairs of images made from the same text prompt. For each pair, judge which image has the better overall quality — or whether they are of similar quality — and answer with the buttons or the keys 1–5.';
const DEFAULT_CONSENT =
  'This study collects your judgements of image quality for research. It takes about 5 minutes. Your answers are stored without your name; you may stop at any time.';

/** The fields of a study as the form shows them (an existing study's, or the defaults of a new one). */
export interface StudyFormValues {
  title: string;
  participantTitle: string;
  question: string;
  scaleLabels: string[];
  showPrompt: boolean;
  instructions: string;
  consentText: string;
  trialsPerParticipant: number;
  targetVotesPerComparison: number;
  attentionCheckRate: number;
  attentionCheckKinds: string[];
  completionCode: string;
  redirectUrl: string | null;
  declineCode: string | null;
  declineRedirectUrl: string | null;
  minScreenWidth: number | null;
  minScreenHeight: number | null;
  closeGraceMinutes: number;
  exportProlificIds: boolean;
}

const NEW_STUDY: StudyFormValues = {
  title: '',
  participantTitle: DEFAULT_PARTICIPANT_TITLE,
  question: DEFAULT_QUESTION,
  scaleLabels: [...DEFAULT_SCALE_LABELS],
  showPrompt: false,
  instructions: DEFAULT_INSTRUCTIONS,
  consentText: DEFAULT_CONSENT,
  trialsPerParticipant: 14,
  targetVotesPerComparison: 100,
  attentionCheckRate: 0.1,
  attentionCheckKinds: ['IDENTICAL', 'DEGRADED'],
  completionCode: 'RAS-THANKS',
  redirectUrl: null,
  declineCode: null,
  declineRedirectUrl: null,
  minScreenWidth: null,
  minScreenHeight: null,
  closeGraceMinutes: 60,
  exportProlificIds: false,
};

const FLAGS = ['showPrompt', 'exportProlificIds'] as const;

/** Reads the form into the API's input: only enabled fields (a frozen field is disabled and not sent). */
function formInput(form: HTMLFormElement): Record<string, unknown> {
  const data = new FormData(form);
  const enabled = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`[name="${name}"]`)].some((el) => !el.disabled);
  const out: Record<string, unknown> = {};
  for (const [key, value] of data) if (!['scaleLabels', 'attentionCheckKinds', ...FLAGS].includes(key)) out[key] = value;
  for (const flag of FLAGS) if (enabled(flag)) out[flag] = data.has(flag);
  if (enabled('scaleLabels')) out.scaleLabels = data.getAll('scaleLabels');
  if (enabled('attentionCheckKinds')) out.attentionCheckKinds = data.getAll('attentionCheckKinds');
  return out;
}

/**
 * Create a study, or edit one: every field while it is a draft; once it has opened the fields participants see
 * or are assigned are shown disabled (the server refuses them too, with 409).
 */
export function StudyForm({ study, studyId, status }: { study?: StudyFormValues; studyId?: string; status?: string }) {
  const v = study ?? NEW_STUDY;
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const locked = (name: string) => status !== undefined && status !== 'DRAFT' && (FROZEN_AFTER_OPENING as readonly string[]).includes(name);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      if (studyId) {
        await api(`/api/studies/${studyId}`, { method: 'PATCH', json: formInput(event.currentTarget) });
        setSaved(true);
      } else {
        const { study: created } = await api<{ study: { id: string } }>('/api/studies', { json: formInput(event.currentTarget) });
        window.location.href = `/admin/studies/${created.id}`;
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const field = (label: string, name: keyof StudyFormValues, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block text-sm font-medium">
      {label}
      <input name={name} className={inputClass} defaultValue={(v[name] as string | number | null) ?? ''} disabled={locked(name)} {...props} />
    </label>
  );
  const area = (label: string, name: 'instructions' | 'consentText') => (
    <label className="block text-sm font-medium md:col-span-2">
      {label}
      <textarea name={name} rows={3} className={inputClass} defaultValue={v[name]} disabled={locked(name)} required />
    </label>
  );
  const frozenNote = status !== undefined && status !== 'DRAFT';
  return (
    <form ref={form} onSubmit={submit} onChange={() => setSaved(false)} className="grid gap-4 md:grid-cols-2" data-testid="study-form">
      {frozenNote && (
        <p className="rounded-lg bg-slate-100 p-3 text-sm md:col-span-2" data-testid="frozen-note">
          The study has opened: what participants see and are assigned is frozen (greyed out), so every answer was given under the same conditions.
          Still editable: internal title, target votes, completion and decline codes and redirects, grace period.
        </p>
      )}
      {field('Internal title (admins and researchers only)', 'title', { required: true, placeholder: 'Dense vs RAS 50 %' })}
      {field('Participant title (what participants see)', 'participantTitle', { required: true })}
      <div className="md:col-span-2">{field('Question above each pair', 'question', { required: true })}</div>
      <fieldset className="text-sm md:col-span-2">
        <legend className="font-medium">Answer labels, 1 to 5 ({'{first}'} and {'{second}'} become Left/Right, or Top/Bottom when stacked)</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-5">
          {DEFAULT_SCALE_LABELS.map((d, i) => (
            <input key={i} name="scaleLabels" aria-label={`Answer label ${i + 1}`} className={inputClass} defaultValue={v.scaleLabels[i] ?? d} disabled={locked('scaleLabels')} required />
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm md:col-span-2">
        <input type="checkbox" name="showPrompt" defaultChecked={v.showPrompt} disabled={locked('showPrompt')} /> Show each pair&apos;s prompt to
        participants (to judge how well the images follow it)
      </label>
      {area('Instructions', 'instructions')}
      {area('Consent text', 'consentText')}
      {field('Trials per participant', 'trialsPerParticipant', { type: 'number', min: 1, required: true })}
      {field('Target votes per comparison', 'targetVotesPerComparison', { type: 'number', min: 1, required: true })}
      {field('Attention-check rate (0–0.5)', 'attentionCheckRate', { type: 'number', min: 0, max: 0.5, step: 0.01 })}
      <fieldset className="text-sm">
        <legend className="font-medium">Attention-check kinds (each participant gets at least one of each)</legend>
        <label className="mt-1 flex items-center gap-2">
          <input type="checkbox" name="attentionCheckKinds" value="identical" defaultChecked={v.attentionCheckKinds.includes('IDENTICAL')} disabled={locked('attentionCheckKinds')} />{' '}
          Identical pair (&quot;similar&quot; expected)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="attentionCheckKinds" value="degraded" defaultChecked={v.attentionCheckKinds.includes('DEGRADED')} disabled={locked('attentionCheckKinds')} />{' '}
          Degraded pair (the intact image expected better)
        </label>
      </fieldset>
      {field('Completion code', 'completionCode', { required: true })}
      {field('Redirect URL after completion (optional)', 'redirectUrl', { type: 'url', placeholder: 'https://app.prolific.com/submissions/complete?cc=…' })}
      {field('Decline code (optional, shown to who does not consent)', 'declineCode', { placeholder: 'NOCONSENT' })}
      {field('Redirect URL after declining (optional)', 'declineRedirectUrl', { type: 'url', placeholder: 'https://app.prolific.com/submissions/complete?cc=…' })}
      {field('Minimum screen width in px (optional)', 'minScreenWidth', { type: 'number', min: 200, max: 4000 })}
      {field('Minimum screen height in px (optional)', 'minScreenHeight', { type: 'number', min: 200, max: 4000 })}
      {field('Grace period after closing (minutes)', 'closeGraceMinutes', { type: 'number', min: 0, max: 10080, required: true })}
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="exportProlificIds" className="mt-1" defaultChecked={v.exportProlificIds} disabled={locked('exportProlificIds')} />
        <span>
          Keep raw PROLIFIC_PIDs for an admin-only export (to approve or reject submissions). Off: only a salted hash is kept. Tell participants
          where they agree to take part.
        </span>
      </label>
      <div className="md:col-span-2">
        <button className={buttonClass} type="submit">
          {studyId ? 'Save changes' : 'Create study'}
        </button>
        {saved && (
          <span className="ml-3 text-sm text-emerald-700" role="status">
            Saved.
          </span>
        )}
        <ErrorText error={error} />
      </div>
    </form>
  );
}
