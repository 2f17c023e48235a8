import { Lazy, Token } from 'cdktf';
import {
  allOf,
  anomalyQuery,
  anyOf,
  applyFunction,
  changeQuery,
  compositeQuery,
  forecastQuery,
  logsQuery,
  metricQuery,
  not,
  outlierQuery,
  parseCompositeExpression,
  parseMonitorQuery,
  printQuery,
  QueryBuildError,
  series,
  SERIES_FUNCTIONS,
  serviceCheckQuery,
  sourceQuery,
  summarizeQuery,
  traceErrorRateQuery,
  traceLatencyQuery,
  type Comparator,
  type EvaluationWindow,
  type MetricExpressionBuilder,
  type QuerySummary,
  type TagFilters,
} from '../../../constructs/monitors/query';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(20261121);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const maybe = <T>(value: T): T | undefined => (rnd() < 0.5 ? value : undefined);

const WINDOWS: readonly EvaluationWindow[] = [
  { minutes: 1 }, { minutes: 5 }, { minutes: 90 }, { minutes: 10080 }, { hours: 1 }, { hours: 168 }, { days: 1 }, { weeks: 1 },
  { current: 'hour' }, { current: 'day' }, { current: 'month' },
];
const METRICS = ['system.cpu.user', 'aws.sqs.approximate_number_of_messages_visible', 'trace.http.request.hits', 'app_v2.queue_depth'];
const SCOPES: readonly TagFilters[] = [
  {},
  { env: 'prod' },
  { env: 'prod', service: 'web-api' },
  { 'kube_namespace': 'payments', 'availability-zone': 'us-east-1a' },
  { host: 'web-*' },
  { region: ['us-east-1', 'eu-west-1'] },
  { env: 'prod', team: ['sre', 'payments'] },
  { device: '/dev/sda1' },
];
const EXCLUDES: readonly TagFilters[] = [{}, { host: 'canary-1' }, { region: ['ap-south-1', 'sa-east-1'] }];
const GROUPS: readonly (readonly string[])[] = [[], ['host'], ['host', 'env'], ['kube_deployment'], ['availability-zone']];
const COMPARATORS: readonly Comparator[] = ['<', '<=', '>', '>=', '==', '!='];
const THRESHOLDS = [0, 1, 90, 0.5, -3, 1e-7, 123456789, 99.95];

function randomSeries(groupBy: readonly string[]): MetricExpressionBuilder {
  const counts = rnd() < 0.3;
  return series({
    metric: pick(METRICS),
    spaceAggregation: pick(['avg', 'sum', 'min', 'max', 'p95', 'p99.9'] as const),
    scope: pick(SCOPES),
    exclude: pick(EXCLUDES),
    groupBy,
    asCount: counts,
    asRate: !counts && rnd() < 0.2,
    rollup: maybe({ aggregator: pick(['avg', 'sum', 'min', 'max', 'count'] as const), seconds: maybe(pick([10, 60, 300])) }),
    fill: maybe({ mode: pick(['null', 'zero', 'linear', 'last'] as const), limitSeconds: maybe(300) }),
  });
}

function randomExpression(depth: number, groupBy: readonly string[]): MetricExpressionBuilder {
  const roll = rnd();
  if (depth === 0 || roll < 0.4) return randomSeries(groupBy);
  if (roll < 0.6) return applyFunction(pick(SERIES_FUNCTIONS), randomExpression(depth - 1, groupBy));
  const left = randomExpression(depth - 1, groupBy);
  const right = rnd() < 0.3 ? pick([2, 100, -1, 0.5]) : randomExpression(depth - 1, groupBy);
  return pick([left.plus(right), left.minus(right), left.times(right), left.dividedBy(right)]);
}

/** Parses builder output, checks it is already canonical (printQuery gives it back unchanged), summarizes it. */
function summaryOf(query: string): QuerySummary {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`builder output does not parse: ${query}\n  col ${result.error.column}: ${result.error.message}`);
  expect(printQuery(result.query)).toBe(query);
  return summarizeQuery(result.query);
}

const windowSeconds = (w: EvaluationWindow): number =>
  'minutes' in w ? w.minutes * 60 : 'hours' in w ? w.hours * 3600 : 'days' in w ? w.days * 86400 : 'weeks' in w ? 604800 : { hour: 3600, day: 86400, month: 2592000 }[w.current];

