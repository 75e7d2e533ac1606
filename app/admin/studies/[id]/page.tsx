import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { HttpError } from '@/server/http/errors';
import { studyPreview } from '@/server/studies/preview';
import { getStudy } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { Card, Page } from '../../../_components/ui';
import { StatusButtons } from './StatusButtons';
import { UploadForm } from './UploadForm';

export const dynamic = 'force-dynamic';

export default async function StudyAdmin({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await pageUser(['ADMIN'], `/admin/studies/${id}`);
  const study = await getStudy(id).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const preview = await studyPreview(id);
  const host = (await headers()).get('host') ?? 'localhost';
  const link = `${process.env.PUBLIC_URL ?? `http://${host}`}/s/${study.slug}`;
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
          · conditions: {study.conditions.map((c) => c.name).join(', ') || 'none yet'} · {preview.comparisons.length} comparisons ·{' '}
          {study.trialsPerParticipant} trials per participant · target {study.targetVotesPerComparison} votes per comparison · attention checks{' '}
          {Math.round(study.attentionCheckRate * 100)} %
        </p>
        <p className="mt-2 text-sm">
          Participant link:{' '}
          <a className="font-mono text-indigo-700" data-testid="participant-link" href={link}>
            {link}
          </a>
          <span className="text-slate-500"> (append ?PROLIFIC_PID=…&amp;STUDY_ID=…&amp;SESSION_ID=… from Prolific)</span>
        </p>
        <div className="mt-3">
          <StatusButtons studyId={study.id} status={study.status} />
        </div>
      </Card>
      {study.status === 'DRAFT' && (
        <Card title="Add images">
          <UploadForm studyId={study.id} />
        </Card>
      )}
      <Card title="Preview (unblinded)">
        {preview.comparisons.length === 0 ? (
          <p className="text-sm text-slate-500">No images yet.</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {preview.comparisons.map((c) => (
              <figure key={c.id} className="rounded-lg border border-slate-100 p-2">
                <div className="grid grid-cols-2 gap-2">
                  {[c.a, c.b].map((side) => (
                    <div key={side.condition}>
                      {/* eslint-disable-next-line @next/next/no-img-element */}
                      <img src={side.url} alt={side.condition} className="w-full rounded bg-slate-100 [image-rendering:pixelated]" />
                      <p className="mt-1 text-center text-xs text-slate-500">
                        {side.condition}
                        {side.generationMs != null ? ` · ${Math.round(side.generationMs)} ms` : ''}
                      </p>
                    </div>
                  ))}
                </div>
                <figcaption className="mt-1 text-xs">
                  “{c.prompt}” · seed {c.seed}
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </Card>
    </Page>
  );
}
