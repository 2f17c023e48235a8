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

run(); // warm-up: JIT
const rounds = Array.from({ length: 5 }, run);
const times = rounds.map((r) => r.ms).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures scale with it)`);
console.log(`queries: ${COUNT} (${rounds[0].ok} valid, ${COUNT - rounds[0].ok} invalid), ${totalChars} characters`);
console.log(`parse + summarize, median of 5 after warm-up: ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})`);
console.log(`per query: ${((median * 1000) / COUNT).toFixed(1)} µs; throughput: ${((totalChars / median) * 1000 / 1e6).toFixed(1)} M chars/s`);

// Linearity: one long query (a sum of many series) at growing sizes; time per character should stay flat.
for (const terms of [100, 1000, 10000]) {
  const long = `avg(last_5m):${Array.from({ length: terms }, (_, i) => `avg:m${i}{env:prod,host:h${i}}`).join(' + ')} > 1`;
  const start = performance.now();
  const r = parseMonitorQuery(long);
  const ms = performance.now() - start;
  console.log(`one query of ${terms} series (${long.length} chars): ${ms.toFixed(1)} ms, ${((ms * 1e6) / long.length).toFixed(0)} ns/char, ok=${r.ok}`);
}
