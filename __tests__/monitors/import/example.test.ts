import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../../../main';
import { ProviderSchemas } from '../../../stacks/validate/provider-schema';
import { validateStack } from '../../../stacks/validate/check';
import { plannedChanges, providerState } from './provider-read';

/*
 * The README's import workflow, on examples/import/: export.json holds four recommended monitors of
 * DataDog/integrations-extras (syncthing/assets/monitors/*.json and nomad/assets/monitors/nomad_heartbeats_received.json,
 * commit in corpus/sources.json), with IDs assigned and "@slack-platform" added to each message so that they route.
 */
const root = join(__dirname, '..', '..', '..');
const example = join(root, 'examples', 'import');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('examples/import: export → import → accounts file → synth → plan shows no changes', () => {
  const exported = JSON.parse(readFileSync(join(example, 'export.json'), 'utf8')) as Record<string, unknown>[];

  it("the README's accounts file snippet is examples/import/accounts.yaml (below its header comment)", () => {
    const file = readFileSync(join(example, 'accounts.yaml'), 'utf8').split('\n').filter((l, i) => !(i < 2 && l.startsWith('#'))).join('\n');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(file.trimEnd());
  });

  it('syncthing.yaml is what `houndstack monitors import export.json --out syncthing.yaml` writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houndstack-example-import-'));
    try {
      const out = join(dir, 'syncthing.yaml');
      const r = houndstack('monitors', 'import', join(example, 'export.json'), '--out', out);
      expect(r.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(example, 'syncthing.yaml'), 'utf8'));
      // Re-running on the committed file changes nothing.
      copyFileSync(join(example, 'syncthing.yaml'), out);
      houndstack('monitors', 'import', join(example, 'export.json'), '--out', out);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(example, 'syncthing.yaml'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('synthesized from examples/import/accounts.yaml (rules and the handle list applied)', () => {
    const app = buildApp(join(example, 'accounts.yaml'), mkdtempSync(join(tmpdir(), 'houndstack-example-out-')));
    const tf = JSON.parse(Testing.synth(app.node.findChild('platform-prod') as never, true));

    it('adopts every exported monitor with an import block', () => {
      expect(tf.import).toEqual(exported.map((m) => ({ to: `datadog_monitor.catalog-syncthing_${m.id}`, id: String(m.id) })));
    });

    it.each(exported.map((m) => [String(m.id), m] as const))('monitor %s: the first plan shows no changes', (id, m) => {
      expect(plannedChanges(tf.resource.datadog_monitor[`catalog-syncthing_${id}`], providerState(m))).toEqual([]);
    });

    it('houndstack validate finds nothing wrong', () => {
      expect(validateStack(tf, new ProviderSchemas(root)).problems).toEqual([]);
    });
  });
});
