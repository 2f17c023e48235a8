import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importMonitors } from '../constructs/monitors/import';
import { parseMonitorQuery } from '../constructs/monitors/query';

/**
 * An export of `n` real monitors: the import corpus (__tests__/monitors/import/corpus) repeated with distinct IDs and
 * names. Queries the parser refuses fail synth (the import reports them): the fleet is made of the others.
 */
export function exportedFleet(n: number): { corpusSize: number; monitors: Record<string, unknown>[] } {
  const dir = join(__dirname, '..', '__tests__', 'monitors', 'import', 'corpus');
  const corpus = ['provider-cassettes.json', 'integrations-extras.json']
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[])
    .filter((m) => parseMonitorQuery(String(m.query)).ok);
  const monitors = Array.from({ length: n }, (_, i) => ({ ...corpus[i % corpus.length], id: 500_000_000 + i, name: `${String(corpus[i % corpus.length]!.name)} #${i}` }));
  return { corpusSize: corpus.length, monitors };
}

/** The YAML catalog file `houndstack monitors import` writes for `exportedFleet(n)`. */
export function importedCatalogText(n: number): string {
  const r = importMonitors([{ file: 'export.json', text: JSON.stringify(exportedFleet(n).monitors) }], { file: 'imported.yaml', text: undefined });
  return r.catalog!.text;
}
