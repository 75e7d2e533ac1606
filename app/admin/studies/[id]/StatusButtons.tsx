'use client';

import { api } from '../../../_components/api';
import { ConfirmButton } from '../../../_components/ConfirmButton';

/** Open, publish, close and delete, each confirmed in a dialog that says what it does. */
export function StatusButtons(props: { studyId: string; status: string; generated: boolean; comparisons: number; warnings: string[]; graceMinutes: number; participants: number }) {
  const { studyId, status } = props;
  const reload = () => window.location.reload();
  const setStatus = (next: 'OPEN' | 'CLOSED') => async () => {
    await api(`/api/studies/${studyId}/status`, { json: { status: next } });
    reload();
  };
  const opening = (
    <>
      <p>
        Participants with the link can start at once. The analysis plan is frozen, and what participants see and are assigned (participant title,
        question, labels, instructions, consent, trials, attention checks, screen gate) can no longer change.
      </p>
      <p>{props.comparisons} comparisons in the design.</p>
      {props.warnings.map((w) => (
        <p key={w} className="text-amber-800">
          {w}
        </p>
      ))}
    </>
  );
  return (
    <div className="flex flex-wrap gap-3">
      {status === 'DRAFT' && props.generated ? (
        <ConfirmButton
          label="Publish and open"
          title="Publish and open this study?"
          confirmLabel="Yes, publish and open"
          onConfirm={async () => {
            await api(`/api/studies/${studyId}/publish`, { method: 'POST' });
            reload();
          }}
        >
          <p>The comparisons of every prompt not excluded are created; excluding prompts is no longer possible.</p>
          {opening}
        </ConfirmButton>
      ) : status !== 'OPEN' ? (
        <ConfirmButton label="Open study" title={status === 'CLOSED' ? 'Open this study again?' : 'Open this study?'} confirmLabel="Yes, open the study" onConfirm={setStatus('OPEN')}>
          {opening}
        </ConfirmButton>
      ) : (
        <ConfirmButton label="Close study" secondary title="Close this study?" confirmLabel="Yes, close the study" onConfirm={setStatus('CLOSED')}>
          <p>No new participant can start. Participants already taking part may finish within the {props.graceMinutes}-minute grace period; after it their answers are refused.</p>
        </ConfirmButton>
      )}
      {status !== 'OPEN' && (
        <ConfirmButton
          label="Delete study"
          danger
          title="Delete this study?"
          confirmLabel="Yes, delete it for good"
          onConfirm={async () => {
            await api(`/api/studies/${studyId}`, { method: 'DELETE' });
            window.location.href = '/admin';
          }}
        >
          <p>
            The study, its images, its {props.participants} participant{props.participants === 1 ? '' : 's'} and all their answers are deleted. This
            cannot be undone: download the exports first if you need them.
          </p>
        </ConfirmButton>
      )}
    </div>
  );
}
