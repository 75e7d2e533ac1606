'use client';

import { useId, useRef, useState } from 'react';
import { buttonClass, ErrorText, secondaryButtonClass } from './ui';

/**
 * A button that asks first: a modal dialog says what will happen, and only its confirm button acts. Errors
 * from the action are shown in the dialog.
 */
export function ConfirmButton(props: {
  label: string;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
  secondary?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      dialog.current?.close();
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };
  const danger = 'inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-600 disabled:opacity-50';
  return (
    <>
      <button type="button" className={props.danger ? danger : props.secondary ? secondaryButtonClass : buttonClass} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto max-w-lg rounded-xl p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={titleId} className="text-lg font-semibold">
          {props.title}
        </h2>
        <div className="mt-2 space-y-2 text-sm text-slate-700">{props.children}</div>
        <ErrorText error={error} />
        <div className="mt-5 flex justify-end gap-3">
          <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className={props.danger ? danger : buttonClass} disabled={busy} onClick={confirm}>
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
