/**
 * An imported fleet in shard stacks: 11,000 monitors from `houndstack monitors import` (the corpus of real exports,
 * __tests__/monitors/import/corpus, repeated with distinct IDs and names, tagged over 10 teams) as a JSON catalog
 * file listed in `monitors.catalogs`, synthesized from an accounts file as `npm run synth` does, in one process:
 * without `monitors.shards` (one account stack holds them: the baseline) and with `shards: { by: team }` (ten shard
 * stacks; the account stack lets go of each monitor with a `removed` block). Run:
 * node --require tsx/cjs bench/catalog-shards.ts [count]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importMonitors } from '../constructs/monitors/import';
import { parseMonitorQuery } from '../constructs/monitors/query';
import { buildApp } from '../main';
import { median } from './median';

const COUNT = Number(process.argv[2] ?? 11_000);
const TEAMS = 10;
const corpusDir = join(__dirname, '..', '__tests__', 'monitors', 'import', 'corpus');
const corpus = ['provider-cassettes.json', 'integrations-extras.json']
  .flatMap((f) => JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as Array<Record<string, unknown>>)
  .filter((m) => parseMonitorQuery(String(m.query)).ok);
const fleet = Array.from({ length: COUNT }, (_, i) => {
  const m = corpus[i % corpus.length]!;
  const tags = ((m.tags as string[] | undefined) ?? []).filter((t) => !t.startsWith('team:'));
  return { ...m, id: 500_000_000 + i, name: `${String(m.name)} #${i}`, tags: [...tags, `team:team-${i % TEAMS}`], message: '@slack-ops' };
});
const dir = mkdtempSync(join(tmpdir(), 'houndstack-bench-catshards-'));
const imported = importMonitors([{ file: 'export.json', text: JSON.stringify(fleet) }], { file: 'legacy.json', text: undefined });
const suppress = 'suppress: [{ rule: HS-MON-1, reason: bench }, { rule: HS-MON-5, reason: bench }]';
const accounts = (shards: string) =>
  `monitoring: { teams: { ops: { chat: ["@slack-ops"] } } }\naccounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n      catalogs: [{ name: legacy, file: legacy.json, ${suppress} }]\n${shards}`;
const cases = { flat: accounts(''), sharded: accounts('      shards: { by: team }\n') };

/** One synth, from files in a directory of its own (so no parse of an earlier run is reused), files written untimed. */
function synth(which: keyof typeof cases): { wall: number; cpu: number; stacks: number } {
  const run = mkdtempSync(join(dir, 'run-'));
  writeFileSync(join(run, 'legacy.json'), imported.catalog!.text);
  writeFileSync(join(run, 'accounts.yaml'), cases[which]);
  const outdir = join(run, 'out');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const app = buildApp(join(run, 'accounts.yaml'), outdir);
  app.synth();
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - start;
  const stacks = app.node.children.length;
  rmSync(run, { recursive: true, force: true });
  return { wall, cpu: (used.user + used.system) / 1000, stacks };
}

try {
  synth('flat'); // warm-up: JIT and module loading
  const runs = { flat: [] as number[], sharded: [] as number[] };
  let stacks = 0;
  for (let i = 0; i < 3; i++) {
    runs.flat.push(synth('flat').cpu);
    const s = synth('sharded');
    runs.sharded.push(s.cpu);
    stacks = s.stacks;
  }
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`monitors: ${COUNT} imported (catalog ${(imported.catalog!.text.length / 1e6).toFixed(1)} MB JSON), ${TEAMS} teams`);
  console.log(`synth, one account stack (baseline): median ${median(runs.flat).toFixed(0)} ms CPU of ${runs.flat.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`synth, ${stacks - 1} shard stacks + account stack: median ${median(runs.sharded).toFixed(0)} ms CPU of ${runs.sharded.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`sharded ÷ baseline CPU: ${(median(runs.sharded) / median(runs.flat)).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
