/**
 * Simulated participants over HTTP, as a browser would act: start, fetch both images of each trial (timing
 * each), vote, repeat. Used by the blind-leak e2e test and `npm run audit:blind`; carries each participant's
 * cookie and a valid, unique PROLIFIC_PID so answers can be matched to the export afterwards.
 */
import crypto from 'node:crypto';
import type { FetchedImage } from '../../server/participation/blindAudit';

export interface PlayedTrial {
  pid: string;
  position: number;
  left: FetchedImage;
  right: FetchedImage;
}

type View = { stage: 'trial'; trial: { trialId: string; number: number; left: string; right: string } } | { stage: 'done' } | { stage: 'consent' };

export const randomProlificId = () => crypto.randomBytes(12).toString('hex');

async function fetchImage(base: string, url: string, cookie: string): Promise<FetchedImage> {
  const started = performance.now();
  const response = await fetch(new URL(url, base), { headers: { cookie } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - started;
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { token: url.split('/').pop()!, status: response.status, bytes, headers, ms };
}

/** One participant through the whole study; `choose` answers each trial (1…5). */
export async function playParticipant(base: string, slug: string, choose: (trialNumber: number) => number = () => 3): Promise<PlayedTrial[]> {
  const pid = randomProlificId();
  const start = await fetch(new URL(`/api/p/${slug}/start`, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true, params: { PROLIFIC_PID: pid } }),
  });
  if (!start.ok) throw new Error(`start: HTTP ${start.status} ${await start.text()}`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  let view = (await start.json()) as View;
  const played: PlayedTrial[] = [];
  while (view.stage === 'trial') {
    const { trial } = view;
    const left = await fetchImage(base, trial.left, cookie);
    const right = await fetchImage(base, trial.right, cookie);
    played.push({ pid, position: trial.number, left, right });
    const vote = await fetch(new URL(`/api/p/${slug}/vote`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ trialId: trial.trialId, choice: choose(trial.number), responseMs: 1000, idempotencyKey: crypto.randomUUID() }),
    });
    if (!vote.ok) throw new Error(`vote: HTTP ${vote.status} ${await vote.text()}`);
    view = ((await vote.json()) as { view: View }).view;
  }
  return played;
}

/** `count` participants, `concurrency` at a time. */
export async function playParticipants(base: string, slug: string, count: number, concurrency = 4): Promise<PlayedTrial[]> {
  const out: PlayedTrial[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        out.push(...(await playParticipant(base, slug)));
      }
    }),
  );
  return out;
}

/** Joins played trials to the votes export: the export's PROLIFIC_PID hash and trial position name the trial. */
export function withGroundTruth(
  studyId: string,
  played: PlayedTrial[],
  exportRows: { external_id_hash: string; trial_position: number; condition_left: string; condition_b: string; is_attention_check: boolean }[],
) {
  const byKey = new Map(exportRows.map((r) => [`${r.external_id_hash}:${r.trial_position}`, r]));
  return played.map((t) => {
    const row = byKey.get(`${crypto.createHash('sha256').update(`${studyId}:${t.pid}`).digest('hex')}:${t.position}`);
    if (!row) throw new Error(`no exported vote for participant ${t.pid} trial ${t.position}`);
    return { ...t, isCheck: row.is_attention_check, leftIsB: row.condition_left === row.condition_b };
  });
}
