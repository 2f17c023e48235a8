import { EvaluationResult, InputSeries, MonitorState, SlidingWindow, evaluateMonitor, upperIndex } from '../../../constructs/monitors/evaluate';

const MIN = 60;
const minutes = (metric: string, tags: string[], values: (number | null)[]): InputSeries => ({ metric, tags, points: values.map((v, i) => [i * MIN, v] as const) });
const at = (r: EvaluationResult, group: string, minute: number): { state: MonitorState; value: number } => {
  const g = r.groups.find((x) => x.key === group)!;
  const k = upperIndex(r.times, minute * MIN);
  return { state: g.states[k], value: g.values[k] };
};

describe('functions and modifiers', () => {
  it('default_zero() makes an empty window evaluate as 0, so a below-threshold monitor alerts when traffic stops', () => {
    const series = [minutes('hits', [], [5, 5, 5])];
    const plain = evaluateMonitor({ query: 'sum(last_5m):sum:hits{*} < 1', series, from: 0, to: 12 * MIN });
    const zero = evaluateMonitor({ query: 'sum(last_5m):default_zero(sum:hits{*}) < 1', series, from: 0, to: 12 * MIN });
    expect(at(plain, '*', 10).state).toBe('OK');
    expect(at(zero, '*', 10)).toEqual({ state: 'ALERT', value: 0 });
  });

  it('.rollup(sum, 300) re-buckets into UNIX-aligned 5-minute buckets before the window', () => {
    const r = evaluateMonitor({ query: 'max(last_10m):sum:hits{*}.rollup(sum, 300) > 40', series: [minutes('hits', [], Array<number>(10).fill(10))], from: 0, to: 10 * MIN });
    expect(at(r, '*', 10)).toEqual({ state: 'ALERT', value: 50 });
  });

  it('week_before() compares with the same time a week earlier', () => {
    const week = 7 * 86400;
    const series: InputSeries[] = [{ metric: 'orders', tags: [], points: [[0, 100], [60, 100], [week, 30], [week + 60, 30]] }];
    const r = evaluateMonitor({ query: 'avg(last_5m):avg:orders{*} - week_before(avg:orders{*}) < -50', series, from: week, to: week + 120 });
    expect(r.groups[0].values[2]).toBe(-70);
    expect(r.groups[0].states[2]).toBe('ALERT');
  });

  it('percentile(): the percentile of every value in the window, across the group\'s series (a distribution)', () => {
    // Two hosts report request durations; p90 over 5 minutes pools all 10 values: 1..9 and 100.
    const series = [minutes('trace.http.request', ['host:a'], [1, 2, 3, 4, 5]), minutes('trace.http.request', ['host:b'], [6, 7, 8, 9, 100])];
    const r = evaluateMonitor({ query: 'percentile(last_5m):p90:trace.http.request{*} > 10', series, from: 0, to: 5 * MIN });
    // Linear interpolation between ranks: 9 + 0.1 × (100 − 9).
    expect(at(r, '*', 5)).toEqual({ state: 'ALERT', value: expect.closeTo(18.1, 9) });
  });

  it('a simple operand applies to every group of the other', () => {
    const r = evaluateMonitor({
      query: 'avg(last_1m):avg:used{*} by {host} / avg:total{*} > 0.9',
      series: [minutes('used', ['host:a'], [95, 95]), minutes('used', ['host:b'], [50, 50]), minutes('total', [], [100, 100])],
      from: 0, to: 2 * MIN,
    });
    expect(r.groups.map((g) => [g.key, g.states[1]])).toEqual([['host:a', 'ALERT'], ['host:b', 'OK']]);
  });

  it('outliers with mad: the group far from the others alerts, needs no threshold of its own', () => {
    const series = ['a', 'b', 'c', 'd'].map((h) => minutes('lat', [`host:${h}`], Array<number>(20).fill(h === 'd' ? 500 : 100 + h.charCodeAt(0) - 97)));
    const r = evaluateMonitor({ query: "avg(last_5m):outliers(avg:lat{*} by {host}, 'mad', 3) > 0", series, from: 0, to: 10 * MIN });
    expect(r.groups.map((g) => [g.key, at(r, g.key, 8).state])).toEqual([['host:a', 'OK'], ['host:b', 'OK'], ['host:c', 'OK'], ['host:d', 'ALERT']]);
    expect(() => evaluateMonitor({ query: "avg(last_5m):outliers(avg:lat{*} by {host}, 'dbscan', 3) > 0", series, from: 0, to: 60 })).toThrow("outliers() with 'dbscan' is not supported by the evaluator ('mad' is)");
  });

  it('refuses forecasts and calendar windows, saying why', () => {
    expect(() => evaluateMonitor({ query: "max(next_1w):forecast(avg:disk{*}, 'linear', 1) >= 90", series: [], from: 0, to: 60 })).toThrow(/forecast\(\) monitors are not supported/);
    expect(() => evaluateMonitor({ query: 'sum(current_1d):sum:hits{*} > 1', series: [], from: 0, to: 60 })).toThrow('calendar window current_1d is not supported by the evaluator (last_N windows are)');
  });
});

describe('sliding windows', () => {
  it('give the same min, max, avg and p50 as recomputing each window', () => {
    const n = 500;
    const times = Float64Array.from({ length: n }, (_, i) => i * 60);
    const values = Float64Array.from({ length: n }, (_, i) => Math.round(50 + 40 * Math.sin(i / 7) + ((i * 7919) % 13)));
    for (const reducer of ['min', 'max', 'avg', { percentile: 50 }] as const) {
      const w = new SlidingWindow(times, values, reducer);
      for (let end = 60; end <= n * 60; end += 60) {
        const start = end - 15 * 60;
        w.moveTo(start, end);
        const inWindow = Array.from(values).filter((_, i) => times[i] >= start && times[i] < end).sort((a, b) => a - b);
        const expected = reducer === 'min' ? inWindow[0] : reducer === 'max' ? inWindow[inWindow.length - 1] : reducer === 'avg' ? inWindow.reduce((a, b) => a + b, 0) / inWindow.length
          : inWindow.length % 2 ? inWindow[(inWindow.length - 1) / 2] : (inWindow[inWindow.length / 2 - 1] + inWindow[inWindow.length / 2]) / 2;
        expect(w.value()).toBeCloseTo(expected, 9);
      }
    }
  });
});