describe('builder output parses (property test over generated combinations)', () => {
  it('metric queries: 1,500 combinations parse, with the window, comparator, threshold and group-by asked for', () => {
    for (let i = 0; i < 1500; i++) {
      const window = pick(WINDOWS);
      const groupBy = pick(GROUPS);
      const comparator = pick(COMPARATORS);
      const threshold = pick(THRESHOLDS);
      const query = metricQuery({
        timeAggregation: pick(['avg', 'sum', 'min', 'max'] as const),
        window,
        expression: randomExpression(3, groupBy),
      }).compare(comparator, threshold);
      const summary = summaryOf(query);
      expect(summary).toMatchObject({ kind: 'metric', comparator, threshold, evaluationWindowSeconds: windowSeconds(window) });
      expect(summary.groupBy).toEqual(groupBy);
    }
  });

  it('flat metric queries carry their scope into the summary', () => {
    for (let i = 0; i < 300; i++) {
      const scope = pick(SCOPES);
      const query = metricQuery({ window: pick(WINDOWS), metric: pick(METRICS), scope, functions: maybe([pick(SERIES_FUNCTIONS)]) }).above(1);
      const expected = Object.fromEntries(Object.entries(scope).map(([k, v]) => [k, typeof v === 'string' && v !== '*' ? [v] : [...v]]));
      expect(summaryOf(query).scopeTags).toEqual(expected);
    }
  });

  it('change queries: 300 combinations parse', () => {
    const changeWindows: readonly EvaluationWindow[] = [{ minutes: 5 }, { minutes: 2880 }, { hours: 48 }, { days: 1 }, { days: 2 } as unknown as EvaluationWindow];
    for (let i = 0; i < 300; i++) {
      const window = pick(changeWindows);
      const query = changeQuery({
        change: pick(['change', 'pct_change'] as const),
        window,
        compareTo: maybe(pick(changeWindows)),
        expression: randomExpression(2, pick(GROUPS)),
      }).compare(pick(COMPARATORS), pick(THRESHOLDS));
      const summary = summaryOf(query);
      expect(summary.change).toBeDefined();
      expect(summary.evaluationWindowSeconds).toBe(windowSeconds(window));
    }
  });

  it('anomaly queries: 300 combinations parse, with the arguments asked for', () => {
    for (let i = 0; i < 300; i++) {
      const algorithm = pick(['basic', 'agile', 'robust'] as const);
      const alertWindow = pick([{ minutes: 5 }, { minutes: 15 }, { hours: 1 }] as const);
      const seasonality = algorithm === 'basic' ? undefined : maybe(pick(['hourly', 'daily', 'weekly'] as const));
      const query = anomalyQuery({
        window: pick([{ hours: 1 }, { hours: 4 }, { days: 1 }, { weeks: 1 }] as const),
        query: randomExpression(1, pick(GROUPS)),
        algorithm,
        deviations: pick([1, 2, 3.5]),
        direction: maybe(pick(['above', 'below', 'both'] as const)),
        alertWindow,
        intervalSeconds: maybe(pick([60, 120, 300])),
        countDefaultZero: maybe(rnd() < 0.5),
        seasonality,
        timezone: seasonality ? maybe('europe/paris') : undefined,
      }).atOrAbove(pick([0, 0.5, 1]));
      const summary = summaryOf(query);
      expect(summary.anomaly).toMatchObject({ algorithm, alertWindowSeconds: windowSeconds(alertWindow), seasonality });
    }
  });

  it('forecast and outlier queries parse', () => {
    for (let i = 0; i < 200; i++) {
      const algorithm = pick(['linear', 'seasonal'] as const);
      summaryOf(
        forecastQuery({
          horizon: pick([{ days: 3 }, { weeks: 1 }, { hours: 12 }] as const),
          query: randomSeries(pick(GROUPS)),
          algorithm,
          deviations: maybe(2),
          interval: maybe('60m'),
          history: maybe('1w'),
          model: maybe(pick(['default', 'simple', 'reactive'] as const)),
          seasonality: algorithm === 'seasonal' ? maybe('weekly') : undefined,
        }).atOrAbove(0.9),
      );
      const algorithm2 = pick(['dbscan', 'mad', 'scaledDBSCAN', 'scaledMAD'] as const);
      const summary = summaryOf(
        outlierQuery({
          window: pick(WINDOWS),
          query: randomSeries(pick(GROUPS.filter((g) => g.length > 0))),
          algorithm: algorithm2,
          tolerance: pick([0.5, 3, 7]),
          percentage: algorithm2.includes('MAD') || algorithm2 === 'mad' ? maybe(20) : undefined,
        }).above(0),
      );
      expect(summary.outlier?.algorithm).toBe(algorithm2);
    }
  });

  it('service check queries parse, with last(N), groups and tags asked for', () => {
    for (let i = 0; i < 200; i++) {
      const groupBy = pick(GROUPS);
      const last = pick([1, 3, 100]);
      const summary = summaryOf(
        serviceCheckQuery({ check: pick(['datadog.agent.up', 'http.can_connect', 'postgres.can_connect']), over: pick(SCOPES), exclude: pick(EXCLUDES), groupBy, last }),
      );
      expect(summary).toMatchObject({ kind: 'service_check', lastN: last, groupBy });
    }
  });

  it('source queries parse for every source, with window and group-by asked for', () => {
    const sources = ['logs', 'events', 'rum', 'trace-analytics', 'processes', 'audits', 'ci-pipelines', 'ci-tests', 'error-tracking-rum', 'error-tracking-traces', 'llm-observability'] as const;
    for (let i = 0; i < 300; i++) {
      const [window, seconds] = pick([
        [{ minutes: 1 }, 60],
        [{ minutes: 2880 }, 172800],
        [{ hours: 48 }, 172800],
        [{ days: 2 }, 172800],
      ] as const);
      const groupBy = pick([[], ['service'], ['@http.status_code', 'env']]);
      const measured = rnd() < 0.5;
      const query = sourceQuery({
        source: pick(sources),
        search: pick(['*', 'service:web status:error', '@http.status_code:[500 TO 599] -env:staging', 'say "hello"']),
        index: maybe(pick(['*', 'main', ['trace-search', 'djm-search']])),
        rollup: measured ? { method: pick(['avg', 'cardinality', 'pc95'] as const), measure: '@duration' } : undefined,
        groupBy,
        window,
      }).compare(pick(COMPARATORS), pick(THRESHOLDS));
      const summary = summaryOf(query);
      expect(summary.groupBy).toEqual(groupBy);
      expect(summary.evaluationWindowSeconds).toBe(seconds);
    }
  });

  it('process queries carry .over(…), as Datadog\'s process alert query has it', () => {
    expect(sourceQuery({ source: 'processes', search: 'java', over: { env: 'prod' }, window: { minutes: 10 } }).above(1)).toBe(
      'processes("java").over("env:prod").rollup("count").last("10m") > 1',
    );
    expect(summaryOf(sourceQuery({ source: 'processes', search: 'nginx', window: { minutes: 5 } }).below(1))).toMatchObject({ dataSource: 'processes', monitorType: 'process alert' });
  });

  it('APM latency and error-rate queries parse', () => {
    for (const percentile of ['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9'] as const) {
      const summary = summaryOf(traceLatencyQuery({ service: 'web', operation: 'http.request', env: 'prod', percentile, window: { minutes: 10 } }).above(0.5));
      expect(summary.metrics).toEqual(['trace.http.request']);
      expect(summary.scopeTags).toEqual({ service: ['web'], env: ['prod'] });
    }
    const errorRate = summaryOf(traceErrorRateQuery({ service: 'web', operation: 'rack.request', resource: 'GET_/users', groupBy: ['env'], window: { minutes: 5 } }).above(0.05));
    expect(errorRate.metrics).toEqual(['trace.rack.request.errors', 'trace.rack.request.hits']);
    expect(errorRate.groupBy).toEqual(['env']);
  });

  it('composite queries accept real cdktf tokens (monitor IDs unknown until apply)', () => {
    const cpu = Token.asString(Lazy.numberValue({ produce: () => 101 }));
    const disk = Token.asString(Lazy.numberValue({ produce: () => 102 }));
    const query = compositeQuery(allOf(cpu, not(disk)));
    const parsed = parseCompositeExpression(query, { allowPlaceholders: true });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(summarizeQuery(parsed.query).monitorRefs).toEqual([cpu, disk]);
  });

  it('skips validation of token values (known at apply) and emits queries that parse with placeholders allowed', () => {
    const env = Token.asString(Lazy.stringValue({ produce: () => 'prod' }));
    const query = metricQuery({ window: { minutes: 5 }, metric: 'system.cpu.user', scope: { env }, groupBy: ['host'] }).above(90);
    expect(query).toBe(`avg(last_5m):avg:system.cpu.user{env:${env}} by {host} > 90`);
    const parsed = parseMonitorQuery(query, { allowPlaceholders: true });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(summarizeQuery(parsed.query)).toMatchObject({ threshold: 90, scopeTags: { env: [env] }, groupBy: ['host'] });
    expect(parseMonitorQuery(query)).toMatchObject({ ok: false, error: { column: 38 } });
  });

  it('composite queries parse: numbers with parseMonitorQuery, tokens with placeholders allowed', () => {
    const numeric = compositeQuery(anyOf(allOf(1, 2), not(anyOf(3, 4)), 5));
    expect(numeric).toBe('(1 && 2) || !(3 || 4) || 5');
    expect(summaryOf(numeric).monitorIds).toEqual([1, 2, 3, 4, 5]);
    const tokens = compositeQuery(allOf('${TfToken[TOKEN.1]}', not('${TfToken[TOKEN.2]}')));
    const parsed = parseCompositeExpression(tokens, { allowPlaceholders: true });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(summarizeQuery(parsed.query).monitorRefs).toEqual(['${TfToken[TOKEN.1]}', '${TfToken[TOKEN.2]}']);
  });
});

