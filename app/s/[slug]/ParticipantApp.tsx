'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../_components/api';
import { buttonClass, ErrorText } from '../../_components/ui';

type TrialView = { trialId: string; number: number; total: number; left: string; right: string };
type View =
  | { stage: 'consent' }
  | { stage: 'trial'; trial: TrialView; next: { left: string; right: string } | null }
  | { stage: 'done'; completionCode: string; redirectUrl: string | null };

const SCALE = [
  { key: '1', label: 'Left clearly better' },
  { key: '2', label: 'Left slightly better' },
  { key: '3', label: 'Similar' },
  { key: '4', label: 'Right slightly better' },
  { key: '5', label: 'Right clearly better' },
];

export function ParticipantApp(props: { slug: string; title: string; consentText: string; instructions: string }) {
  const [view, setView] = useState<View | null>(null);
  const [step, setStep] = useState<'consent' | 'instructions'>('consent');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<View>(`/api/p/${props.slug}/state`).then(setView, (e) => setError((e as Error).message));
  }, [props.slug]);

  const start = async () => {
    setError(null);
    const params = Object.fromEntries(new URLSearchParams(window.location.search));
    try {
      setView(await api<View>(`/api/p/${props.slug}/start`, { json: { consent: true, params } }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!view) return <Shell title={props.title}>{error ? <ErrorText error={error} /> : <p className="text-slate-500">Loading…</p>}</Shell>;
  if (view.stage === 'done') return <Done code={view.completionCode} redirectUrl={view.redirectUrl} />;
  if (view.stage === 'trial') return <Trials slug={props.slug} initial={view} onView={setView} />;
  return (
    <Shell title={props.title}>
      {step === 'consent' ? (
        <Consent text={props.consentText} onAgree={() => setStep('instructions')} />
      ) : (
        <section>
          <h2 className="text-lg font-medium">How it works</h2>
          <p className="mt-2 whitespace-pre-line text-slate-700">{props.instructions}</p>
          <ol className="mt-4 grid gap-2 text-sm text-slate-600 sm:grid-cols-5">
            {SCALE.map((s) => (
              <li key={s.key} className="rounded-lg bg-slate-100 px-3 py-2">
                <kbd className="font-mono font-semibold">{s.key}</kbd> {s.label}
              </li>
            ))}
          </ol>
          <button className={`${buttonClass} mt-6`} onClick={start}>
            Start
          </button>
          <ErrorText error={error} />
        </section>
      )}
    </Shell>
  );
}

function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </main>
  );
}

function Consent({ text, onAgree }: { text: string; onAgree: () => void }) {
  const [agreed, setAgreed] = useState(false);
  return (
    <section>
      <h2 className="text-lg font-medium">Consent</h2>
      <p className="mt-2 whitespace-pre-line text-slate-700">{text}</p>
      <label className="mt-4 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I have read the above and agree to take part.
      </label>
      <button className={`${buttonClass} mt-4`} disabled={!agreed} onClick={onAgree}>
        Continue
      </button>
    </section>
  );
}

function preload(urls: string[]) {
  for (const url of urls) {
    const img = new Image();
    img.src = url;
  }
}

