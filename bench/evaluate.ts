/**
 * The evaluator's targets (issue 11), printed as figures with ratios against a baseline measured in this same run:
 * - replay: 1,000 monitors over 30 days of 1-minute data (43,200 points per series), a mix of time aggregations,
 *   windows (5 minutes to 4 hours), change, as_count arithmetic and basic anomaly monitors; target ≤ 10 s, ≤ 500 MB;
 * - cost per point constant: the same mix over 7.5 days against 30 days, and a 5-minute window against a 4-hour one;
 * - `houndstack monitors test` of 500 tests as a whole process (the CLI from source through tsx): target ≤ 3 s.
 * Baseline: generating the series and one pass summing every point (the least any evaluator must do).
 * Run: node --require tsx/cjs bench/evaluate.ts [--monitors 1000] [--days 30]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateMonitor, transitionsOf } from '../constructs/monitors/evaluate';
import type { InputSeries } from '../constructs/monitors/evaluate';
import { median } from './median';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MONITORS = arg('monitors', 1000);
const DAYS = arg('days', 30);
const START = Date.parse('2026-01-01T00:00:00Z') / 1000;

/** One metric's 1-minute series: a daily shape, noise and a few incidents, as columns (16 bytes a point). */
function series(i: number, days: number, metric = `bench.metric${i}`): InputSeries {
  const n = days * 1440;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let seed = i + 1;
  for (let k = 0; k < n; k++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    times[k] = START + k * 60;
    const incident = k % 10_000 > 9_900 ? 40 : 0;
    values[k] = 50 + 20 * Math.sin((2 * Math.PI * k) / 1440) + ((seed % 1000) / 1000) * 8 + incident;
  }
  return { metric, tags: ['env:prod', `host:h${i % 50}`], points: [], columns: { times, values } };
}

/** The monitor mix: i → query over bench.metric<i> (and, for ratios, a second series). */
function queryFor(i: number, window?: string): string {
  const m = `bench.metric${i}`;
  const w = window ?? ['last_5m', 'last_15m', 'last_1h', 'last_4h'][i % 4];
  switch (i % 10) {
    case 7:
      return `pct_change(avg(${w}),${w}):avg:${m}{env:prod} > 50`;
    case 8:
      return `sum(${w}):sum:${m}{env:prod}.as_count() / sum:${m}.total{env:prod}.as_count() > 0.9`;
    case 9:
      return `avg(last_4h):anomalies(avg:${m}{env:prod}, 'basic', 3, direction='above', alert_window='last_15m', interval=60) >= 1`;
    default:
      return `${['avg', 'max', 'min', 'sum', 'avg', 'max', 'avg'][i % 10]}(${w}):avg:${m}{env:prod} by {host} > ${i % 10 === 3 ? 5000 : 85}`;
  }
}

function replay(monitors: number, days: number, window?: string): { ms: number; cpuMs: number; points: number; transitions: number; peakMb: number } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let points = 0;
  let transitions = 0;
  for (let i = 0; i < monitors; i++) {
    const input = [series(i, days)];
    if (i % 10 === 8) input.push(series(i + 100_000, days, `bench.metric${i}.total`));
    const r = evaluateMonitor({ query: queryFor(i, window), series: input, from: START, to: START + days * 86400 - 60, options: { require_full_window: i % 2 === 0 } });
    transitions += transitionsOf(r).length;
    points += input.reduce((n, s) => n + (s.columns?.times.length ?? 0), 0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, points, transitions, peakMb: process.resourceUsage().maxRSS / 1024 };
}

function baseline(monitors: number, days: number): number {
  const t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < monitors; i++) {
    const s = series(i, days);
    const v = s.columns!.values;
    for (let k = 0; k < v.length; k++) sum += v[k];
    if (i % 10 === 8) sum += series(i + 100_000, days).columns!.values[0];
  }
  if (!Number.isFinite(sum)) throw new Error('baseline');
  return performance.now() - t0;
}

