/**
 * `houndstack monitors import` and `houndstack validate` at 11,000 monitors: the corpus of real exports
 * (__tests__/monitors/import/corpus) repeated with distinct IDs and names. Stages are timed in this process (wall and
 * CPU); baselines in the same run: `JSON.parse` + `JSON.stringify` of the export (the least an import does), and the
 * synth of the benchmark's own 11,000-spec catalog (bench/fixtures.ts) beside the imported catalog's.
 * Run: node --require tsx/cjs bench/monitors-import.ts [count]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { MonitorCatalog, type CatalogEntry } from '../constructs/monitors/catalog';
import { importMonitors, parseCatalogFile } from '../constructs/monitors/import';
import { ProviderSchemas } from '../stacks/validate/provider-schema';
import { validateStack } from '../stacks/validate/check';
import { renderMonitor } from '../constructs/monitors/model';
import { escapeTerraformStrings } from '../constructs/terraform/escape';
import { catalogEntries } from './fixtures';
import { exportedFleet } from './import-fleet';

const COUNT = Number(process.argv[2] ?? 11_000);
const { corpusSize, monitors: fleet } = exportedFleet(COUNT);
const text = JSON.stringify(fleet);

function time<T>(f: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const r = f();
  const used = process.cpuUsage(cpu);
  return [r, performance.now() - start, (used.user + used.system) / 1000];
}
const fmt = (wall: number, cpu: number) => `${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`;

function synth(entries: readonly CatalogEntry[]): string {
  const outdir = mkdtempSync(join(tmpdir(), 'houndstack-bench-import-'));
  try {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'monitors');
    new DatadogProvider(stack, 'datadog', {});
    new MonitorCatalog(stack, 'monitors', { monitors: entries });
    app.synth();
    return readFileSync(join(outdir, 'stacks', 'monitors', 'cdk.tf.json'), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const [, baseW, baseC] = time(() => JSON.stringify(JSON.parse(text)));
const [first, freshW, freshC] = time(() => importMonitors([{ file: 'export.json', text }], { file: 'legacy.yaml', text: undefined }));
const catalog = first.catalog!.text;
const [again, sameW, sameC] = time(() => importMonitors([{ file: 'export.json', text }], { file: 'legacy.yaml', text: catalog }));
if (again.catalog!.unchanged.length !== COUNT) throw new Error('re-import changed entries');
const [imported, loadW, loadC] = time(() => parseCatalogFile(catalog, 'legacy.yaml').entries);
const [asJson, jsonW, jsonC] = time(() => importMonitors([{ file: 'export.json', text }], { file: 'legacy.json', text: undefined }));
const [, jsonLoadW, jsonLoadC] = time(() => parseCatalogFile(asJson.catalog!.text, 'legacy.json').entries);
const specs = catalogEntries(COUNT);
synth(specs.slice(0, 200)); // warm-up: JIT and module loading
const [specJson, specW, specC] = time(() => synth(specs));
const [json, importedW, importedC] = time(() => synth(imported));
// The floor of each catalog: render + escape + one JSON.stringify of the same bodies, no cdktf.
const floor = (entries: readonly CatalogEntry[]) => JSON.stringify(entries.map((e) => escapeTerraformStrings(renderMonitor(e.spec).body)), null, 2).length;
const [, specFloorW, specFloorC] = time(() => floor(specs));
const [, importedFloorW, importedFloorC] = time(() => floor(imported));
const schemas = new ProviderSchemas(join(__dirname, '..'));
const [result, validW, validC] = time(() => validateStack(JSON.parse(json), schemas));
if (result.problems.length > 0) throw new Error(`validate found ${result.problems.length} problems`);

console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (wall scales with it; CPU less so)`);
console.log(`monitors: ${COUNT} (${corpusSize} distinct real ones repeated), export ${(text.length / 1e6).toFixed(1)} MB, catalog ${(catalog.length / 1e6).toFixed(1)} MB`);
console.log(`baseline JSON.parse + JSON.stringify of the export: ${fmt(baseW, baseC)}`);
console.log(`import into a new catalog file: ${fmt(freshW, freshC)} (${(freshC / baseC).toFixed(0)}× baseline CPU)`);
console.log(`re-import into that file (every entry unchanged): ${fmt(sameW, sameC)}`);
console.log(`read and check the catalog file (as synth does): ${fmt(loadW, loadC)}`);
console.log(`the same as a JSON catalog (--out legacy.json): import ${fmt(jsonW, jsonC)}; read and check ${fmt(jsonLoadW, jsonLoadC)}`);
console.log(`synth, catalog of the imported monitors: ${fmt(importedW, importedC)}`);
console.log(`synth, catalog of bench/fixtures.ts specs (same count): ${fmt(specW, specC)} → imported ÷ fixtures CPU ${(importedC / specC).toFixed(2)}`);
console.log(`floor (render + escape + JSON.stringify, no cdktf): imported ${fmt(importedFloorW, importedFloorC)}, fixtures ${fmt(specFloorW, specFloorC)}`);
console.log(`synth ÷ its floor, CPU: imported ${(importedC / importedFloorC).toFixed(2)}, fixtures ${(specC / specFloorC).toFixed(2)}; per output byte (imported ${(json.length / 1e6).toFixed(1)} MB, fixtures ${(specJson.length / 1e6).toFixed(1)} MB): imported ÷ fixtures ${((importedC / json.length) / (specC / specJson.length)).toFixed(2)}`);
console.log(`from the accounts file (read the YAML catalog + synth): ${fmt(loadW + importedW, loadC + importedC)}`);
console.log(`validate the synthesized stack (${(json.length / 1e6).toFixed(1)} MB): ${fmt(validW, validC)}`);
