'use client';

import { api } from '../_components/api';
import { secondaryButtonClass } from '../_components/ui';

export function SignOut({ username }: { username: string }) {
  return (
    <>
      <span className="text-sm text-slate-500">{username}</span>
      <button
        className={secondaryButtonClass}
        onClick={async () => {
          await api('/api/auth/logout', { method: 'POST' });
          window.location.href = '/login';
        }}
      >
        Sign out
      </button>
    </>
  );
}
