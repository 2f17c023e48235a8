import { EvaluationResult, InputSeries, MonitorState, UnsupportedQueryError, evaluateMonitor, transitionsOf, upperIndex } from '../../../constructs/monitors/evaluate';

const MIN = 60;
/** One point a minute from t = 0. */
function minutes(metric: string, tags: string[], values: (number | null)[]): InputSeries {
  return { metric, tags, points: values.map((v, i) => [i * MIN, v] as const) };
}
const rep = (v: number, n: number) => Array<number>(n).fill(v);
function stateAt(r: EvaluationResult, group: string, minute: number): MonitorState {
  const g = r.groups.find((x) => x.key === group);
  if (!g) throw new Error(`no group ${group}: ${r.groups.map((x) => x.key).join(', ')}`);
  return g.states[upperIndex(r.times, minute * MIN)];
}

describe('metric monitors', () => {
  it('alerts when the window average crosses critical and recovers when it no longer does', () => {
    const r = evaluateMonitor({
      query: 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90',
      series: [minutes('system.cpu.user', ['env:prod', 'host:a'], [...rep(50, 11), ...rep(95, 11), ...rep(50, 11)])],
      from: 0, to: 40 * MIN,
    });
    expect(transitionsOf(r).map((t) => [t.time / MIN, t.group, t.to])).toEqual([[16, 'host:a', 'ALERT'], [23, 'host:a', 'OK']]);
  });

  it('filters by scope (negation, wildcard) and groups by tag, series without the group tag left out', () => {
    const r = evaluateMonitor({
      query: 'max(last_5m):max:disk.used{env:prod,!role:db,host:web-*} by {host} > 80',
      series: [
        minutes('disk.used', ['env:prod', 'host:web-1'], rep(90, 10)),
        minutes('disk.used', ['env:prod', 'host:web-2', 'role:db'], rep(90, 10)),
        minutes('disk.used', ['env:staging', 'host:web-3'], rep(90, 10)),
        minutes('disk.used', ['env:prod', 'host:api-1'], rep(90, 10)),
        minutes('disk.used', ['env:prod'], rep(90, 10)),
      ],
      from: 0, to: 9 * MIN,
    });
    expect(r.groups.map((g) => g.key)).toEqual(['host:web-1']);
    expect(stateAt(r, 'host:web-1', 5)).toBe('ALERT');
  });

  it('space-aggregates series of one group at each timestamp', () => {
    const r = evaluateMonitor({
      query: 'avg(last_1m):sum:requests{*} > 15',
      series: [minutes('requests', ['host:a'], rep(10, 5)), minutes('requests', ['host:b'], rep(10, 5))],
      from: 0, to: 4 * MIN,
    });
    expect(r.groups[0].values[2]).toBe(20);
    expect(stateAt(r, '*', 2)).toBe('ALERT');
  });

  it('warns, alerts, and with a critical recovery threshold stays in alert until the value is at or below it', () => {
    const r = evaluateMonitor({
      query: 'avg(last_1m):avg:q{*} > 90',
      thresholds: { critical: 90, warning: 80, critical_recovery: 70 },
      series: [minutes('q', [], [50, 85, 95, 85, 75, 70, 50])],
      from: 0, to: 7 * MIN,
    });
    // Each evaluation at minute m sees the point of minute m-1.
    expect([1, 2, 3, 4, 5, 6, 7].map((m) => stateAt(r, '*', m))).toEqual(['OK', 'WARN', 'ALERT', 'ALERT', 'ALERT', 'OK', 'OK']);
  });

  it('recovers on the comparator rule for below-monitors: < recovers when the value is >= the recovery threshold', () => {
    const r = evaluateMonitor({
      query: 'min(last_1m):min:free{*} < 10',
      thresholds: { critical: 10, critical_recovery: 20 },
      series: [minutes('free', [], [30, 5, 15, 20, 30])],
      from: 0, to: 5 * MIN,
    });
    expect([2, 3, 4].map((m) => stateAt(r, '*', m))).toEqual(['ALERT', 'ALERT', 'OK']);
  });

  it('evaluates arithmetic with as_count() by aggregating each operand over the window first (as_count path)', () => {
    // Datadog's example (as_count in monitor evaluations): errors 1..5 over totals of 10 → 15/50 = 0.3, not 1.5.
    const series = [minutes('requests.error', [], [1, 2, 3, 4, 5]), minutes('requests.total', [], rep(10, 5))];
    const count = evaluateMonitor({ query: 'sum(last_5m):sum:requests.error{*}.as_count() / sum:requests.total{*}.as_count() > 1', series, from: 0, to: 5 * MIN });
    const rate = evaluateMonitor({ query: 'sum(last_5m):sum:requests.error{*}.as_rate() / sum:requests.total{*}.as_rate() > 1', series, from: 0, to: 5 * MIN });
    expect(count.groups[0].values[5]).toBeCloseTo(0.3);
    expect(rate.groups[0].values[5]).toBeCloseTo(1.5);
    expect(stateAt(count, '*', 5)).toBe('OK');
    expect(stateAt(rate, '*', 5)).toBe('ALERT');
  });

  it('evaluates every 10 minutes for windows of 24 to 48 hours and every 30 minutes beyond', () => {
    const series = [minutes('m', [], rep(1, 10))];
    expect(evaluateMonitor({ query: 'avg(last_1d):avg:m{*} > 5', series, from: 0, to: 3600 }).frequencySeconds).toBe(600);
    expect(evaluateMonitor({ query: 'avg(last_36h):avg:m{*} > 5', series, from: 0, to: 3600 }).frequencySeconds).toBe(600);
    expect(evaluateMonitor({ query: 'avg(last_1w):avg:m{*} > 5', series, from: 0, to: 3600 }).frequencySeconds).toBe(1800);
    expect(evaluateMonitor({ query: 'avg(last_23h):avg:m{*} > 5', series, from: 0, to: 3600 }).frequencySeconds).toBe(60);
  });

  it('with require_full_window skips evaluations whose first bucket is empty and keeps the state', () => {
    const values = [...rep(95, 3), null, null, null, null, ...rep(95, 5)];
    const base = { query: 'avg(last_5m):avg:m{*} > 90', series: [minutes('m', [], values)], from: 0, to: 12 * MIN };
    const partial = evaluateMonitor(base);
    const full = evaluateMonitor({ ...base, options: { require_full_window: true } });
    expect(stateAt(partial, '*', 2)).toBe('ALERT');
    // At 2m the window [−3m, 2m) starts before the first point: not full, not evaluated.
    expect(stateAt(full, '*', 2)).toBe('OK');
    expect(stateAt(full, '*', 5)).toBe('ALERT');
  });

  it('goes to NO DATA after no_data_timeframe minutes without data, only when notify_no_data is set', () => {
    const series = [minutes('m', [], [...rep(1, 5)])];
    const notify = evaluateMonitor({ query: 'avg(last_5m):avg:m{*} > 90', options: { notify_no_data: true, no_data_timeframe: 10 }, series, from: 0, to: 30 * MIN });
    const silent = evaluateMonitor({ query: 'avg(last_5m):avg:m{*} > 90', series, from: 0, to: 30 * MIN });
    // Last point at 4m; the window is empty from 10m on; NO DATA once the point is 10 minutes old (at 14m).
    expect(stateAt(notify, '*', 13)).toBe('OK');
    expect(stateAt(notify, '*', 14)).toBe('NO DATA');
    expect(stateAt(silent, '*', 29)).toBe('OK');
  });

  it('on_missing_data: show_no_data as soon as the window is empty; resolve resolves', () => {
    const series = [minutes('m', [], [...rep(95, 5)])];
    const show = evaluateMonitor({ query: 'avg(last_5m):avg:m{*} > 90', options: { on_missing_data: 'show_no_data' }, series, from: 0, to: 15 * MIN });
    const resolve = evaluateMonitor({ query: 'avg(last_5m):avg:m{*} > 90', options: { on_missing_data: 'resolve' }, series, from: 0, to: 15 * MIN });
    expect(stateAt(show, '*', 9)).toBe('ALERT');
    expect(stateAt(show, '*', 10)).toBe('NO DATA');
    expect(stateAt(resolve, '*', 9)).toBe('ALERT');
    expect(stateAt(resolve, '*', 10)).toBe('OK');
  });

  it('reports a group OK while it is inside new_group_delay', () => {
    const r = evaluateMonitor({
      query: 'avg(last_5m):avg:m{*} by {host} > 90', options: { new_group_delay: 300 },
      series: [{ metric: 'm', tags: ['host:b'], points: [600, 660, 720, 780, 840, 900, 960, 1020].map((t) => [t, 99] as const) }],
      from: 0, to: 20 * MIN,
    });
    expect(stateAt(r, 'host:b', 14)).toBe('OK');
    expect(stateAt(r, 'host:b', 15)).toBe('ALERT');
  });

  it('evaluation_delay shifts the window back', () => {
    const series = [minutes('m', [], [...rep(50, 10), ...rep(95, 10)])];
    const now = evaluateMonitor({ query: 'min(last_2m):min:m{*} > 90', series, from: 0, to: 20 * MIN });
    const delayed = evaluateMonitor({ query: 'min(last_2m):min:m{*} > 90', options: { evaluation_delay: 300 }, series, from: 0, to: 20 * MIN });
    expect(stateAt(now, '*', 12)).toBe('ALERT');
    expect(stateAt(delayed, '*', 12)).toBe('OK');
    expect(stateAt(delayed, '*', 17)).toBe('ALERT');
  });

  it('timeout_h resolves a triggered group once data has stopped that long', () => {
    const r = evaluateMonitor({ query: 'avg(last_5m):avg:m{*} > 90', options: { timeout_h: 1 }, series: [minutes('m', [], rep(95, 5))], from: 0, to: 70 * MIN });
    expect(stateAt(r, '*', 60)).toBe('ALERT');
    expect(stateAt(r, '*', 64)).toBe('OK');
  });

  it('change() compares the window with the same window shifted back', () => {
    const r = evaluateMonitor({ query: 'pct_change(avg(last_5m),last_5m):avg:orders{*} < -50', series: [minutes('orders', [], [...rep(100, 10), ...rep(30, 10)])], from: 0, to: 19 * MIN });
    expect(r.groups[0].values[15]).toBeCloseTo(-70);
    expect(stateAt(r, '*', 15)).toBe('ALERT');
  });

  it('refuses an unsupported function by name', () => {
    expect(() => evaluateMonitor({ query: 'avg(last_5m):forecast_me(avg:m{*}) > 1', series: [], from: 0, to: 60 })).toThrow(UnsupportedQueryError);
    expect(() => evaluateMonitor({ query: 'avg(last_5m):outliers_x(avg:m{*}) > 1', series: [], from: 0, to: 60 })).toThrow(/outliers_x/);
  });
});

