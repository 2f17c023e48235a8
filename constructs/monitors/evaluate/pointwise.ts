import type { Call, MetricExpression, Modifier, Series } from '../query';
import { isPercentileAggregation } from '../query';
import { matchesScope, tagValue } from './scope';
import { InputSeries, UnsupportedQueryError } from './types';
import { quantile } from './window';

/** One group's series after scope, grouping, space aggregation, modifiers and functions: sorted, no gaps stored. */
export interface GroupSeries {
  readonly tags: readonly string[];
  readonly times: Float64Array;
  readonly values: Float64Array;
}

/** A query expression evaluated point by point: a series per group, or a constant. */
export type Pointwise =
  | { readonly kind: 'groups'; readonly groupBy: readonly string[]; readonly groups: Map<string, GroupSeries> }
  | { readonly kind: 'constant'; readonly value: number };

export interface PointwiseContext {
  readonly series: readonly InputSeries[];
  /** The evaluated range, widened by the windows: where `default_zero()` and `fill()` create points. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** Spacing of points when a series cannot tell (one point): the test's interval. */
  readonly defaultStepSeconds: number;
  /**
   * Keep every sample of a pNN space aggregation instead of one percentile per timestamp: with the `percentile` time
   * aggregation, Datadog takes the percentile of all the distribution's values in the window.
   */
  readonly poolPercentiles?: boolean;
}

/** Functions evaluated point by point; every other name is refused with its name (never guessed). */
export const SUPPORTED_FUNCTIONS: readonly string[] = [
  'abs', 'log2', 'log10', 'cumsum', 'diff', 'monotonic_diff', 'derivative', 'per_second', 'per_minute', 'per_hour',
  'hour_before', 'day_before', 'week_before', 'month_before', 'timeshift', 'default_zero', 'exclude_null',
  'clamp_min', 'clamp_max', 'cutoff_min', 'cutoff_max', 'ewma_3', 'ewma_5', 'ewma_10', 'ewma_20',
  'median_3', 'median_5', 'median_7', 'median_9',
];

export function evaluatePointwise(e: MetricExpression, ctx: PointwiseContext): Pointwise {
  switch (e.type) {
    case 'number':
      return { kind: 'constant', value: e.value };
    case 'paren':
      return evaluatePointwise(e.inner, ctx);
    case 'negate':
      return mapValues(evaluatePointwise(e.operand, ctx), (v) => -v);
    case 'binary':
      return combine(evaluatePointwise(e.left, ctx), evaluatePointwise(e.right, ctx), OPERATORS[e.operator]);
    case 'series':
      return leaf(e, ctx);
    case 'call':
      return call(e, ctx);
  }
}

export const OPERATORS: Record<'+' | '-' | '*' | '/', (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  // Datadog drops points divided by zero rather than graphing infinity.
  '/': (a, b) => (b === 0 ? NaN : a / b),
};

/** Does the expression use `.as_count()` anywhere (Datadog's as_count evaluation path needs arithmetic too)? */
export function usesAsCount(e: MetricExpression): boolean {
  switch (e.type) {
    case 'series':
      return e.modifiers.some((m) => m.name === 'as_count');
    case 'number':
      return false;
    case 'paren':
      return usesAsCount(e.inner);
    case 'negate':
      return usesAsCount(e.operand);
    case 'binary':
      return usesAsCount(e.left) || usesAsCount(e.right);
    case 'call':
      return e.args.some((a) => a.type !== 'string' && a.type !== 'named' && usesAsCount(a));
  }
}

export function hasArithmetic(e: MetricExpression): boolean {
  switch (e.type) {
    case 'binary':
      return true;
    case 'paren':
      return hasArithmetic(e.inner);
    case 'negate':
      return hasArithmetic(e.operand);
    case 'call':
      return e.args.some((a) => a.type !== 'string' && a.type !== 'named' && hasArithmetic(a));
    default:
      return false;
  }
}

