import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { parseCatalogFile, type CatalogFileEntry } from '../../constructs/monitors/import';
import { renderMonitor } from '../../constructs/monitors/model';
import { escapeTerraformStrings } from '../../constructs/terraform/escape';
import { addMonitorCatalogs } from '../../stacks/monitor-catalogs';
import { importedCatalogText } from '../import-fleet';

/*
 * The catalog of `houndstack monitors import`: n real exported monitors (bench/import-fleet.ts), each adopting its
 * Datadog ID (one `import` block per monitor). The catalog file is written before the clock starts.
 */
let prepared: { n: number; text: string; entries: CatalogFileEntry[] } | undefined;

export function prepare(n: number): void {
  const text = importedCatalogText(n);
  const r = parseCatalogFile(text, 'imported.yaml');
  if (r.problems.length > 0 || r.entries.length !== n) throw new Error(`imported catalog: ${r.problems.length} problems, ${r.entries.length} entries`);
  prepared = { n, text, entries: r.entries };
}

function entries(n: number): CatalogFileEntry[] {
  if (prepared?.n !== n) prepare(n);
  return prepared!.entries;
}

/** One MonitorCatalog of the imported entries (already read), as the `catalog` case. */
export function run(n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'monitors');
  new DatadogProvider(stack, 'datadog', {});
  new MonitorCatalog(stack, 'monitors', { monitors: entries(n) });
  app.synth();
}

/** As an account's `monitors.catalogs` does: read and check the YAML catalog file, then synthesize its catalog. */
export function fromFile(n: number, outdir: string): void {
  entries(n);
  const dir = mkdtempSync(join(tmpdir(), 'houndstack-bench-imported-'));
  try {
    writeFileSync(join(dir, 'imported.yaml'), prepared!.text);
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'monitors');
    new DatadogProvider(stack, 'datadog', {});
    addMonitorCatalogs(stack, [{ name: 'imported', file: 'imported.yaml' }], dir);
    app.synth();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor of the imported bodies: render + escape + cdktf's `//` metadata + one JSON.stringify (bench/cases/floor.ts). */
export function floor(n: number, outdir: string): void {
  const resources: Record<string, unknown> = {};
  const imports: unknown[] = [];
  for (const e of entries(n)) {
    const name = `monitors_${e.key!}`;
    resources[name] = { ...escapeTerraformStrings(renderMonitor(e.spec).body), '//': { metadata: { path: `monitors/monitors/${e.key!}`, uniqueId: name } } };
    imports.push({ id: e.monitorId, to: `datadog_monitor.${name}` });
  }
  const dir = join(outdir, 'stacks', 'monitors');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ import: imports, provider: { datadog: [{}] }, resource: { datadog_monitor: resources } }, null, 2));
}
