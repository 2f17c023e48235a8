import type { AnomalyQuery, Comparator, CompositeExpression, MetricExpression, MetricQuery, MonitorQuery, OutlierQuery, ServiceCheckQuery, SourceQuery, Window } from '../query';
import { parseMonitorQuery } from '../query';
import { GroupSeries, Pointwise, PointwiseContext, OPERATORS, evaluatePointwise, hasArithmetic, usesAsCount } from './pointwise';
import { hasTag, tagValue } from './scope';
import { StateRules, WindowedGroup, runStates } from './states';
import { BandInput, EvaluationOptions, EvaluationResult, GroupResult, InputSeries, MonitorState, Thresholds, UnsupportedQueryError } from './types';
import { BucketOccupancy, SlidingWindow, WindowReducer, lowerBound, quantile } from './window';

export interface EvaluateInput {
  /** The monitor's query, as text or parsed. */
  readonly query: string | MonitorQuery;
  /** @default - critical from the query's threshold */
  readonly thresholds?: Thresholds;
  /** @default - Datadog's API defaults */
  readonly options?: EvaluationOptions;
  readonly series: readonly InputSeries[];
  /** First and last evaluation time (UNIX seconds, inclusive). */
  readonly from: number;
  readonly to: number;
  /** Spacing of samples when a series cannot tell (a single point). @default 60 */
  readonly intervalSeconds?: number;
  /** Anomaly monitors: the band per group, as Datadog's graph of `anomalies()` returns it. @default - the `basic` approximation */
  readonly bands?: readonly BandInput[];
  /** Composite monitors: each operand's evaluated result, by the operand as written in the query (its ID). */
  readonly members?: Readonly<Record<string, EvaluationResult>>;
}

/**
 * Evaluation frequency by window, as documented: every minute for windows under 24 hours, every 10 minutes under
 * 48 hours, every 30 minutes beyond (docs.datadoghq.com/monitors/configuration, "Evaluation frequency").
 */
export function evaluationFrequencySeconds(windowSeconds: number): number {
  if (windowSeconds < 86400) return 60;
  if (windowSeconds < 2 * 86400) return 600;
  return 1800;
}

/** require_full_window buckets: 1 minute for minute windows, 10 minutes for hour windows, 1 hour for longer ones. */
export function fullWindowBucketSeconds(w: Window): number {
  if (w.unit === 'm') return 60;
  if (w.unit === 'h') return 600;
  return 3600;
}

function evaluationTimes(from: number, to: number, freq: number): Float64Array {
  const first = Math.ceil(from / freq) * freq;
  const n = to >= first ? Math.floor((to - first) / freq) + 1 : 0;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = first + i * freq;
  return times;
}

/**
 * The state of every group at every evaluation of a monitor over in-memory series, with Datadog's documented
 * semantics (README, "Testing monitors"). Pure: no I/O, no cdktf. Throws `UnsupportedQueryError` naming the
 * function or feature it cannot evaluate faithfully; never guesses.
 */
export function evaluateMonitor(input: EvaluateInput): EvaluationResult {
  let query: MonitorQuery;
  if (typeof input.query === 'string') {
    const parsed = parseMonitorQuery(input.query);
    if (!parsed.ok) throw new UnsupportedQueryError(`query does not parse: col ${parsed.error.column}: ${parsed.error.message}`);
    query = parsed.query;
  } else query = input.query;
  switch (query.kind) {
    case 'metric':
      // The older order `… > 0.9 by {host}` groups the whole query; the pointwise engine groups per series.
      if (query.trailingGroupBy) throw new UnsupportedQueryError('a group-by after the threshold (… > 0.9 by {host}) is not supported by the evaluator: write it after the scope');
      return evaluateMetric(query, input);
    case 'anomaly':
      return evaluateAnomaly(query, input);
    case 'service_check':
      return evaluateServiceCheck(query, input);
    case 'source':
      return evaluateSource(query, input);
    case 'composite':
      return evaluateComposite(query.expression, input);
    case 'outlier':
      return evaluateOutlier(query, input);
    case 'forecast':
      throw new UnsupportedQueryError('forecast() monitors are not supported by the evaluator: Datadog publishes no formula for its forecasts');
  }
}

