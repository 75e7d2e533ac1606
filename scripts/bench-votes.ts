// Vote throughput and latency for N concurrent simulated participants over HTTP, against the production build.
// Each loads both images of a trial before voting; the server must run with START_RATE_LIMIT=0 (one address).
// npm run bench:votes -- [--participants 50] [--trials 20] [--url http://host:port --password P]
// Without --url it starts the app itself (npm start) on a temporary data directory and stops it afterwards.
import { parseArgs } from 'node:util';
import { benchApp, benchImageSet, openBenchStudy } from './lib/benchApp';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '50' },
    trials: { type: 'string', default: '20' },
    url: { type: 'string' },
    password: { type: 'string', default: 'bench-admin-password' },
    port: { type: 'string', default: '3290' },
  },
});
const participants = Number(values.participants);
const trials = Number(values.trials);


const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function participant(base: string, slug: string, latencies: number[]) {
  const start = await fetch(`${base}/api/p/${slug}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"consent":true}' });
  const cookie = start.headers.get('set-cookie')!.split(';')[0];
  let view = (await start.json()) as { stage: string; trial?: { trialId: string; left: string; right: string } };
  while (view.stage === 'trial') {
    // as a browser does (and the server requires before a vote): both images first
    for (const url of [view.trial!.left, view.trial!.right]) await (await fetch(`${base}${url}`, { headers: { cookie } })).arrayBuffer();
    const body = JSON.stringify({ trialId: view.trial!.trialId, choice: 1 + Math.floor(Math.random() * 5), responseMs: 1000, idempotencyKey: crypto.randomUUID() });
    const t0 = performance.now();
    const response = await fetch(`${base}/api/p/${slug}/vote`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
    const result = (await response.json()) as { view: typeof view; error?: string };
    latencies.push(performance.now() - t0);
    if (!response.ok) throw new Error(result.error);
    view = result.view;
  }
}

async function main() {
  const app = await benchApp({ url: values.url, port: values.port!, password: values.password!, tag: 'bench' });
  const { base, auth } = app;
  try {
    const study = await openBenchStudy(app, { title: 'bench', trialsPerParticipant: trials, targetVotesPerComparison: participants }, await benchImageSet(trials));
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: participants }, () => participant(base, study.slug, latencies)));
    const seconds = (performance.now() - t0) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const exported = (await (await fetch(`${base}/api/studies/${study.id}/export/votes?format=json`, { headers: auth })).json()) as unknown[];
    console.log(`participants ${participants}, trials each ${trials}, votes ${latencies.length} (exported ${exported.length}) in ${seconds.toFixed(1)} s`);
    console.log(`votes_per_s=${(latencies.length / seconds).toFixed(1)} p50_ms=${percentile(sorted, 0.5).toFixed(1)} p99_ms=${percentile(sorted, 0.99).toFixed(1)} concurrency=${participants}`);
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
