'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../../_components/api';
import { buttonClass, ErrorText } from '../../../_components/ui';

type Imported = { conditions: string[]; prompts: number; images: number; comparisons: number };

export function UploadForm({ studyId }: { studyId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Imported | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { imported } = await api<{ imported: Imported }>(`/api/studies/${studyId}/images`, { form: new FormData(form) });
      setDone(imported);
      form.reset();
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
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
      {done && (
        <p role="status" className="rounded-lg bg-emerald-50 p-3 text-emerald-800" data-testid="upload-result">
          Uploaded: {done.images} images of {done.prompts} prompts in {done.conditions.length} conditions ({done.conditions.join(', ')}), giving{' '}
          {done.comparisons} new comparisons.
        </p>
      )}
      <ErrorText error={error} />
    </form>
  );
}