/** The samples of a series (points or columns), gaps left out. */
function samples(s: InputSeries): [number, number][] {
  if (s.columns) return Array.from(s.columns.times, (t, i): [number, number] => [t, s.columns!.values[i]]).filter((p) => Number.isFinite(p[1]));
  return s.points.filter((p): p is readonly [number, number] => p[1] !== null).map((p) => [p[0], p[1]]);
}

function thresholdsOf(input: EvaluateInput, threshold: number): Thresholds {
  return { ...input.thresholds, critical: input.thresholds?.critical ?? threshold };
}

function noDataSeconds(o: EvaluationOptions, windowSeconds: number, fallback?: number): number {
  // API: "If omitted, 2x the evaluation timeframe is used for metric alerts, and 24 hours is used for service checks."
  return o.no_data_timeframe !== undefined ? o.no_data_timeframe * 60 : (fallback ?? 2 * windowSeconds);
}

function context(input: EvaluateInput, lookbackSeconds: number): PointwiseContext {
  const delay = input.options?.evaluation_delay ?? 0;
  return {
    series: input.series,
    rangeStart: input.from - delay - lookbackSeconds,
    rangeEnd: input.to - delay,
    defaultStepSeconds: input.intervalSeconds ?? 60,
  };
}

function reducerOf(name: string, spaceAggregation?: string): WindowReducer {
  if (name === 'avg' || name === 'sum' || name === 'min' || name === 'max' || name === 'last') return name;
  if (name === 'percentile') {
    const p = spaceAggregation && /^p(\d+(?:\.\d+)?)$/.exec(spaceAggregation);
    if (p) return { percentile: Number(p[1]) };
    throw new UnsupportedQueryError('percentile() time aggregation needs a pNN space aggregation (a distribution)');
  }
  throw new UnsupportedQueryError(`time aggregation '${name}' is not supported by the evaluator (avg, sum, min, max, last, percentile are)`);
}

function spaceAggregationOf(e: MetricExpression): string | undefined {
  if (e.type === 'series') return e.spaceAggregation.text;
  if (e.type === 'paren') return spaceAggregationOf(e.inner);
  return undefined;
}

interface WindowSpec {
  readonly seconds: number;
  readonly reducer: WindowReducer;
  /** Evaluate at t − shift as well (change / pct_change). */
  readonly change?: { readonly kind: 'change' | 'pct_change'; readonly shiftSeconds: number };
  readonly bucketSeconds: number;
  /** Track require_full_window's buckets (only when the option is set: it costs a pass over the points). */
  readonly fullWindow?: boolean;
}

/** Slides one window over one group's series: the reduced value, data presence and fullness at every evaluation. */
function slide(g: GroupSeries, key: string, times: Float64Array, spec: WindowSpec, delay: number, keepSeries: boolean): WindowedGroup {
  const n = times.length;
  const values = new Float64Array(n).fill(NaN);
  const hasData = new Uint8Array(n);
  const full = new Uint8Array(n);
  const lastSeen = new Float64Array(n).fill(NaN);
  const now = new SlidingWindow(g.times, g.values, spec.reducer);
  const then = spec.change ? new SlidingWindow(g.times, g.values, spec.reducer) : undefined;
  const occupancy = spec.fullWindow ? new BucketOccupancy(g.times, spec.bucketSeconds) : undefined;
  let seen = 0;
  for (let k = 0; k < n; k++) {
    const end = times[k] - delay;
    const start = end - spec.seconds;
    now.moveTo(start, end);
    while (seen < g.times.length && g.times[seen] < end) seen++;
    lastSeen[k] = seen > 0 ? g.times[seen - 1] : NaN;
    if (now.count === 0) continue;
    let v = now.value();
    if (then && spec.change) {
      then.moveTo(start - spec.change.shiftSeconds, end - spec.change.shiftSeconds);
      if (then.count === 0) continue;
      const old = then.value();
      v = spec.change.kind === 'change' ? v - old : old === 0 ? NaN : ((v - old) / Math.abs(old)) * 100;
      if (Number.isNaN(v)) continue;
    }
    values[k] = v;
    hasData[k] = 1;
    full[k] = !occupancy || occupancy.isFull(start, end) ? 1 : 0;
  }
  return {
    key, tags: g.tags, values, hasData, full, lastSeen,
    firstSeen: g.times.length > 0 ? g.times[0] : NaN,
    ...(keepSeries ? { series: { times: g.times, values: g.values } } : {}),
  };
}

