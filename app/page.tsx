import Link from 'next/link';

export default function Home() {
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center px-6">
      <h1 className="text-3xl font-semibold tracking-tight">RAS Eval</h1>
      <p className="mt-3 text-slate-600">
        Blind side-by-side human evaluation of region-adaptive sampling for diffusion transformers. Participants reach a study through the
        link its admin shares.
      </p>
      <div className="mt-6 flex gap-3">
        <Link className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white" href="/admin">
          Admin
        </Link>
        <Link className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium" href="/login">
          Sign in
        </Link>
      </div>
    </main>
  );
}