describe('service checks, logs and composites', () => {
  it('service check: alerts after N consecutive CRITICAL runs and resolves after the ok count', () => {
    const r = evaluateMonitor({
      query: '"http.can_connect".over("env:prod").by("host").last(3).count_by_status()',
      thresholds: { critical: 2, ok: 2 },
      series: [minutes('http.can_connect', ['env:prod', 'host:a'], [0, 2, 0, 2, 2, 0, 2, 0, 0])],
      from: 0, to: 10 * MIN,
    });
    expect([2, 4, 5, 6, 7, 8, 9].map((m) => stateAt(r, 'host:a', m))).toEqual(['OK', 'OK', 'ALERT', 'ALERT', 'ALERT', 'ALERT', 'OK']);
  });

  it('log counts: the window sum, with an empty window counting 0', () => {
    const r = evaluateMonitor({
      query: 'logs("status:error").index("*").rollup("count").by("service").last("5m") > 10',
      series: [{ metric: 'logs', tags: ['service:web'], points: [[0, 5], [60, 8], [120, 2]] }],
      from: 0, to: 15 * MIN,
    });
    expect(stateAt(r, 'service:web', 2)).toBe('ALERT');
    expect(r.groups[0].values[upperIndex(r.times, 10 * MIN)]).toBe(0);
    expect(stateAt(r, 'service:web', 10)).toBe('OK');
  });

  it('composite: && is the less severe of two triggered monitors, ! is ALERT when the monitor is not triggered', () => {
    const a = evaluateMonitor({ query: 'avg(last_1m):avg:a{*} > 90', thresholds: { critical: 90, warning: 50 }, series: [minutes('a', [], [95, 60, 95, 10])], from: 0, to: 4 * MIN });
    const b = evaluateMonitor({ query: 'avg(last_1m):avg:b{*} > 90', series: [minutes('b', [], [95, 95, 10, 10])], from: 0, to: 4 * MIN });
    const and = evaluateMonitor({ query: '1 && 2', members: { 1: a, 2: b }, series: [], from: 0, to: 4 * MIN });
    const not = evaluateMonitor({ query: '1 && !2', members: { 1: a, 2: b }, series: [], from: 0, to: 4 * MIN });
    expect([1, 2, 3, 4].map((m) => stateAt(and, '*', m))).toEqual(['ALERT', 'WARN', 'OK', 'OK']);
    expect([1, 2, 3, 4].map((m) => stateAt(not, '*', m))).toEqual(['OK', 'OK', 'ALERT', 'OK']);
  });
});

