'use client';

import { useEffect, useRef, useState } from 'react';
import type { ParticipantStudy } from '@/server/studies/participantPage';
import { api } from '../../_components/api';
import { buttonClass, ErrorText, secondaryButtonClass } from '../../_components/ui';
import { TrialView } from './TrialView';
import { scaleLabels } from './trialLayout';
import type { View } from './view';

/** Focuses the element on mount: where a step replaces the button just pressed, the focus must not drop to <body>. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** The viewport, kept current; null before the first measurement (server render). */
function useViewport() {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const measure = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return size;
}

export function ParticipantApp({ study }: { study: ParticipantStudy }) {
  const [view, setView] = useState<View | null>(null);
  const [step, setStep] = useState<'consent' | 'instructions' | 'declined'>('consent');
  const [error, setError] = useState<string | null>(null);
  // A pilot's trials exist from the start (server/studies/pilot.ts): it still goes through consent and instructions first.
  const [pilotIntro, setPilotIntro] = useState(study.pilot);
  const viewport = useViewport();
  const { slug } = study;

  useEffect(() => {
    api<View>(`/api/p/${slug}/state`).then(setView, (e) => setError((e as Error).message));
  }, [slug]);

  const start = async () => {
    setError(null);
    if (pilotIntro) return setPilotIntro(false);
    const params = Object.fromEntries(new URLSearchParams(window.location.search));
    try {
      setView(await api<View>(`/api/p/${slug}/start`, { json: { consent: true, params } }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const banner = study.pilot ? <PilotBanner /> : null;
  if (!view) return <Shell title={study.title} banner={banner}>{error ? <ErrorText error={error} /> : <p className="text-slate-600">Loading…</p>}</Shell>;
  if (view.stage === 'done') return <Done code={view.completionCode} redirectUrl={view.redirectUrl} banner={banner} />;
  if (view.stage === 'trial' && !(pilotIntro && view.trial.number === 1))
    return (
      <>
        {banner}
        <TrialView slug={slug} view={view} question={study.question} labels={study.scaleLabels} onView={setView} />
      </>
    );
  if (step === 'declined') return <Declined code={study.declineCode} redirectUrl={study.declineRedirectUrl} />;
  const tooSmall = viewport && ((study.minScreen.width ?? 0) > viewport.width || (study.minScreen.height ?? 0) > viewport.height);
  return (
    <Shell title={study.title} banner={banner}>
      {tooSmall ? (
        <ScreenGate min={study.minScreen} viewport={viewport} />
      ) : step === 'consent' ? (
        <Consent text={study.consentText} onAgree={() => setStep('instructions')} onDecline={() => setStep('declined')} />
      ) : (
        <Instructions text={study.instructions} labels={study.scaleLabels} error={error} onStart={start} />
      )}
    </Shell>
  );
}

function PilotBanner() {
  return (
    <p className="bg-amber-100 px-4 py-1 text-center text-xs text-amber-900" role="note" data-testid="pilot-banner">
      Pilot run: your answers are marked pilot and never counted.
    </p>
  );
}

function Shell({ title, banner, children }: { title: string; banner: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      {banner}
      <main className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </main>
    </>
  );
}

function ScreenGate({ min, viewport }: { min: ParticipantStudy['minScreen']; viewport: { width: number; height: number } }) {
  const need = [min.width && `${min.width} px wide`, min.height && `${min.height} px tall`].filter(Boolean).join(' and ');
  return (
    <section data-testid="screen-gate">
      <h2 className="text-lg font-medium">A larger screen is needed</h2>
      <p className="mt-2 text-slate-700">
        This study compares images in detail and needs a window at least {need}; yours is {viewport.width} × {viewport.height} px. Please open the
        same link on a larger screen (a computer or tablet), or enlarge this window.
      </p>
    </section>
  );
}

function Instructions({ text, labels, error, onStart }: { text: string; labels: readonly string[]; error: string | null; onStart: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section>
      <h2 ref={heading} tabIndex={-1} className="text-lg font-medium focus:outline-none">
        How it works
      </h2>
      <p className="mt-2 whitespace-pre-line text-slate-700">{text}</p>
      <ol className="mt-4 grid gap-2 text-sm text-slate-600 sm:grid-cols-5">
        {scaleLabels(['Left', 'Right'], labels).map((s, i) => (
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

function Consent({ text, onAgree, onDecline }: { text: string; onAgree: () => void; onDecline: () => void }) {
  const [agreed, setAgreed] = useState(false);
  return (
    <section>
      <h2 className="text-lg font-medium">Consent</h2>
      <p className="mt-2 whitespace-pre-line text-slate-700">{text}</p>
      <label className="mt-4 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I have read the above and agree to take part.
      </label>
      <div className="mt-4 flex flex-wrap gap-3">
        <button className={buttonClass} disabled={!agreed} onClick={onAgree}>
          Continue
        </button>
        <button className={secondaryButtonClass} onClick={onDecline}>
          I do not agree
        </button>
      </div>
    </section>
  );
}

/** The code in large type with a button that copies it (and says so, also to screen readers). */
function CodeWithCopy({ code, testId }: { code: string; testId: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="mt-3">
      <p className="rounded-xl bg-white p-4 font-mono text-2xl shadow select-all" data-testid={testId}>
        {code}
      </p>
      <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={copy}>
        Copy code
      </button>
      <p className="mt-2 h-5 text-sm text-slate-600" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the code and copy it by hand.' : ''}
      </p>
    </div>
  );
}

function useRedirect(url: string | null) {
  useEffect(() => {
    if (!url) return;
    const timer = setTimeout(() => (window.location.href = url), 4000);
    return () => clearTimeout(timer);
  }, [url]);
}

function Done({ code, redirectUrl, banner }: { code: string; redirectUrl: string | null; banner: React.ReactNode }) {
  useRedirect(redirectUrl);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      {banner}
      <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6 text-center">
        <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
          Thank you!
        </h1>
        <p className="mt-3 text-slate-600">You have completed the study. Your completion code:</p>
        <CodeWithCopy code={code} testId="completion-code" />
        {redirectUrl && (
          <p className="mt-4 text-sm text-slate-600">
            Taking you back… <a className="text-indigo-700 underline" href={redirectUrl}>Continue now</a>
          </p>
        )}
      </main>
    </>
  );
}

/**
 * Declined consent: nothing was recorded; the study's decline code and its redirect (e.g. Prolific's "no
 * consent" URL), if any. No automatic redirect here: the participant first copies the code, then follows the link.
 */
function Declined({ code, redirectUrl }: { code: string | null; redirectUrl: string | null }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6 text-center" data-testid="declined">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
        You chose not to take part
      </h1>
      <p className="mt-3 text-slate-600">Nothing was recorded. {code ? 'Please give this code where you found the study:' : redirectUrl ? '' : 'You can close this page.'}</p>
      {code && <CodeWithCopy code={code} testId="decline-code" />}
      {redirectUrl && (
        <a className={`${buttonClass} mt-4 self-center`} href={redirectUrl}>
          Return to where you found the study
        </a>
      )}
    </main>
  );
}
