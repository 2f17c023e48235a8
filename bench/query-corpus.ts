/**
 * The parser on the real-world corpus (__tests__/monitors/query/corpus/): how many queries it accepts and how fast,
 * and, with `--against <git revision>`, the same for the parser at that revision, measured in the same process.
 * Prints figures; asserts nothing (corpus.test.ts does).
 *
 *   npx tsx bench/query-corpus.ts                      # this parser
 *   npx tsx bench/query-corpus.ts --against 5356095     # and the parser before issue 9, side by side
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseMonitorQuery } from '../constructs/monitors/query';
import valid from '../__tests__/monitors/query/corpus/valid.json';

type Parse = (q: string) => { ok: boolean; error?: { message: string } };
const ROUNDS = 7;
const queries = (valid as Array<{ query: string }>).map((c) => c.query);

function accepted(parse: Parse): { accepted: number; refusals: Map<string, number> } {
  const refusals = new Map<string, number>();
  let count = 0;
  for (const q of queries) {
    const r = parse(q);
    if (r.ok) count++;
    else {
      // Group refusals by message shape: quoted parts and numbers vary per query.
      const shape = (r.error?.message ?? '').replace(/'[^']*'|"[^"]*"/g, '…').replace(/\d+/g, 'N').slice(0, 90);
      refusals.set(shape, (refusals.get(shape) ?? 0) + 1);
    }
  }
  return { accepted: count, refusals };
}

/** µs per query, median of ROUNDS; parsers measured together alternate round by round, so load hits both alike. */
function timings(parsers: Parse[]): number[] {
  const times = parsers.map(() => [] as number[]);
  for (let i = 0; i < ROUNDS + 1; i++) {
    parsers.forEach((parse, j) => {
      const start = performance.now();
      for (const q of queries) parse(q);
      if (i > 0) times[j].push(performance.now() - start); // the first round warms the JIT
    });
  }
  return times.map((t) => (t.sort((a, b) => a - b)[Math.floor(t.length / 2)] * 1000) / queries.length);
}

function report(label: string, m: ReturnType<typeof accepted>, us: number): void {
  const pct = ((100 * m.accepted) / queries.length).toFixed(1);
  console.log(`${label}: accepts ${m.accepted}/${queries.length} (${pct} %), ${us.toFixed(1)} µs per query (median of ${ROUNDS})`);
  for (const [shape, n] of [...m.refusals].sort((a, b) => b[1] - a[1])) console.log(`  refuses ${n}: ${shape}`);
}

console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; corpus: ${queries.length} queries`);
const at = process.argv.indexOf('--against');
if (at < 0) {
  report('this parser', accepted(parseMonitorQuery), timings([parseMonitorQuery])[0]);
} else {
  const revision = process.argv[at + 1];
  if (!revision) throw new Error('--against needs a git revision');
  const dir = mkdtempSync(join(tmpdir(), 'houndstack-parser-'));
  try {
    // The older parser's own files, as they were at that revision.
    const archive = execFileSync('git', ['archive', revision, 'constructs/monitors/query'], { cwd: join(__dirname, '..') });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const older = (require(join(dir, 'constructs/monitors/query')) as { parseMonitorQuery: Parse }).parseMonitorQuery;
    const [now, then] = timings([parseMonitorQuery, older]);
    report('this parser', accepted(parseMonitorQuery), now);
    report(`parser at ${revision}`, accepted(older), then);
    console.log(`speed: this parser takes ${(now / then).toFixed(2)}x the time of the one at ${revision} on the whole corpus (the older one stops early on the queries it refuses)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
