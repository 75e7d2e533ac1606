'use client';

import { useState } from 'react';
import { api } from '../../../_components/api';
import { ErrorText, secondaryButtonClass } from '../../../_components/ui';

/**
 * Pilot mode: take the study as a participant would (blinded), in this browser, with the answers marked pilot
 * and never analysed; shown in a 390×844 phone frame, or in a tab of its own.
 */
export function PilotPanel({ studyId, pilots }: { studyId: string; pilots: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [run, setRun] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setError(null);
    try {
      const pilot = await api<{ url: string }>(`/api/studies/${studyId}/pilot`, { method: 'POST' });
      setUrl(pilot.url);
      setRun((r) => r + 1);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="text-sm">
      <p className="text-slate-600">
        Take the study exactly as a participant sees it: blinded, with consent, instructions and every trial. Pilot answers are marked as such and
        kept out of every statistic, count and export. {pilots > 0 && `${pilots} pilot run${pilots === 1 ? '' : 's'} so far.`}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" className={secondaryButtonClass} onClick={start}>
          {url ? 'Start a new pilot run' : 'Start a pilot run'}
        </button>
        {url && (
          <a className="text-indigo-700 hover:underline" href={url} target="_blank" rel="noreferrer">
            Open the pilot in a new tab
          </a>
        )}
      </div>
      <ErrorText error={error} />
      {url && (
        <div className="mt-4 w-fit rounded-[2.5rem] border-[10px] border-slate-800 bg-slate-800 shadow-lg" data-testid="phone-frame">
          <iframe key={run} src={url} title="Pilot run on a 390 × 844 phone" width={390} height={844} className="block rounded-[1.8rem] bg-white" />
        </div>
      )}
    </div>
  );
}
