'use client';

import { useState } from 'react';
import { api } from '../_components/api';
import { ErrorText } from '../_components/ui';

export interface SessionRow {
  id: string;
  username: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}

/** Signed-in sessions, each revocable (DELETE /api/admin/sessions/{id}: its cookie and token stop working at once). */
export function Sessions({ initial }: { initial: SessionRow[] }) {
  const [rows, setRows] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  async function revoke(id: string) {
    setError(null);
    try {
      await api(`/api/admin/sessions/${id}`, { method: 'DELETE' });
      setRows((r) => r.filter((s) => s.id !== id));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div>
      <table className="w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr>
            <th className="py-2">User</th>
            <th>Role</th>
            <th>Signed in (UTC)</th>
            <th>Expires (UTC)</th>
            <th>
              <span className="sr-only">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} className="border-t border-slate-100">
              <td className="py-2">{s.username}</td>
              <td>{s.role.toLowerCase()}</td>
              <td>{s.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td>{s.expiresAt.slice(0, 16).replace('T', ' ')}</td>
              <td>
                <button type="button" className="text-sm text-red-700 underline" onClick={() => revoke(s.id)}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText error={error} />
    </div>
  );
}
