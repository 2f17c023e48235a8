import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Construct } from 'constructs';
import { MonitorCatalog } from '../constructs/monitors/catalog';
import { parseCatalogFile } from '../constructs/monitors/import/catalog-file';
import { suppressMonitorRule } from '../constructs/rules/suppressions';
import type { CatalogRef } from './monitor-catalogs-schema';

/*
 * `accounts[].monitors.catalogs`: monitor catalog files (written by `houndstack monitors import`, or by hand), each
 * synthesized as one MonitorCatalog whose entries adopt their Datadog monitors by ID.
 */

/** A catalog file could not be used: `problems` has one line per problem, each naming the file and the entry. */
export class CatalogFileError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'CatalogFileError';
  }
}

/**
 * Reads each catalog file and adds one `MonitorCatalog` per file under `scope`, with id `catalog-<name>`: monitor
 * `<key>` of catalog `legacy` is `datadog_monitor.catalog-legacy_<key>` (the key is the Datadog ID for imported
 * entries). Throws `CatalogFileError` with every problem of every file.
 */
export function addMonitorCatalogs(scope: Construct, refs: readonly CatalogRef[], baseDir: string): MonitorCatalog[] {
  const problems: string[] = [];
  const loaded = refs.map((ref) => {
    const file = isAbsolute(ref.file) ? ref.file : join(baseDir, ref.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot read the catalog file of monitors.catalogs "${ref.name}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return undefined;
    }
    const r = parseCatalogFile(text, file);
    problems.push(...r.problems);
    return { ref, entries: r.entries };
  });
  if (problems.length > 0) throw new CatalogFileError(problems);
  return loaded.map((l) => {
    const catalog = new MonitorCatalog(scope, `catalog-${l!.ref.name}`, { monitors: l!.entries });
    for (const s of l!.ref.suppress ?? []) suppressMonitorRule(catalog, s.rule, s.reason);
    return catalog;
  });
}