function Trials({ slug, initial, onView }: { slug: string; initial: Extract<View, { stage: 'trial' }>; onView: (v: View) => void }) {
  const { trial, next } = initial;
  // Keys `${trialId}:${side}` of the images that have loaded; answers open once both of this trial's have.
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const ready = loadedKeys.includes(`${trial.trialId}:Left`) && loadedKeys.includes(`${trial.trialId}:Right`);
  const markLoaded = useCallback((key: string) => setLoadedKeys((keys) => (keys.includes(key) ? keys : [...keys.slice(-3), key])), []);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shownAt = useRef(0);
  const key = useRef('');

  useEffect(() => {
    setSending(false);
    key.current = sessionStorage.getItem(`vote-key-${trial.trialId}`) ?? crypto.randomUUID();
    sessionStorage.setItem(`vote-key-${trial.trialId}`, key.current);
    if (next) preload([next.left, next.right]);
  }, [trial.trialId, next]);

  useEffect(() => {
    if (ready) shownAt.current = performance.now();
  }, [ready]);

  const answer = useCallback(
    async (choice: number) => {
      if (sending || !ready) return;
      setSending(true);
      setError(null);
      const body = { trialId: trial.trialId, choice, responseMs: Math.round(performance.now() - shownAt.current), idempotencyKey: key.current };
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const result = await api<{ view: View }>(`/api/p/${slug}/vote`, { json: body });
          sessionStorage.removeItem(`vote-key-${trial.trialId}`);
          onView(result.view);
          return;
        } catch (e) {
          if (attempt === 2) {
            setError(`${(e as Error).message}. Your answer was not lost: try again.`);
            setSending(false);
          } else await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        }
      }
    },
    [sending, ready, slug, trial.trialId, onView],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key >= '1' && e.key <= '5' && !e.repeat) answer(Number(e.key));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [answer]);

  const progress = ((trial.number - 1) / trial.total) * 100;
  return (
    <main className="mx-auto flex min-h-screen max-w-6xl flex-col px-4 py-6">
      <div className="mb-4 flex items-center gap-3 text-sm text-slate-600">
        <span data-testid="trial-counter">
          {trial.number} / {trial.total}
        </span>
        <div className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={Math.round(progress)} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-indigo-500 transition-all" style={{ width: `${progress}%` }} />
        </div>
      </div>
      <p className="mb-4 text-center text-slate-700">Which image has the better overall quality?</p>
      <div className="grid flex-1 grid-cols-1 gap-4 sm:grid-cols-2">
        {[
          { side: 'Left', src: trial.left },
          { side: 'Right', src: trial.right },
        ].map(({ side, src }) => (
          <figure key={`${trial.trialId}-${side}`} className="flex flex-col items-center">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img
              src={src}
              alt={`${side} image`}
              ref={(el) => {
                if (el?.complete && el.naturalWidth > 0) markLoaded(`${trial.trialId}:${side}`);
              }}
              onLoad={() => markLoaded(`${trial.trialId}:${side}`)}
              className="aspect-square w-full max-w-[min(80vh,36rem)] rounded-xl bg-white object-contain shadow [image-rendering:pixelated]"
            />
            <figcaption className="mt-2 text-sm font-medium text-slate-500">{side}</figcaption>
          </figure>
        ))}
      </div>
      <div className="mt-6 grid grid-cols-1 gap-2 sm:grid-cols-5">
        {SCALE.map((s, i) => (
          <button
            key={s.key}
            onClick={() => answer(i + 1)}
            disabled={sending || !ready}
            className={`rounded-xl border px-3 py-3 text-sm font-medium shadow-sm transition disabled:opacity-50 ${
              i === 2 ? 'border-slate-300 bg-slate-100 hover:bg-slate-200' : 'border-indigo-200 bg-white hover:bg-indigo-50'
            }`}
          >
            <kbd className="mr-1 font-mono text-xs text-slate-400">{s.key}</kbd>
            {s.label}
          </button>
        ))}
      </div>
      <ErrorText error={error} />
    </main>
  );
}

function Done({ code, redirectUrl }: { code: string; redirectUrl: string | null }) {
  useEffect(() => {
    if (!redirectUrl) return;
    const timer = setTimeout(() => (window.location.href = redirectUrl), 4000);
    return () => clearTimeout(timer);
  }, [redirectUrl]);
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Thank you!</h1>
      <p className="mt-3 text-slate-600">You have completed the study. Your completion code:</p>
      <p className="mt-3 rounded-xl bg-white p-4 font-mono text-2xl shadow" data-testid="completion-code">
        {code}
      </p>
      {redirectUrl && (
        <p className="mt-4 text-sm text-slate-500">
          Taking you back… <a className="text-indigo-700 underline" href={redirectUrl}>Continue now</a>
        </p>
      )}
    </main>
  );
}