describe('builder input validation', () => {
  function problemsOf(build: () => unknown): readonly string[] {
    try {
      build();
    } catch (e) {
      if (e instanceof QueryBuildError) return e.problems;
      throw e;
    }
    throw new Error('expected a QueryBuildError');
  }

  it('reports every problem of a metric query together, each naming the bad value and what is allowed', () => {
    const problems = problemsOf(() =>
      metricQuery({ window: { minutes: 20000 }, metric: 'bad..metric', scope: { 'Env x': 'a b' }, groupBy: ['host', 'host'] }).above(1),
    );
    expect(problems).toEqual([
      'metricQuery: window.minutes is 20000; allowed: a whole number from 1 to 10080',
      "metricQuery: series: metric 'bad..metric' is invalid: it has an empty segment (..)",
      "metricQuery: series: scope key 'Env x' is not a tag key: start with a letter; then letters, digits, _ - . /",
      "metricQuery: series: scope.Env x value 'a b' is not a tag value: letters, digits, _ - . / : @ and the wildcards * ?; no spaces",
      'metricQuery: series: groupBy repeats a key: host, host',
    ]);
  });

  it('rejects windows Datadog does not offer', () => {
    expect(problemsOf(() => metricQuery({ window: { hours: 169 }, metric: 'a' }).above(1))).toEqual([
      'metricQuery: window.hours is 169; allowed: a whole number from 1 to 168',
    ]);
    expect(problemsOf(() => metricQuery({ window: { days: 2 } as unknown as EvaluationWindow, metric: 'a' }).above(1))).toEqual([
      'metricQuery: window.days is 2; allowed: 1 (use hours for other lengths)',
    ]);
    expect(problemsOf(() => changeQuery({ window: { hours: 49 }, metric: 'a' }).above(1))[0]).toBe(
      'changeQuery: window.hours is 49; allowed: a whole number from 1 to 48',
    );
  });

  it('rejects a non-finite threshold', () => {
    expect(problemsOf(() => metricQuery({ window: { minutes: 5 }, metric: 'a' }).above(Number.NaN))).toEqual(['threshold: null is not a finite number']);
  });

  it('enforces the anomaly rules: fraction threshold, alert window within the query window, no seasonality for basic', () => {
    const q = series({ metric: 'a' });
    expect(problemsOf(() => anomalyQuery({ window: { minutes: 15 }, query: q, algorithm: 'basic', alertWindow: { hours: 1 }, seasonality: 'daily' }).atOrAbove(1))).toEqual([
      'anomalyQuery: alertWindow last_1h is longer than the window last_15m; the query window must be at least the alert window',
      "anomalyQuery: seasonality is set, but the 'basic' algorithm takes no seasonality; use 'agile' or 'robust'",
    ]);
    expect(problemsOf(() => anomalyQuery({ window: { hours: 4 }, query: q, algorithm: 'agile', alertWindow: { minutes: 15 } }).atOrAbove(2))).toEqual([
      'anomalyQuery: threshold 2 is not a fraction; allowed: 0 to 1 (the share of anomalous points)',
    ]);
  });

  it('requires a group-by for outliers and bounds last(N) for service checks', () => {
    expect(problemsOf(() => outlierQuery({ window: { minutes: 30 }, query: series({ metric: 'a' }), algorithm: 'dbscan', tolerance: 3 }).above(0))).toEqual([
      'outlierQuery: query has no group-by; outlier detection compares groups (add groupBy to the series)',
    ]);
    expect(problemsOf(() => serviceCheckQuery({ check: 'datadog.agent.up', groupBy: ['host'], last: 101 }))).toEqual([
      'serviceCheckQuery: last is 101; allowed: a whole number from 1 to 100',
    ]);
  });

  it('requires a measure for non-count source rollups and bounds the window to 48 hours', () => {
    expect(problemsOf(() => logsQuery({ search: '*', rollup: { method: 'avg' }, window: { hours: 49 } }).above(1))).toEqual([
      "logsQuery: rollup.measure is required for 'avg': the attribute to aggregate, e.g. '@duration'",
      'logsQuery: window is {"hours":49}; allowed: { minutes: 1–2880 } | { hours: 1–48 } | { days: 1–2 }',
    ]);
  });

  it('rejects composite operands that are neither IDs nor tokens', () => {
    expect(problemsOf(() => compositeQuery(allOf(1, 'monitor 2')))).toEqual([
      `composite: operand 'monitor 2' is not a monitor ID, a placeholder name or a Terraform token ("\${…}")`,
    ]);
    expect(problemsOf(() => compositeQuery(anyOf(0)))).toEqual([
      'composite: anyOf needs at least two operands, got 1',
      'composite: monitor ID 0 is not a positive whole number',
    ]);
  });
});