function windowSpecOf(q: MetricQuery | AnomalyQuery, spaceAggregation: string | undefined): WindowSpec {
  const ev = q.evaluation;
  const change = ev.change ? { kind: ev.change.kind.text, shiftSeconds: ev.change.shift.seconds } : undefined;
  return {
    seconds: ev.window.seconds,
    reducer: reducerOf(ev.timeAggregation.text, spaceAggregation),
    ...(change ? { change } : {}),
    bucketSeconds: fullWindowBucketSeconds(ev.window),
  };
}

function evaluateMetric(q: MetricQuery, input: EvaluateInput): EvaluationResult {
  const options = input.options ?? {};
  const w = q.evaluation.window;
  if (w.relation === 'current') throw new UnsupportedQueryError(`calendar window ${w.text} is not supported by the evaluator (last_N windows are)`);
  const freq = evaluationFrequencySeconds(w.seconds);
  const times = evaluationTimes(input.from, input.to, freq);
  const delay = options.evaluation_delay ?? 0;
  const spec = { ...windowSpecOf(q, spaceAggregationOf(q.expression)), fullWindow: options.require_full_window === true };
  const lookback = w.seconds + (spec.change?.shiftSeconds ?? 0);
  const ctx = { ...context(input, lookback), poolPercentiles: q.evaluation.timeAggregation.text === 'percentile' };
  const asCount = usesAsCount(q.expression);
  let windowed: WindowedGroup[];
  let grouped: boolean;
  if (asCount && hasArithmetic(q.expression)) {
    // Datadog's as_count evaluation path: each operand is reduced over the window first, then the arithmetic.
    const r = windowedExpression(q.expression, ctx, times, spec, delay);
    if (r.kind === 'constant') throw new UnsupportedQueryError('the query has no metric to evaluate');
    windowed = [...r.groups.values()];
    grouped = r.groupBy.length > 0;
  } else {
    const p = evaluatePointwise(q.expression, ctx);
    if (p.kind === 'constant') throw new UnsupportedQueryError('the query has no metric to evaluate');
    windowed = [...p.groups].map(([key, g]) => slide(g, key, times, spec, delay, true));
    grouped = p.groupBy.length > 0;
  }
  const thresholds = thresholdsOf(input, q.comparison.threshold.value);
  const rules: StateRules = {
    comparator: q.comparison.comparator.text,
    thresholds,
    options,
    grouped,
    emptyAsZero: asCount && options.on_missing_data === 'default',
    noDataTimeframeSeconds: noDataSeconds(options, w.seconds),
  };
  return {
    kind: 'metric', times, frequencySeconds: freq, comparator: rules.comparator, thresholds,
    groups: sortGroups(runStates(times, windowed, rules)), notes: [],
  };
}

type WindowedExpr =
  | { kind: 'constant'; value: number }
  | { kind: 'groups'; groupBy: readonly string[]; groups: Map<string, WindowedGroup> };

function windowedExpression(e: MetricExpression, ctx: PointwiseContext, times: Float64Array, spec: WindowSpec, delay: number): WindowedExpr {
  if (e.type === 'paren') return windowedExpression(e.inner, ctx, times, spec, delay);
  if (e.type === 'number') return { kind: 'constant', value: e.value };
  if (e.type === 'binary') {
    const l = windowedExpression(e.left, ctx, times, spec, delay);
    const r = windowedExpression(e.right, ctx, times, spec, delay);
    return combineWindowed(l, r, OPERATORS[e.operator]);
  }
  if (e.type === 'negate') return combineWindowed({ kind: 'constant', value: -1 }, windowedExpression(e.operand, ctx, times, spec, delay), OPERATORS['*']);
  const p: Pointwise = evaluatePointwise(e, ctx);
  if (p.kind === 'constant') return p;
  const groups = new Map<string, WindowedGroup>();
  for (const [key, g] of p.groups) groups.set(key, slide(g, key, times, spec, delay, false));
  return { kind: 'groups', groupBy: p.groupBy, groups };
}

