'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../_components/api';
import { AnswerBar } from './AnswerBar';
import { IMAGE_GAP, trialLayout, type Size } from './trialLayout';
import type { TrialStage, View } from './view';

/** Native sizes of the images seen or preloaded (by URL), and the latest one, for the next trial's layout. */
type Sizes = { byUrl: Record<string, Size>; last: Size | null };

/** Phone, tablet or desktop, from the pointer and the screen's shorter side (as recorded with each vote). */
function deviceClass(): 'phone' | 'tablet' | 'desktop' {
  const coarse = window.matchMedia?.('(pointer: coarse)').matches ?? false;
  if (!coarse) return 'desktop';
  return Math.min(window.screen.width, window.screen.height) < 600 ? 'phone' : 'tablet';
}

/**
 * Counts the times the page loses the participant while a trial is shown (window blurred or page hidden, e.g. a
 * tab switch; one departure counts once) and the time away; both go with the vote. Reset for each trial.
 */
function useAwayCounter(trialId: string) {
  const state = useRef({ losses: 0, awayMs: 0, since: 0 });
  useEffect(() => {
    state.current = { losses: 0, awayMs: 0, since: 0 };
    const away = () => {
      if (state.current.since) return;
      state.current.losses++;
      state.current.since = performance.now();
    };
    const back = () => {
      if (!state.current.since || document.visibilityState !== 'visible') return;
      state.current.awayMs += performance.now() - state.current.since;
      state.current.since = 0;
    };
    const visibility = () => (document.visibilityState === 'hidden' ? away() : back());
    window.addEventListener('blur', away);
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.removeEventListener('blur', away);
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [trialId]);
  return useCallback(() => {
    const { losses, awayMs, since } = state.current;
    return { focusLosses: losses, hiddenMs: Math.round(awayMs + (since ? performance.now() - since : 0)) };
  }, []);
}

/** The device fields of a vote: class, viewport and screen in CSS pixels. */
function deviceFields() {
  return {
    deviceClass: deviceClass(),
    viewportWidth: window.innerWidth,
    viewportHeight: window.innerHeight,
    screenWidth: window.screen.width,
    screenHeight: window.screen.height,
  };
}

const recent = <T,>(record: Record<string, T>, keep: number) => Object.fromEntries(Object.entries(record).slice(-keep));

/**
 * One trial after another until the server says done: the two images and the answer bar fit the screen
 * (trialLayout decides side by side or stacked), every new trial starts scrolled to the top with the focus on
 * its heading and is announced, answers open once both images have loaded, and each vote is retried with the
 * same idempotency key (kept in sessionStorage, so a reload cannot count it twice).
 */
export function TrialView({ slug, view, question, labels, onView }: { slug: string; view: TrialStage; question: string; labels: readonly string[]; onView: (v: View) => void }) {
  const { trial, next } = view;
  const awayNow = useAwayCounter(trial.trialId);
  const [sizes, setSizes] = useState<Sizes>({ byUrl: {}, last: null });
  const [loaded, setLoaded] = useState<string[]>([]);
  const [area, setArea] = useState<(Size & { dpr: number }) | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const mainRef = useRef<HTMLElement>(null);
  const headerRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const shownAt = useRef(0);
  const voteKey = useRef('');

  const ready = loaded.includes(trial.left) && loaded.includes(trial.right);
  const recordSize = useCallback((url: string, size: Size) => {
    setSizes((s) => (s.byUrl[url] ? s : { byUrl: recent({ ...s.byUrl, [url]: size }, 8), last: size }));
  }, []);
  const markLoaded = useCallback(
    (img: HTMLImageElement, url: string) => {
      recordSize(url, { width: img.naturalWidth, height: img.naturalHeight });
      setLoaded((urls) => (urls.includes(url) ? urls : [...urls.slice(-3), url]));
    },
    [recordSize],
  );

  // 1. The space left for the images: the viewport below the header and above the answer bar. It does not
  //    depend on the images themselves, so sizing them from it cannot feed back into it.
  useLayoutEffect(() => {
    const measure = () => {
      const [main, areaEl, bar] = [mainRef.current, areaRef.current, barRef.current];
      if (!main || !areaEl || !bar) return;
      const top = areaEl.getBoundingClientRect().top + window.scrollY;
      const below = bar.offsetHeight + parseFloat(getComputedStyle(main).paddingBottom);
      const measured = { width: areaEl.clientWidth, height: Math.max(0, document.documentElement.clientHeight - top - below), dpr: window.devicePixelRatio || 1 };
      setArea((a) => (a && a.width === measured.width && a.height === measured.height && a.dpr === measured.dpr ? a : measured));
    };
    measure();
    const observer = new ResizeObserver(measure);
    for (const el of [headerRef.current, areaRef.current, barRef.current]) if (el) observer.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  // 2. A new trial: back to the top, focus on its heading (the pressed button may just have been disabled).
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
    headingRef.current?.focus({ preventScroll: true });
  }, [trial.trialId]);

  // 3. Its idempotency key, and the next pair loading in the background (its size decides the next layout).
  useEffect(() => {
    voteKey.current = sessionStorage.getItem(`vote-key-${trial.trialId}`) ?? crypto.randomUUID();
    sessionStorage.setItem(`vote-key-${trial.trialId}`, voteKey.current);
    for (const url of next ? [next.left, next.right] : []) {
      const img = new Image();
      img.onload = () => recordSize(url, { width: img.naturalWidth, height: img.naturalHeight });
      img.src = url;
    }
  }, [trial.trialId, next, recordSize]);

  useEffect(() => {
    if (ready) shownAt.current = performance.now();
  }, [ready]);

  const answer = useCallback(
    async (choice: number) => {
      if (sending || !ready) return;
      setSending(true);
      setError(null);
      const body = { trialId: trial.trialId, choice, responseMs: Math.round(performance.now() - shownAt.current), idempotencyKey: voteKey.current, ...deviceFields(), ...awayNow() };
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const result = await api<{ view: View }>(`/api/p/${slug}/vote`, { json: body });
          sessionStorage.removeItem(`vote-key-${trial.trialId}`);
          const v = result.view;
          setAnnouncement(v.stage === 'trial' ? `Answer saved. Comparison ${v.trial.number} of ${v.trial.total}.` : 'Answer saved.');
          setSending(false);
          onView(v);
          return;
        } catch (e) {
          if (attempt === 2) {
            setError(`${(e as Error).message}. Your answer was not lost: try again.`);
            setSending(false);
          } else await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        }
      }
    },
    [sending, ready, slug, trial.trialId, onView, awayNow],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key >= '1' && e.key <= '5' && !e.repeat && !e.ctrlKey && !e.metaKey && !e.altKey) answer(Number(e.key));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [answer]);

  // Until this pair's own sizes are known, lay it out like the previous pair (a study's images share a size),
  // so the layout does not jump once they load.
  const [a, b] = [sizes.byUrl[trial.left], sizes.byUrl[trial.right]];
  const native = a && b ? { width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) } : sizes.last;
  const layout = area ? trialLayout(area, native, area.dpr) : null;
  const names = layout?.names ?? (['Left', 'Right'] as const);
  const answered = trial.number - 1;
  return (
    <main ref={mainRef} className="mx-auto flex min-h-dvh max-w-6xl flex-col px-3 pt-2 sm:px-4 sm:py-6">
      <header ref={headerRef} className="mb-2 sm:mb-4">
        <div className="flex items-center gap-3">
          <h1 ref={headingRef} tabIndex={-1} className="shrink-0 text-base font-semibold focus:outline-none sm:text-lg">
            <span className="sr-only">
              Comparison {trial.number} of {trial.total}
            </span>
            <span aria-hidden="true">
              Comparison{' '}
              <span data-testid="trial-counter">
                {trial.number} / {trial.total}
              </span>
            </span>
          </h1>
          <div
            className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
            role="progressbar"
            aria-label="Progress"
            aria-valuenow={answered}
            aria-valuemin={0}
            aria-valuemax={trial.total}
            aria-valuetext={`${answered} of ${trial.total} answered`}
          >
            <div className="h-full bg-indigo-500 transition-all" style={{ width: `${(answered / trial.total) * 100}%` }} />
          </div>
        </div>
        <p className="mt-1 text-center text-sm text-slate-700 sm:mt-3 sm:text-base">{question}</p>
        {trial.prompt !== undefined && (
          <p className="mt-1 text-center text-xs text-slate-600 sm:text-sm" data-testid="trial-prompt">
            Prompt: “{trial.prompt}”
          </p>
        )}
      </header>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <div
        ref={areaRef}
        className={`flex flex-1 items-center justify-center ${layout?.arrangement === 'stacked' ? 'flex-col' : 'flex-row'}`}
        style={{ gap: IMAGE_GAP }}
      >
        {layout &&
          [trial.left, trial.right].map((src, i) => (
            <figure key={`${trial.trialId}-${i}`} className="flex flex-col items-center">
              <div className="overflow-hidden rounded-xl bg-white shadow" style={layout.image}>
                {/* eslint-disable-next-line @next/next/no-img-element -- served blind, as is: no optimizer in the path */}
                <img
                  src={src}
                  alt={`${names[i]} image`}
                  ref={(el) => {
                    if (el?.complete && el.naturalWidth > 0) markLoaded(el, src);
                  }}
                  onLoad={(e) => markLoaded(e.currentTarget, src)}
                  onError={() => setError('An image could not be loaded. Reload the page to try again.')}
                  // Hidden until both have loaded, so neither side shows first; upscaled pixels stay sharp,
                  // downscaled ones are smoothed (nearest-neighbour downscaling would add aliasing of its own).
                  className={`h-full w-full object-contain ${ready ? '' : 'invisible'} ${layout.upscaled ? '[image-rendering:pixelated]' : ''}`}
                />
              </div>
              <figcaption className="mt-1 h-5 text-xs leading-5 font-medium text-slate-600 sm:text-sm">{names[i]}</figcaption>
            </figure>
          ))}
      </div>
      <AnswerBar ref={barRef} names={names} labels={labels} closed={!ready} busy={sending} error={error} onAnswer={answer} />
    </main>
  );
}