function leaf(s: Series, ctx: PointwiseContext): Pointwise {
  const keys = s.groupBy?.keys.map((k) => k.text) ?? [];
  const members = new Map<string, { tags: string[]; list: InputSeries[] }>();
  for (const input of ctx.series) {
    if (input.metric !== s.metric.text || !matchesScope(s.scope, input.tags)) continue;
    let key = '*';
    let tags: string[] = [];
    if (keys.length > 0) {
      const values = keys.map((k) => tagValue(input.tags, k));
      // A series without a group-by tag is not part of any group (Datadog: "not detected by a monitor grouped by it").
      if (values.some((v) => v === undefined)) continue;
      tags = keys.map((k, i) => `${k}:${values[i]}`);
      key = tags.join(',');
    }
    const m = members.get(key);
    if (m) m.list.push(input);
    else members.set(key, { tags, list: [input] });
  }
  const groups = new Map<string, GroupSeries>();
  for (const [key, m] of members) {
    let g = ctx.poolPercentiles && isPercentileAggregation(s.spaceAggregation.text) ? pool(m.list) : spaceAggregate(m.list, s.spaceAggregation.text);
    for (const mod of s.modifiers) g = applyModifier(g, mod, ctx);
    groups.set(key, { tags: m.tags, ...g });
  }
  return { kind: 'groups', groupBy: keys, groups };
}

type Arrays = { times: Float64Array; values: Float64Array };

function pointsOf(input: InputSeries): Arrays {
  if (input.columns) {
    const { times, values } = input.columns;
    let gaps = false;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) gaps = true;
    if (!gaps) return { times, values };
    const keep = Array.from(values.keys()).filter((i) => Number.isFinite(values[i]));
    return { times: Float64Array.from(keep, (i) => times[i]), values: Float64Array.from(keep, (i) => values[i]) };
  }
  let n = 0;
  for (const p of input.points) if (p[1] !== null && Number.isFinite(p[1])) n++;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let i = 0;
  let sorted = true;
  for (const p of input.points) {
    if (p[1] === null || !Number.isFinite(p[1])) continue;
    times[i] = p[0];
    values[i] = p[1];
    if (i > 0 && times[i] < times[i - 1]) sorted = false;
    i++;
  }
  return sorted ? { times, values } : sortArrays(times, values);
}

function sortArrays(times: Float64Array, values: Float64Array): Arrays {
  const idx = Array.from(times.keys()).sort((a, b) => times[a] - times[b]);
  return { times: Float64Array.from(idx, (i) => times[i]), values: Float64Array.from(idx, (i) => values[i]) };
}

/** Every sample of the group's series, in time order (several at one time are kept). */
function pool(list: readonly InputSeries[]): Arrays {
  const all = list.map(pointsOf);
  const n = all.reduce((k, a) => k + a.times.length, 0);
  const idx: [number, number][] = [];
  all.forEach((a, j) => a.times.forEach((_, i) => idx.push([j, i])));
  idx.sort((x, y) => all[x[0]].times[x[1]] - all[y[0]].times[y[1]]);
  return { times: Float64Array.from(idx, ([j, i]) => all[j].times[i]), values: Float64Array.from({ length: n }, (_, k) => all[idx[k][0]].values[idx[k][1]]) };
}

/** Space aggregation across the group's series at each timestamp (points at the same time are combined). */
function spaceAggregate(list: readonly InputSeries[], aggregation: string): Arrays {
  if (list.length === 1 && aggregation !== 'count') return pointsOf(list[0]);
  const byTime = new Map<number, number[]>();
  for (const input of list) {
    const { times, values } = pointsOf(input);
    for (let i = 0; i < times.length; i++) {
      const at = byTime.get(times[i]);
      if (at) at.push(values[i]);
      else byTime.set(times[i], [values[i]]);
    }
  }
  const keys = [...byTime.keys()].sort((a, b) => a - b);
  const reduce = reducerOf(aggregation);
  return { times: Float64Array.from(keys), values: Float64Array.from(keys, (k) => reduce(byTime.get(k)!)) };
}

