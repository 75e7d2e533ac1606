import { describe, expect, it } from 'vitest';
import { parseProcStat, treeCpuSeconds } from '@/scripts/lib/processCpu';

describe('/proc CPU accounting for the benchmarks', () => {
  it('reads pid, parent and user+system ticks, whatever the process name holds', () => {
    const line = '4242 (node (serve) x) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 150 25 3 4 20 0 11 0 100 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, parent: 4200, name: 'node (serve) x', ticks: 175 });
  });

  it('counts this process tree: its own CPU time grows with work done', () => {
    const before = treeCpuSeconds(process.pid);
    const until = performance.now() + 300;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const after = treeCpuSeconds(process.pid);
    expect(x).toBeGreaterThan(0);
    expect(after.other - before.other).toBeGreaterThanOrEqual(0.1);
    expect(after.database).toBe(0);
  });
});
