import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { db } from '@/server/db/client';
import { listModelDirs } from '@/server/generation/models-list';
import { HttpError } from '@/server/http/errors';
import { studyPreview } from '@/server/studies/preview';
import { planOf } from '@/server/studies/plan';
import { getStudy } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { Card, Page } from '../../../_components/ui';
import { Gallery } from './Gallery';
import { GenerateForm } from './GenerateForm';
import { GenerationProgress } from './GenerationProgress';
import { PlanForm } from './PlanForm';
import { StatusButtons } from './StatusButtons';
import { UploadForm } from './UploadForm';

export const dynamic = 'force-dynamic';

export default async function StudyAdmin({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await pageUser(['ADMIN'], `/admin/studies/${id}`);
  const study = await getStudy(id).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const preview = await studyPreview(id);
  const generation = await db().generation.findUnique({ where: { studyId: id } });
  const host = (await headers()).get('host') ?? 'localhost';
  const link = `${process.env.PUBLIC_URL ?? `http://${host}`}/s/${study.slug}`;
  const draft = study.status === 'DRAFT';
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
          · conditions: {study.conditions.map((c) => c.name).join(', ') || 'none yet'} · {preview.prompts.length} prompts ·{' '}
          <span data-testid="comparison-count">{preview.comparisons} comparisons</span> · {study.trialsPerParticipant} trials per participant · target{' '}
          {study.targetVotesPerComparison} votes per comparison · attention checks {Math.round(study.attentionCheckRate * 100)} % ({study.attentionCheckKinds.map((k) => k.toLowerCase()).join(' and ')})
        </p>
        <p className="mt-2 text-sm">
          Participant link:{' '}
          <a className="font-mono text-indigo-700" data-testid="participant-link" href={link}>
            {link}
          </a>
          <span className="text-slate-500"> (append ?PROLIFIC_PID=…&amp;STUDY_ID=…&amp;SESSION_ID=… from Prolific)</span>
        </p>
        <div className="mt-3">
          <StatusButtons studyId={study.id} status={study.status} generated={Boolean(generation)} />
        </div>
      </Card>
      <Card title="Analysis plan">
        <PlanForm
          studyId={study.id}
          plan={planOf(study).settings}
          frozenAt={study.planFrozenAt?.toISOString() ?? null}
          trialsPerParticipant={study.trialsPerParticipant}
          comparisons={Math.max(preview.comparisons, preview.prompts.filter((p) => !p.excluded).length)}
        />
      </Card>
      {draft && study.conditions.length === 0 && (
        <>
          <Card title="Generate images with the server's sampler">
            <GenerateForm studyId={study.id} models={listModelDirs()} />
          </Card>
          <Card title="…or upload images made elsewhere">
            <UploadForm studyId={study.id} />
          </Card>
        </>
      )}
      {draft && study.conditions.length > 0 && !generation && (
        <Card title="Add images">
          <UploadForm studyId={study.id} />
        </Card>
      )}
      {generation && (
        <Card title={`Generation · ${generation.modelName}`}>
          <GenerationProgress studyId={study.id} />
        </Card>
      )}
      <Card title="Review (unblinded)">
        <Gallery studyId={study.id} prompts={preview.prompts} editable={draft && Boolean(generation)} />
      </Card>
    </Page>
  );
}
