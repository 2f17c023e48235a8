import { parseCompositeExpression, parseMonitorQuery, summarizeQuery, type MonitorQuery } from '../../../constructs/monitors/query';

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`expected ${query} to parse: col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

const summary = (query: string) => summarizeQuery(parsed(query));

describe('summarizeQuery', () => {
  it('gives the comparator, threshold, window and group-by of a metric alert', () => {
    expect(summary('avg(last_5m):avg:system.cpu.user{env:prod,!region:eu-west-1} by {host} > 90')).toMatchObject({
      kind: 'metric',
      comparator: '>',
      threshold: 90,
      timeAggregation: 'avg',
      evaluationWindow: 'last_5m',
      evaluationWindowSeconds: 300,
      groupBy: ['host'],
      metrics: ['system.cpu.user'],
      scopeTags: { env: ['prod'] },
      excludedTags: { region: ['eu-west-1'] },
      asCount: false,
    });
  });

  it.each([
    ['last_1m', 60],
    ['last_90m', 5400],
    ['last_4h', 14400],
    ['last_1d', 86400],
    ['last_1w', 604800],
    ['current_1h', 3600],
    ['current_1d', 86400],
    ['current_1mo', 2592000],
  ])('reads %s as %i seconds', (window, seconds) => {
    expect(summary(`avg(${window}):avg:m{*} > 1`).evaluationWindowSeconds).toBe(seconds);
  });

  it('collects tags, metrics and group keys across arithmetic and functions, without duplicates', () => {
    const s = summary(
      'sum(last_5m):default_zero(sum:trace.http.request.errors{service:web,env:prod} by {resource_name}.as_count()) / sum:trace.http.request.hits{service:web,env:prod} by {resource_name}.as_count() > 0.05',
    );
    expect(s.metrics).toEqual(['trace.http.request.errors', 'trace.http.request.hits']);
    expect(s.groupBy).toEqual(['resource_name']);
    expect(s.scopeTags).toEqual({ service: ['web'], env: ['prod'] });
    expect(s.asCount).toBe(true);
  });

  it('reads boolean scopes: IN values are included, NOT and NOT IN are excluded', () => {
    const s = summary('avg(last_5m):avg:m{env:prod AND region IN (us-east-1, eu-west-1) AND NOT host:canary AND team NOT IN (a, b)} > 1');
    expect(s.scopeTags).toEqual({ env: ['prod'], region: ['us-east-1', 'eu-west-1'] });
    expect(s.excludedTags).toEqual({ host: ['canary'], team: ['a', 'b'] });
  });

  it('gives the change kind and the shift compared against', () => {
    expect(summary('pct_change(avg(last_5m),1h_ago):avg:m{*} > 50')).toMatchObject({
      evaluationWindowSeconds: 300,
      change: { kind: 'pct_change', shiftSeconds: 3600 },
    });
  });

  it('gives the anomaly arguments a monitor kind needs (trigger_window = alert window)', () => {
    expect(
      summary("avg(last_4h):anomalies(avg:m{env:prod} by {host}, 'agile', 3, direction='above', alert_window='last_15m', interval=60, count_default_zero='true', seasonality='weekly') >= 0.5")
        .anomaly,
    ).toEqual({
      algorithm: 'agile',
      deviations: 3,
      direction: 'above',
      alertWindow: 'last_15m',
      alertWindowSeconds: 900,
      intervalSeconds: 60,
      seasonality: 'weekly',
      countDefaultZero: true,
      queryWindow: 'last_4h',
      queryWindowSeconds: 14400,
    });
  });

  it('defaults the anomaly direction to both', () => {
    expect(summary("avg(last_4h):anomalies(avg:m{*}, 'basic', 2) >= 1").anomaly?.direction).toBe('both');
  });

  it('gives the forecast horizon instead of an evaluation window', () => {
    const s = summary("max(next_1w):forecast(avg:system.disk.in_use{*} by {host}, 'linear', 1, interval='60m', history='1w') >= 0.9");
    expect(s.evaluationWindowSeconds).toBeUndefined();
    expect(s.forecast).toEqual({ algorithm: 'linear', deviations: 1, horizonSeconds: 604800, interval: '60m', history: '1w', model: undefined });
  });

  it('normalises the outlier algorithm', () => {
    expect(summary("avg(last_5m):outliers(avg:m{*} by {host}, 'DBSCAN', 3.0) > 0").outlier).toEqual({ algorithm: 'dbscan', tolerance: 3, percentage: undefined });
  });

  it('gives last(N), the check, tags and groups of a service check, and no comparator', () => {
    expect(summary('"http.can_connect".over("env:prod","role:web").exclude("host:canary").by("host","instance").last(3).count_by_status()')).toMatchObject({
      kind: 'service_check',
      check: 'http.can_connect',
      lastN: 3,
      comparator: undefined,
      threshold: undefined,
      groupBy: ['host', 'instance'],
      scopeTags: { env: ['prod'], role: ['web'] },
      excludedTags: { host: ['canary'] },
    });
  });

  it('gives the data source, search, rollup, window and groups of a source query', () => {
    expect(summary('logs("service:web -env:staging @http.status_code:500").index("*").rollup("avg", "@duration").by("service,@http.url").last("15m") > 2')).toMatchObject({
      kind: 'source',
      dataSource: 'logs',
      search: 'service:web -env:staging @http.status_code:500',
      rollup: { method: 'avg', measure: '@duration' },
      evaluationWindow: '15m',
      evaluationWindowSeconds: 900,
      comparator: '>',
      threshold: 2,
      groupBy: ['service', '@http.url'],
      scopeTags: { service: ['web'], '@http.status_code': ['500'] },
      excludedTags: { env: ['staging'] },
    });
  });

  it.each([
    ['avg(last_5m):avg:m{*} > 1', 'query alert'],
    ["avg(last_4h):anomalies(avg:m{*}, 'basic', 2) >= 1", 'query alert'],
    ['"datadog.agent.up".over("*").last(2).count_by_status()', 'service check'],
    ['logs("*").index("*").rollup("count").last("5m") > 1', 'log alert'],
    ['events("*").rollup("count").last("5m") > 1', 'event-v2 alert'],
    ['rum("*").rollup("count").last("5m") > 1', 'rum alert'],
    ['trace-analytics("*").rollup("count").last("5m") > 1', 'trace-analytics alert'],
    ["processes('java').over('env:prod').rollup('count').last('10m') > 1", 'process alert'],
    ['audits("*").rollup("count").last("5m") > 1', 'audit alert'],
    ['ci-pipelines("*").rollup("count").last("5m") > 1', 'ci-pipelines alert'],
    ['error-tracking-rum("*").rollup("count").last("1h") > 1', 'error-tracking alert'],
    ['1 && 2', 'composite'],
  ])('%s is a %s', (query, monitorType) => {
    expect(summary(query).monitorType).toBe(monitorType);
  });

  it('lists the monitor IDs of a composite', () => {
    expect(summary('123 && (456 || !123)')).toMatchObject({ kind: 'composite', monitorIds: [123, 456], monitorRefs: ['123', '456'] });
  });

  it('lists placeholder operands separately from numeric IDs', () => {
    const result = parseCompositeExpression('${TfToken[TOKEN.1]} && 42 && disk_full', { allowPlaceholders: true });
    if (!result.ok) throw new Error(result.error.message);
    expect(summarizeQuery(result.query)).toMatchObject({ monitorIds: [42], monitorRefs: ['${TfToken[TOKEN.1]}', '42', 'disk_full'] });
  });
});
