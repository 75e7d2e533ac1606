/**
 * CPU time of the processes of an app a benchmark started (npm start, its web server, workers and the embedded
 * PostgreSQL), read from /proc. A benchmark on a shared machine reports CPU
 * per vote beside its latencies: latencies move with the neighbours' load, CPU per request much less.
 */
import fs from 'node:fs';

export interface ProcessCpu {
  pid: number;
  parent: number;
  name: string;
  /** user + system time, in clock ticks */
  ticks: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** One /proc/<pid>/stat line; the name may hold spaces and parentheses, so fields are counted after its last ')'. */
export function parseProcStat(line: string): ProcessCpu {
  const close = line.lastIndexOf(')');
  const pid = Number(line.slice(0, line.indexOf(' ')));
  const name = line.slice(line.indexOf('(') + 1, close);
  const fields = line.slice(close + 2).split(' '); // fields[0] is the state (field 3)
  return { pid, parent: Number(fields[1]), name, ticks: Number(fields[11]) + Number(fields[12]) };
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** CPU seconds so far of `root` and every live process below it (the embedded PostgreSQL starts its own session), by role. */
export function treeCpuSeconds(root: number): { database: number; web: number; other: number } {
  const all: ProcessCpu[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      all.push(parseProcStat(fs.readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      /* exited meanwhile */
    }
  }
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!inTree.has(p.pid) && inTree.has(p.parent)) (inTree.add(p.pid), (grew = true));
  }
  const totals = { database: 0, web: 0, other: 0 };
  for (const p of all) {
    if (!inTree.has(p.pid)) continue;
    const role = p.name === 'postgres' ? 'database' : cmdline(p.pid).includes('scripts/serve.ts') ? 'web' : 'other';
    totals[role] += p.ticks / TICKS_PER_SECOND;
  }
  return totals;
}