function reducerOf(aggregation: string): (xs: number[]) => number {
  switch (aggregation) {
    case 'avg':
      return (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'sum':
      return (xs) => xs.reduce((a, b) => a + b, 0);
    case 'min':
      return (xs) => Math.min(...xs);
    case 'max':
      return (xs) => Math.max(...xs);
    case 'count':
      return (xs) => xs.length;
    default:
      if (isPercentileAggregation(aggregation)) {
        const q = Number(aggregation.slice(1)) / 100;
        return (xs) => quantile([...xs].sort((a, b) => a - b), q);
      }
      throw new UnsupportedQueryError(`space aggregation '${aggregation}' is not supported by the evaluator (avg, sum, min, max, count, pNN are)`);
  }
}

function applyModifier(g: Arrays, mod: Modifier, ctx: PointwiseContext): Arrays {
  switch (mod.name) {
    // The input points are what the query returns per point: counts for .as_count(), rates for .as_rate().
    case 'as_count':
    case 'as_rate':
      return g;
    case 'rollup': {
      const seconds = mod.seconds?.value ?? stepOf(g.times, ctx.defaultStepSeconds);
      return rollup(g, mod.aggregator.text, seconds);
    }
    case 'fill':
      return fill(g, mod.mode.text, mod.limitSeconds?.value, ctx);
    case 'weighted':
      throw new UnsupportedQueryError('.weighted() is not supported by the evaluator: it weights points by how long each tag value reported, which the input series do not say');
  }
}

/** Points re-bucketed into UNIX-aligned buckets of `seconds`, each bucket reduced by the aggregator. */
function rollup(g: Arrays, aggregator: string, seconds: number): Arrays {
  const times: number[] = [];
  const values: number[] = [];
  const reduce = reducerOf(aggregator);
  let bucket = NaN;
  let acc: number[] = [];
  const flush = () => {
    if (acc.length > 0) {
      times.push(bucket * seconds);
      values.push(reduce(acc));
    }
  };
  for (let i = 0; i < g.times.length; i++) {
    const b = Math.floor(g.times[i] / seconds);
    if (b !== bucket) {
      flush();
      bucket = b;
      acc = [];
    }
    acc.push(g.values[i]);
  }
  flush();
  return { times: Float64Array.from(times), values: Float64Array.from(values) };
}

/** The smallest spacing between points (the series' interval), or the default when it has fewer than two. */
export function stepOf(times: Float64Array, fallback: number): number {
  let step = Infinity;
  for (let i = 1; i < times.length; i++) {
    const d = times[i] - times[i - 1];
    if (d > 0 && d < step) step = d;
  }
  return Number.isFinite(step) ? step : fallback;
}

/**
 * `fill(mode[, limit])` and `default_zero()`: missing points on the series' own grid get a value. `default_zero` and
 * `fill(zero)` fill the whole evaluated range (an empty window then evaluates as 0, what the function is for in
 * monitors); `last` and `linear` fill between reported points, at most `limit` seconds (Datadog's default 300).
 */
function fill(g: Arrays, mode: string, limitSeconds: number | undefined, ctx: PointwiseContext): Arrays {
  if (mode === 'null') return g;
  const step = stepOf(g.times, ctx.defaultStepSeconds);
  const limit = limitSeconds ?? 300;
  const times: number[] = [];
  const values: number[] = [];
  const push = (t: number, v: number) => {
    times.push(t);
    values.push(v);
  };
  if (mode === 'zero') {
    const anchor = g.times.length > 0 ? g.times[0] : Math.ceil(ctx.rangeStart / step) * step;
    let t = anchor - Math.floor((anchor - ctx.rangeStart) / step) * step;
    let i = 0;
    for (; t < ctx.rangeEnd || i < g.times.length; t += step) {
      while (i < g.times.length && g.times[i] < t) push(g.times[i], g.values[i++]);
      if (i < g.times.length && g.times[i] === t) push(t, g.values[i++]);
      else if (t < ctx.rangeEnd) push(t, 0);
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values) };
  }
  for (let i = 0; i < g.times.length; i++) {
    push(g.times[i], g.values[i]);
    if (i + 1 === g.times.length) break;
    const gap = g.times[i + 1] - g.times[i];
    for (let t = g.times[i] + step; t < g.times[i + 1] && t - g.times[i] <= limit; t += step) {
      push(t, mode === 'last' ? g.values[i] : g.values[i] + ((g.values[i + 1] - g.values[i]) * (t - g.times[i])) / gap);
    }
  }
  return { times: Float64Array.from(times), values: Float64Array.from(values) };
}

