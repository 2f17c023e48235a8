import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { buildApp, DEFAULT_ACCOUNTS_FILE } from '../../main';
import { buildMonitorsApp } from '../../examples/monitors-stack';
import { ObservabilityStack } from '../../examples/own-stack';
import { OrdersDatabaseStack } from '../../examples/postgres-stack';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { importMonitors, parseCatalogFile } from '../../constructs/monitors/import';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { parseMonitorQuery } from '../../constructs/monitors/query';
import { ProviderSchemas } from '../../stacks/validate/provider-schema';
import { validateStack } from '../../stacks/validate/check';
import { datadogStack } from '../support/datadog-stack';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });
const schemas = new ProviderSchemas(root);
const problemsOf = (stack: TerraformStack) => validateStack(JSON.parse(Testing.synth(stack, true)), schemas).problems;
const stacksOf = (app: App) => app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));

describe('houndstack validate: synthesized stacks against the installed providers\' schemas', () => {
  it.each([
    ...stacksOf(buildApp(DEFAULT_ACCOUNTS_FILE, mkdtempSync(join(tmpdir(), 'houndstack-validate-')))).map((s) => [`examples/accounts.yaml: ${s.node.id}`, s] as const),
    ...stacksOf(buildMonitorsApp(Testing.app())).map((s) => [`examples/monitors-stack.ts: ${s.node.id}`, s] as const),
    ['examples/own-stack.ts', new ObservabilityStack(Testing.app(), 'observability')] as const,
    ['examples/postgres-stack.ts', new OrdersDatabaseStack(Testing.app(), 'orders-db')] as const,
  ])('%s is valid', (_name, stack) => {
    expect(problemsOf(stack)).toEqual([]);
  });

  it('a large catalog (the imported corpus, ×20: 4,620 monitors with import blocks) is valid', () => {
    const dir = join(root, '__tests__', 'monitors', 'import', 'corpus');
    const corpus = ['provider-cassettes.json', 'integrations-extras.json'].flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>[]);
    const fleet = Array.from({ length: corpus.length * 20 }, (_, i) => ({ ...corpus[i % corpus.length], id: 700_000_000 + i, name: `${String(corpus[i % corpus.length]!.name)} #${i}` }));
    const { catalog } = importMonitors([{ file: 'export.json', text: JSON.stringify(fleet) }], { file: 'big.yaml', text: undefined });
    const stack = datadogStack();
    // As in the corpus test: monitors whose queries the parser refuses fail synth on their own; validate the rest.
    const entries = parseCatalogFile(catalog!.text, 'big.yaml').entries.filter((e) => parseMonitorQuery((e.spec as { query: string }).query).ok);
    new MonitorCatalog(stack, 'catalog-big', { monitors: entries });
    const doc = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(doc.resource.datadog_monitor)).toHaveLength(entries.length);
    expect(validateStack(doc, schemas).problems).toEqual([]);
  });

  it('catches typos in an addOverride and in spliced catalog bodies, with the path and a did-you-mean', () => {
    const stack = datadogStack();
    const m = new DatadogMonitor(stack, 'cpu', { kind: 'metric', name: 'cpu', message: '@slack-ops', metric: 'system.cpu.user', comparator: '>', critical: 90 });
    m.resource.addOverride('notify_nodata', true);
    const catalog = new MonitorCatalog(stack, 'legacy', { monitors: [{ key: 'disk', spec: { kind: 'metric', name: 'disk', message: '@slack-ops', metric: 'system.disk.in_use', comparator: '>', critical: 0.9 } }] });
    stack.addOverride(`resource.${catalog.address('disk')}.monitor_thresholds.critcal`, '0.95');
    stack.addOverride(`resource.${catalog.address('disk')}.renotify_interval`, 'hourly');
    stack.addOverride(`resource.${catalog.address('disk')}.lifecycle.ignore_changes`, ['tag']);
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(problemsOf(stack).sort(byPath)).toEqual([
      { path: `resource.datadog_monitor.${m.resource.friendlyUniqueId}.notify_nodata`, message: 'unknown argument "notify_nodata" (did you mean "notify_no_data"?)' },
      { path: 'resource.datadog_monitor.legacy_disk.monitor_thresholds.critcal', message: 'unknown argument "critcal" (did you mean "critical"?)' },
      { path: 'resource.datadog_monitor.legacy_disk.lifecycle.ignore_changes[0]', message: '"tag" is not an argument of this resource (did you mean "tags"?)' },
      { path: 'resource.datadog_monitor.legacy_disk.renotify_interval', message: 'must be a number, got "hourly"' },
    ].sort(byPath));
  });

  it('reports unknown types, missing required arguments and imports to nothing', () => {
    const doc = {
      resource: { datadog_monitr: { x: { name: 'n' } }, aws_iam_role: { r: {} } },
      import: [{ to: 'aws_iam_role.s', id: 'role' }],
    };
    expect(validateStack(doc, schemas).problems).toEqual([
      { path: 'resource.datadog_monitr', message: 'provider datadog has no resource type "datadog_monitr" (did you mean "datadog_monitor"?)' },
      { path: 'resource.aws_iam_role.r.assume_role_policy', message: 'required argument "assume_role_policy" is missing' },
      { path: 'import[0].to', message: 'aws_iam_role.s is not a resource of this stack (did you mean aws_iam_role.r?)' },
    ]);
  });

  it('the command: one line per problem naming the file, exit 1; exit 0 when valid; exit 2 without a synthesized stack', () => {
    const out = mkdtempSync(join(tmpdir(), 'houndstack-validate-cli-'));
    try {
      mkdirSync(join(out, 'stacks', 'a'), { recursive: true });
      const file = join(out, 'stacks', 'a', 'cdk.tf.json');
      writeFileSync(file, JSON.stringify({ resource: { datadog_monitor: { m: { name: 'n', type: 'query alert', query: 'q', message: 'm', notify_nodata: true } } } }));
      let r = houndstack('validate', out);
      expect([r.status, r.stdout]).toEqual([1, `${file}: resource.datadog_monitor.m.notify_nodata: unknown argument "notify_nodata" (did you mean "notify_no_data"?)\n`]);
      writeFileSync(file, JSON.stringify({ resource: { datadog_monitor: { m: { name: 'n', type: 'query alert', query: 'q', message: 'm' } } } }));
      r = houndstack('validate', out);
      expect([r.status, r.stdout]).toEqual([0, '']);
      r = houndstack('validate', join(out, 'nothing-here'));
      expect(r.status).toBe(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
