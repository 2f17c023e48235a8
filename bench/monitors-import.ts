/**
 * `houndstack monitors import` and `houndstack validate` at 11,000 monitors: the corpus of real exports
 * (__tests__/monitors/import/corpus) repeated with distinct IDs and names. Each stage is timed in this process; the
 * baseline is `JSON.parse` + `JSON.stringify` of the same export (the least any import must do).
 * Run: node --require tsx/cjs bench/monitors-import.ts [count]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importMonitors } from '../constructs/monitors/import';

const COUNT = Number(process.argv[2] ?? 11_000);
const dir = join(__dirname, '..', '__tests__', 'monitors', 'import', 'corpus');
const corpus = ['provider-cassettes.json', 'integrations-extras.json'].flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[]);
const fleet = Array.from({ length: COUNT }, (_, i) => ({ ...corpus[i % corpus.length], id: 500_000_000 + i, name: `${String(corpus[i % corpus.length]!.name)} #${i}` }));
const text = JSON.stringify(fleet);

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const r = f();
  return [r, performance.now() - start];
}

const [, baseline] = time(() => JSON.stringify(JSON.parse(text)));
const [first, fresh] = time(() => importMonitors([{ file: 'export.json', text }], { file: 'legacy.yaml', text: undefined }));
const catalog = first.catalog!.text;
const [again, same] = time(() => importMonitors([{ file: 'export.json', text }], { file: 'legacy.yaml', text: catalog }));
if (again.catalog!.unchanged.length !== COUNT) throw new Error('re-import changed entries');

console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures scale with it)`);
console.log(`monitors: ${COUNT}, export ${(text.length / 1e6).toFixed(1)} MB, catalog ${(catalog.length / 1e6).toFixed(1)} MB`);
console.log(`baseline JSON.parse + JSON.stringify: ${baseline.toFixed(0)} ms`);
console.log(`import into a new catalog file: ${fresh.toFixed(0)} ms (${(fresh / baseline).toFixed(1)}× baseline)`);
console.log(`re-import into the written file (every entry unchanged): ${same.toFixed(0)} ms (${(same / baseline).toFixed(1)}× baseline)`);
