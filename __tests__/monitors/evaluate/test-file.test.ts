import { expandValues, formatOffset, parseDurationSeconds, runMonitorTest, testFileProblems } from '../../../constructs/monitors/evaluate';
import type { MonitorResolver } from '../../../constructs/monitors/evaluate';

const noApp: MonitorResolver = (ref) => ({ error: `no monitor named ${JSON.stringify(ref)}` });

describe('promtool expanding notation', () => {
  it.each([
    ['1+2x3', [1, 3, 5, 7]],
    ['1-2x4', [1, -1, -3, -5, -7]],
    ['-2+4x3', [-2, 2, 6, 10]],
    ['5x2', [5, 5, 5]],
    ['1 _ 3', [1, null, 3]],
    ['_x3 7', [null, null, null, 7]],
    ['0.5 1e3', [0.5, 1000]],
  ])('%s expands as promtool does', (text, expected) => {
    expect(expandValues(text)).toEqual(expected);
  });

  it('names a token it cannot read', () => {
    expect(expandValues('1 2 three')).toBe('"three" is not a value; use numbers, a+bxn, a-bxn, axn, _ or _xn (promtool\'s expanding notation)');
  });

  it('reads durations and writes offsets', () => {
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds('soon')).toBeUndefined();
    expect(formatOffset(3960)).toBe('1h6m');
  });
});

describe('test file problems', () => {
  it('reports every problem with the test and field, all at once', () => {
    const { problems } = testFileProblems({
      tests: [
        { name: 'a', query: 'avg(last_5m):avg:m{*} > 1', input_series: [{ series: 'm{a:b', values: '1 x' }], expect: [{ at: 'later', states: { '*': 'FIRING' } }] },
        { name: 'b', expect: [] },
      ],
    });
    expect(problems).toEqual([
      'tests[0] (name "a").expect[0].states.*: must be one of OK, WARN, ALERT, NO DATA',
      'tests[1] (name "b").expect: a test needs at least one expectation',
    ]);
  });

  it('checks series, values, times and the query once the shape is right', () => {
    const { problems } = testFileProblems({
      tests: [{ name: 'a', query: 'avg(last_5m):avg:m{*} >', monitor: 'x', input_series: [{ series: 'm{a:b', values: '1 x' }], expect: [{ at: 'later', states: { '*': 'OK' } }] }],
    });
    expect(problems).toEqual([
      'tests[0] (name "a").query, monitor: give exactly one of query: or monitor:',
      'tests[0] (name "a").input_series[0].series: "m{a:b" is not a series; expected metric{tag:value,…}, e.g. system.cpu.user{env:prod,host:a}',
      'tests[0] (name "a").input_series[0].values: "x" is not a value; use numbers, a+bxn, a-bxn, axn, _ or _xn (promtool\'s expanding notation)',
      'tests[0] (name "a").expect[0].at: "later" is not an offset (30s, 8m, 1h) or an RFC 3339 time',
      expect.stringMatching(/^tests\[0\] \(name "a"\)\.query: col \d+: /),
    ]);
  });
});

describe('running a test', () => {
  const cpu = {
    name: 'cpu',
    query: 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90',
    start: '2026-01-05T00:00:00Z',
    interval: '1m',
    input_series: [{ series: 'system.cpu.user{env:prod,host:a}', values: '50x10 95x10 50x10' }, { series: 'system.cpu.user{env:prod,host:b}', values: '50x30' }],
  };
  const run = (expectations: unknown[]) => {
    const { tests, problems } = testFileProblems({ tests: [{ ...cpu, expect: expectations }] });
    expect(problems).toEqual([]);
    return runMonitorTest(tests[0], noApp);
  };

  it('passes when every listed group has the expected state', () => {
    expect(run([{ at: '8m', states: { 'host:a': 'OK', 'host:b': 'OK' } }, { at: '17m', states: { 'host:a': 'ALERT' } }])).toEqual({ name: 'cpu', passed: true, failures: [], notes: [] });
  });

  it('fails with expected and actual state, the time, and when the group was in the expected state', () => {
    const outcome = run([{ at: '13m', states: { 'host:a': 'ALERT' } }]);
    expect(outcome.passed).toBe(false);
    expect(outcome.failures.map((f) => f.message)).toEqual(['at 13m (2026-01-05T00:13:00Z) host:a: expected ALERT, got OK (ALERT from 16m to 23m)']);
  });

  it('expects groups it does not list to be OK, like promtool', () => {
    const outcome = run([{ at: '17m', states: { 'host:b': 'OK' } }]);
    expect(outcome.failures.map((f) => f.message)).toEqual(['at 17m (2026-01-05T00:17:00Z) host:a: is ALERT but not listed (groups not listed are expected OK)']);
  });

  it('says which groups exist when an expected group never appears', () => {
    const outcome = run([{ at: '17m', states: { 'host:c': 'ALERT', 'host:a': 'ALERT' } }]);
    expect(outcome.failures.map((f) => f.message)).toEqual(['at 17m (2026-01-05T00:17:00Z) host:c: expected ALERT, got OK (never ALERT; groups evaluated: host:a, host:b)']);
  });

  it('evaluates a composite from its operands written in the test', () => {
    const { tests } = testFileProblems({
      tests: [{
        name: 'composite', query: 'errors && traffic',
        monitors: { errors: { query: 'avg(last_1m):avg:err{*} > 5' }, traffic: { query: 'avg(last_1m):avg:hits{*} > 100' } },
        input_series: [{ series: 'err{*}', values: '10x5' }, { series: 'hits{*}', values: '50 50 500 500 500 500' }],
        expect: [{ at: '2m', states: { '*': 'OK' } }, { at: '4m', states: { '*': 'ALERT' } }],
      }],
    });
    expect(runMonitorTest(tests[0], noApp).failures).toEqual([]);
  });

  it('with monitor:, refuses a name the app does not define', () => {
    const { tests } = testFileProblems({ tests: [{ name: 'm', monitor: 'nope', expect: [{ at: '1m', states: { '*': 'OK' } }] }] });
    expect(() => runMonitorTest(tests[0], noApp)).toThrow('monitor: no monitor named "nope"');
  });
});
