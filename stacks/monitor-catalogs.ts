import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Construct } from 'constructs';
import { CatalogEntry, MonitorCatalog, keyOf } from '../constructs/monitors/catalog';
import { expandSpec } from '../constructs/monitors/model';
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

/** A catalog file as read: its accounts-file entry and its monitors. */
export interface LoadedCatalog {
  readonly ref: CatalogRef;
  readonly entries: readonly CatalogEntry[];
}

/*
 * With `monitors.shards`, synth reads each catalog file twice (the account stack lets go of its monitors, the shards
 * hold them), and parsing a large YAML catalog is most of its cost: the last parse of each file is kept, and reused
 * while the file's text is the same.
 */
const lastParse = new Map<string, { readonly text: string; readonly result: ReturnType<typeof parseCatalogFile> }>();
function parseCached(text: string, file: string): ReturnType<typeof parseCatalogFile> {
  const last = lastParse.get(file);
  if (last && last.text === text) return last.result;
  const result = parseCatalogFile(text, file);
  lastParse.set(file, { text, result });
  return result;
}

/**
 * Reads and checks each catalog file (relative to `baseDir`, the accounts file's). Throws `CatalogFileError` with
 * every problem of every file.
 */
export function loadMonitorCatalogs(refs: readonly CatalogRef[], baseDir: string): LoadedCatalog[] {
  const problems: string[] = [];
  const loaded: LoadedCatalog[] = [];
  for (const ref of refs) {
    const file = isAbsolute(ref.file) ? ref.file : join(baseDir, ref.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot read the catalog file of monitors.catalogs "${ref.name}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    const r = parseCached(text, file);
    problems.push(...r.problems);
    loaded.push({ ref, entries: r.entries });
  }
  if (problems.length > 0) throw new CatalogFileError(problems);
  return loaded;
}

/** The construct id of catalog `name`, in the account stack and in every shard stack alike: it makes the addresses. */
export function catalogConstructId(name: string): string {
  return `catalog-${name}`;
}

/**
 * One `MonitorCatalog` (id `catalog-<name>`) holding `entries`, with the catalog's suppressions (each with its reason)
 * on it, so they apply to exactly this catalog's monitors.
 */
export function addCatalog(scope: Construct, ref: CatalogRef, entries: readonly CatalogEntry[]): MonitorCatalog {
  const catalog = new MonitorCatalog(scope, catalogConstructId(ref.name), { monitors: entries });
  for (const s of ref.suppress ?? []) suppressMonitorRule(catalog, s.rule, s.reason);
  return catalog;
}

/**
 * Reads each catalog file and adds one `MonitorCatalog` per file under `scope`, with id `catalog-<name>`: monitor
 * `<key>` of catalog `legacy` is `datadog_monitor.catalog-legacy_<key>` (the key is the Datadog ID for imported
 * entries). Throws `CatalogFileError` with every problem of every file.
 */
export function addMonitorCatalogs(scope: Construct, refs: readonly CatalogRef[], baseDir: string): MonitorCatalog[] {
  return loadMonitorCatalogs(refs, baseDir).map((l) => addCatalog(scope, l.ref, l.entries));
}

/**
 * For an account whose catalogs live in shard stacks: an empty `catalog-<name>` per catalog in the account stack that
 * lets go of each of its monitors (`removed { from = datadog_monitor.catalog-<name>_<key>, lifecycle { destroy = false } }`,
 * Terraform 1.7+). A monitor the account stack adopted before shards were turned on is then forgotten by the account's
 * state, never destroyed, while its shard adopts it by ID; where the account state never held it, the block does nothing.
 */
export function releaseShardedCatalogs(scope: Construct, refs: readonly CatalogRef[], baseDir: string): MonitorCatalog[] {
  return loadMonitorCatalogs(refs, baseDir).map((l) => {
    const catalog = new MonitorCatalog(scope, catalogConstructId(l.ref.name));
    for (const entry of l.entries) {
      const key = keyOf(entry);
      catalog.release(key);
      // An anomaly spec with a safety rail is two monitors: `<key>` and `<key>/safety-rail`.
      if (expandSpec(entry.spec).length > 1) catalog.release(`${key}/safety-rail`);
    }
    return catalog;
  });
}
