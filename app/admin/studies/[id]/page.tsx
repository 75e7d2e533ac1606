import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { listModelDirs } from '@/server/generation/models-list';
import { HttpError } from '@/server/http/errors';
import { studyAdminView } from '@/server/studies/adminView';
import { pageUser } from '@/server/web/session';
import { Card, Page } from '../../../_components/ui';
import { StudyForm } from '../../StudyForm';
import { Gallery } from './Gallery';
import { GenerateForm } from './GenerateForm';
import { GenerationProgress } from './GenerationProgress';
import { PilotPanel } from './PilotPanel';
import { PlanForm } from './PlanForm';
import { StatusButtons } from './StatusButtons';
import { UploadForm } from './UploadForm';

export const dynamic = 'force-dynamic';

export default async function StudyAdmin({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await pageUser(['ADMIN'], `/admin/studies/${id}`);
  const host = (await headers()).get('host') ?? 'localhost';
  const view = await studyAdminView(id, host).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const { study, preview, generation, design, warnings } = view;
  const draft = study.status === 'DRAFT';
  const pending = design.comparisons - design.comparisonsCreated;
  return (
    <Page
      title={study.title}
      actions={
        <>
          <Link className="text-sm text-indigo-700 hover:underline" href="/admin">
            All studies
          </Link>
          <Link className="text-sm text-indigo-700 hover:underline" href={`/results/${study.id}`}>
            Results
          </Link>
        </>
      }
    >
      <Card title="Status">
        <p className="text-sm">
          <span className="font-medium" data-testid="study-status">
            {study.status.toLowerCase()}
          </span>{' '}
          · conditions: {study.conditions.map((c) => c.name).join(', ') || 'none yet'} · {design.prompts - design.promptsExcluded} prompts
          {design.promptsExcluded > 0 && ` (${design.promptsExcluded} excluded)`} · <span data-testid="comparison-count">{design.comparisons} comparisons</span>
          {pending > 0 && ` (created when published)`} · {study.trialsPerParticipant} trials per participant · target {study.targetVotesPerComparison} votes per
          comparison · attention checks {Math.round(study.attentionCheckRate * 100)} % ({study.attentionCheckKinds.map((k) => k.toLowerCase()).join(' and ')})
        </p>
        <p className="mt-1 text-xs text-slate-600">
          A comparison is one pair of conditions for one prompt (excluded prompts not counted). Participants see the participant title “{study.participantTitle}”,
          never the internal title.
        </p>
        {warnings.length > 0 && (
          <ul className="mt-2 space-y-1 text-sm text-amber-800" data-testid="design-warnings">
            {warnings.map((w) => (
              <li key={w}>⚠ {w}</li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm">
          Participant link:{' '}
          <a className="font-mono break-all text-indigo-700" data-testid="participant-link" href={view.participantLink}>
            {view.participantLink}
          </a>
          <span className="text-slate-600"> (append ?PROLIFIC_PID=…&amp;STUDY_ID=…&amp;SESSION_ID=… from Prolific)</span>
        </p>
        {study.exportProlificIds && (
          <p className="mt-1 text-sm">
            Raw PROLIFIC_PIDs are kept:{' '}
            <a className="text-indigo-700 hover:underline" href={`/api/studies/${study.id}/export/prolific-ids?format=csv`} download>
              prolific-ids.csv
            </a>{' '}
            (admins only).
          </p>
        )}
        <div className="mt-3">
          <StatusButtons
            studyId={study.id}
            status={study.status}
            generated={Boolean(generation)}
            comparisons={design.comparisons}
            warnings={warnings}
            graceMinutes={study.closeGraceMinutes}
            participants={view.participants}
          />
        </div>
      </Card>
      <Card title="Pilot and phone preview">
        <PilotPanel studyId={study.id} pilots={view.pilots} />
      </Card>
      <Card title={draft ? 'Study settings (editable while a draft)' : 'Study settings'}>
        <StudyForm
          studyId={study.id}
          status={study.status}
          study={study}
        />
      </Card>
      <Card title="Analysis plan">
        <PlanForm
          studyId={study.id}
          plan={view.plan}
          frozenAt={study.planFrozenAt?.toISOString() ?? null}
          trialsPerParticipant={study.trialsPerParticipant}
          comparisons={Math.max(design.comparisons, preview.prompts.filter((p) => !p.excluded).length)}
        />
      </Card>
      {draft && study.conditions.length === 0 && (
        <Card title="Generate images with the server's sampler">
          <GenerateForm studyId={study.id} models={listModelDirs()} />
        </Card>
      )}
      {draft && !generation && (
        <Card title={study.conditions.length === 0 ? '…or upload images made elsewhere' : 'Add images'}>
          <UploadForm studyId={study.id} />
        </Card>
      )}
      {generation && (
        <Card title={`Generation · ${generation.modelName}`}>
          <GenerationProgress studyId={study.id} />
        </Card>
      )}
      <Card title="Review (unblinded)">
        <p className="mb-3 text-xs text-slate-600">Select a prompt to enlarge its images and flip between them.</p>
        <Gallery studyId={study.id} prompts={preview.prompts} editable={draft && Boolean(generation)} />
      </Card>
    </Page>
  );
}