function combineWindowed(a: WindowedExpr, b: WindowedExpr, op: (x: number, y: number) => number): WindowedExpr {
  if (a.kind === 'constant' && b.kind === 'constant') return { kind: 'constant', value: op(a.value, b.value) };
  const mapGroup = (g: WindowedGroup, f: (v: number) => number): WindowedGroup => {
    const values = g.values.map(f);
    return { ...g, values, hasData: g.hasData.map((h, k) => (h && !Number.isNaN(values[k]) ? 1 : 0)) };
  };
  if (a.kind === 'constant') return { ...b, groups: new Map([...(b as { groups: Map<string, WindowedGroup> }).groups].map(([k, g]) => [k, mapGroup(g, (v) => op(a.value, v))])) } as WindowedExpr;
  if (b.kind === 'constant') return { ...a, groups: new Map([...a.groups].map(([k, g]) => [k, mapGroup(g, (v) => op(v, b.value))])) };
  const [wide, narrow, flipped] = a.groupBy.length >= b.groupBy.length ? [a, b, false] : [b, a, true];
  const groups = new Map<string, WindowedGroup>();
  for (const [key, g] of wide.groups) {
    const other = narrow.groupBy.length === 0 ? narrow.groups.get('*') : narrow.groups.get(narrow.groupBy.map((k) => `${k}:${tagValue(g.tags, k)}`).join(','));
    if (!other) continue;
    const [l, r] = flipped ? [other, g] : [g, other];
    const values = l.values.map((v, k) => op(v, r.values[k]));
    groups.set(key, {
      key, tags: g.tags, values,
      hasData: l.hasData.map((h, k) => (h && r.hasData[k] && !Number.isNaN(values[k]) ? 1 : 0)),
      full: l.full.map((f, k) => (f && r.full[k] ? 1 : 0)),
      lastSeen: l.lastSeen.map((t, k) => Math.max(t, r.lastSeen[k])),
      firstSeen: Math.min(l.firstSeen, r.firstSeen),
    });
  }
  return { kind: 'groups', groupBy: wide.groupBy, groups };
}

function sortGroups(groups: GroupResult[]): GroupResult[] {
  return groups.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Anomaly

/** The note shown with every result whose band was computed here rather than given. */
export const BASIC_BAND_NOTE =
  "anomaly band: houndstack's approximation of 'basic' (lagging rolling median ± deviations × IQR/1.349 over the query window), not Datadog's own band; give the band as input to evaluate Datadog's";

function evaluateAnomaly(q: AnomalyQuery, input: EvaluateInput): EvaluationResult {
  const options = input.options ?? {};
  const a = q.anomalies;
  const algorithm = a.algorithm.text;
  const given = input.bands && input.bands.length > 0;
  if (!given && algorithm !== 'basic') {
    throw new UnsupportedQueryError(
      `anomalies() with '${algorithm}': Datadog publishes no formula for '${algorithm}', so houndstack cannot compute its band; give the band (the lower/upper series of anomalies() in a graph query) or use 'basic'`,
    );
  }
  const w = q.evaluation.window;
  const alertWindow = a.alertWindow?.seconds ?? w.seconds;
  const recoveryWindow = parseWindowSeconds(options.threshold_windows?.recovery_window) ?? alertWindow;
  const freq = evaluationFrequencySeconds(w.seconds);
  const times = evaluationTimes(input.from, input.to, freq);
  const delay = options.evaluation_delay ?? 0;
  const ctx = context(input, w.seconds + Math.max(alertWindow, recoveryWindow));
  const p = evaluatePointwise(a.query, ctx);
  if (p.kind === 'constant') throw new UnsupportedQueryError('anomalies() needs a metric query');
  const direction = a.direction?.text ?? 'both';
  const deviations = a.deviations.value;
  const windowed: WindowedGroup[] = [];
  for (const [key, g] of p.groups) {
    const band = given ? givenBand(g, key, input.bands!) : basicBand(g, w.seconds, deviations);
    const outside = new Float64Array(g.times.length);
    for (let i = 0; i < g.times.length; i++) {
      const v = g.values[i];
      const above = v > band.upper[i];
      const below = v < band.lower[i];
      outside[i] = (direction === 'above' ? above : direction === 'below' ? below : above || below) ? 1 : 0;
    }
    // The fraction of points outside the band over the trigger window (and over the recovery window).
    const trig = slide({ tags: g.tags, times: g.times, values: outside }, key, times, { seconds: alertWindow, reducer: 'avg', bucketSeconds: 60 }, delay, false);
    const rec = slide({ tags: g.tags, times: g.times, values: outside }, key, times, { seconds: recoveryWindow, reducer: 'avg', bucketSeconds: 60 }, delay, false);
    windowed.push({ ...trig, recoveryValues: rec.values, series: { times: g.times, values: g.values }, band });
  }
  const thresholds = thresholdsOf(input, q.comparison.threshold.value);
  const rules: StateRules = {
    comparator: q.comparison.comparator.text, thresholds, options, grouped: p.groupBy.length > 0, emptyAsZero: false,
    noDataTimeframeSeconds: noDataSeconds(options, w.seconds),
  };
  return {
    kind: 'anomaly', times, frequencySeconds: freq, comparator: rules.comparator, thresholds,
    groups: sortGroups(runStates(times, windowed, rules)), notes: given ? [] : [BASIC_BAND_NOTE],
  };
}

export function parseWindowSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^last_(\d+)([mhd])$/.exec(text);
  if (!m) throw new UnsupportedQueryError(`window ${JSON.stringify(text)} is not last_N(m|h|d)`);
  return Number(m[1]) * { m: 60, h: 3600, d: 86400 }[m[2] as 'm' | 'h' | 'd'];
}

