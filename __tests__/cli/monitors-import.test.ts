import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../../main';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

/** Two monitors as Datadog's API returns them (shape of the provider's recorded responses, corpus/sources.json). */
const cpu = {
  id: 1001, name: 'CPU high on {{host.name}}', type: 'metric alert', query: 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90',
  message: 'CPU is high on {{host.name}} @slack-ops', tags: ['team:ops', 'env:prod'], priority: 2, restricted_roles: null,
  options: { thresholds: { critical: 90, warning: 80 }, notify_no_data: false, include_tags: true, require_full_window: false, new_host_delay: 300, silenced: {} },
  created: '2024-01-01T00:00:00Z', overall_state: 'OK',
};
const errors = {
  id: 1002, name: 'Web errors', type: 'log alert', query: 'logs("service:web status:error").index("*").rollup("count").last("5m") > 10',
  message: 'Errors @slack-web', tags: ['team:web'], priority: null,
  options: { thresholds: { critical: 10 }, enable_logs_sample: true, include_tags: false, on_missing_data: 'default', renotify_interval: '0' },
};

describe('houndstack monitors import', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('has --help', () => {
    const r = houndstack('monitors', 'import', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('monitors.catalogs');
  });

  it('writes a catalog file the accounts file lists; synth adopts every monitor with an import block', () => {
    const exported = write('export.json', [cpu, errors]);
    const out = join(dir, 'legacy.yaml');
    const r = houndstack('monitors', 'import', exported, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Rule findings are reported per monitor and never block the import.
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `${exported}: monitor 1002 "Web errors": warning: rule HS-MON-5: the query is scoped to service:web but the tags do not include it. Monitors are searched, muted and routed by tags (\`team:payments\`, \`service:web\`, \`env:prod\`); a query scoped to \`service:web\` should be findable by \`service:web\`.`,
      `imported 2 monitors into ${out}: 2 added, 0 updated, 0 unchanged; 0 not written; 1 warning`,
    ]);
    const accounts = write('accounts.yaml', [
      'monitoring: { teams: { ops: { chat: ["@slack-ops"] } } }',
      'accounts:',
      '  - alias: prod',
      '    accountId: "111111111111"',
      '    region: us-east-1',
      '    monitors:',
      '      catalogs: [{ name: legacy, file: legacy.yaml }]',
    ].join('\n'));
    const app = buildApp(accounts, join(dir, 'out'));
    const tf = JSON.parse(Testing.synth(app.node.findChild('prod') as never, true));
    expect(tf.import).toEqual([
      { to: 'datadog_monitor.catalog-legacy_1001', id: '1001' },
      { to: 'datadog_monitor.catalog-legacy_1002', id: '1002' },
    ]);
    expect(tf.resource.datadog_monitor['catalog-legacy_1001']).toMatchObject({
      type: 'metric alert', priority: '2', tags: ['team:ops', 'env:prod'], include_tags: true, require_full_window: false,
      new_host_delay: 300, monitor_thresholds: { critical: '90', warning: '80' },
    });
    // Datadog returned no new_host_delay for this one: Terraform must not plan the provider's default of 300.
    expect(tf.resource.datadog_monitor['catalog-legacy_1002']).toMatchObject({
      type: 'log alert', enable_logs_sample: true, include_tags: false, require_full_window: false, on_missing_data: 'default',
      lifecycle: { ignore_changes: ['new_host_delay'] },
    });
    expect(tf.resource.datadog_monitor['catalog-legacy_1002'].renotify_interval).toBeUndefined();
  });

  it('re-importing a newer export updates entries in place by ID, keeps the rest and their order and comments', () => {
    const out = join(dir, 'again.yaml');
    houndstack('monitors', 'import', write('first.json', [cpu, errors]), '--out', out);
    const edited = readFileSync(out, 'utf8').replace('  - id: "1002"', '  # owned by the web team\n  - id: "1002"');
    writeFileSync(out, edited);
    const third = { ...cpu, id: 1003, name: 'CPU high (staging)', query: 'avg(last_5m):avg:system.cpu.user{env:staging} by {host} > 90' };
    const r = houndstack('monitors', 'import', write('newer.json', [third, { ...cpu, name: 'CPU very high on {{host.name}}' }]), '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(`imported 2 monitors into ${out}: 1 added, 1 updated, 0 unchanged; 0 not written; 1 warning; kept 1 entry not in this import (1002)`);
    const text = readFileSync(out, 'utf8');
    expect([...text.matchAll(/id: "(\d+)"/g)].map((m) => m[1])).toEqual(['1001', '1002', '1003']);
    expect(text).toContain('CPU very high');
    expect(text).toContain('# owned by the web team');
    // The same export again changes nothing.
    const before = readFileSync(out, 'utf8');
    houndstack('monitors', 'import', write('newer.json', [third, { ...cpu, name: 'CPU very high on {{host.name}}' }]), '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('a .json catalog file is written and updated the same way, and synth reads it', () => {
    const out = join(dir, 'legacy.json');
    houndstack('monitors', 'import', write('j1.json', [cpu]), '--out', out);
    const r = houndstack('monitors', 'import', write('j2.json', [errors, { ...cpu, priority: 1 }]), '--out', out);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/: 1 added, 1 updated, 0 unchanged; 0 not written/);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.monitors.map((m: { id: string; priority?: number }) => [m.id, m.priority])).toEqual([['1001', 1], ['1002', undefined]]);
  });

  it('bad input: one line each, naming the file and the monitor; exit 2 for unusable files, 1 for refused monitors', () => {
    const notJson = write('notjson.json', '{ nope');
    const notMonitors = write('dashboards.json', { dashboards: [] });
    let r = houndstack('monitors', 'import', notJson, notMonitors, '--out', join(dir, 'x.yaml'));
    expect(r.status).toBe(2);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      expect.stringMatching(new RegExp(`^error: ${notJson}: not JSON: `)),
      `error: ${notMonitors}: not Datadog monitor JSON: expected a monitor object (with "id", "type", "query"), an array of them, or {"monitors": […]}`,
    ]);
    const odd = write('odd.json', [{ ...cpu, id: 7, type: 'network-path alert' }, cpu, { ...cpu, name: 'again' }, { id: 8, name: 'found', type: 'metric alert', query: cpu.query, status: 'OK' }]);
    r = houndstack('monitors', 'import', odd, '--out', join(dir, 'y.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      expect.stringMatching(new RegExp(`^error: ${odd}: monitor 7 "CPU high on \\{\\{host.name\\}\\}": type 'network-path alert' is unknown to provider 3.82.0, which cannot manage it \\(not written\\)`)),
      `error: ${odd}: monitor 8 "found": no "options": not a full monitor definition (a search result?); export with GET /api/v1/monitor or the UI's "Export monitor"`,
      `error: ${odd}: monitor 1001 "again": duplicate monitor ID: already imported from ${odd}; kept the first`,
    ]);
  });

  it('a catalog file edited into an invalid state is reported, one line per problem, and left as it is', () => {
    const out = write('broken.yaml', 'monitors:\n  - id: "5"\n    kind: query\n    type: metric alert\n    name: x\n    query: avg(last_5m):avg:a.b{*} > 1\n    message: m\n    notifyNodata: true\n  - id: "5"\n    kind: metric\n    name: y\n    message: m\n');
    const before = readFileSync(out, 'utf8');
    const r = houndstack('monitors', 'import', write('one.json', [cpu]), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      `error: ${out}: monitors[0] (id 5, "x"): notifyNodata: unknown field for kind 'query' (did you mean "notifyNoData"?)`,
      `error: ${out}: monitors[1] (id 5, "y"): id: duplicate: monitors[0] has the same ID; one Datadog monitor can be adopted once`,
    ]);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('monitors.catalogs[].suppress lifts a hygiene rule from a catalog, with its reason', () => {
    const exported = write('silent.json', [{ ...cpu, id: 2001, name: 'silent', message: 'nobody is told' }]);
    const out = join(dir, 'silent.yaml');
    houndstack('monitors', 'import', exported, '--out', out);
    const base = 'accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n      catalogs:\n        - name: silent\n          file: silent.yaml\n';
    const strict = write('strict-accounts.yaml', base);
    expect(() => Testing.synth(buildApp(strict, join(dir, 'o1')).node.findChild('prod') as never, true)).toThrow(/\[prod\/monitors\/catalog-silent\] 2001: HS-MON-2: no valid @-handle reaches the alert notification/);
    const lifted = write('lifted-accounts.yaml', `${base}          suppress: [{ rule: HS-MON-2, reason: "imported as is; routing comes with the on-call migration" }]\n`);
    expect(JSON.parse(Testing.synth(buildApp(lifted, join(dir, 'o2')).node.findChild('prod') as never, true)).import).toEqual([{ to: 'datadog_monitor.catalog-silent_2001', id: '2001' }]);
  });

  it('houndstack accounts check reports a catalog file edited into an invalid state, naming both files and the entry', () => {
    write('edited.yaml', 'monitors:\n  - id: "5"\n    kind: query\n    type: metric alert\n    name: x\n    query: avg(last_5m):avg:a.b{*} > 1\n    message: "@slack-ops"\n    notifyNodata: true\n');
    const accounts = write('edited-accounts.yaml', 'accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n      catalogs: [{ name: legacy, file: edited.yaml }]\n');
    const r = houndstack('accounts', 'check', accounts);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain(`error: ${accounts}: accounts[0] (alias "prod").monitors.catalogs: ${join(dir, 'edited.yaml')}: monitors[0] (id 5, "x"): notifyNodata: unknown field for kind 'query' (did you mean "notifyNoData"?)`);
  });

  it('--ts writes the same monitors as TypeScript CatalogEntry objects', () => {
    const ts = join(dir, 'monitors.ts');
    const r = houndstack('monitors', 'import', write('ts.json', [cpu]), '--ts', ts, '--ts-import', '../constructs');
    expect(r.status).toBe(0);
    const text = readFileSync(ts, 'utf8');
    expect(text).toContain("import type { CatalogEntry } from \"../constructs\";");
    expect(text).toContain("{ key: '1001', monitorId: '1001', spec: { kind: 'query', type: 'metric alert', name: 'CPU high on {{host.name}}'");
  });
});
