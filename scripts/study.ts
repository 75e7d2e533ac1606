// The admin CLI: everything the admin UI does, against the same domain functions.
// npm run study -- help
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomToken } from '../server/auth/tokens';
import { createUser } from '../server/auth/users';
import { disconnectDb } from '../server/db/client';
import { openDatabase } from '../server/db/connect';
import { applyMigrations } from '../server/db/migrate';
import { dataDir, env } from '../server/env';
import { HttpError } from '../server/http/errors';
import { toCsv } from '../server/results/csv';
import { VOTE_COLUMNS, voteRows } from '../server/results/votes';
import { archiveStudy, restoreArchive } from '../server/studies/archive';
import { importImageSet } from '../server/studies/importImages';
import { createStudy, listStudies, setStudyStatus } from '../server/studies/studies';
import { readZipBundle, type UploadBundle } from '../server/studies/zip';

const HELP = `npm run study -- <command>
  list
  create --title T --instructions I --consent C --trials N --target N --code CODE [--attention-rate R] [--redirect URL]
  upload <study-id> <set.zip>
  upload <study-id> --manifest manifest.csv --dir images/
  open <study-id> | close <study-id>
  export <study-id> [--format csv|json] [--out file]
  archive <study-id> [--out file.zip]    the study, its images, plan, votes and a README in one file
  restore <file.zip>                     loads an archive as a new study (new ids); refuses a corrupt or foreign file
  user-add <username> --role admin|researcher [--password P]   (a random password is printed when omitted)
Uses DATABASE_URL, else the embedded database under DATA_DIR (joined if the app is running).`;

function bundleFromDir(manifest: string, dir: string): UploadBundle {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full));
    }
  };
  walk(dir);
  return { manifestText: fs.readFileSync(manifest, 'utf8'), manifestFormat: manifest.endsWith('.json') ? 'json' : 'csv', files };
}

async function run(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' }, instructions: { type: 'string' }, consent: { type: 'string' }, trials: { type: 'string' },
      target: { type: 'string' }, code: { type: 'string' }, 'attention-rate': { type: 'string' }, redirect: { type: 'string' },
      manifest: { type: 'string' }, dir: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      role: { type: 'string' }, password: { type: 'string' },
    },
  });
  const [command, arg1, arg2] = positionals;
  const print = (value: unknown) => console.log(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  switch (command) {
    case 'list':
      return print((await listStudies()).map((s) => ({ id: s.id, title: s.title, status: s.status, link: `/s/${s.slug}`, comparisons: s.comparisons, participants: s.participants, votes: s.votes })));
    case 'create':
      return print(await createStudy({
        title: values.title ?? '', instructions: values.instructions ?? '', consentText: values.consent ?? '',
        trialsPerParticipant: Number(values.trials), targetVotesPerComparison: Number(values.target), completionCode: values.code ?? '',
        attentionCheckRate: Number(values['attention-rate'] ?? 0), redirectUrl: values.redirect,
      }));
    case 'upload': {
      if (!arg1) throw new Error('upload needs a study id');
      const bundle = arg2 ? readZipBundle(fs.readFileSync(arg2)) : values.manifest && values.dir ? bundleFromDir(values.manifest, values.dir) : null;
      if (!bundle) throw new Error('upload needs a zip, or --manifest and --dir');
      return print(await importImageSet(arg1, bundle));
    }
    case 'open':
    case 'close':
      if (!arg1) throw new Error(`${command} needs a study id`);
      return print((await setStudyStatus(arg1, command === 'open' ? 'OPEN' : 'CLOSED')).status);
    case 'export': {
      if (!arg1) throw new Error('export needs a study id');
      const rows = await voteRows(arg1);
      const text = values.format === 'json' ? JSON.stringify(rows, null, 2) : toCsv(rows, VOTE_COLUMNS);
      if (values.out) fs.writeFileSync(values.out, text);
      else process.stdout.write(text);
      return;
    }
    case 'archive': {
      if (!arg1) throw new Error('archive needs a study id');
      const archive = await archiveStudy(arg1);
      const out = values.out ?? archive.name;
      fs.writeFileSync(out, archive.bytes);
      return print(`wrote ${out} (${(archive.bytes.length / 1048576).toFixed(1)} MB)`);
    }
    case 'restore': {
      if (!arg1) throw new Error('restore needs an archive file');
      return print(await restoreArchive(new Uint8Array(fs.readFileSync(arg1))));
    }
    case 'user-add': {
      if (!arg1 || !['admin', 'researcher'].includes(values.role ?? '')) throw new Error('user-add needs a user name and --role admin|researcher');
      const password = values.password ?? randomToken(12);
      const user = await createUser(arg1, password, values.role === 'admin' ? 'ADMIN' : 'RESEARCHER');
      return print({ ...user, ...(values.password ? {} : { password }) });
    }
    default:
      return print(HELP);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (!argv.length || ['help', '--help', '-h'].includes(argv[0])) return console.log(HELP);
  const database = await openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  try {
    await applyMigrations(database.url);
    await run(argv);
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().catch((error) => {
  const details = error instanceof HttpError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`error: ${details}`);
  process.exit(1);
});