function givenBand(g: GroupSeries, key: string, bands: readonly BandInput[]): { lower: Float64Array; upper: Float64Array } {
  const band = bands.find((b) => (b.group ?? '*') === key) ?? (bands.length === 1 ? bands[0] : undefined);
  const lower = new Float64Array(g.times.length).fill(-Infinity);
  const upper = new Float64Array(g.times.length).fill(Infinity);
  if (!band) return { lower, upper };
  const lo = new Map(band.lower.filter((p) => p[1] !== null).map((p) => [p[0], p[1] as number]));
  const up = new Map(band.upper.filter((p) => p[1] !== null).map((p) => [p[0], p[1] as number]));
  for (let i = 0; i < g.times.length; i++) {
    lower[i] = lo.get(g.times[i]) ?? -Infinity;
    upper[i] = up.get(g.times[i]) ?? Infinity;
  }
  return { lower, upper };
}

/**
 * houndstack's approximation of `basic` ("a simple lagging rolling quantile computation", Datadog's docs): for each
 * point, the median of the points of the preceding query window ± deviations × IQR / 1.349 (the IQR's estimate of
 * one standard deviation). Fewer than 5 preceding points: no band (the point counts as inside).
 */
export function basicBand(g: GroupSeries, lagSeconds: number, deviations: number): { lower: Float64Array; upper: Float64Array } {
  const n = g.times.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const window: number[] = [];
  let lo = 0;
  for (let i = 0; i < n; i++) {
    while (lo < i && g.times[lo] < g.times[i] - lagSeconds) window.splice(lowerBound(window, g.values[lo++]), 1);
    if (window.length >= 5) {
      const median = quantile(window, 0.5);
      const sigma = (quantile(window, 0.75) - quantile(window, 0.25)) / 1.349;
      lower[i] = median - deviations * sigma;
      upper[i] = median + deviations * sigma;
    } else {
      lower[i] = -Infinity;
      upper[i] = Infinity;
    }
    window.splice(lowerBound(window, g.values[i]), 0, g.values[i]);
  }
  return { lower, upper };
}

// ---------------------------------------------------------------------------------------------------------------
// Service checks

const STATUS = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;

/**
 * `"check".over(…).by(…).last(N).count_by_status()`: input points are check runs with the status as value (0 OK,
 * 1 WARNING, 2 CRITICAL, 3 UNKNOWN). A group alerts after `critical` consecutive CRITICAL runs, warns after
 * `warning` consecutive WARNING-or-worse runs, resolves after `ok` consecutive OK runs (Datadog, "Service check
 * monitor": "Trigger the alert after selected consecutive failures", "Resolve the alert after selected consecutive
 * successes"); UNKNOWN keeps the state.
 */
