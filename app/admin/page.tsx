import Link from 'next/link';
import { listSessions } from '@/server/auth/sessions';
import { listStudies } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { Card, Page, ScrollBox } from '../_components/ui';
import { StudyForm } from './StudyForm';
import { Sessions } from './Sessions';
import { SignOut } from './SignOut';

export const dynamic = 'force-dynamic';

export default async function AdminHome() {
  const user = await pageUser(['ADMIN'], '/admin');
  const studies = await listStudies();
  return (
    <Page title="Studies" actions={<SignOut username={user.username} />}>
      <Card>
        {studies.length === 0 ? (
          <p className="text-sm text-slate-500">No studies yet.</p>
        ) : (
          <ScrollBox label="Studies">
          <table className="w-full text-left text-sm">
            <caption className="caption-bottom pt-3 text-left text-xs text-slate-500">
              Comparisons: pairs of images in the design (excluded prompts not counted). Votes: answers to real comparisons. Answers: votes plus
              attention checks. Pilot participants are not counted.
            </caption>
            <thead className="text-slate-500">
              <tr>
                <th className="py-2">Title</th>
                <th>Status</th>
                <th>Conditions</th>
                <th>Comparisons</th>
                <th>Participants</th>
                <th>Votes</th>
                <th>Answers</th>
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr key={s.id} className="border-t border-slate-100">
                  <td className="py-2">
                    <Link className="font-medium text-indigo-700 hover:underline" href={`/admin/studies/${s.id}`}>
                      {s.title}
                    </Link>
                  </td>
                  <td>{s.status.toLowerCase()}</td>
                  <td>{s.conditions.map((c) => c.name).join(' vs ')}</td>
                  <td>{s.comparisons}</td>
                  <td>{s.participants}</td>
                  <td>{s.votes}</td>
                  <td>{s.answers}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollBox>
        )}
      </Card>
      <Card title="New study">
        <StudyForm />
      </Card>
      <Card title="Signed-in sessions">
        <Sessions initial={await listSessions()} />
      </Card>
    </Page>
  );
}
