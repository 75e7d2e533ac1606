import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HttpError } from '@/server/http/errors';
import { summarize } from '@/server/results/summary';
import { voteRows } from '@/server/results/votes';
import { getStudy } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { Page } from '../../_components/ui';
import { Dashboard } from './Dashboard';

export const dynamic = 'force-dynamic';

export default async function Results({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(['ADMIN', 'RESEARCHER'], `/results/${id}`);
  const study = await getStudy(id).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const summary = summarize(await voteRows(id));
  return (
    <Page
      title={`Results · ${study.title}`}
      actions={
        <>
          <a className="text-sm text-indigo-700 hover:underline" href={`/api/studies/${id}/export/votes?format=csv`} download>
            Votes CSV
          </a>
          <a className="text-sm text-indigo-700 hover:underline" href={`/api/studies/${id}/export/votes?format=json`} download>
            Votes JSON
          </a>
          {user.role === 'ADMIN' && (
            <Link className="text-sm text-indigo-700 hover:underline" href={`/admin/studies/${id}`}>
              Manage
            </Link>
          )}
        </>
      }
    >
      <Dashboard studyId={id} initial={summary} />
    </Page>
  );
}
