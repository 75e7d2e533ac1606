'use client';

import { useState } from 'react';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText } from '../../../_components/ui';

export function UploadForm({ studyId }: { studyId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/studies/${studyId}/images`, { form: new FormData(event.currentTarget) });
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-3 text-sm">
      <p className="text-slate-600">
        Either a <b>zip</b> holding <code>manifest.csv</code> (or <code>manifest.json</code>) and the images, or a manifest file plus the image
        files. Manifest columns: <code>prompt, seed, condition, file</code>, optional <code>tags</code> (separated by ;),{' '}
        <code>generation_ms</code>, <code>config</code> (JSON). Every prompt needs an image in every condition; the first condition named is
        “A” in comparisons.
      </p>
      <label className="block">
        Zip <input name="zip" type="file" accept=".zip" className="ml-2" />
      </label>
      <p className="text-slate-500">— or —</p>
      <label className="block">
        Manifest <input name="manifest" type="file" accept=".csv,.json" className="ml-2" />
      </label>
      <label className="block">
        Images <input name="files" type="file" multiple accept="image/*" className="ml-2" />
      </label>
      <button className={buttonClass} disabled={busy} type="submit">
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      <ErrorText error={error} />
    </form>
  );
}
