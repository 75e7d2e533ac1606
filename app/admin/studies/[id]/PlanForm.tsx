'use client';

import { useMemo, useState } from 'react';
import type { StudySettings } from '@/server/stats/settings';
import { DEFAULT_VOTE_SD, participantMeanSd, tostSampleSize } from '@/server/stats/sampleSize';
import { fieldsFromSettings, settingsFromFields, type SettingsFields } from '@/server/stats/settingsFields';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText, inputClass } from '../../../_components/ui';

type Form = SettingsFields;

/** The analysis plan: editable while the study is a draft, shown read-only once opening has frozen it. */
export function PlanForm(props: { studyId: string; plan: StudySettings; frozenAt: string | null; trialsPerParticipant: number; comparisons: number }) {
  const [form, setForm] = useState(fieldsFromSettings(props.plan));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const frozen = props.frozenAt !== null;
  const [power, setPower] = useState('0.8');
  const [voteSd, setVoteSd] = useState(DEFAULT_VOTE_SD.toFixed(2));
  const sampleSize = useMemo(() => {
    const sd = participantMeanSd(Number(voteSd), props.trialsPerParticipant, 0.2);
    return { sd, result: tostSampleSize({ margin: Number(form.margin), alpha: Number(form.alpha), power: Number(power), sd, trialsPerParticipant: props.trialsPerParticipant, comparisons: Math.max(1, props.comparisons) }) };
  }, [form.margin, form.alpha, power, voteSd, props.trialsPerParticipant, props.comparisons]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const plan = settingsFromFields(form);
    try {
      await api(`/api/studies/${props.studyId}/plan`, { method: 'PUT', json: plan });
      setSaved(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const field = (key: keyof Form, label: string) => (
    <label className="block font-medium">
      {label}
      <input className={inputClass} name={key} value={form[key]} disabled={frozen} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <form onSubmit={submit} className="text-sm" data-testid="plan-form">
      <p className="mb-3" data-testid="plan-state">
        {frozen
          ? `Frozen when the study opened (${props.frozenAt!.slice(0, 16).replace('T', ' ')} UTC): every report and export uses this plan; other settings can only be run as named exploratory analyses on the results page.`
          : 'Set before opening: opening the study freezes this plan.'}
      </p>
      <div className="grid gap-3 sm:grid-cols-4">
        {field('margin', 'Equivalence margin (± on −2…+2)')}
        {field('alpha', 'Alpha')}
        <label className="block font-medium">
          Primary test
          <select className={inputClass} name="primaryTest" value={form.primaryTest} disabled={frozen} onChange={(e) => setForm({ ...form, primaryTest: e.target.value })}>
            <option value="tost">Equivalence (TOST on participant means)</option>
            <option value="wilcoxon">Difference (Wilcoxon on participant means)</option>
          </select>
        </label>
        {field('minTrialsAnswered', 'Exclude: fewer comparisons answered than')}
        {field('identical', 'Exclude: more failed identical checks than')}
        {field('degraded', 'Exclude: more failed degraded checks than')}
        {field('fastMedianMs', 'Exclude: median response below (ms, server; empty = off)')}
        {field('maxFocusLosses', 'Exclude: left the page (tab switches) more than (times; empty = off)')}
      </div>
      {!frozen && (
        <div className="mt-3 flex items-center gap-3">
          <button className={buttonClass} type="submit">
            Save plan
          </button>
          {saved && <span className="text-emerald-700">Saved.</span>}
        </div>
      )}
      <ErrorText error={error} />
      <div className="mt-4 rounded-lg bg-slate-50 p-3" data-testid="sample-size">
        <h3 className="font-medium">Sample size for the equivalence test</h3>
        <div className="mt-2 grid gap-3 sm:grid-cols-4">
          <label className="block font-medium">
            Power
            <input className={inputClass} value={power} onChange={(e) => setPower(e.target.value)} name="power" />
          </label>
          <label className="block font-medium">
            Assumed SD of one vote
            <input className={inputClass} value={voteSd} onChange={(e) => setVoteSd(e.target.value)} name="voteSd" />
          </label>
        </div>
        <p className="mt-2" data-testid="sample-size-result">
          {sampleSize.result.ok
            ? `${sampleSize.result.participants} participants (power ${sampleSize.result.power.toFixed(2)}), ${sampleSize.result.votesPerComparison} votes per comparison with ${props.trialsPerParticipant} trials each over ${props.comparisons} comparisons.`
            : sampleSize.result.reason}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Assumes the conditions are truly equivalent and an SD of participant means of {sampleSize.sd.toFixed(3)}: the vote SD (default {DEFAULT_VOTE_SD.toFixed(2)}, the upper bound
          from the RAS paper&apos;s 1400 votes) over {props.trialsPerParticipant} trials, with a fifth of its variance between participants
          (docs/statistics.md).
        </p>
      </div>
    </form>
  );
}
