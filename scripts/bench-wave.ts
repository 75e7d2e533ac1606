// A recruitment wave over HTTP against the production build: participants arrive spread over --arrival
// seconds, each with its own valid PROLIFIC_PID and cookie, loads both images of a trial as a browser does,
// thinks (--think min-max ms, or --zero-think), votes, until done. Every acknowledged vote is then checked
// against the votes export. Last line (machine-readable):
//   participants= errors= votes_per_s= vote_p50_ms= vote_p99_ms= start_p99_ms= image_p99_ms= acked= exported=
//   web_cpu_ms_per_vote= db_cpu_ms_per_vote=   (CPU of the web server and PostgreSQL per vote with its two images
//   and its share of the starts, when the benchmark started the app; NaN with --url) client_cpu_ms_per_vote= (this
//   load generator's own CPU: on one machine it competes with the server)
// npm run bench:wave -- [--participants 500] [--arrival 60] [--think 2000-4000 | --zero-think] [--trials 10]
//                       [--url http://host:port --password P]   (without --url: starts npm start on a temp DATA_DIR)
// The server must allow every start from this one address: npm start here runs with START_RATE_LIMIT=0.
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { benchApp, benchImageSet, openBenchStudy } from './lib/benchApp';
import { randomProlificId } from './lib/playParticipants';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '500' },
    arrival: { type: 'string', default: '60' },
    think: { type: 'string', default: '2000-4000' },
    'zero-think': { type: 'boolean', default: false },
    trials: { type: 'string', default: '10' },
    url: { type: 'string' },
    password: { type: 'string', default: 'bench-admin-password' },
    port: { type: 'string', default: '3291' },
  },
});
const count = Number(values.participants);
const arrivalMs = Number(values.arrival) * 1000;
const trials = Number(values.trials);
const [thinkMin, thinkMax] = values['zero-think'] ? [0, 0] : values.think!.split('-').map(Number) as [number, number];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stats {
  start: number[];
  vote: number[];
  image: number[];
  errors: string[];
  acked: Map<string, number>;
}

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    into.push(performance.now() - t0);
  }
}

async function participant(base: string, slug: string, stats: Stats) {
  const pid = randomProlificId();
  const start = await timed(stats.start, () =>
    fetch(`${base}/api/p/${slug}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ consent: true, params: { PROLIFIC_PID: pid } }) }),
  );
  if (!start.ok) return void stats.errors.push(`start HTTP ${start.status}: ${(await start.text()).slice(0, 200)}`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  let view = (await start.json()) as { stage: string; trial?: { trialId: string; left: string; right: string } };
  let answered = 0;
  while (view.stage === 'trial') {
    for (const url of [view.trial!.left, view.trial!.right]) {
      const image = await timed(stats.image, async () => {
        const r = await fetch(`${base}${url}`, { headers: { cookie } });
        await r.arrayBuffer();
        return r;
      });
      if (!image.ok) return void stats.errors.push(`image HTTP ${image.status}`);
    }
    if (thinkMax > 0) await sleep(thinkMin + Math.random() * (thinkMax - thinkMin));
    const body = JSON.stringify({ trialId: view.trial!.trialId, choice: 1 + Math.floor(Math.random() * 5), responseMs: 1500, idempotencyKey: crypto.randomUUID() });
    const vote = await timed(stats.vote, () => fetch(`${base}/api/p/${slug}/vote`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body }));
    if (!vote.ok) return void stats.errors.push(`vote HTTP ${vote.status}: ${(await vote.text()).slice(0, 200)}`);
    answered++;
    stats.acked.set(pid, answered);
    view = ((await vote.json()) as { view: typeof view }).view;
  }
}


const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};

async function main() {
  const app = await benchApp({ url: values.url, port: values.port!, password: values.password!, tag: 'wave' });
  const { base, auth } = app;
  try {
    const study = await openBenchStudy(app, { title: 'wave', trialsPerParticipant: trials, targetVotesPerComparison: count }, await benchImageSet(trials * 2));
    const stats: Stats = { start: [], vote: [], image: [], errors: [], acked: new Map() };
    const cpuBefore = app.cpu();
    const clientBefore = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        await sleep((arrivalMs * i) / count);
        await participant(base, study.slug, stats).catch((e) => stats.errors.push(`network: ${(e as Error).message}`));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpuAfter = app.cpu();
    const client = process.cpuUsage(clientBefore);
    // CPU per vote of the web server and the database over the wave (each vote comes with its two images)
    const perVote = (role: 'web' | 'database') => (cpuBefore && cpuAfter && stats.vote.length ? ((cpuAfter[role] - cpuBefore[role]) * 1000) / stats.vote.length : NaN);
    const exported = (await (await fetch(`${base}/api/studies/${study.id}/export/votes?format=json`, { headers: auth })).json()) as { external_id_hash: string }[];
    const acked = [...stats.acked.values()].reduce((a, b) => a + b, 0);
    const byHash = new Map<string, number>();
    for (const r of exported) byHash.set(r.external_id_hash, (byHash.get(r.external_id_hash) ?? 0) + 1);
    const mismatched = [...stats.acked].filter(([pid, n]) => byHash.get(crypto.createHash('sha256').update(`${study.id}:${pid}`).digest('hex')) !== n).length;
    if (mismatched) stats.errors.push(`${mismatched} participants' acknowledged votes differ from the export`);
    for (const e of [...new Set(stats.errors)].slice(0, 10)) console.log(`error: ${e}`);
    console.log(`${count} participants over ${values.arrival} s, think ${values['zero-think'] ? 'none' : values.think} ms, ${trials} trials each: ${stats.vote.length} votes, ${stats.image.length} images in ${seconds.toFixed(1)} s`);
    console.log(
      `participants=${count} errors=${stats.errors.length} votes_per_s=${(stats.vote.length / seconds).toFixed(1)} vote_p50_ms=${pct(stats.vote, 0.5).toFixed(0)} vote_p99_ms=${pct(stats.vote, 0.99).toFixed(0)} start_p99_ms=${pct(stats.start, 0.99).toFixed(0)} image_p99_ms=${pct(stats.image, 0.99).toFixed(0)} acked=${acked} exported=${exported.length} web_cpu_ms_per_vote=${perVote('web').toFixed(2)} db_cpu_ms_per_vote=${perVote('database').toFixed(2)} client_cpu_ms_per_vote=${((client.user + client.system) / 1000 / Math.max(1, stats.vote.length)).toFixed(2)}`,
    );
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
