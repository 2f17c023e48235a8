import { readFileSync } from 'fs';
import { join } from 'path';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { MonitorCatalog } from '../../../constructs/monitors/catalog';
import { renderMonitor } from '../../../constructs/monitors/catalog/model';
import { cpuSpec, entries, monitorsOf, stackWithProvider, synthJson } from './helpers';

describe('MonitorCatalog', () => {
  it('synthesizes the same datadog_monitor JSON as single monitors, apart from addressing', () => {
    const specs = [cpuSpec('team-a', 'api'), cpuSpec('team-b', 'web', 95, { notifyNoData: true, priority: 1 })];
    const single = stackWithProvider('single');
    specs.forEach((spec, i) => {
      // Stand-in for DatadogMonitor until branch `monitors` lands: the provider object built from the same render.
      const b = renderMonitor(spec).body as any;
      new Monitor(single, `m${i}`, {
        name: b.name, type: b.type, query: b.query, message: b.message, tags: b.tags, priority: b.priority,
        notifyNoData: b.notify_no_data, monitorThresholds: b.monitor_thresholds,
      });
    });
    const catalog = stackWithProvider('catalog');
    new MonitorCatalog(catalog, 'monitors', { monitors: specs.map((spec) => ({ spec })) });

    const fromSingle = Object.values(monitorsOf(synthJson(single)));
    const fromCatalog = Object.values(monitorsOf(synthJson(catalog)));
    expect(fromCatalog).toEqual(fromSingle);
  });

  it('addresses each monitor by catalog id and key, and records its construct path', () => {
    const stack = stackWithProvider();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'team-a/cpu-high', spec: cpuSpec('team-a', 'api') }, { spec: cpuSpec('team-b', 'web') }] });
    const outdir = Testing.fullSynth(stack);
    const resources = JSON.parse(readFileSync(join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8')).resource.datadog_monitor;
    expect(Object.keys(resources).sort()).toEqual(['monitors_team-a_cpu-high', 'monitors_team-b-cpu-high-on-web']);
    expect(resources['monitors_team-a_cpu-high']['//'].metadata).toEqual({ path: 'test/monitors/team-a/cpu-high', uniqueId: 'monitors_team-a_cpu-high' });
  });

  it('keeps every address and body when specs are re-ordered or added', () => {
    const all = entries(30);
    const before = stackWithProvider();
    new MonitorCatalog(before, 'monitors', { monitors: all });
    const after = stackWithProvider();
    const reordered = [...all].reverse();
    reordered.splice(7, 0, { spec: cpuSpec('team-z', 'new-service') });
    new MonitorCatalog(after, 'monitors', { monitors: reordered });

    const a = monitorsOf(synthJson(before));
    const b = monitorsOf(synthJson(after));
    const { ['monitors_team-z-cpu-high-on-new-service']: added, ...rest } = b;
    expect(added).toBeDefined();
    expect(rest).toEqual(a);
  });

  it('reports every problem at synth, naming the catalog path and the monitor key', () => {
    const stack = stackWithProvider();
    new MonitorCatalog(stack, 'monitors', {
      monitors: [
        { key: 'ok', spec: cpuSpec('a', 'fine') },
        { key: 'bad-critical', spec: cpuSpec('a', 'x', 90, { thresholds: { critical: 80 } }) },
        { key: 'bad-warning', spec: cpuSpec('a', 'y', 90, { thresholds: { critical: 90, warning: 95 } }) },
      ],
    });
    expect(() => Testing.synth(stack, true)).toThrow(/test\/monitors[\s\S]*monitor 'bad-critical': thresholds\.critical[\s\S]*monitor 'bad-warning': thresholds\.warning/);
  });

  it('rejects duplicate keys and keys that collide in the address', () => {
    const stack = stackWithProvider();
    new MonitorCatalog(stack, 'monitors', {
      monitors: [
        { key: 'a/b', spec: cpuSpec('a', 'one') },
        { key: 'a_b', spec: cpuSpec('a', 'two') },
        { key: 'a/b', spec: cpuSpec('a', 'three') },
        { key: 'has space', spec: cpuSpec('a', 'four') },
      ],
    });
    expect(() => Testing.synth(stack, true)).toThrow(/keys 'a\/b' and 'a_b' both make the address datadog_monitor\.monitors_a_b[\s\S]*monitor 'a\/b': duplicate key[\s\S]*monitor 'has space': key must match/);
  });

  it('requires a Datadog provider in the stack', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'bare');
    new MonitorCatalog(stack, 'monitors', { monitors: entries(1) });
    expect(() => Testing.synth(stack, true)).toThrow(/has no Datadog provider/);
  });

  it('gives a monitor ID token that composites and SLOs can reference', () => {
    const stack = stackWithProvider();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }, { key: 'web-cpu', spec: cpuSpec('a', 'web') }] });
    new Monitor(stack, 'composite', {
      name: 'api and web hot', type: 'composite', message: '@slack-a',
      query: `${catalog.monitorId('api-cpu')} && ${catalog.monitorId('web-cpu')}`,
    });
    new TerraformOutput(stack, 'api_cpu_id', { value: catalog.monitorId('api-cpu') });
    const json = synthJson(stack);
    expect(Object.values(json.resource.datadog_monitor).find((m: any) => m.type === 'composite')).toMatchObject({
      query: '${datadog_monitor.monitors_api-cpu.id} && ${datadog_monitor.monitors_web-cpu.id}',
    });
    expect(json.output.api_cpu_id.value).toBe('${datadog_monitor.monitors_api-cpu.id}');
    expect(() => catalog.monitorId('nope')).toThrow(/test\/monitors: no monitor with key 'nope'/);
  });

  it('resolves tokens inside catalog bodies (a composite in the catalog)', () => {
    const stack = stackWithProvider();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'api-cpu', spec: cpuSpec('a', 'api') }] });
    catalog.add({ key: 'tagged', spec: cpuSpec('a', 'web', 90, { tags: ['team:a', `source:${catalog.monitorId('api-cpu')}`] }) });
    expect(synthJson(stack).resource.datadog_monitor['monitors_tagged'].tags).toEqual(['team:a', 'source:${datadog_monitor.monitors_api-cpu.id}']);
  });
});
