'use client';

export function PrintButton() {
  return (
    <button className="rounded-lg border border-slate-300 px-3 py-1 text-sm print:hidden" onClick={() => window.print()}>
      Print / save as PDF
    </button>
  );
}
