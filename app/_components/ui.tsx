export function Page({ title, children, actions }: { title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-6xl px-4 py-8">
      <header className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="flex items-center gap-3">{actions}</div>
      </header>
      {children}
    </main>
  );
}

export function Card({ title, children }: { title?: string; children: React.ReactNode }) {
  return (
    <section className="mb-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      {title && <h2 className="mb-3 text-lg font-medium">{title}</h2>}
      {children}
    </section>
  );
}

export const buttonClass =
  'inline-flex items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50';
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50';
export const inputClass = 'mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none';

export function ErrorText({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" data-testid="form-error" className="mt-3 whitespace-pre-line rounded-lg bg-red-50 p-3 text-sm text-red-700">
      {error}
    </p>
  );
}

/** A wide table that scrolls sideways on narrow screens, reachable by keyboard (a focusable, named region). */
export function ScrollBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto focus:outline-2 focus:outline-indigo-500" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
