'use client';

import { useState } from 'react';
import { safeNextPath } from '@/server/web/nextPath';
import { api } from '../_components/api';
import { buttonClass, ErrorText, inputClass } from '../_components/ui';

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const { user } = await api<{ user: { role: string } }>('/api/auth/login', { json: { username: form.get('username'), password: form.get('password') } });
      const target = safeNextPath(next);
      window.location.href = user.role === 'RESEARCHER' && target === '/admin' ? '/results' : target;
    } catch (e) {
      setError((e as Error).message === 'Sign in required' ? 'Wrong user name or password' : (e as Error).message);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <label className="block text-sm font-medium">
        User name
        <input name="username" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </label>
      <button className={buttonClass} disabled={busy} type="submit">
        Sign in
      </button>
      <ErrorText error={error} />
    </form>
  );
}
