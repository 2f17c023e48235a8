import { z } from 'zod';
import { parseCompositeExpression, parseMonitorQuery } from '../query';
import type { MonitorQuery } from '../query';
import { evaluateMonitor, upperIndex } from './evaluate';
import { notificationFor, notifiedHandles } from './notify';
import { parseSeriesSelector } from './scope';
import { BandInput, EvaluationOptions, EvaluationResult, InputSeries, MONITOR_STATES, MonitorState, Point, Thresholds, UnsupportedQueryError } from './types';

/*
 * The `houndstack monitors test` file format (README, "Testing monitors"), in promtool's spirit: input series in
 * expanding notation, expected states per group at given times, and who is notified. Pure: the caller reads the file
 * and resolves `monitor:` references to the app's monitors.
 */

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/** `90s`, `5m`, `1h30m`, `2d` → seconds; undefined when it is not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;

/** An RFC 3339 time → UNIX seconds. */
function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/**
 * promtool's expanding notation: `a+bxn` (a, then n more samples stepping by b), `a-bxn`, `axn` (a, n+1 times),
 * `_` (no sample), `_xn` (n missing samples), plain numbers. Returns the samples or a problem.
 */
export function expandValues(text: string): (number | null)[] | string {
  const out: (number | null)[] = [];
  const NUM = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
  const stepped = new RegExp(`^(${NUM})([-+])(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?x(\\d+)$`);
  const repeated = new RegExp(`^(${NUM})x(\\d+)$`);
  const plain = new RegExp(`^${NUM}$`);
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if (token === '_' || token === 'stale') out.push(null);
    else if ((m = /^_x(\d+)$/.exec(token))) for (let i = 0; i < Number(m[1]); i++) out.push(null);
    else if ((m = stepped.exec(token))) {
      const a = Number(m[1]);
      const b = Number(m[3]) * (m[2] === '-' ? -1 : 1);
      for (let i = 0; i <= Number(m[4]); i++) out.push(a + i * b);
    } else if ((m = repeated.exec(token))) for (let i = 0; i <= Number(m[2]); i++) out.push(Number(m[1]));
    else if (plain.test(token)) out.push(Number(token));
    else return `${JSON.stringify(token)} is not a value; use numbers, a+bxn, a-bxn, axn, _ or _xn (promtool's expanding notation)`;
  }
  return out;
}

const durationString = z.string().refine((s) => parseDurationSeconds(s) !== undefined, { message: 'must be a duration such as 30s, 1m, 1h30m' });
const timeString = z.union([z.string(), z.number()]);
const stateSchema = z.enum(MONITOR_STATES as [MonitorState, ...MonitorState[]], { error: `must be one of ${MONITOR_STATES.join(', ')}` });

const thresholdsSchema = z.strictObject({
  critical: z.number().optional(),
  warning: z.number().optional(),
  critical_recovery: z.number().optional(),
  warning_recovery: z.number().optional(),
  ok: z.number().optional(),
});

/** Datadog's option names; the ones that change evaluation. */
export const optionsSchema = z.strictObject({
  require_full_window: z.boolean().optional(),
  notify_no_data: z.boolean().optional(),
  no_data_timeframe: z.number().int().positive().optional(),
  on_missing_data: z.enum(['default', 'show_no_data', 'show_and_notify_no_data', 'resolve']).optional(),
  new_group_delay: z.number().int().min(0).optional(),
  evaluation_delay: z.number().int().min(0).max(86400).optional(),
  timeout_h: z.number().min(0).max(24).optional(),
  monitor_threshold_windows: z.strictObject({ trigger_window: z.string().optional(), recovery_window: z.string().optional() }).optional(),
});

const seriesSchema = z.strictObject({ series: z.string(), values: z.union([z.string(), z.number()]).transform(String) });

const querySource = {
  query: z.string().optional(),
  monitor: z.string().optional(),
  thresholds: thresholdsSchema.optional(),
  options: optionsSchema.optional(),
};