function testFile(count: number): string {
  const lines = ['tests:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - name: test ${i}`,
      `    query: "${i % 3 === 0 ? 'max' : 'avg'}(last_${5 + (i % 4) * 5}m):avg:app.metric${i}{env:prod} by {host} > 90"`,
      '    input_series:',
      `      - series: 'app.metric${i}{env:prod,host:a}'`,
      "        values: '50x60 95x60 50x60'",
      `      - series: 'app.metric${i}{env:prod,host:b}'`,
      "        values: '10+1x179'",
      '    expect:',
      '      - at: 30m',
      '        states: { "host:a": OK, "host:b": OK }',
      '      - at: 2h',
      '        states: { "host:a": ALERT, "host:b": ALERT }',
      '      - at: 3h',
      '        states: { "host:a": OK, "host:b": ALERT }',
    );
  }
  return `${lines.join('\n')}\n`;
}

console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures scale with it)`);
replay(20, 2); // warm-up: JIT
const base = baseline(MONITORS, DAYS);
const full = replay(MONITORS, DAYS);
console.log(`replay: ${MONITORS} monitors × ${DAYS} days of 1-minute data (${(full.points / 1e6).toFixed(1)} M points, ${full.transitions} transitions): ${(full.ms / 1000).toFixed(2)} s wall, ${(full.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${full.peakMb.toFixed(0)} MB (targets ≤ 10 s, ≤ 500 MB)`);
console.log(`  per point: ${((full.ms * 1e6) / full.points).toFixed(0)} ns; baseline (generate the series, sum every point) ${(base / 1000).toFixed(2)} s → ${(full.ms / base).toFixed(1)}× the baseline`);
const quarter = replay(MONITORS / 4, DAYS / 4);
// Ratios of CPU time: less sensitive than wall time to other load on the machine.
console.log(`  CPU per point, ${DAYS / 4} days against ${DAYS} days: ${(((quarter.cpuMs / quarter.points) / (full.cpuMs / full.points))).toFixed(2)} (1.00 = constant)`);
const short = replay(MONITORS / 10, DAYS / 3, 'last_5m');
const long = replay(MONITORS / 10, DAYS / 3, 'last_4h');
console.log(`  CPU per point, 4-hour window against 5-minute window: ${((long.cpuMs / long.points) / (short.cpuMs / short.points)).toFixed(2)} (1.00 = independent of the window's length)`);

const dir = mkdtempSync(join(tmpdir(), 'houndstack-bench-eval-'));
try {
  const file = join(dir, 'tests.yaml');
  writeFileSync(file, testFile(500));
  const root = join(__dirname, '..');
  // The compiled CLI (what `npx houndstack` runs) when it is built, else the sources through tsx.
  const compiled = existsSync(join(root, 'dist', 'cli', 'houndstack.js'));
  const env = { ...process.env, HOUNDSTACK_CLI_FROM_SOURCE: compiled ? '0' : '1' };
  const runs: number[] = [];
  let status: number | null = null;
  for (let k = 0; k < 4; k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), 'monitors', 'test', file], { cwd: root, encoding: 'utf8', env });
    if (k > 0) runs.push(performance.now() - t0);
    status = r.status;
  }
  const noop = [0, 1, 2].map(() => {
    const t0 = performance.now();
    spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), '--version'], { cwd: root, env });
    return performance.now() - t0;
  });
  console.log(`monitors test: 500 tests (1,000 groups, 3 expectations each), ${compiled ? 'compiled CLI' : 'CLI from source (tsx)'}, whole process, median of 3: ${(median(runs) / 1000).toFixed(2)} s, exit ${status} (target ≤ 3 s); \`houndstack --version\` ${(median(noop) / 1000).toFixed(2)} s → ${(median(runs) / median(noop)).toFixed(1)}× the CLI's start`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
