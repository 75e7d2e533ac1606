'use client';

export async function api<T = unknown>(url: string, init?: { method?: string; json?: unknown; form?: FormData }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? (init?.json !== undefined || init?.form ? 'POST' : 'GET'),
    headers: init?.json !== undefined ? { 'Content-Type': 'application/json' } : undefined,
    body: init?.form ?? (init?.json !== undefined ? JSON.stringify(init.json) : undefined),
    cache: 'no-store',
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body as { error?: string }).error ?? `Request failed (${response.status})`);
  return body as T;
}