const testSchema = z.strictObject({
  name: z.string().min(1),
  ...querySource,
  /** Composite operands by the name the composite query uses. */
  monitors: z.record(z.string(), z.strictObject({ query: z.string(), thresholds: thresholdsSchema.optional(), options: optionsSchema.optional() })).optional(),
  start: timeString.optional(),
  interval: durationString.optional(),
  input_series: z.array(seriesSchema).default([]),
  /** Anomaly band (lower/upper) per group, in the same notation, e.g. from Datadog's graph of anomalies(). */
  bands: z.array(z.strictObject({ group: z.string().optional(), lower: z.union([z.string(), z.number()]).transform(String), upper: z.union([z.string(), z.number()]).transform(String) })).optional(),
  expect: z.array(z.strictObject({
    at: timeString,
    states: z.record(z.string(), stateSchema),
    notified: z.array(z.string()).optional(),
  })).min(1, 'a test needs at least one expectation'),
});

export const testFileSchema = z.strictObject({ tests: z.array(testSchema).min(1, 'the file has no tests') });
export type MonitorTestCase = z.output<typeof testSchema>;

/** A monitor of the app, as the test runner needs it. */
export interface ResolvedMonitor {
  readonly name: string;
  /** The query; for a composite, its expression over the names of `composite.members`. */
  readonly query: string;
  readonly thresholds: Thresholds;
  readonly options: EvaluationOptions;
  readonly message: string;
  /** A composite's operands, by the names its expression uses. */
  readonly composite?: { readonly members: Readonly<Record<string, ResolvedMonitor>> };
}

export type MonitorResolver = (ref: string) => ResolvedMonitor | { readonly error: string };

export interface TestFailure {
  /** The expectation's `at` as written. */
  readonly at: string;
  readonly time: string;
  readonly group: string;
  readonly expected: string;
  readonly actual: string;
  /** When the group was in the expected state, as offsets from start (the evaluation times that differ). */
  readonly expectedDuring?: string;
  readonly message: string;
}

export interface TestOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly failures: readonly TestFailure[];
  readonly notes: readonly string[];
}

/** Problems of a whole file's shape, each `tests[i] (name "…").field: message`. */
export function testFileProblems(data: unknown): { tests: MonitorTestCase[]; problems: string[] } {
  const parsed = testFileSchema.safeParse(data);
  if (parsed.success) {
    const problems: string[] = [];
    parsed.data.tests.forEach((t, i) => problems.push(...caseProblems(t).map((p) => `tests[${i}] (name ${JSON.stringify(t.name)}).${p}`)));
    return { tests: parsed.data.tests, problems };
  }
  const raw = (data as { tests?: { name?: unknown }[] } | undefined)?.tests;
  return {
    tests: [],
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      const withName = path.replace(/^tests\[(\d+)\]/, (m, i) => {
        const name = Array.isArray(raw) ? raw[Number(i)]?.name : undefined;
        return typeof name === 'string' ? `${m} (name ${JSON.stringify(name)})` : m;
      });
      return `${withName || '(file)'}: ${issue.message}`;
    }),
  };
}

function caseProblems(t: MonitorTestCase): string[] {
  const out: string[] = [];
  if ((t.query === undefined) === (t.monitor === undefined)) out.push('query, monitor: give exactly one of query: or monitor:');
  if (t.start !== undefined && startSeconds(t.start) === undefined) out.push(`start: ${JSON.stringify(t.start)} is not an RFC 3339 time (2026-01-05T00:00:00Z) or UNIX seconds`);
  t.input_series.forEach((s, i) => {
    const sel = parseSeriesSelector(s.series);
    if (typeof sel === 'string') out.push(`input_series[${i}].series: ${sel}`);
    const v = expandValues(s.values);
    if (typeof v === 'string') out.push(`input_series[${i}].values: ${v}`);
  });
  (t.bands ?? []).forEach((b, i) => {
    for (const side of ['lower', 'upper'] as const) {
      const v = expandValues(b[side]);
      if (typeof v === 'string') out.push(`bands[${i}].${side}: ${v}`);
    }
  });
  t.expect.forEach((e, i) => {
    if (atSeconds(e.at, 0) === undefined) out.push(`expect[${i}].at: ${JSON.stringify(e.at)} is not an offset (30s, 8m, 1h) or an RFC 3339 time`);
    if (Object.keys(e.states).length === 0) out.push(`expect[${i}].states: name at least one group ("*" for a simple alert)`);
  });
  if (t.query !== undefined) {
    const parsed = t.monitors ? parseCompositeExpression(t.query, { allowPlaceholders: true }) : parseMonitorQuery(t.query);
    if (!parsed.ok) out.push(`query: col ${parsed.error.column}: ${parsed.error.message}`);
  }
  for (const [name, m] of Object.entries(t.monitors ?? {})) {
    const parsed = parseMonitorQuery(m.query);
    if (!parsed.ok) out.push(`monitors.${name}.query: col ${parsed.error.column}: ${parsed.error.message}`);
  }
  return out;
}

