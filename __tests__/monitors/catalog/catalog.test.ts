import { readFileSync } from 'fs';
import { Construct } from 'constructs';
import { join } from 'path';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { ServiceLevelObjective } from '@cdktf/provider-datadog/lib/service-level-objective';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { MonitorCatalog } from '../../../constructs/monitors/catalog';
import { DatadogMonitor } from '../../../constructs/monitors/monitor';
import { applyMonitorRules } from '../../../constructs/rules/monitor-rules';
import { MonitorSpec } from '../../../constructs/monitors/model';
import { cpuSpec, datadogStack, entries, monitorsOf, stackJson, synthErrors, synthJson, type StackJson } from './helpers';

function byName(resources: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.values(resources).map((r) => [r.name as string, r]));
}

describe('MonitorCatalog', () => {
  it('synthesizes the same datadog_monitor JSON as single DatadogMonitors, apart from addressing', () => {
    const specs: MonitorSpec[] = [
      cpuSpec('team-a', 'api'),
      cpuSpec('team-b', 'web', { notifyNoData: true, priority: 1, renotifyIntervalMinutes: 60, warning: undefined }),
      { kind: 'anomaly', name: 'web requests anomalous', message: '@slack-web', metric: 'nginx.net.request_per_s', scope: ['env:prod'], algorithm: 'agile', seasonality: 'weekly', safetyRail: { comparator: '>', critical: 5000 } },
      { kind: 'service-check', name: 'api can connect', message: '@slack-api', check: 'http.can_connect', over: ['service:api'], groupBy: ['host'], lastCount: 3, critical: 2, ok: 1 },
      { kind: 'log', name: 'api errors', message: '@slack-api', search: 'service:api status:error', critical: 10 },
    ];
    const single = datadogStack(undefined, 'single');
    specs.forEach((spec, i) => new DatadogMonitor(single, `m${i}`, spec));
    const catalog = datadogStack(undefined, 'catalog');
    new MonitorCatalog(catalog, 'monitors', { monitors: specs.map((spec) => ({ spec })) });

    const fromSingle = byName(monitorsOf(synthJson(single)));
    const fromCatalog = byName(monitorsOf(synthJson(catalog)));
    expect(Object.keys(fromSingle)).toHaveLength(6); // the anomaly's safety rail included
    expect(fromCatalog).toEqual(fromSingle);
  });

  it('addresses each monitor by catalog id and key, and records its construct path', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'team-a/cpu-high', spec: cpuSpec('team-a', 'api') }, { spec: cpuSpec('team-b', 'web') }] });
    const outdir = Testing.fullSynth(stack);
    const resources = JSON.parse(readFileSync(join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8')).resource.datadog_monitor;
    expect(Object.keys(resources).sort()).toEqual(['monitors_team-a_cpu-high', 'monitors_team-b-cpu-high-on-web']);
    expect(resources['monitors_team-a_cpu-high']['//'].metadata).toEqual({ path: 'test/monitors/team-a/cpu-high', uniqueId: 'monitors_team-a_cpu-high' });
  });

  it('is visible to cdktf\'s own matchers, as users snapshot-test stacks', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }] });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: '[a] CPU high on api',
      type: 'query alert',
      monitor_thresholds: { critical: '90', warning: '80' },
    });
  });

  it('keeps every address and body when specs are re-ordered or added', () => {
    const all = entries(30);
    const before = datadogStack();
    new MonitorCatalog(before, 'monitors', { monitors: all });
    const after = datadogStack();
    const reordered = [...all].reverse();
    reordered.splice(7, 0, { spec: cpuSpec('team-z', 'new-service') });
    new MonitorCatalog(after, 'monitors', { monitors: reordered });

    const a = monitorsOf(synthJson(before));
    const { ['monitors_team-z-cpu-high-on-new-service']: added, ...rest } = monitorsOf(synthJson(after));
    expect(added).toBeDefined();
    expect(rest).toEqual(a);
  });

  it('reports every problem at synth, naming the catalog path and the monitor key', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', {
      monitors: [
        { key: 'ok', spec: cpuSpec('a', 'fine') },
        { key: 'bad-warning', spec: cpuSpec('a', 'x', { warning: 95 }) },
        { key: 'bad-priority', spec: cpuSpec('a', 'y', { priority: 7 as 1 }) },
      ],
    });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[test\/monitors\] monitor 'bad-warning': warning: /);
    expect(errors).toMatch(/\[test\/monitors\] monitor 'bad-priority': priority: /);
    expect(errors).not.toMatch(/'ok'/);
  });

  it('rejects duplicate keys, keys that collide in the address and malformed keys', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', {
      monitors: [
        { key: 'a/b', spec: cpuSpec('a', 'one') },
        { key: 'a_b', spec: cpuSpec('a', 'two') },
        { key: 'a/b', spec: cpuSpec('a', 'three') },
        { key: 'has space', spec: cpuSpec('a', 'four') },
      ],
    });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/keys 'a\/b' and 'a_b' both make the address datadog_monitor\.monitors_a_b/);
    expect(errors).toMatch(/monitor 'a\/b': duplicate key \(names '\[a\] CPU high on one' and '\[a\] CPU high on three'\)/);
    expect(errors).toMatch(/monitor 'has space': key must match/);
  });

  it('requires a Datadog provider in the stack', () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    new MonitorCatalog(stack, 'monitors', { monitors: entries(1) });
    expect(synthErrors(stack)).toMatch(/stack 'bare' has no Datadog provider/);
  });

  it('gives a monitor ID token that composites and SLOs can reference', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }, { key: 'web-cpu', spec: cpuSpec('a', 'web') }] });
    new DatadogMonitor(stack, 'both', {
      kind: 'composite', name: 'api and web hot', message: '@slack-a',
      expression: { op: '&&', operands: [{ monitorId: catalog.monitorId('api-cpu') }, { monitorId: catalog.monitorId('web-cpu') }] },
    });
    new TerraformOutput(stack, 'api_cpu_id', { value: catalog.monitorId('api-cpu') });
    const json = stackJson(stack);
    const composite = Object.values(json.resource.datadog_monitor!).find((m) => m.type === 'composite')!;
    expect(composite.query).toBe('${datadog_monitor.monitors_api-cpu.id} && ${datadog_monitor.monitors_web-cpu.id}');
    expect(json.output!.api_cpu_id!.value).toBe('${datadog_monitor.monitors_api-cpu.id}');
    expect(catalog.address('api-cpu')).toBe('datadog_monitor.monitors_api-cpu');
    expect(() => catalog.monitorId('nope')).toThrow(/test\/monitors: no monitor with key 'nope'/);
  });

  it('gives number IDs for monitor-based SLOs', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }] });
    new ServiceLevelObjective(stack, 'slo', {
      name: 'api up', type: 'monitor', monitorIds: [catalog.monitorIdAsNumber('api-cpu')],
      thresholds: [{ timeframe: '30d', target: 99.9 }],
    });
    expect(stackJson(stack).resource.datadog_service_level_objective.slo.monitor_ids).toEqual(['${datadog_monitor.monitors_api-cpu.id}']);
  });

  it('resolves references inside the catalog: a composite of catalog monitors', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }, { key: 'web-cpu', spec: cpuSpec('a', 'web') }] });
    catalog.add({
      key: 'both-hot',
      spec: { kind: 'composite', name: 'both hot', message: '@slack-a', expression: { op: '||', operands: [{ monitorId: catalog.monitorId('api-cpu') }, { monitorId: catalog.monitorId('web-cpu') }] } },
    });
    expect(monitorsOf(synthJson(stack))['monitors_both-hot']!.query).toBe('${datadog_monitor.monitors_api-cpu.id} || ${datadog_monitor.monitors_web-cpu.id}');
  });

  it('resolves string, number and list tokens anywhere in a body', () => {
    const stack = datadogStack();
    const env = new TerraformVariable(stack, 'env', { type: 'string' });
    const renotify = new TerraformVariable(stack, 'renotify', { type: 'number' });
    const owners = new TerraformVariable(stack, 'owners', { type: 'list(string)' });
    new MonitorCatalog(stack, 'monitors', {
      monitors: [
        { key: 'string', spec: cpuSpec('a', 'api', { tags: ['team:a', `env:${env.stringValue}`] }) },
        { key: 'number', spec: cpuSpec('a', 'web', { renotifyIntervalMinutes: renotify.numberValue }) },
        { key: 'list', spec: cpuSpec('a', 'db', { notifyBy: owners.listValue }) },
      ],
    });
    const monitors = monitorsOf(synthJson(stack));
    expect(monitors['monitors_string']!.tags).toEqual(['team:a', 'env:${var.env}']);
    expect(monitors['monitors_number']!.renotify_interval).toBe('${var.renotify}');
    expect(monitors['monitors_list']!.notify_by).toBe('${var.owners}');
  });

  it('references a catalog monitor from another stack through remote state', () => {
    const app = Testing.app();
    const monitors = datadogStack(app, 'monitors');
    const catalog = new MonitorCatalog(monitors, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }] });
    const other = datadogStack(app, 'slos');
    new Monitor(other, 'uses', { name: 'x', type: 'composite', message: '@slack-a', query: catalog.monitorId('api-cpu') });
    app.synth();
    const produced = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'monitors', 'cdk.tf.json'), 'utf8'));
    expect(Object.values((produced as StackJson).output!).map((o) => o.value)).toEqual(['${datadog_monitor.monitors_api-cpu.id}']);
  });

  it('applies a stack-level override to one catalog monitor (the escape hatch)', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }, { key: 'web-cpu', spec: cpuSpec('a', 'web') }] });
    stack.addOverride(`resource.${catalog.address('api-cpu')}.monitor_thresholds.critical_recovery`, '85');
    stack.addOverride(`resource.${catalog.address('api-cpu')}.restricted_roles`, ['role-1']);
    const monitors = monitorsOf(synthJson(stack));
    expect(monitors['monitors_api-cpu']).toMatchObject({ monitor_thresholds: { critical: '90', warning: '80', critical_recovery: '85' }, restricted_roles: ['role-1'] });
    expect(monitors['monitors_web-cpu']!.monitor_thresholds).toEqual({ critical: '90', warning: '80' });
  });

  it('keeps catalogs of one stack apart and beside single monitors', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'platform', { monitors: [{ key: 'cpu', spec: cpuSpec('platform', 'api') }] });
    new MonitorCatalog(stack, 'payments', { monitors: [{ key: 'cpu', spec: cpuSpec('payments', 'api') }] });
    new DatadogMonitor(stack, 'single', cpuSpec('solo', 'api'));
    const monitors = monitorsOf(synthJson(stack));
    expect(Object.keys(monitors).filter((k) => !k.startsWith('single'))).toEqual(['payments_cpu', 'platform_cpu']);
    expect(Object.keys(monitors)).toHaveLength(3);
  });

  it('rejects two catalogs of one stack that would write the same address', () => {
    const stack = datadogStack();
    new MonitorCatalog(new Construct(stack, 'pack-a'), 'monitors', { monitors: [{ key: 'cpu', spec: cpuSpec('a', 'api') }] });
    new MonitorCatalog(new Construct(stack, 'pack-b'), 'monitors', { monitors: [{ key: 'cpu', spec: cpuSpec('b', 'api') }, { key: 'mem', spec: cpuSpec('b', 'web') }] });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[test\/pack-b\/monitors\] monitor 'cpu': address datadog_monitor\.monitors_cpu is also used by monitor 'cpu' of test\/pack-a\/monitors/);
    expect(errors).not.toMatch(/'mem'/);
  });

  it('refuses HCL output rather than dropping monitors', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: entries(1) });
    expect(() => Testing.synthHcl(stack)).toThrow(/test\/monitors: MonitorCatalog synthesizes JSON only/);
  });
});

describe('MonitorCatalog and the monitor rules', () => {
  it('lists its monitors for the rules: names must be unique across catalogs and single monitors', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new DatadogMonitor(stack, 'single', cpuSpec('a', 'api'));
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }, { key: 'web-cpu', spec: cpuSpec('a', 'web') }] });
    applyMonitorRules(app);
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[test\/single\] HS-MON-3: name "\[a\] CPU high on api" is also used by test\/monitors\/api-cpu/);
    expect(errors).not.toMatch(/web/);
  });
});