describe('anomaly monitors', () => {
  const query = "avg(last_1h):anomalies(avg:trips{*}, 'basic', 2, direction='below', alert_window='last_15m', interval=60, count_default_zero='true') >= 1";

  it('alerts when every point of the alert window is outside the band given by the test', () => {
    const values = [...rep(100, 60), ...rep(40, 30)];
    const r = evaluateMonitor({
      query, series: [minutes('trips', [], values)],
      bands: [{ lower: values.map((_, i) => [i * MIN, 80] as const), upper: values.map((_, i) => [i * MIN, 120] as const) }],
      from: 0, to: 90 * MIN,
    });
    // Points from 60m are below 80; the 15-minute window is entirely outside from 75m on.
    expect(stateAt(r, '*', 74)).toBe('OK');
    expect(stateAt(r, '*', 75)).toBe('ALERT');
    expect(r.notes).toEqual([]);
  });

  it('with the basic approximation, a sustained drop alerts once the alert window is outside, then the lagging band follows it', () => {
    // A level shift down that lasts (Airbnb's incident shape): the band is the rolling median of the previous hour.
    const noise = (i: number) => 3 * Math.sin(i * 1.7) + 2 * Math.cos(i * 0.9);
    const values = Array.from({ length: 240 }, (_, i) => (i < 120 ? 100 : 60) + noise(i));
    const r = evaluateMonitor({ query, series: [minutes('trips', [], values)], from: 0, to: 240 * MIN });
    expect(r.notes.join(' ')).toMatch(/approximation of 'basic'/);
    expect(transitionsOf(r).map((t) => [t.time / MIN, t.to])).toEqual([[135, 'ALERT'], [137, 'OK']]);
    // Half an hour after the drop the median is the new level: nothing is anomalous any more.
    expect(stateAt(r, '*', 239)).toBe('OK');
    expect(r.groups[0].values[upperIndex(r.times, 239 * MIN)]).toBe(0);
  });

  it('refuses agile and robust without a given band, saying why', () => {
    expect(() =>
      evaluateMonitor({ query: query.replace("'basic'", "'agile'"), series: [minutes('trips', [], rep(1, 5))], from: 0, to: 300 }),
    ).toThrow(/publishes no formula for 'agile'/);
  });
});
