'use client';

import { useEffect, useRef, useState } from 'react';
import { api } from '../../_components/api';
import { buttonClass, ErrorText } from '../../_components/ui';
import { TrialView } from './TrialView';
import { scaleLabels } from './trialLayout';
import type { View } from './view';

/** Focuses the element on mount: where a step replaces the button just pressed, the focus must not drop to <body>. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

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
  if (view.stage === 'trial') return <TrialView slug={props.slug} view={view} onView={setView} />;
  return (
    <Shell title={props.title}>
      {step === 'consent' ? (
        <Consent text={props.consentText} onAgree={() => setStep('instructions')} />
      ) : (
        <Instructions text={props.instructions} error={error} onStart={start} />
      )}
    </Shell>
  );
}

function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </main>
  );
}

function Instructions({ text, error, onStart }: { text: string; error: string | null; onStart: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section>
      <h2 ref={heading} tabIndex={-1} className="text-lg font-medium focus:outline-none">
        How it works
      </h2>
      <p className="mt-2 whitespace-pre-line text-slate-700">{text}</p>
      <ol className="mt-4 grid gap-2 text-sm text-slate-600 sm:grid-cols-5">
        {scaleLabels(['Left', 'Right']).map((s, i) => (
          <li key={i} className="rounded-lg bg-slate-100 px-3 py-2">
            <kbd className="font-mono font-semibold">{i + 1}</kbd> {s.label}
          </li>
        ))}
      </ol>
      <p className="mt-3 text-sm text-slate-600">
        Answer with the buttons under the images or the keys 1 to 5. On a narrow screen large images may be shown one above the other: the
        buttons then say Top and Bottom instead of Left and Right.
      </p>
      <button className={`${buttonClass} mt-6`} onClick={onStart}>
        Start
      </button>
      <ErrorText error={error} />
    </section>
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

function Done({ code, redirectUrl }: { code: string; redirectUrl: string | null }) {
  useEffect(() => {
    if (!redirectUrl) return;
    const timer = setTimeout(() => (window.location.href = redirectUrl), 4000);
    return () => clearTimeout(timer);
  }, [redirectUrl]);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6 text-center">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
        Thank you!
      </h1>
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
