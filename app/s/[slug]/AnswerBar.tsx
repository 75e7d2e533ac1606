'use client';

import { ErrorText } from '../../_components/ui';
import { scaleLabels } from './trialLayout';

/**
 * The five answers in one row, choice 1 (first image clearly better) on the left. On small screens the bar
 * sticks to the bottom of the screen, so it stays in reach even where the page has to scroll.
 * `closed`: the images have not both loaded yet (the buttons are disabled); `busy`: an answer is being sent
 * (aria-disabled only, so the pressed button keeps the focus if the answer has to be sent again).
 */
export function AnswerBar({ ref, names, labels, closed, busy, error, onAnswer }: {
  ref: React.Ref<HTMLDivElement>;
  names: readonly [string, string];
  /** The study's five label templates (trialLayout.scaleLabels). */
  labels: readonly string[];
  closed: boolean;
  busy: boolean;
  error: string | null;
  onAnswer: (choice: number) => void;
}) {
  return (
    <div
      ref={ref}
      role="group"
      aria-label="Your answer"
      className="sticky bottom-0 -mx-3 border-t border-slate-200 bg-slate-50/95 px-3 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0 sm:pt-4 sm:pb-0"
    >
      <div className="grid grid-cols-5 gap-1.5 sm:gap-2">
        {scaleLabels(names, labels).map((s, i) => (
          <button
            key={i}
            type="button"
            onClick={() => onAnswer(i + 1)}
            disabled={closed}
            aria-disabled={busy || undefined}
            className={`flex min-h-14 touch-manipulation flex-col items-center justify-center rounded-xl border px-1 py-2 text-xs leading-tight font-medium shadow-sm transition disabled:opacity-50 aria-disabled:opacity-70 sm:block sm:min-h-0 sm:px-3 sm:py-3 sm:text-sm ${
              i === 2 ? 'border-slate-300 bg-slate-100 hover:bg-slate-200' : 'border-indigo-200 bg-white hover:bg-indigo-50'
            }`}
          >
            <kbd className="mr-1 hidden font-mono text-xs text-slate-500 sm:inline">{i + 1}</kbd>{' '}
            {s.who && <span className="block font-semibold sm:inline sm:font-medium">{s.who}</span>} <span className="block sm:inline">{s.how}</span>
          </button>
        ))}
      </div>
      <ErrorText error={error} />
    </div>
  );
}