function mapValues(p: Pointwise, f: (v: number, i: number, g: Arrays) => number): Pointwise {
  if (p.kind === 'constant') return { kind: 'constant', value: f(p.value, 0, { times: new Float64Array(0), values: new Float64Array(0) }) };
  const groups = new Map<string, GroupSeries>();
  for (const [key, g] of p.groups) {
    const values = g.values.map((v, i) => f(v, i, g));
    groups.set(key, dropNaN({ tags: g.tags, times: g.times, values }));
  }
  return { kind: 'groups', groupBy: p.groupBy, groups };
}

function dropNaN(g: GroupSeries): GroupSeries {
  let n = 0;
  for (const v of g.values) if (!Number.isNaN(v)) n++;
  if (n === g.values.length) return g;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < g.values.length; i++) {
    if (Number.isNaN(g.values[i])) continue;
    times[j] = g.times[i];
    values[j++] = g.values[i];
  }
  return { tags: g.tags, times, values };
}

/** Arithmetic between two operands: groups matched by their tags (a simple operand applies to every group), points by time. */
export function combine(a: Pointwise, b: Pointwise, op: (x: number, y: number) => number): Pointwise {
  if (a.kind === 'constant' && b.kind === 'constant') return { kind: 'constant', value: op(a.value, b.value) };
  if (a.kind === 'constant') return mapValues(b, (v) => op(a.value, v));
  if (b.kind === 'constant') return mapValues(a, (v) => op(v, b.value));
  const [wide, narrow, flipped] = a.groupBy.length >= b.groupBy.length ? [a, b, false] : [b, a, true];
  const groups = new Map<string, GroupSeries>();
  for (const [key, g] of wide.groups) {
    const other = narrow.groupBy.length === 0 ? narrow.groups.get('*') : narrow.groups.get(projectKey(g.tags, narrow.groupBy));
    if (!other) continue;
    const [l, r] = flipped ? [other, g] : [g, other];
    groups.set(key, joinByTime(l, r, op, g.tags));
  }
  return { kind: 'groups', groupBy: wide.groupBy, groups };
}

function projectKey(tags: readonly string[], keys: readonly string[]): string {
  return keys.map((k) => `${k}:${tagValue(tags, k)}`).join(',');
}

function joinByTime(l: GroupSeries, r: GroupSeries, op: (x: number, y: number) => number, tags: readonly string[]): GroupSeries {
  const times: number[] = [];
  const values: number[] = [];
  let i = 0;
  let j = 0;
  while (i < l.times.length && j < r.times.length) {
    if (l.times[i] < r.times[j]) i++;
    else if (l.times[i] > r.times[j]) j++;
    else {
      const v = op(l.values[i], r.values[j]);
      if (!Number.isNaN(v)) {
        times.push(l.times[i]);
        values.push(v);
      }
      i++;
      j++;
    }
  }
  return { tags, times: Float64Array.from(times), values: Float64Array.from(values) };
}

function numberArg(c: Call, index: number, name: string): number {
  const a = c.args[index];
  if (!a || a.type !== 'number') throw new UnsupportedQueryError(`${c.name.text}(): argument ${index + 1} (${name}) must be a number`);
  return a.value;
}

function shift(p: Pointwise, seconds: number): Pointwise {
  if (p.kind === 'constant') return p;
  const groups = new Map<string, GroupSeries>();
  for (const [key, g] of p.groups) groups.set(key, { tags: g.tags, times: g.times.map((t) => t + seconds), values: g.values });
  return { kind: 'groups', groupBy: p.groupBy, groups };
}