function startSeconds(start: string | number | undefined): number | undefined {
  if (start === undefined) return 0;
  if (typeof start === 'number') return start;
  if (/^\d+$/.test(start)) return Number(start);
  return parseRfc3339(start);
}

function atSeconds(at: string | number, start: number): number | undefined {
  if (typeof at === 'number') return start + at;
  const d = parseDurationSeconds(at);
  if (d !== undefined) return start + d;
  return parseRfc3339(at);
}

/** `17m`, `1h5m`, `2d3h`: an offset as people write it. */
export function formatOffset(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

function optionsFrom(o: z.output<typeof optionsSchema> | undefined): EvaluationOptions {
  if (!o) return {};
  const { monitor_threshold_windows, ...rest } = o;
  return { ...rest, ...(monitor_threshold_windows ? { threshold_windows: monitor_threshold_windows } : {}) };
}

/** Runs one test case (already checked by `testFileProblems`). Unusable references and queries throw `UnsupportedQueryError`. */
export function runMonitorTest(t: MonitorTestCase, resolve: MonitorResolver): TestOutcome {
  const start = startSeconds(t.start) ?? 0;
  const interval = t.interval ? parseDurationSeconds(t.interval)! : 60;
  let query: string;
  let thresholds: Thresholds | undefined = t.thresholds;
  let options: EvaluationOptions = optionsFrom(t.options);
  let message: string | undefined;
  let appMembers: Readonly<Record<string, ResolvedMonitor>> | undefined;
  if (t.monitor !== undefined) {
    const m = resolve(t.monitor);
    if ('error' in m) throw new UnsupportedQueryError(`monitor: ${m.error}`);
    appMembers = m.composite?.members;
    query = m.query;
    thresholds = { ...m.thresholds, ...t.thresholds };
    options = { ...m.options, ...options };
    message = m.message;
  } else query = t.query!;

  const toPoints = (values: (number | null)[]): Point[] => values.map((v, i) => [start + i * interval, v] as const);
  const series: InputSeries[] = t.input_series.map((s) => {
    const sel = parseSeriesSelector(s.series) as { metric: string; tags: string[] };
    return { metric: sel.metric, tags: sel.tags, points: toPoints(expandValues(s.values) as (number | null)[]) };
  });
  const bands: BandInput[] = (t.bands ?? []).map((b) => ({
    ...(b.group ? { group: b.group } : {}),
    lower: toPoints(expandValues(b.lower) as (number | null)[]),
    upper: toPoints(expandValues(b.upper) as (number | null)[]),
  }));
  const expectations = t.expect.map((e) => ({ ...e, time: atSeconds(e.at, start)! }));
  const lastSample = Math.max(start, ...series.map((s) => (s.points.length > 0 ? s.points[s.points.length - 1][0] + interval : start)));
  // Two hours past the last expectation, so a failure can say when the expected state did come.
  const to = Math.max(lastSample, ...expectations.map((e) => e.time)) + 7200;
  const base = { series, from: start, to, intervalSeconds: interval };

  let result: EvaluationResult;
  if (t.monitors || appMembers) {
    const members: Record<string, EvaluationResult> = {};
    const withBands = (q: string) => (bands.length > 0 && /^\s*\w+\(last_\w+\):anomalies\(/.test(q) ? { bands } : {});
    for (const [name, m] of Object.entries(t.monitors ?? {})) {
      members[name] = evaluateMonitor({ ...base, query: m.query, ...(m.thresholds ? { thresholds: m.thresholds } : {}), options: optionsFrom(m.options), ...withBands(m.query) });
    }
    for (const [name, m] of Object.entries(appMembers ?? {})) {
      members[name] = evaluateMonitor({ ...base, query: m.query, thresholds: m.thresholds, options: m.options, ...withBands(m.query) });
    }
    const parsed = parseCompositeExpression(query, { allowPlaceholders: true });
    if (!parsed.ok) throw new UnsupportedQueryError(`query: ${parsed.error.message}`);
    result = evaluateMonitor({ ...base, query: parsed.query as MonitorQuery, members });
  } else {
    result = evaluateMonitor({ ...base, query, ...(thresholds ? { thresholds } : {}), options, ...(bands.length > 0 ? { bands } : {}) });
  }

  const failures: TestFailure[] = [];
  for (const e of expectations) {
    const k = upperIndex(result.times, e.time);
    const actualOf = (key: string): MonitorState => {
      const g = result.groups.find((x) => x.key === key);
      return g && k >= 0 ? g.states[k] : 'OK';
    };
    const time = new Date(e.time * 1000).toISOString().replace('.000Z', 'Z');
    const at = String(e.at);
    for (const [group, expected] of Object.entries(e.states)) {
      const actual = actualOf(group);
      if (actual !== expected) {
        const during = runsOf(result, group, expected, start);
        failures.push({
          at, time, group, expected, actual, ...(during ? { expectedDuring: during } : {}),
          message: `at ${at} (${time}) ${group}: expected ${expected}, got ${actual}${during ? ` (${expected} ${during})` : ` (never ${expected}${result.groups.some((g) => g.key === group) ? '' : `; groups evaluated: ${result.groups.map((g) => g.key).join(', ') || 'none'}`})`}`,
        });
      } else if (e.notified !== undefined) {
        const got = notifiedAt(result, group, k, message);
        const want = [...e.notified].sort();
        if (got.handles.join(' ') !== want.join(' ')) {
          failures.push({
            at, time, group, expected: `notified ${want.join(' ') || 'nobody'}`, actual: `notified ${got.handles.join(' ') || 'nobody'}`,
            message: `at ${at} (${time}) ${group}: expected ${want.join(' ') || 'nobody'} notified for ${got.what}, got ${got.handles.join(' ') || 'nobody'}${message === undefined ? ' (a query: test has no message; use monitor:)' : ''}`,
          });
        }
      }
    }
    // Like promtool's exp_alerts: every triggered group must be listed.
    for (const g of result.groups) {
      if (g.key in e.states || k < 0) continue;
      const actual = g.states[k];
      if (actual !== 'OK') {
        failures.push({ at, time, group: g.key, expected: 'OK (not listed)', actual, message: `at ${at} (${time}) ${g.key}: is ${actual} but not listed (groups not listed are expected OK)` });
      }
    }
  }
  return { name: t.name, passed: failures.length === 0, failures, notes: result.notes };
}

/** When a group was in a state, as offsets from start: `from 18m to 25m, from 40m`. */
function runsOf(result: EvaluationResult, key: string, state: MonitorState, start: number): string | undefined {
  const g = result.groups.find((x) => x.key === key);
  if (!g) return undefined;
  const runs: string[] = [];
  let from = -1;
  for (let k = 0; k <= g.states.length; k++) {
    const inState = k < g.states.length && g.states[k] === state;
    if (inState && from < 0) from = k;
    if (!inState && from >= 0) {
      runs.push(k < g.states.length ? `from ${formatOffset(result.times[from] - start)} to ${formatOffset(result.times[k] - start)}` : `from ${formatOffset(result.times[from] - start)}`);
      from = -1;
    }
  }
  if (runs.length === 0) return undefined;
  return runs.length > 3 ? `${runs.slice(0, 3).join(', ')}, …` : runs.join(', ');
}

/** The handles notified by the group's last transition at or before evaluation k. */
function notifiedAt(result: EvaluationResult, key: string, k: number, message: string | undefined): { handles: string[]; what: string } {
  const g = result.groups.find((x) => x.key === key);
  if (!g || k < 0) return { handles: [], what: 'no transition' };
  let j = k;
  while (j > 0 && g.states[j - 1] === g.states[k]) j--;
  const from: MonitorState = j === 0 ? 'OK' : g.states[j - 1];
  const what = notificationFor(from, g.states[k]);
  if (!what || message === undefined) return { handles: [], what: what ?? 'no transition' };
  const alertToWarning = from === 'ALERT' && g.states[k] === 'WARN';
  const handles = notifiedHandles(message, what, g.tags, alertToWarning);
  // Datadog's variables page: "For ALERT to WARNING transitions, {{#is_alert_recovery}} recipients receive
  // notifications without message bodies", so the pager hears that the alert is over.
  if (alertToWarning) for (const h of notifiedHandles(message, 'alert_recovery', g.tags)) if (!handles.includes(h)) handles.push(h);
  return { handles: handles.sort(), what: `the ${what.replace('_', ' ')} notification${alertToWarning ? ' (alert to warning)' : ''}` };
}