function evaluateServiceCheck(q: ServiceCheckQuery, input: EvaluateInput): EvaluationResult {
  const options = input.options ?? {};
  const thresholds: Thresholds = { critical: 1, ok: 1, ...input.thresholds };
  const freq = 60;
  const times = evaluationTimes(input.from, input.to, freq);
  const over = q.over.map((s) => s.value).filter((s) => s !== '*');
  const exclude = q.exclude.map((s) => s.value);
  const by = q.by.map((s) => s.value);
  const groups = new Map<string, { tags: string[]; runs: [number, number][] }>();
  for (const s of input.series) {
    if (s.metric !== q.check.value) continue;
    if (!over.every((t) => hasTag(s.tags, t)) || exclude.some((t) => hasTag(s.tags, t))) continue;
    const values = by.map((k) => tagValue(s.tags, k));
    if (values.some((v) => v === undefined)) continue;
    const tags = by.map((k, i) => `${k}:${values[i]}`);
    const key = tags.length > 0 ? tags.join(',') : '*';
    const g = groups.get(key) ?? { tags, runs: [] };
    for (const p of samples(s)) g.runs.push(p);
    groups.set(key, g);
  }
  const timeframe = noDataSeconds(options, 0, 86400);
  const delay = options.evaluation_delay ?? 0;
  const results: GroupResult[] = [];
  for (const [key, g] of groups) {
    g.runs.sort((x, y) => x[0] - y[0]);
    const states: MonitorState[] = new Array(times.length);
    const values = new Float64Array(times.length).fill(NaN);
    let state: MonitorState = 'OK';
    let i = 0;
    let crit = 0;
    let warnOrWorse = 0;
    let ok = 0;
    for (let k = 0; k < times.length; k++) {
      const end = times[k] - delay;
      let fresh = false;
      while (i < g.runs.length && g.runs[i][0] < end) {
        const status = g.runs[i][1];
        crit = status === STATUS.CRITICAL ? crit + 1 : 0;
        warnOrWorse = status === STATUS.CRITICAL || status === STATUS.WARNING ? warnOrWorse + 1 : 0;
        ok = status === STATUS.OK ? ok + 1 : 0;
        i++;
        fresh = true;
      }
      if (i === 0) {
        states[k] = 'OK';
        continue;
      }
      values[k] = g.runs[i - 1][1];
      if (fresh) {
        if (crit >= (thresholds.critical ?? 1)) state = 'ALERT';
        else if (thresholds.warning !== undefined && warnOrWorse >= thresholds.warning) state = 'WARN';
        else if (ok >= (thresholds.ok ?? 1)) state = 'OK';
      } else if (options.notify_no_data && end - g.runs[i - 1][0] >= timeframe) state = 'NO DATA';
      states[k] = state;
    }
    results.push({ key, tags: g.tags, states, values });
  }
  return { kind: 'service_check', times, frequencySeconds: freq, comparator: undefined, thresholds, groups: sortGroups(results), notes: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Logs, events and the other search sources

/**
 * `logs("…").index("*").rollup("count").by("service").last("5m") > 100` and its siblings: input points are the
 * number of matching events at each time (or the measure's value for avg/sum/min/max rollups); every input series
 * is taken to match the search (the evaluator does not run log searches). A count with no event in the window is 0.
 */
function evaluateSource(q: SourceQuery, input: EvaluateInput): EvaluationResult {
  const options = input.options ?? {};
  const rollup = q.chain.find((c) => c.name.text === 'rollup');
  const aggregator = rollup && rollup.args[0]?.type === 'string' ? rollup.args[0].value : 'count';
  if (!['count', 'avg', 'sum', 'min', 'max'].includes(aggregator)) {
    throw new UnsupportedQueryError(`rollup("${aggregator}") is not supported by the evaluator (count, avg, sum, min, max are)`);
  }
  const byCall = q.chain.find((c) => c.name.text === 'by');
  const keys = byCall ? byCall.args.flatMap((a) => (a.type === 'string' ? a.value.split(',').map((s) => s.trim()).filter(Boolean) : [])) : [];
  const freq = evaluationFrequencySeconds(q.last.seconds);
  const times = evaluationTimes(input.from, input.to, freq);
  const delay = options.evaluation_delay ?? 0;
  const members = new Map<string, { tags: string[]; points: [number, number][] }>();
  for (const s of input.series) {
    const values = keys.map((k) => tagValue(s.tags, k.replace(/^@/, '')) ?? tagValue(s.tags, k));
    if (values.some((v) => v === undefined)) continue;
    const tags = keys.map((k, i) => `${k}:${values[i]}`);
    const key = tags.length > 0 ? tags.join(',') : '*';
    const m = members.get(key) ?? { tags, points: [] };
    for (const p of samples(s)) m.points.push(p);
    members.set(key, m);
  }
  const reducer: WindowReducer = aggregator === 'count' ? 'sum' : (aggregator as WindowReducer);
  const windowed: WindowedGroup[] = [];
  for (const [key, m] of members) {
    m.points.sort((x, y) => x[0] - y[0]);
    const g: GroupSeries = { tags: m.tags, times: Float64Array.from(m.points, (p) => p[0]), values: Float64Array.from(m.points, (p) => p[1]) };
    windowed.push(slide(g, key, times, { seconds: q.last.seconds, reducer, bucketSeconds: 60 }, delay, true));
  }
  const thresholds = thresholdsOf(input, q.comparison.threshold.value);
  const rules: StateRules = {
    comparator: q.comparison.comparator.text, thresholds, options, grouped: keys.length > 0,
    // on_missing_data's default: "For monitors using Count queries, an empty monitor evaluation is treated as 0".
    emptyAsZero: aggregator === 'count' && (options.on_missing_data === undefined || options.on_missing_data === 'default'),
    noDataTimeframeSeconds: noDataSeconds(options, q.last.seconds),
  };
  return { kind: 'source', times, frequencySeconds: freq, comparator: rules.comparator, thresholds, groups: sortGroups(runStates(times, windowed, rules)), notes: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Outliers

/**
 * `outliers(… by {g}, 'mad', tolerance[, pct])`: at each timestamp, a group is outside when its distance to the
 * groups' median exceeds tolerance × MAD (median absolute deviation); the group alerts when more than pct % (default
 * 0: any) of its points in the window are outside. Datadog needs at least 3 groups. DBSCAN is not evaluated.
 */
function evaluateOutlier(q: OutlierQuery, input: EvaluateInput): EvaluationResult {
  const o = q.outliers;
  if (o.algorithm.text !== 'mad') {
    throw new UnsupportedQueryError(`outliers() with '${o.algorithm.text}' is not supported by the evaluator ('mad' is)`);
  }
  const options = input.options ?? {};
  const w = q.evaluation.window;
  const freq = evaluationFrequencySeconds(w.seconds);
  const times = evaluationTimes(input.from, input.to, freq);
  const delay = options.evaluation_delay ?? 0;
  const p = evaluatePointwise(o.query, context(input, w.seconds));
  if (p.kind === 'constant') throw new UnsupportedQueryError('outliers() needs a metric query');
  const byTime = new Map<number, number[]>();
  for (const g of p.groups.values()) for (let i = 0; i < g.times.length; i++) (byTime.get(g.times[i]) ?? byTime.set(g.times[i], []).get(g.times[i])!).push(g.values[i]);
  const stats = new Map<number, [number, number]>();
  for (const [t, xs] of byTime) {
    if (xs.length < 3) continue;
    const sorted = [...xs].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    const mad = quantile(xs.map((x) => Math.abs(x - median)).sort((a, b) => a - b), 0.5);
    stats.set(t, [median, mad]);
  }
  const pct = (o.percentage?.value ?? 0) / 100;
  const windowed: WindowedGroup[] = [];
  for (const [key, g] of p.groups) {
    const flags = g.values.map((v, i) => {
      const s = stats.get(g.times[i]);
      return s && Math.abs(v - s[0]) > o.tolerance.value * s[1] ? 1 : 0;
    });
    const wg = slide({ tags: g.tags, times: g.times, values: flags }, key, times, { seconds: w.seconds, reducer: 'avg', bucketSeconds: 60 }, delay, false);
    windowed.push({ ...wg, values: wg.values.map((f) => (f > pct ? 1 : 0)), series: { times: g.times, values: g.values } });
  }
  const thresholds: Thresholds = { critical: 0 };
  const rules: StateRules = { comparator: '>', thresholds, options, grouped: true, emptyAsZero: false, noDataTimeframeSeconds: noDataSeconds(options, w.seconds) };
  return { kind: 'outlier', times, frequencySeconds: freq, comparator: '>', thresholds, groups: sortGroups(runStates(times, windowed, rules)), notes: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Composites

const SEVERITY: Record<MonitorState, number> = { OK: 0, 'NO DATA': 0, WARN: 1, ALERT: 2 };

/**
 * A composite's state is its expression over its monitors' states, per common group: ALERT and WARN are true, OK and
 * NO DATA false; `a && b` takes the less severe of two true operands, `a || b` the more severe, `!a` is ALERT when
 * `a` is false (Datadog, "Composite monitor": "Composite results require common groupings").
 */
function evaluateComposite(expression: CompositeExpression, input: EvaluateInput): EvaluationResult {
  const members = input.members ?? {};
  const refs = new Set<string>();
  const collect = (e: CompositeExpression): void => {
    if (e.type === 'monitor') refs.add(e.text);
    else if (e.type === 'not') collect(e.operand);
    else if (e.type === 'paren') collect(e.inner);
    else {
      collect(e.left);
      collect(e.right);
    }
  };
  collect(expression);
  const missing = [...refs].filter((r) => !members[r]);
  if (missing.length > 0) throw new UnsupportedQueryError(`composite: no evaluation for monitor ${missing.join(', ')}; give each operand's query`);
  const freq = 60;
  const times = evaluationTimes(input.from, input.to, freq);
  const keys = new Map<string, readonly string[]>();
  for (const r of refs) for (const g of members[r].groups) if (g.key !== '*') keys.set(g.key, g.tags);
  if (keys.size === 0) keys.set('*', []);
  const stateOf = (ref: string, key: string, t: number): MonitorState => {
    const m = members[ref];
    const g = m.groups.find((x) => x.key === key) ?? m.groups.find((x) => x.key === '*');
    if (!g) return 'OK';
    const k = upperIndex(m.times, t);
    return k < 0 ? 'OK' : g.states[k];
  };
  const severity = (e: CompositeExpression, key: string, t: number): number => {
    switch (e.type) {
      case 'monitor':
        return SEVERITY[stateOf(e.text, key, t)];
      case 'paren':
        return severity(e.inner, key, t);
      case 'not':
        return severity(e.operand, key, t) > 0 ? 0 : 2;
      case 'binary': {
        const l = severity(e.left, key, t);
        const r = severity(e.right, key, t);
        return e.operator === '&&' ? (l > 0 && r > 0 ? Math.min(l, r) : 0) : Math.max(l, r);
      }
    }
  };
  const groups: GroupResult[] = [...keys].map(([key, tags]) => {
    const states = Array.from(times, (t) => (['OK', 'WARN', 'ALERT'] as const)[severity(expression, key, t)]);
    return { key, tags, states, values: Float64Array.from(states, (s) => SEVERITY[s]) };
  });
  return { kind: 'composite', times, frequencySeconds: freq, comparator: undefined, thresholds: {}, groups: sortGroups(groups), notes: [] };
}

/** Index of the last time ≤ t (−1 when none). */
export function upperIndex(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** State transitions of every group, in time order. */
export function transitionsOf(result: EvaluationResult): { time: number; group: string; from: MonitorState; to: MonitorState; value: number }[] {
  const out: { time: number; group: string; from: MonitorState; to: MonitorState; value: number }[] = [];
  for (const g of result.groups) {
    let prev: MonitorState = 'OK';
    for (let k = 0; k < g.states.length; k++) {
      if (g.states[k] !== prev) out.push({ time: result.times[k], group: g.key, from: prev, to: g.states[k], value: g.values[k] });
      prev = g.states[k];
    }
  }
  return out.sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : 1));
}

export type { Comparator };
