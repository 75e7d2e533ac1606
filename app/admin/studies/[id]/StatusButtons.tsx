'use client';

import { useState } from 'react';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText, secondaryButtonClass } from '../../../_components/ui';

export function StatusButtons({ studyId, status }: { studyId: string; status: string }) {
  const [error, setError] = useState<string | null>(null);
  const set = async (next: 'OPEN' | 'CLOSED') => {
    setError(null);
    try {
      await api(`/api/studies/${studyId}/status`, { json: { status: next } });
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div>
      {status !== 'OPEN' ? (
        <button className={buttonClass} onClick={() => set('OPEN')}>
          Open study
        </button>
      ) : (
        <button className={secondaryButtonClass} onClick={() => set('CLOSED')}>
          Close study
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}
