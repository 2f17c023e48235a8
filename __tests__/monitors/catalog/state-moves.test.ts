import { MonitorCatalog } from '../../../constructs/monitors/catalog';
import { cpuSpec, datadogStack, stackJson, synthErrors } from './helpers';

describe('MonitorCatalog state moves', () => {
  it('renames a key with a moved block, and moves a single monitor into the catalog', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', {
      monitors: [{ key: 'api/cpu-high', spec: cpuSpec('a', 'api') }, { key: 'web/cpu-high', spec: cpuSpec('a', 'web') }],
    });
    catalog.renamed('api-cpu', 'api/cpu-high');
    catalog.movedFrom('datadog_monitor.web-cpu_D31969F4', 'web/cpu-high');
    expect(stackJson(stack).moved).toEqual([
      { from: 'datadog_monitor.monitors_api-cpu', to: 'datadog_monitor.monitors_api_cpu-high' },
      { from: 'datadog_monitor.web-cpu_D31969F4', to: 'datadog_monitor.monitors_web_cpu-high' },
    ]);
  });

  it('moves a monitor between shards: removed (destroy = false) in one stack, import in the other', () => {
    const from = datadogStack(undefined, 'monitors-team-a');
    new MonitorCatalog(from, 'monitors', { monitors: [{ key: 'keep', spec: cpuSpec('a', 'keep') }] }).release('team-b/api-cpu');
    const to = datadogStack(undefined, 'monitors-team-b');
    new MonitorCatalog(to, 'monitors', { monitors: [{ key: 'team-b/api-cpu', spec: cpuSpec('b', 'api') }] }).adopt('team-b/api-cpu', '12345678');

    expect(stackJson(from).removed).toEqual([{ from: 'datadog_monitor.monitors_team-b_api-cpu', lifecycle: { destroy: false } }]);
    expect(stackJson(to).import).toEqual([{ to: 'datadog_monitor.monitors_team-b_api-cpu', id: '12345678' }]);
  });

  it('reports moves that cannot work', () => {
    const stack = datadogStack();
    const catalog = new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'a', spec: cpuSpec('a', 'a') }, { key: 'b', spec: cpuSpec('a', 'b') }] });
    catalog.renamed('a', 'b');
    catalog.adopt('missing', '1');
    catalog.release('b');
    const errors = synthErrors(stack);
    expect(errors).toMatch(/rename 'a' → 'b': 'a' is still in the catalog/);
    expect(errors).toMatch(/adopt 'missing': no monitor with that key/);
    expect(errors).toMatch(/release 'b': the monitor is still in this catalog/);
  });
});
