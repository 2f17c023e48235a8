import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { MonitorCatalog } from '../../../constructs/monitors/catalog';
import { catalogEntriesToTypeScript, importMonitors, parseCatalogFile } from '../../../constructs/monitors/import';
import type { CatalogEntry } from '../../../constructs/monitors/catalog';
import * as ts from 'typescript';
import { parseMonitorQuery } from '../../../constructs/monitors/query';
import { datadogStack } from '../../support/datadog-stack';
import { plannedChanges, providerState } from './provider-read';

/*
 * The corpus: real monitor JSON from public material, each monitor's source in corpus/sources.json.
 * - provider-cassettes.json: every distinct monitor the Datadog provider's recorded acceptance tests read back from
 *   the API (GET/POST/PUT /api/v1/monitor), cassettes of v3.20.0 … v3.82.0 (newest reading of each ID).
 * - integrations-extras.json: the recommended monitors of DataDog/integrations-extras, in the UI's export format
 *   (integers as strings, locked, on_missing_data…), with IDs assigned here (the files have none).
 */
const dir = join(__dirname, 'corpus');
const files = ['provider-cassettes.json', 'integrations-extras.json'];
const exported = files.flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[]);
const sources = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')) as Record<string, { repo: string; path: string }>;

describe('import of a real-world export corpus', () => {
  const result = importMonitors(files.map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') })), { file: 'legacy.yaml', text: undefined });

  it('the corpus is a few hundred varied monitors, each with its source', () => {
    expect(exported.length).toBeGreaterThanOrEqual(200);
    expect(new Set(exported.map((m) => m.type)).size).toBeGreaterThanOrEqual(7);
    for (const m of exported) expect(sources[String(m.id)]).toBeDefined();
  });

  it('imports every monitor: none refused, findings are warnings', () => {
    expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(result.monitors.map((m) => m.id)).toEqual(exported.map((m) => String(m.id)));
  });

  it('reports what provider 3.82.0 cannot express, by monitor, instead of dropping it silently', () => {
    const silenced = exported.filter((m) => Object.keys((m.options as { silenced?: object }).silenced ?? {}).length > 0).map((m) => String(m.id));
    expect(silenced.length).toBeGreaterThan(0);
    const reported = result.findings.filter((f) => f.message.startsWith('options.silenced')).map((f) => f.monitorId);
    expect(reported).toEqual(silenced);
  });

  describe('synthesized from the catalog file it writes', () => {
    const { entries, problems } = parseCatalogFile(result.catalog!.text, 'legacy.yaml');
    // Queries the query parser does not accept yet are reported by the import (a create-time finding) and fail synth
    // like any monitor's; they are left out here, so that the rest is judged.
    const parses = (q: string) => parseMonitorQuery(q).ok;
    const kept = exported.filter((m) => parses(String(m.query)));
    const keptIds = new Set(kept.map((m) => String(m.id)));
    const stack = datadogStack();
    new MonitorCatalog(stack, 'catalog-legacy', { monitors: entries.filter((e) => keptIds.has(e.monitorId!)) });
    const tf = JSON.parse(Testing.synth(stack, true)) as {
      import: { to: string; id: string }[];
      resource: { datadog_monitor: Record<string, Record<string, unknown>> };
    };

    it('the catalog file is valid and holds every monitor', () => {
      expect(problems).toEqual([]);
      expect(entries.map((e) => e.monitorId)).toEqual(exported.map((m) => String(m.id)));
      expect(kept).toHaveLength(exported.length);
    });

    it('--ts writes the same monitors: a catalog of its CatalogEntry objects synthesizes the same JSON', () => {
      const source = catalogEntriesToTypeScript(result.monitors, { importFrom: '../../../constructs' });
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      const mod: { exports: { importedMonitors?: CatalogEntry[] } } = { exports: {} };
      new Function('module', 'exports', js)(mod, mod.exports);
      const fromTs = datadogStack();
      new MonitorCatalog(fromTs, 'catalog-legacy', { monitors: mod.exports.importedMonitors!.filter((e) => keptIds.has(e.monitorId!)) });
      expect(JSON.parse(Testing.synth(fromTs, true))).toEqual(tf);
    });

    it('one import block per monitor, to the address of its ID', () => {
      expect(tf.import).toEqual(kept.map((m) => ({ to: `datadog_monitor.catalog-legacy_${m.id}`, id: String(m.id) })));
    });

    it.each(kept.map((m) => [String(m.id), sources[String(m.id)]!.path, m] as const))(
      'monitor %s (%s): the first plan after import shows no changes',
      (id, _source, monitor) => {
        const body = tf.resource.datadog_monitor[`catalog-legacy_${id}`]!;
        expect(plannedChanges(body, providerState(monitor))).toEqual([]);
      },
    );
  });
});
