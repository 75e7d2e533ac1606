import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HttpError } from '@/server/http/errors';
import { listExploratoryAnalyses } from '@/server/results/analysisChoice';
import { studyResults } from '@/server/results/studyResults';
import { pageUser } from '@/server/web/session';
import { Page } from '../../_components/ui';
import { Dashboard } from './Dashboard';

export const dynamic = 'force-dynamic';

export default async function Results({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(['ADMIN', 'RESEARCHER'], `/results/${id}`);
  const r = await studyResults(id).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const exploratory = (await listExploratoryAnalyses(id)).map((a) => ({ id: a.id, name: a.name, label: a.label }));
  const initial = { analysisUsed: r.label, answers: r.rows.length, promptText: r.promptText, analysis: r.analysis, summary: r.summary, flow: r.flow, participants: r.participants };
  return (
    <Page
      title={`Results · ${r.study.title}`}
      actions={
        user.role === 'ADMIN' && (
          <>
            <a className="text-sm text-indigo-700 hover:underline" href={`/api/studies/${id}/archive`} download>
              Archive (zip)
            </a>
            <Link className="text-sm text-indigo-700 hover:underline" href={`/admin/studies/${id}`}>
              Manage
            </Link>
          </>
        )
      }
    >
      <Dashboard studyId={id} initial={JSON.parse(JSON.stringify(initial))} exploratory={JSON.parse(JSON.stringify(exploratory))} defaults={r.settings} />
    </Page>
  );
}
