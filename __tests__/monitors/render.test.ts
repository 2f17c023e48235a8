import { renderMonitor, expandSpec, MonitorSpec } from '../../constructs/monitors/model';
import { parseMonitorQuery } from '../../constructs/monitors/query';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { datadogStack, synthJson } from '../support/datadog-stack';

const specs: MonitorSpec[] = [
  { kind: 'metric', name: 'metric', message: '@slack-ops', metric: 'a.b', scope: ['env:prod'], groupBy: ['host'], comparator: '>=', critical: 9, warning: 5, tags: ['team:x'], priority: 3, notifyNoData: true },
  { kind: 'anomaly', name: 'anomaly', message: '@slack-ops', metric: 'a.b', algorithm: 'robust', seasonality: 'weekly', safetyRail: { comparator: '>', critical: 100 } },
  { kind: 'service-check', name: 'check', message: '@slack-ops', check: 'x.up', over: ['env:prod'], timeoutHours: 2 },
  { kind: 'log', name: 'log', message: '@slack-ops', search: 'status:error', critical: 5, renotifyIntervalMinutes: 30, onMissingData: 'resolve' },
  { kind: 'apm', name: 'apm', message: '@slack-ops', signal: 'error-rate', service: 'web', env: 'prod', critical: 0.1, warning: 0.05 },
  { kind: 'apm', name: 'apm latency', message: '@slack-ops', signal: 'latency', service: 'web', env: 'prod', groupBy: ['resource_name'], critical: 0.5 },
  { kind: 'forecast', name: 'forecast', message: '@slack-ops', algorithm: 'seasonal', seasonality: 'daily', metric: 'a.b', critical: 90 },
  { kind: 'outlier', name: 'outlier', message: '@slack-ops', algorithm: 'scaledMAD', metric: 'a.b', groupBy: ['host'], percent: 20 },
  { kind: 'change', name: 'change', message: '@slack-ops', metric: 'a.b', modifier: 'as_count', comparator: '>', critical: 10 },
  { kind: 'event', name: 'event', message: '@slack-ops', search: 'source:aws', groupBy: ['host'], critical: 0 },
  { kind: 'composite', name: 'composite', message: '@slack-ops', expression: { op: '||', operands: [{ monitorId: '1' }, { op: '!', operand: { monitorId: '2' } }] } },
  { kind: 'query', type: 'service check', name: 'raw check', message: '@slack-ops', query: '"x.up".over("*").last(3).count_by_status()', critical: 2, ok: 1 },
];

describe('renderMonitor is the construct, without the construct', () => {
  it('the body equals what DatadogMonitor synthesizes, for every monitor a spec expands to', () => {
    const stack = datadogStack();
    specs.forEach((s, i) => new DatadogMonitor(stack, `M${i}`, s));
    const synthesized = Object.values(synthJson(stack).resource.datadog_monitor).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const rendered = specs.flatMap(expandSpec).map((s) => renderMonitor(s).body).sort((a, b) => a.name.localeCompare(b.name));
    expect(synthesized).toEqual(rendered);
  });

  it('every kind emits a query the parser accepts', () => {
    for (const spec of specs.flatMap(expandSpec)) {
      const { body, problems } = renderMonitor(spec);
      const parsed = parseMonitorQuery(body.query);
      expect({ query: body.query, ok: parsed.ok, problems }).toEqual({ query: body.query, ok: true, problems: [] });
    }
  });

  it('returns the problems instead of throwing, each naming field, value and rule', () => {
    const { problems } = renderMonitor({ kind: 'metric', name: 'm', message: '', metric: 'a.b', comparator: '<', critical: 1, warning: 0 });
    expect(problems).toEqual([{ field: 'warning', value: 0, message: 'with comparator < the warning threshold must be above critical (1)' }]);
  });

  it('facts: group-by and scope read from a series expression', () => {
    const { facts } = renderMonitor({ kind: 'metric', name: 'm', message: '', series: 'sum:a{env:prod,team:core} by {host} / sum:b{env:prod} by {host}', comparator: '>', critical: 1 });
    expect(facts).toMatchObject({ groupBy: ['host'], scopeTags: ['env:prod', 'team:core'], windowMinutes: 5, comparator: '>', critical: 1 });
  });
});
