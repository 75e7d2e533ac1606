/**
 * `npm run eval:frontier -- --quick` on the fixture model: the table has the grid's shape, and throughput is
 * what the sampling loops measured, not a cost model (a session slowed by a fixed time per forward call makes
 * RAS as slow as dense at the same step count, which no token-count model predicts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrontierGridError, QUICK_GRID } from '@/server/quality/frontierGrid';
import type { FrontierPromptResult } from '@/server/quality/frontierRun';
import { idealSpeedup, rasPlan } from '@/server/sampler/rasSchedule';
import { parseSamplerConfig } from '@/server/sampler/config';
import type { Model } from '@/server/sampler/index';
import { runFrontier } from '@/scripts/lib/evalFrontier';

const scratch = mkdtempSync(path.join(tmpdir(), 'frontier-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const quiet = { log: () => {} };
const quick = (out: string, ...extra: string[]) => ['--quick', '--model', 'models/fixture', '--prompts', '3', '--bootstrap', '20', '--out', path.join(scratch, out), ...extra];

function records(out: string): FrontierPromptResult[] {
  return readFileSync(path.join(scratch, out, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('eval:frontier --quick on the fixture model', () => {
  it('writes the Table-2 analogue: every grid point once, sorted by throughput, RAS rows beside their closest dense point', async () => {
    const { report, out } = await runFrontier(quick('plain'), quiet);
    const names = [...QUICK_GRID.dense.map((s) => `dense ${s} steps`), ...QUICK_GRID.rasSteps.flatMap((s) => QUICK_GRID.ratios.map((r) => `RAS ${s} steps ${r * 100} %`))];
    expect(report.rows.map((r) => r.point).sort()).toEqual([...names].sort());
    expect(report.prompts).toBe(3);
    for (const r of report.rows) {
      expect(r.throughput).toBeGreaterThan(0);
      expect(r.frechetCi[0]).toBeLessThanOrEqual(r.frechetCi[1]);
      expect(r.top5).toBeGreaterThanOrEqual(0);
      expect(r.adherence).toBeGreaterThan(0);
      expect(r.adherence).toBeLessThan(1);
      if (r.method === 'ras') expect(r.closestDense).toMatch(/^dense \d+ steps$/);
    }
    expect(report.comparisons).toHaveLength(4);
    const table = readFileSync(path.join(out, 'table.md'), 'utf8');
    const rowsInTable = table.split('\n').filter((l) => /^\| (\*\*dense\*\*|RAS) \| \d+ \|/.test(l));
    expect(rowsInTable).toHaveLength(names.length);
    const throughputs = rowsInTable.map((l) => Number(l.split('|')[5]!.trim().split(' ')[0]));
    expect(throughputs).toEqual([...throughputs].sort((a, b) => a - b));
    expect(table).toContain('RAS against the best dense point at least as fast');
    expect(existsSync(path.join(out, 'frontier.png'))).toBe(true);
    expect(readFileSync(path.join(out, 'frontier.png')).subarray(1, 4).toString()).toBe('PNG');
    // throughput is one over the median of the recorded sampling-loop times
    const recs = records('plain');
    expect(recs).toHaveLength(3);
    for (const r of report.rows) {
      const ms = recs.map((p) => p.results.find((x) => x.point === r.point)!.ms).sort((a, b) => a - b);
      expect(r.throughput).toBeCloseTo(1000 / ms[1]!, 6);
    }
  });

  it('measures throughput: with a fixed 30 ms per forward call, RAS costs what dense costs at the same step count', async () => {
    const slow = (model: Model): Model => ({
      ...model,
      session: { ...model.session, newCache: model.session.newCache.bind(model.session), forward: async (input, cache) => {
        await new Promise((r) => setTimeout(r, 30));
        return model.session.forward(input, cache);
      } },
    });
    const argv = quick('slowed', '--dense', '5,10', '--ras-steps', '10', '--ratios', '0.125', '--prompts', '5');
    const { report } = await runFrontier(argv, { ...quiet, wrapModel: slow });
    const row = (name: string) => report.rows.find((r) => r.point === name)!;
    // a cost model counting tokens would call RAS 10 steps 12.5 % (3 dense steps, 7 at 8 of 64 tokens) 2.6× faster
    const ras10 = parseSamplerConfig({ num_inference_steps: 10, scheduler_start_step: 1, error_reset_steps: [4, 7], sample_ratio: 0.125 });
    expect(idealSpeedup(rasPlan(ras10, 64), 0.125)).toBeGreaterThan(2.5);
    // measured: the same ten forward calls, about the same time (loose bounds: the test suites share the machine)
    const same = row('RAS 10 steps 12.5 %').throughput / row('dense 10 steps').throughput;
    expect(same).toBeGreaterThan(0.6);
    expect(same).toBeLessThan(1.6);
    // and half the calls take about half the time
    const ratio = row('dense 5 steps').throughput / row('dense 10 steps').throughput;
    expect(ratio).toBeGreaterThan(1.4);
    expect(ratio).toBeLessThan(2.8);
    for (const p of records('slowed')) for (const x of p.results) expect(x.ms).toBeGreaterThan(30 * 5 - 1);
  });

  it('refuses a bad grid before any compute, naming the point', async () => {
    await expect(runFrontier(quick('bad', '--ras-steps', '3,5', '--warmup', '4'), quiet)).rejects.toThrow(FrontierGridError);
    await expect(runFrontier(quick('bad', '--ras-steps', '3,5', '--warmup', '4'), quiet)).rejects.toThrow(/RAS 3 steps 50 %: 3 total steps are fewer than its 4 warm-up steps/);
    await expect(runFrontier(quick('bad', '--ratios', '0.5,1.5'), quiet)).rejects.toThrow(/RAS 5 steps 150 %: the sampling ratio 1.5 is outside \(0, 1\]/);
    expect(existsSync(path.join(scratch, 'bad'))).toBe(false);
  });
});
