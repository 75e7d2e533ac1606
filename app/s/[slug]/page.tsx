import { cookies } from 'next/headers';
import { participantPage } from '@/server/studies/participantPage';
import { participantCookieName } from '@/server/web/participantCookie';
import { ParticipantApp } from './ParticipantApp';

export const dynamic = 'force-dynamic';

export default async function StudyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const page = await participantPage(slug, (await cookies()).get(participantCookieName(slug))?.value);
  if (page.kind === 'missing') return <Message title="Study not found" text="Please check the link you were given." />;
  if (page.kind === 'closed') return <Message title="This study is closed" text="Thank you for your interest — it is no longer collecting answers." />;
  return <ParticipantApp study={page.study} />;
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
    </main>
  );
}
