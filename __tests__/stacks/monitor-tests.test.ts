import { Testing, TerraformStack } from 'cdktf';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { appMonitors, monitorResolver } from '../../stacks/monitor-tests';
import type { MetricMonitorSpec } from '../../constructs/monitors/model';

const cpu = (name: string, critical = 90): MetricMonitorSpec => ({
  kind: 'metric', name, metric: 'system.cpu.user', scope: ['env:prod'], groupBy: ['host'], comparator: '>', critical,
  message: 'CPU {{host.name}} @slack-ops',
});

function app() {
  const a = Testing.app();
  for (const [id, critical] of [['prod', 90], ['staging', 95]] as const) {
    const stack = new TerraformStack(a, id);
    new DatadogMonitor(stack, 'Cpu', cpu('cpu high', critical));
    new DatadogMonitor(stack, 'Same', cpu('same everywhere'));
    new MonitorCatalog(stack, 'catalog', { monitors: [{ key: 'disk-full', spec: { ...cpu('disk full'), metric: 'system.disk.in_use' } }] });
  }
  return a;
}

describe('monitor: references', () => {
  const resolve = monitorResolver(appMonitors(app()));

  it('finds a monitor by name, by catalog key and by construct path, with the options the provider defaults', () => {
    const byKey = resolve('prod/disk-full');
    expect(byKey).toMatchObject({ name: 'disk full', query: 'avg(last_5m):avg:system.disk.in_use{env:prod} by {host} > 90', thresholds: { critical: 90 } });
    expect(resolve('same everywhere')).toMatchObject({ name: 'same everywhere', options: { require_full_window: true, notify_no_data: false } });
    expect(resolve('staging/Cpu')).toMatchObject({ name: 'cpu high', thresholds: { critical: 95 } });
  });

  it('asks for <stack>/ when a name means different monitors in several stacks', () => {
    expect(resolve('cpu high')).toEqual({ error: '"cpu high" names 2 different monitors (stacks prod, staging); write <stack>/<name>' });
    expect(resolve('staging/cpu high')).toMatchObject({ thresholds: { critical: 95 } });
  });

  it('says how many monitors there are and which names are close when none matches', () => {
    expect(resolve('cpu hig')).toEqual({ error: 'no monitor named "cpu hig" in the app (3 monitors; similar: "cpu high")' });
  });
});