function call(c: Call, ctx: PointwiseContext): Pointwise {
  const name = c.name.text;
  if (!SUPPORTED_FUNCTIONS.includes(name)) {
    throw new UnsupportedQueryError(`function ${name}() is not supported by the evaluator; supported: ${SUPPORTED_FUNCTIONS.join(', ')}`);
  }
  const first = c.args[0];
  if (!first || first.type === 'string' || first.type === 'named') throw new UnsupportedQueryError(`${name}(): the first argument must be a metric query`);
  const inner = evaluatePointwise(first, ctx);
  const rolling = /^(ewma|median)_(\d+)$/.exec(name);
  if (rolling) return rollingFn(inner, rolling[1] as 'ewma' | 'median', Number(rolling[2]));
  switch (name) {
    case 'abs':
      return mapValues(inner, Math.abs);
    case 'log2':
      return mapValues(inner, (v) => (v > 0 ? Math.log2(v) : NaN));
    case 'log10':
      return mapValues(inner, (v) => (v > 0 ? Math.log10(v) : NaN));
    case 'exclude_null':
      // Groups are built only from series that carry every group-by tag: there is no null group to exclude.
      return inner;
    case 'clamp_min':
      return mapValues(inner, (v) => Math.max(v, numberArg(c, 1, 'minimum')));
    case 'clamp_max':
      return mapValues(inner, (v) => Math.min(v, numberArg(c, 1, 'maximum')));
    case 'cutoff_min':
      return mapValues(inner, (v) => (v < numberArg(c, 1, 'minimum') ? NaN : v));
    case 'cutoff_max':
      return mapValues(inner, (v) => (v > numberArg(c, 1, 'maximum') ? NaN : v));
    case 'cumsum': {
      return byGroup(inner, (g) => {
        let s = 0;
        return { times: g.times, values: g.values.map((v) => (s += v)) };
      });
    }
    case 'diff':
    case 'monotonic_diff':
    case 'derivative':
      return byGroup(inner, (g) => {
        const values = new Float64Array(g.values.length);
        values[0] = NaN;
        for (let i = 1; i < g.values.length; i++) {
          const d = g.values[i] - g.values[i - 1];
          values[i] = name === 'diff' ? d : name === 'monotonic_diff' ? (d < 0 ? g.values[i] : d) : d / (g.times[i] - g.times[i - 1]);
        }
        return { times: g.times, values };
      });
    case 'per_second':
    case 'per_minute':
    case 'per_hour': {
      const unit = name === 'per_second' ? 1 : name === 'per_minute' ? 60 : 3600;
      return byGroup(inner, (g) => {
        const step = stepOf(g.times, ctx.defaultStepSeconds);
        return { times: g.times, values: g.values.map((v) => (v / step) * unit) };
      });
    }
    case 'hour_before':
      return shift(inner, 3600);
    case 'day_before':
      return shift(inner, 86400);
    case 'week_before':
      return shift(inner, 7 * 86400);
    case 'month_before':
      return shift(inner, 28 * 86400);
    case 'timeshift':
      return shift(inner, -numberArg(c, 1, 'seconds'));
    case 'default_zero':
      return defaultZero(inner, ctx);
  }
  throw new UnsupportedQueryError(`function ${name}() is not supported by the evaluator`);
}

function byGroup(p: Pointwise, f: (g: GroupSeries) => Arrays): Pointwise {
  if (p.kind === 'constant') return p;
  const groups = new Map<string, GroupSeries>();
  for (const [key, g] of p.groups) groups.set(key, dropNaN({ tags: g.tags, ...(g.times.length > 0 ? f(g) : g) }));
  return { kind: 'groups', groupBy: p.groupBy, groups };
}

function defaultZero(p: Pointwise, ctx: PointwiseContext): Pointwise {
  if (p.kind === 'constant') return p;
  const groups = new Map<string, GroupSeries>();
  // A simple alert with no series at all still evaluates: as 0.
  if (p.groupBy.length === 0 && p.groups.size === 0) groups.set('*', { tags: [], times: new Float64Array(0), values: new Float64Array(0) });
  for (const [key, g] of p.groups) groups.set(key, g);
  for (const [key, g] of groups) groups.set(key, { tags: g.tags, ...fill(g, 'zero', undefined, ctx) });
  return { kind: 'groups', groupBy: p.groupBy, groups };
}

function rollingFn(p: Pointwise, kind: 'ewma' | 'median', span: number): Pointwise {
  return byGroup(p, (g) => {
    const values = new Float64Array(g.values.length);
    if (kind === 'ewma') {
      const alpha = 2 / (span + 1);
      let s = g.values[0];
      for (let i = 0; i < g.values.length; i++) values[i] = s = i === 0 ? s : alpha * g.values[i] + (1 - alpha) * s;
    } else {
      const half = Math.floor(span / 2);
      for (let i = 0; i < g.values.length; i++) {
        const w = Array.from(g.values.subarray(Math.max(0, i - half), Math.min(g.values.length, i + half + 1))).sort((a, b) => a - b);
        values[i] = quantile(w, 0.5);
      }
    }
    return { times: g.times, values };
  });
}
