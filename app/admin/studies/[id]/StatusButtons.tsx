'use client';

import { useState } from 'react';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText, secondaryButtonClass } from '../../../_components/ui';

export function StatusButtons({ studyId, status, generated }: { studyId: string; status: string; generated: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const setStatus = (next: 'OPEN' | 'CLOSED') => act(() => api(`/api/studies/${studyId}/status`, { json: { status: next } }));
  return (
    <div>
      {status === 'DRAFT' && generated ? (
        <button className={buttonClass} onClick={() => act(() => api(`/api/studies/${studyId}/publish`, { method: 'POST' }))}>
          Publish and open
        </button>
      ) : status !== 'OPEN' ? (
        <button className={buttonClass} onClick={() => setStatus('OPEN')}>
          Open study
        </button>
      ) : (
        <button className={secondaryButtonClass} onClick={() => setStatus('CLOSED')}>
          Close study
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}
