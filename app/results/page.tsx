import Link from 'next/link';
import { listStudies } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { Card, Page } from '../_components/ui';

export const dynamic = 'force-dynamic';

export default async function ResultsIndex() {
  await pageUser(['ADMIN', 'RESEARCHER'], '/results');
  const studies = await listStudies();
  return (
    <Page title="Results">
      <Card>
        <ul className="space-y-2 text-sm">
          {studies.map((s) => (
            <li key={s.id}>
              <Link className="font-medium text-indigo-700 hover:underline" href={`/results/${s.id}`}>
                {s.title}
              </Link>{' '}
              <span className="text-slate-500">
                · {s.status.toLowerCase()} · {s.votes} votes from {s.participants} participants
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </Page>
  );
}
