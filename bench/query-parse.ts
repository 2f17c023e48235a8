/**
 * Parser throughput: 11,000 monitor queries (the size of Airbnb's expanded monitor set), valid and invalid, parsed
 * and summarized. Prints figures; asserts nothing. Run: npx tsx bench/query-parse.ts
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseMonitorQuery, summarizeQuery } from '../constructs/monitors/query';
import { INVALID_CASES, VALID_CASES } from '../__tests__/monitors/query/cases';

const COUNT = 11_000;
const valid = VALID_CASES.map((c) => c.query);
const invalid = INVALID_CASES.map((c) => c.query);
// Nine valid to one invalid, each query made distinct so nothing can be cached.
const queries = Array.from({ length: COUNT }, (_, i) => {
  const base = i % 10 === 9 ? invalid[i % invalid.length] : valid[i % valid.length];
  return base.replace('system.cpu.user', `system.cpu.user${i}`);
});
const totalChars = queries.reduce((n, q) => n + q.length, 0);

function run(): { ms: number; ok: number } {
  const start = performance.now();
  let ok = 0;
  for (const q of queries) {
    const r = parseMonitorQuery(q);
    if (r.ok) {
      summarizeQuery(r.query);
      ok++;
    }
  }
  return { ms: performance.now() - start, ok };
}

/** Baseline in the same process: split every query into regex tokens, the least any parser must do. */
function baseline(): number {
  const start = performance.now();
  let tokens = 0;
  for (const q of queries) tokens += (q.match(/\w+|\S/g) ?? []).length;
  if (tokens === 0) throw new Error('no tokens');
  return performance.now() - start;
}

run(); // warm-up: JIT
baseline();
const rounds = Array.from({ length: 5 }, run);
const baselines = Array.from({ length: 5 }, baseline).sort((a, b) => a - b);
const times = rounds.map((r) => r.ms).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures scale with it)`);
console.log(`queries: ${COUNT} (${rounds[0].ok} valid, ${COUNT - rounds[0].ok} invalid), ${totalChars} characters`);
console.log(`parse + summarize, median of 5 after warm-up: ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})`);
console.log(`per query: ${((median * 1000) / COUNT).toFixed(1)} µs; throughput: ${((totalChars / median) * 1000 / 1e6).toFixed(1)} M chars/s`);
const baselineMedian = baselines[Math.floor(baselines.length / 2)];
console.log(`baseline (regex tokenizing only), median: ${baselineMedian.toFixed(1)} ms; parse + summarize = ${(median / baselineMedian).toFixed(1)}x baseline`);

// Linearity: one long query (a sum of many series) at growing sizes; time per character should stay flat.
// Best of 3 per size: a single long parse is at the mercy of one garbage collection.
for (const terms of [1000, 10000, 40000]) {
  const long = `avg(last_5m):${Array.from({ length: terms }, (_, i) => `avg:m${i}{env:prod,host:h${i}}`).join(' + ')} > 1`;
  let best = Infinity;
  let ok = false;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    ok = parseMonitorQuery(long).ok;
    best = Math.min(best, performance.now() - start);
  }
  console.log(`one query of ${terms} series (${long.length} chars): ${best.toFixed(1)} ms, ${((best * 1e6) / long.length).toFixed(0)} ns/char, ok=${ok}`);
}
