import { findOpenStudyBySlug } from '@/server/studies/studies';
import { ParticipantApp } from './ParticipantApp';

export const dynamic = 'force-dynamic';

export default async function StudyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const study = await findOpenStudyBySlug(slug).catch(() => null);
  if (!study || study.status === 'DRAFT') {
    return <Message title="Study not found" text="Please check the link you were given." />;
  }
  if (study.status === 'CLOSED') {
    return <Message title="This study is closed" text="Thank you for your interest — it is no longer collecting answers." />;
  }
  return <ParticipantApp slug={slug} title={study.title} consentText={study.consentText} instructions={study.instructions} />;
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
    </main>
  );
}
