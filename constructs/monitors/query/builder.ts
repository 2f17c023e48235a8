/**
 * A typed builder for the common monitor queries, so users rarely write query strings. Every string it emits parses
 * with `parseMonitorQuery` (a property test holds it to that). Inputs are validated up front; all problems are
 * reported together in one `QueryBuildError`, each naming the field, the bad value and what is allowed.
 */
import type {
  AnomalyAlgorithm,
  AnomalyDirection,
  Comparator,
  FillMode,
  ForecastAlgorithm,
  OutlierAlgorithm,
  RollupAggregator,
  Seasonality,
  SourceName,
} from './ast';
import { metricNameProblem } from './parser';
import {
  ANOMALY_ALGORITHMS,
  ANOMALY_DIRECTIONS,
  FILL_MODES,
  FORECAST_ALGORITHMS,
  FORECAST_MODELS,
  isSourceRollup,
  isSpaceAggregation,
  OUTLIER_ALGORITHMS,
  ROLLUP_AGGREGATORS,
  SEASONALITIES,
  SERVICE_CHECK_LAST_MAX,
  SOURCE_NAMES,
  SOURCE_ROLLUPS,
  SPACE_AGGREGATIONS,
  type SpaceAggregation,
  WINDOW_LIMITS,
} from './vocabulary';

export class QueryBuildError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n- ${problems.join('\n- ')}`);
    this.name = 'QueryBuildError';
  }
}

/** Collects problems; `throwIfAny` raises them together. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly where: string) {}
  add(field: string, message: string): void {
    this.list.push(`${this.where}: ${field} ${message}`);
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new QueryBuildError(this.list);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Windows

/** An evaluation window: `{ minutes: 5 }` → `last_5m`; `{ current: 'day' }` → `current_1d`. */
export type EvaluationWindow =
  | { readonly minutes: number }
  | { readonly hours: number }
  | { readonly days: 1 }
  | { readonly weeks: 1 }
  | { readonly current: 'hour' | 'day' | 'month' };

const CURRENT_TEXT = { hour: 'current_1h', day: 'current_1d', month: 'current_1mo' } as const;

function wholeInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** Renders a window; `limits` narrows minutes/hours/days (the change form allows less). */
function windowText(
  window: EvaluationWindow | undefined,
  field: string,
  problems: Problems,
  limits: { minutes: number; hours: number; days: readonly number[]; weeks: boolean; current: boolean } = {
    minutes: WINDOW_LIMITS.minutes.max,
    hours: WINDOW_LIMITS.hours.max,
    days: [1],
    weeks: true,
    current: true,
  },
): string {
  const fallback = 'last_5m';
  if (window === undefined || typeof window !== 'object') {
    problems.add(field, `is required: a window such as { minutes: 5 }, { hours: 1 }, { days: 1 }, { weeks: 1 } or { current: 'day' }`);
    return fallback;
  }
  const keys = Object.keys(window);
  if (keys.length !== 1) {
    problems.add(field, `must have exactly one of minutes, hours, days, weeks, current; got ${shown(window)}`);
    return fallback;
  }
  if ('minutes' in window) {
    if (!wholeInRange(window.minutes, 1, limits.minutes)) problems.add(`${field}.minutes`, `is ${shown(window.minutes)}; allowed: a whole number from 1 to ${limits.minutes}`);
    return `last_${window.minutes}m`;
  }
  if ('hours' in window) {
    if (!wholeInRange(window.hours, 1, limits.hours)) problems.add(`${field}.hours`, `is ${shown(window.hours)}; allowed: a whole number from 1 to ${limits.hours}`);
    return `last_${window.hours}h`;
  }
  if ('days' in window) {
    if (!limits.days.includes(window.days)) problems.add(`${field}.days`, `is ${shown(window.days)}; allowed: ${limits.days.join(' or ')} (use hours for other lengths)`);
    return `last_${window.days}d`;
  }
  if ('weeks' in window) {
    if (!limits.weeks || window.weeks !== 1) problems.add(`${field}.weeks`, `is ${shown(window.weeks)}; allowed: ${limits.weeks ? '1' : 'none here'}`);
    return `last_${window.weeks}w`;
  }
  if ('current' in window) {
    const text = CURRENT_TEXT[window.current];
    if (!limits.current || !text) problems.add(`${field}.current`, `is ${shown(window.current)}; allowed: ${limits.current ? "'hour', 'day', 'month'" : 'none here'}`);
    return text ?? fallback;
  }
  problems.add(field, `must have one of minutes, hours, days, weeks, current; got ${shown(window)}`);
  return fallback;
}

function windowSeconds(window: EvaluationWindow | undefined): number | undefined {
  if (!window || typeof window !== 'object') return undefined;
  if ('minutes' in window) return window.minutes * 60;
  if ('hours' in window) return window.hours * 3600;
  if ('days' in window) return window.days * 86400;
  if ('weeks' in window) return window.weeks * 604800;
  if ('current' in window) return { hour: 3600, day: 86400, month: 2592000 }[window.current];
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Scope

/** Tag filters: `{ env: 'prod', region: ['us-east-1', 'us-west-2'] }`; a list means any of them. */
export type TagFilters = Readonly<Record<string, string | readonly string[]>>;

const TAG_KEY = /^[A-Za-z][A-Za-z0-9_\-./]*$/;
const TAG_VALUE = /^[A-Za-z0-9_\-./:*?@]+$/;

/**
 * A Terraform token as cdktf renders it (`${TfToken[…]}`): known only at apply time, so not validated here (house
 * rule 3). Queries holding one parse with `parseMonitorQuery(q, { allowPlaceholders: true })`.
 */
function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

function checkTags(filters: TagFilters | undefined, field: string, problems: Problems): Array<[string, string[]]> {
  if (filters === undefined) return [];
  const entries: Array<[string, string[]]> = [];
  for (const [key, raw] of Object.entries(filters)) {
    const values = typeof raw === 'string' ? [raw] : [...raw];
    if (!TAG_KEY.test(key) && !isToken(key)) {
      problems.add(`${field} key ${shown(key)}`, 'is not a tag key: start with a letter; then letters, digits, _ - . /');
    }
    if (values.length === 0) problems.add(`${field}.${key}`, 'is an empty list; give at least one value');
    for (const value of values) {
      if (typeof value !== 'string' || (!TAG_VALUE.test(value) && !isToken(value))) {
        problems.add(`${field}.${key}`, `value ${shown(value)} is not a tag value: letters, digits, _ - . / : @ and the wildcards * ?; no spaces`);
      }
    }
    entries.push([key, values]);
  }
  return entries;
}

/**
 * `{*}` when empty; the comma style (`{env:prod,!region:x}`) when every key has one value; otherwise the boolean
 * style (`{env:prod AND region IN (a, b) AND NOT host:c}`), since a list needs IN and the two styles cannot mix.
 */
function scopeText(include: Array<[string, string[]]>, exclude: Array<[string, string[]]>): string {
  if (include.length === 0 && exclude.length === 0) return '{*}';
  const needsBoolean = [...include, ...exclude].some(([, values]) => values.length > 1);
  if (!needsBoolean) {
    return `{${[...include.map(([k, [v]]) => `${k}:${v}`), ...exclude.map(([k, [v]]) => `!${k}:${v}`)].join(',')}}`;
  }
  const terms = [
    ...include.map(([k, values]) => (values.length === 1 ? `${k}:${values[0]}` : `${k} IN (${values.join(', ')})`)),
    ...exclude.map(([k, values]) => (values.length === 1 ? `NOT ${k}:${values[0]}` : `${k} NOT IN (${values.join(', ')})`)),
  ];
  return `{${terms.join(' AND ')}}`;
}

function groupByText(keys: readonly string[] | undefined, field: string, problems: Problems): string {
  if (keys === undefined || keys.length === 0) return '';
  for (const key of keys) {
    if (typeof key !== 'string' || (!TAG_KEY.test(key) && !isToken(key))) problems.add(field, `key ${shown(key)} is not a tag key: start with a letter; then letters, digits, _ - . /`);
  }
  if (new Set(keys).size !== keys.length) problems.add(field, `repeats a key: ${keys.join(', ')}`);
  return ` by {${keys.join(',')}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Metric expressions

/** One metric series: `sum:trace.http.request.hits{service:web} by {resource_name}.as_count()`. */
export interface SeriesProps {
  readonly metric: string;
  /** @default 'avg' */
  readonly spaceAggregation?: SpaceAggregation;
  /** Tags the series must have. @default - every source ({*}) */
  readonly scope?: TagFilters;
  /** Tags the series must not have. @default - none */
  readonly exclude?: TagFilters;
  /** @default - one group (no `by {…}`) */
  readonly groupBy?: readonly string[];
  /** `.as_count()`: count metrics evaluated as counts over the window. @default false */
  readonly asCount?: boolean;
  /** `.as_rate()`. @default false */
  readonly asRate?: boolean;
  /** `.rollup(aggregator[, seconds])`. @default - Datadog's automatic rollup */
  readonly rollup?: { readonly aggregator: RollupAggregator; readonly seconds?: number };
  /** `.fill(mode[, limitSeconds])`. @default - no fill */
  readonly fill?: { readonly mode: FillMode; readonly limitSeconds?: number };
}

type Operand = MetricExpressionBuilder | number;

/** A metric expression under construction. Immutable; `toString()` gives its query text. */
export class MetricExpressionBuilder {
  /** @internal */
  constructor(
    private readonly text: string,
    /** 3 atom, 2 `* /`, 1 `+ -`: decides where parentheses are needed. */
    private readonly precedence: number,
    /** Problems found while building this expression or its parts. */
    readonly problems: readonly string[],
  ) {}

  plus(other: Operand): MetricExpressionBuilder {
    return binary(this, '+', other);
  }
  minus(other: Operand): MetricExpressionBuilder {
    return binary(this, '-', other);
  }
  times(other: Operand): MetricExpressionBuilder {
    return binary(this, '*', other);
  }
  dividedBy(other: Operand): MetricExpressionBuilder {
    return binary(this, '/', other);
  }

  toString(): string {
    return this.text;
  }

  /** @internal */
  wrapFor(precedence: number, strict: boolean): string {
    return this.precedence < precedence || (strict && this.precedence === precedence) ? `(${this.text})` : this.text;
  }
}

function operandExpression(value: Operand, problems: string[]): MetricExpressionBuilder {
  if (value instanceof MetricExpressionBuilder) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`arithmetic: operand ${shown(value)} is not a finite number or a metric expression`);
    return new MetricExpressionBuilder('0', 3, []);
  }
  return new MetricExpressionBuilder(numberText(value), value < 0 ? 2 : 3, []);
}

function binary(left: MetricExpressionBuilder, operator: '+' | '-' | '*' | '/', right: Operand): MetricExpressionBuilder {
  const problems: string[] = [];
  const r = operandExpression(right, problems);
  const precedence = operator === '+' || operator === '-' ? 1 : 2;
  const text = `${left.wrapFor(precedence, false)} ${operator} ${r.wrapFor(precedence, true)}`;
  return new MetricExpressionBuilder(text, precedence, [...left.problems, ...r.problems, ...problems]);
}

/** Numbers as Datadog reads them: no exponent, no trailing zeros. */
function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** A single metric series. */
export function series(props: SeriesProps): MetricExpressionBuilder {
  const problems = new Problems('series');
  const metricProblem = typeof props.metric !== 'string' ? 'it must be a string' : isToken(props.metric) ? undefined : metricNameProblem(props.metric);
  if (metricProblem) problems.add('metric', `${shown(props.metric)} is invalid: ${metricProblem}`);
  const aggregation = props.spaceAggregation ?? 'avg';
  if (!isSpaceAggregation(aggregation)) {
    problems.add('spaceAggregation', `is ${shown(aggregation)}; allowed: ${SPACE_AGGREGATIONS.join(', ')} or a percentile such as 'p95'`);
  }
  const include = checkTags(props.scope, 'scope', problems);
  const exclude = checkTags(props.exclude, 'exclude', problems);
  let text = `${aggregation}:${props.metric}${scopeText(include, exclude)}${groupByText(props.groupBy, 'groupBy', problems)}`;
  if (props.asCount && props.asRate) problems.add('asCount/asRate', 'are both set; choose one');
  if (props.asCount) text += '.as_count()';
  if (props.asRate) text += '.as_rate()';
  if (props.rollup) {
    const { aggregator, seconds } = props.rollup;
    if (!ROLLUP_AGGREGATORS.includes(aggregator)) problems.add('rollup.aggregator', `is ${shown(aggregator)}; allowed: ${ROLLUP_AGGREGATORS.join(', ')}`);
    if (seconds !== undefined && !wholeInRange(seconds, 1, Number.MAX_SAFE_INTEGER)) problems.add('rollup.seconds', `is ${shown(seconds)}; allowed: a positive whole number`);
    text += seconds === undefined ? `.rollup(${aggregator})` : `.rollup(${aggregator}, ${seconds})`;
  }
  if (props.fill) {
    const { mode, limitSeconds } = props.fill;
    if (!FILL_MODES.includes(mode)) problems.add('fill.mode', `is ${shown(mode)}; allowed: ${FILL_MODES.join(', ')}`);
    if (limitSeconds !== undefined && !wholeInRange(limitSeconds, 1, Number.MAX_SAFE_INTEGER)) problems.add('fill.limitSeconds', `is ${shown(limitSeconds)}; allowed: a positive whole number`);
    text += limitSeconds === undefined ? `.fill(${mode})` : `.fill(${mode}, ${limitSeconds})`;
  }
  return new MetricExpressionBuilder(text, 3, problems.list);
}

/** Functions that take only the series. */
export const SERIES_FUNCTIONS = [
  'abs', 'log2', 'log10', 'cumsum', 'integral', 'count_nonzero', 'count_not_null', 'exclude_null', 'default_zero',
  'per_second', 'per_minute', 'per_hour', 'dt', 'diff', 'monotonic_diff', 'derivative', 'robust_trend', 'trend_line',
  'piecewise_constant', 'ewma_1', 'ewma_3', 'ewma_5', 'ewma_7', 'ewma_10', 'ewma_20', 'median_3', 'median_5',
  'median_7', 'median_9', 'hour_before', 'day_before', 'week_before', 'month_before',
] as const;
export type SeriesFunction = (typeof SERIES_FUNCTIONS)[number];

/** `default_zero(expr)`, `per_second(expr)`, `ewma_5(expr)`… */
export function applyFunction(name: SeriesFunction, expression: MetricExpressionBuilder): MetricExpressionBuilder {
  const problems = [...expression.problems];
  if (!(SERIES_FUNCTIONS as readonly string[]).includes(name)) problems.push(`function: ${shown(name)} is not one of ${SERIES_FUNCTIONS.join(', ')}`);
  return new MetricExpressionBuilder(`${name}(${expression})`, 3, problems);
}

/** `top(expr, 10, 'mean', 'desc')`: the N series ranked by a reducer. */
export function top(
  expression: MetricExpressionBuilder,
  count: 5 | 10 | 15 | 20 | 25 | 50 | 100,
  by: 'max' | 'min' | 'last' | 'l2norm' | 'area' | 'mean' | 'norm' = 'mean',
  order: 'asc' | 'desc' = 'desc',
): MetricExpressionBuilder {
  return new MetricExpressionBuilder(`top(${expression}, ${count}, '${by}', '${order}')`, 3, expression.problems);
}

// ---------------------------------------------------------------------------------------------------------------
// Thresholds

/** The last step of a builder: pick the comparison, get the query string. */
export class Thresholdable {
  /** @internal */
  constructor(
    private readonly head: string,
    private readonly problems: readonly string[],
    private readonly checkThreshold: (value: number) => string | undefined = () => undefined,
  ) {}

  above(threshold: number): string {
    return this.compare('>', threshold);
  }
  atOrAbove(threshold: number): string {
    return this.compare('>=', threshold);
  }
  below(threshold: number): string {
    return this.compare('<', threshold);
  }
  atOrBelow(threshold: number): string {
    return this.compare('<=', threshold);
  }
  equalTo(threshold: number): string {
    return this.compare('==', threshold);
  }
  notEqualTo(threshold: number): string {
    return this.compare('!=', threshold);
  }

  compare(comparator: Comparator, threshold: number): string {
    const problems = [...this.problems];
    if (!['<', '<=', '>', '>=', '==', '!='].includes(comparator)) problems.push(`comparator: ${shown(comparator)} is not one of < <= > >= == !=`);
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      problems.push(`threshold: ${shown(threshold)} is not a finite number`);
    } else {
      const bad = this.checkThreshold(threshold);
      if (bad) problems.push(bad);
    }
    if (problems.length > 0) throw new QueryBuildError(problems);
    return `${this.head} ${comparator} ${numberText(threshold)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Metric alerts

export type MetricTimeAggregation = 'avg' | 'sum' | 'min' | 'max' | 'percentile';
const TIME_AGGREGATION_LIST: readonly MetricTimeAggregation[] = ['avg', 'sum', 'min', 'max', 'percentile'];

export interface MetricQueryProps extends Partial<SeriesProps> {
  /** How the window's points reduce to one value. @default 'avg' */
  readonly timeAggregation?: MetricTimeAggregation;
  readonly window: EvaluationWindow;
  /** A built expression (arithmetic, functions); use it instead of the series fields (metric, scope…). */
  readonly expression?: MetricExpressionBuilder;
  /** Functions applied around the series, innermost first: `['default_zero']` → `default_zero(series)`. */
  readonly functions?: readonly SeriesFunction[];
}

function expressionFrom(props: MetricQueryProps, problems: Problems): MetricExpressionBuilder {
  if (props.expression !== undefined) {
    if (props.metric !== undefined) problems.add('expression/metric', 'are both set; give the expression or the series fields, not both');
    let e = props.expression;
    for (const f of props.functions ?? []) e = applyFunction(f, e);
    return e;
  }
  if (props.metric === undefined) {
    problems.add('metric', 'is required (or give an expression)');
    return new MetricExpressionBuilder('avg:missing{*}', 3, []);
  }
  let e = series(props as SeriesProps);
  for (const f of props.functions ?? []) e = applyFunction(f, e);
  return e;
}

function timeAggregationText(value: MetricTimeAggregation | undefined, problems: Problems): string {
  const aggregation = value ?? 'avg';
  if (!TIME_AGGREGATION_LIST.includes(aggregation)) problems.add('timeAggregation', `is ${shown(aggregation)}; allowed: ${TIME_AGGREGATION_LIST.join(', ')}`);
  return aggregation;
}

/**
 * A metric threshold query: `metricQuery({ window: { minutes: 5 }, metric: 'system.cpu.user', scope: { env: 'prod' },
 * groupBy: ['host'] }).above(90)` → `avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90`.
 */
export function metricQuery(props: MetricQueryProps): Thresholdable {
  const problems = new Problems('metricQuery');
  const aggregation = timeAggregationText(props.timeAggregation, problems);
  if (aggregation === 'percentile' && (props.expression !== undefined || props.functions?.length || !/^p\d/.test(props.spaceAggregation ?? ''))) {
    problems.add('timeAggregation', `'percentile' needs one series with a percentile spaceAggregation such as 'p95' (a distribution metric)`);
  }
  const window = windowText(props.window, 'window', problems);
  const expression = expressionFrom(props, problems);
  return new Thresholdable(`${aggregation}(${window}):${expression}`, [...problems.list, ...expression.problems.map((p) => `metricQuery: ${p}`)]);
}

export interface ChangeQueryProps extends MetricQueryProps {
  /** `change` (absolute) or `pct_change` (relative, in percent). @default 'change' */
  readonly change?: 'change' | 'pct_change';
  /** The window compared against, written `last_…` as Datadog's UI exports it. @default - the window */
  readonly compareTo?: EvaluationWindow;
}

/** `change(avg(last_5m),last_5m):…` */
export function changeQuery(props: ChangeQueryProps): Thresholdable {
  const problems = new Problems('changeQuery');
  const kind = props.change ?? 'change';
  if (kind !== 'change' && kind !== 'pct_change') problems.add('change', `is ${shown(kind)}; allowed: 'change', 'pct_change'`);
  const aggregation = timeAggregationText(props.timeAggregation, problems);
  const changeLimits = { minutes: 2880, hours: 48, days: [1, 2], weeks: false, current: false };
  const window = windowText(props.window, 'window', problems, changeLimits);
  const compareTo = windowText(props.compareTo ?? props.window, 'compareTo', problems, changeLimits);
  const expression = expressionFrom(props, problems);
  return new Thresholdable(`${kind}(${aggregation}(${window}),${compareTo}):${expression}`, [
    ...problems.list,
    ...expression.problems.map((p) => `changeQuery: ${p}`),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Anomaly, forecast, outliers

export interface AnomalyQueryProps {
  /** The query window (the `avg(last_4h)` part); at least the alert window. */
  readonly window: EvaluationWindow;
  readonly query: MetricExpressionBuilder;
  readonly algorithm: AnomalyAlgorithm;
  /** Width of the expected band in deviations. @default 2 */
  readonly deviations?: number;
  /** @default 'both' */
  readonly direction?: AnomalyDirection;
  /** How long a metric must be anomalous to trigger; the monitor's trigger_window must equal it. */
  readonly alertWindow: { readonly minutes: number } | { readonly hours: number };
  /** Rollup interval in seconds. @default - Datadog picks from the window */
  readonly intervalSeconds?: number;
  /** Treat missing count data as zero. @default - not written (Datadog's default) */
  readonly countDefaultZero?: boolean;
  /** Only for 'agile' and 'robust'. @default - not written */
  readonly seasonality?: Seasonality;
  /** For seasonality, e.g. 'utc', 'europe/paris'. @default - not written (UTC) */
  readonly timezone?: string;
}

/** `avg(last_4h):anomalies(q, 'agile', 2, direction='above', alert_window='last_15m', …)`; threshold 0–1. */
export function anomalyQuery(props: AnomalyQueryProps): Thresholdable {
  const problems = new Problems('anomalyQuery');
  const window = windowText(props.window, 'window', problems);
  const alertWindow = windowText(props.alertWindow as EvaluationWindow, 'alertWindow', problems);
  const querySeconds = windowSeconds(props.window);
  const alertSeconds = windowSeconds(props.alertWindow as EvaluationWindow);
  if (querySeconds !== undefined && alertSeconds !== undefined && alertSeconds > querySeconds) {
    problems.add('alertWindow', `${alertWindow} is longer than the window ${window}; the query window must be at least the alert window`);
  }
  if (!ANOMALY_ALGORITHMS.includes(props.algorithm)) problems.add('algorithm', `is ${shown(props.algorithm)}; allowed: ${ANOMALY_ALGORITHMS.join(', ')}`);
  const deviations = props.deviations ?? 2;
  if (typeof deviations !== 'number' || !(deviations > 0) || !Number.isFinite(deviations)) problems.add('deviations', `is ${shown(deviations)}; allowed: a positive number`);
  const direction = props.direction ?? 'both';
  if (!ANOMALY_DIRECTIONS.includes(direction)) problems.add('direction', `is ${shown(direction)}; allowed: ${ANOMALY_DIRECTIONS.join(', ')}`);
  if (props.seasonality !== undefined) {
    if (!SEASONALITIES.includes(props.seasonality)) problems.add('seasonality', `is ${shown(props.seasonality)}; allowed: ${SEASONALITIES.join(', ')}`);
    if (props.algorithm === 'basic') problems.add('seasonality', `is set, but the 'basic' algorithm takes no seasonality; use 'agile' or 'robust'`);
  }
  if (props.intervalSeconds !== undefined && !wholeInRange(props.intervalSeconds, 1, Number.MAX_SAFE_INTEGER)) {
    problems.add('intervalSeconds', `is ${shown(props.intervalSeconds)}; allowed: a positive whole number`);
  }
  if (props.timezone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(props.timezone)) {
    problems.add('timezone', `is ${shown(props.timezone)}; allowed: a time zone name such as 'utc' or 'europe/paris'`);
  }
  const args = [
    `${props.query}`,
    `'${props.algorithm}'`,
    numberText(deviations),
    `direction='${direction}'`,
    `alert_window='${alertWindow}'`,
    ...(props.intervalSeconds !== undefined ? [`interval=${props.intervalSeconds}`] : []),
    ...(props.countDefaultZero !== undefined ? [`count_default_zero='${props.countDefaultZero}'`] : []),
    ...(props.seasonality !== undefined ? [`seasonality='${props.seasonality}'`] : []),
    ...(props.timezone !== undefined ? [`timezone='${props.timezone}'`] : []),
  ];
  return new Thresholdable(
    `avg(${window}):anomalies(${args.join(', ')})`,
    [...problems.list, ...props.query.problems.map((p) => `anomalyQuery: ${p}`)],
    (t) => (t < 0 || t > 1 ? `anomalyQuery: threshold ${t} is not a fraction; allowed: 0 to 1 (the share of anomalous points)` : undefined),
  );
}

export interface ForecastQueryProps {
  /** How far ahead: `{ days: 7 }` → `next_7d`. */
  readonly horizon: { readonly hours: number } | { readonly days: number } | { readonly weeks: number };
  /** @default 'max' */
  readonly timeAggregation?: 'avg' | 'max' | 'min' | 'sum';
  readonly query: MetricExpressionBuilder;
  readonly algorithm: ForecastAlgorithm;
  /** @default 1 */
  readonly deviations?: number;
  /** e.g. '60m'. @default - not written */
  readonly interval?: string;
  /** e.g. '1w'. @default - not written */
  readonly history?: string;
  /** @default - not written ('default') */
  readonly model?: (typeof FORECAST_MODELS)[number];
  /** Only for 'seasonal'. @default - not written */
  readonly seasonality?: Seasonality;
}

/** `max(next_1w):forecast(q, 'linear', 1, interval='60m') >= 0.9` */
export function forecastQuery(props: ForecastQueryProps): Thresholdable {
  const problems = new Problems('forecastQuery');
  let horizon = 'next_1w';
  const h = props.horizon as Record<string, unknown>;
  const unit = h && typeof h === 'object' && Object.keys(h).length === 1 ? Object.keys(h)[0] : undefined;
  const letter = unit === 'hours' ? 'h' : unit === 'days' ? 'd' : unit === 'weeks' ? 'w' : undefined;
  if (!letter || !wholeInRange(h[unit as string], 1, 1000)) problems.add('horizon', `is ${shown(props.horizon)}; allowed: { hours | days | weeks: a whole number ≥ 1 }`);
  else horizon = `next_${h[unit as string]}${letter}`;
  const aggregation = props.timeAggregation ?? 'max';
  if (!['avg', 'max', 'min', 'sum'].includes(aggregation)) problems.add('timeAggregation', `is ${shown(aggregation)}; allowed: avg, max, min, sum`);
  if (!FORECAST_ALGORITHMS.includes(props.algorithm)) problems.add('algorithm', `is ${shown(props.algorithm)}; allowed: ${FORECAST_ALGORITHMS.join(', ')}`);
  const deviations = props.deviations ?? 1;
  if (typeof deviations !== 'number' || !(deviations > 0) || !Number.isFinite(deviations)) problems.add('deviations', `is ${shown(deviations)}; allowed: a positive number`);
  const duration = /^\d+(m|h|d|w)$/;
  if (props.interval !== undefined && !duration.test(props.interval)) problems.add('interval', `is ${shown(props.interval)}; allowed: a duration such as '60m'`);
  if (props.history !== undefined && !duration.test(props.history)) problems.add('history', `is ${shown(props.history)}; allowed: a duration such as '1w'`);
  if (props.model !== undefined && !FORECAST_MODELS.includes(props.model)) problems.add('model', `is ${shown(props.model)}; allowed: ${FORECAST_MODELS.join(', ')}`);
  if (props.seasonality !== undefined && props.algorithm !== 'seasonal') problems.add('seasonality', `applies to the 'seasonal' algorithm only`);
  if (props.seasonality !== undefined && !SEASONALITIES.includes(props.seasonality)) problems.add('seasonality', `is ${shown(props.seasonality)}; allowed: ${SEASONALITIES.join(', ')}`);
  const args = [
    `${props.query}`,
    `'${props.algorithm}'`,
    numberText(deviations),
    ...(props.interval !== undefined ? [`interval='${props.interval}'`] : []),
    ...(props.history !== undefined ? [`history='${props.history}'`] : []),
    ...(props.model !== undefined ? [`model='${props.model}'`] : []),
    ...(props.seasonality !== undefined ? [`seasonality='${props.seasonality}'`] : []),
  ];
  return new Thresholdable(`${aggregation}(${horizon}):forecast(${args.join(', ')})`, [
    ...problems.list,
    ...props.query.problems.map((p) => `forecastQuery: ${p}`),
  ]);
}

export interface OutlierQueryProps {
  readonly window: EvaluationWindow;
  /** Needs a group-by: outliers are groups that differ from the others. */
  readonly query: MetricExpressionBuilder;
  readonly algorithm: OutlierAlgorithm;
  readonly tolerance: number;
  /** MAD and scaledMAD: share of points that must be outlying, 0–100. @default - not written */
  readonly percentage?: number;
}

/** `avg(last_30m):outliers(q by {host}, 'dbscan', 3) > 0` */
export function outlierQuery(props: OutlierQueryProps): Thresholdable {
  const problems = new Problems('outlierQuery');
  const window = windowText(props.window, 'window', problems);
  if (!OUTLIER_ALGORITHMS.includes(props.algorithm)) problems.add('algorithm', `is ${shown(props.algorithm)}; allowed: ${OUTLIER_ALGORITHMS.join(', ')}`);
  if (typeof props.tolerance !== 'number' || !(props.tolerance > 0) || !Number.isFinite(props.tolerance)) problems.add('tolerance', `is ${shown(props.tolerance)}; allowed: a positive number`);
  if (props.percentage !== undefined && !(props.percentage >= 0 && props.percentage <= 100)) problems.add('percentage', `is ${shown(props.percentage)}; allowed: 0 to 100`);
  if (!/ by \{/.test(String(props.query))) problems.add('query', `has no group-by; outlier detection compares groups (add groupBy to the series)`);
  const args = [`${props.query}`, `'${props.algorithm}'`, numberText(props.tolerance), ...(props.percentage !== undefined ? [numberText(props.percentage)] : [])];
  return new Thresholdable(`avg(${window}):outliers(${args.join(', ')})`, [
    ...problems.list,
    ...props.query.problems.map((p) => `outlierQuery: ${p}`),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Service checks

export interface ServiceCheckQueryProps {
  /** The check name, e.g. 'datadog.agent.up', 'http.can_connect'. */
  readonly check: string;
  /** Tags the check runs must have. @default - every source ("*") */
  readonly over?: TagFilters;
  /** Tags to leave out. @default - none */
  readonly exclude?: TagFilters;
  /** One alert per combination of these tags. */
  readonly groupBy: readonly string[];
  /** How many recent runs to count; at least the largest status threshold, at most 100. */
  readonly last: number;
}

/** `"http.can_connect".over("env:prod").exclude("host:x").by("host").last(3).count_by_status()` */
export function serviceCheckQuery(props: ServiceCheckQueryProps): string {
  const problems = new Problems('serviceCheckQuery');
  if (typeof props.check !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(props.check)) {
    problems.add('check', `is ${shown(props.check)}; allowed: a check name such as 'datadog.agent.up'`);
  }
  const over = checkTags(props.over, 'over', problems).flatMap(([k, values]) => values.map((v) => `"${k}:${v}"`));
  const exclude = checkTags(props.exclude, 'exclude', problems).flatMap(([k, values]) => values.map((v) => `"${k}:${v}"`));
  groupByText(props.groupBy, 'groupBy', problems);
  if (!wholeInRange(props.last, 1, SERVICE_CHECK_LAST_MAX)) problems.add('last', `is ${shown(props.last)}; allowed: a whole number from 1 to ${SERVICE_CHECK_LAST_MAX}`);
  problems.throwIfAny();
  const parts = [`"${props.check}"`, `.over(${over.length > 0 ? over.join(',') : '"*"'})`];
  if (exclude.length > 0) parts.push(`.exclude(${exclude.join(',')})`);
  if (props.groupBy.length > 0) parts.push(`.by(${props.groupBy.map((g) => `"${g}"`).join(',')})`);
  parts.push(`.last(${props.last})`, '.count_by_status()');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Source queries: logs, events, rum, trace-analytics, …

export interface SourceQueryProps {
  readonly source: Exclude<SourceName, 'formula'>;
  /** The search, in the source's own search syntax, e.g. 'service:web status:error'. */
  readonly search: string;
  /** Processes only: tags of the hosts to look at, `.over("env:prod")`. @default - every host ("*") */
  readonly over?: TagFilters;
  /** Log indexes (logs and trace-analytics). @default - '*' for logs, none otherwise */
  readonly index?: string | readonly string[];
  /** @default { method: 'count' } */
  readonly rollup?: { readonly method: (typeof SOURCE_ROLLUPS)[number] | 'pc75' | 'pc90' | 'pc95' | 'pc98' | 'pc99'; readonly measure?: string };
  /** Facets or tags to group by, e.g. ['service', '@http.status_code']. @default - one group */
  readonly groupBy?: readonly string[];
  /** Evaluation window: minutes 1–2880, hours 1–48, days 1–2. */
  readonly window: { readonly minutes: number } | { readonly hours: number } | { readonly days: number };
}

function escapeQuoted(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** `logs("status:error").index("*").rollup("count").by("service").last("5m") > 100` and its siblings. */
export function sourceQuery(props: SourceQueryProps): Thresholdable {
  const problems = new Problems(`${props.source ?? 'source'}Query`);
  if (!SOURCE_NAMES.includes(props.source) || (props.source as string) === 'formula') {
    problems.add('source', `is ${shown(props.source)}; allowed: ${SOURCE_NAMES.filter((n) => n !== 'formula').join(', ')}`);
  }
  if (typeof props.search !== 'string') problems.add('search', `is ${shown(props.search)}; allowed: a search string ('*' for everything)`);
  const parts = [`${props.source}("${escapeQuoted(props.search ?? '*')}")`];
  if (props.over !== undefined && props.source !== 'processes') problems.add('over', `applies to processes only (Datadog's process alert query), not ${shown(props.source)}`);
  if (props.source === 'processes') {
    const over = checkTags(props.over, 'over', problems).flatMap(([k, values]) => values.map((v) => `"${k}:${v}"`));
    parts.push(`.over(${over.length > 0 ? over.join(', ') : '"*"'})`);
  }
  const index = props.index ?? (props.source === 'logs' ? '*' : undefined);
  if (index !== undefined) {
    const indexes = typeof index === 'string' ? [index] : [...index];
    if (indexes.length === 0 || indexes.some((i) => typeof i !== 'string' || !/^[A-Za-z0-9_*-]+$/.test(i))) {
      problems.add('index', `is ${shown(index)}; allowed: index names (letters, digits, _ -) or '*'`);
    }
    parts.push(`.index(${indexes.map((i) => `"${i}"`).join(', ')})`);
  }
  const rollup = props.rollup ?? { method: 'count' };
  if (!isSourceRollup(rollup.method)) problems.add('rollup.method', `is ${shown(rollup.method)}; allowed: ${SOURCE_ROLLUPS.join(', ')}, pc75, pc90, pc95, pc98, pc99`);
  if (rollup.method !== 'count' && !rollup.measure) problems.add('rollup.measure', `is required for '${rollup.method}': the attribute to aggregate, e.g. '@duration'`);
  if (rollup.measure !== undefined && !/^@?[A-Za-z][\w.@-]*$/.test(rollup.measure)) problems.add('rollup.measure', `is ${shown(rollup.measure)}; allowed: an attribute such as '@duration'`);
  parts.push(rollup.measure ? `.rollup("${rollup.method}", "${rollup.measure}")` : `.rollup("${rollup.method}")`);
  if (props.groupBy && props.groupBy.length > 0) {
    for (const g of props.groupBy) if (typeof g !== 'string' || !/^@?[A-Za-z][\w.@-]*$/.test(g)) problems.add('groupBy', `entry ${shown(g)} is not a facet or tag name`);
    parts.push(`.by("${props.groupBy.join(',')}")`);
  }
  const w = props.window as Record<string, unknown>;
  const unit = w && typeof w === 'object' && Object.keys(w).length === 1 ? Object.keys(w)[0] : undefined;
  const limits: Record<string, [string, number]> = { minutes: ['m', 2880], hours: ['h', 48], days: ['d', 2] };
  const limit = unit ? limits[unit] : undefined;
  if (!limit || !wholeInRange(w[unit as string], 1, limit[1])) {
    problems.add('window', `is ${shown(props.window)}; allowed: { minutes: 1–2880 } | { hours: 1–48 } | { days: 1–2 }`);
    parts.push('.last("5m")');
  } else {
    parts.push(`.last("${w[unit as string]}${limit[0]}")`);
  }
  return new Thresholdable(parts.join(''), problems.list);
}

/** `sourceQuery` with `source: 'logs'`. */
export function logsQuery(props: Omit<SourceQueryProps, 'source'>): Thresholdable {
  return sourceQuery({ ...props, source: 'logs' });
}

// ---------------------------------------------------------------------------------------------------------------
// APM trace metrics

export interface TraceMetricProps {
  readonly service: string;
  /** The span name the metric is named after: 'http.request', 'flask.request', 'rack.request'… */
  readonly operation: string;
  /** @default - every env */
  readonly env?: string;
  /** Narrow to one resource, e.g. 'GET /users'; written as resource_name. @default - every resource */
  readonly resource?: string;
  /** Extra tag filters. @default - none */
  readonly scope?: TagFilters;
  /** @default - one group */
  readonly groupBy?: readonly string[];
  readonly window: EvaluationWindow;
}

function traceScope(props: TraceMetricProps): TagFilters {
  return {
    service: props.service,
    ...(props.env !== undefined ? { env: props.env } : {}),
    ...(props.resource !== undefined ? { resource_name: props.resource } : {}),
    ...props.scope,
  };
}

/**
 * Latency percentile of an APM operation, from the `trace.<operation>` distribution: `percentile(last_10m):p99:
 * trace.http.request{service:web,env:prod} > 0.5` (seconds).
 */
export function traceLatencyQuery(
  props: TraceMetricProps & {
    readonly percentile: 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p99.9';
    /**
     * 'percentile' takes the percentile of every request in the window; 'avg' averages per-interval percentiles
     * (smoother, hides short spikes). @default 'percentile'
     */
    readonly timeAggregation?: 'percentile' | 'avg' | 'max';
  },
): Thresholdable {
  return metricQuery({
    timeAggregation: props.timeAggregation ?? 'percentile',
    window: props.window,
    spaceAggregation: props.percentile,
    metric: `trace.${props.operation}`,
    scope: traceScope(props),
    groupBy: props.groupBy,
  });
}

/**
 * Error rate of an APM operation as a fraction: errors over hits, both as counts, missing errors counted as zero:
 * `sum(last_5m):default_zero(sum:trace.http.request.errors{…}.as_count()) / sum:trace.http.request.hits{…}.as_count() > 0.05`.
 */
export function traceErrorRateQuery(props: TraceMetricProps): Thresholdable {
  const scope = traceScope(props);
  const errors = applyFunction('default_zero', series({ spaceAggregation: 'sum', metric: `trace.${props.operation}.errors`, scope, groupBy: props.groupBy, asCount: true }));
  const hits = series({ spaceAggregation: 'sum', metric: `trace.${props.operation}.hits`, scope, groupBy: props.groupBy, asCount: true });
  return metricQuery({ timeAggregation: 'sum', window: props.window, expression: errors.dividedBy(hits) });
}

// ---------------------------------------------------------------------------------------------------------------
// Composites

/**
 * An operand of a composite: a monitor ID, or the text of a Terraform token for a monitor whose ID is known only at
 * apply time (`monitor.id` in cdktf renders as `${TfToken[…]}`; pass it as it is).
 */
export type CompositeOperand = number | string | CompositeExpressionBuilder;

export class CompositeExpressionBuilder {
  /** @internal */
  constructor(
    private readonly text: string,
    private readonly precedence: number,
    readonly problems: readonly string[],
  ) {}
  toString(): string {
    return this.text;
  }
  /** @internal */
  wrapFor(precedence: number): string {
    return this.precedence < precedence ? `(${this.text})` : this.text;
  }
}

function compositeOperand(operand: CompositeOperand, problems: string[]): CompositeExpressionBuilder {
  if (operand instanceof CompositeExpressionBuilder) return operand;
  if (typeof operand === 'number') {
    if (!Number.isSafeInteger(operand) || operand <= 0) problems.push(`composite: monitor ID ${shown(operand)} is not a positive whole number`);
    return new CompositeExpressionBuilder(String(operand), 4, []);
  }
  if (typeof operand === 'string' && (/^\d+$/.test(operand) || /^\$\{.*\}$/s.test(operand) || /^[A-Za-z_][A-Za-z0-9_]*$/.test(operand))) {
    return new CompositeExpressionBuilder(operand, 4, []);
  }
  problems.push(`composite: operand ${shown(operand)} is not a monitor ID, a placeholder name or a Terraform token ("\${…}")`);
  return new CompositeExpressionBuilder('0', 4, []);
}

function joinComposite(operator: '&&' | '||', operands: readonly CompositeOperand[]): CompositeExpressionBuilder {
  const problems: string[] = [];
  if (operands.length < 2) problems.push(`composite: ${operator === '&&' ? 'allOf' : 'anyOf'} needs at least two operands, got ${operands.length}`);
  const precedence = operator === '&&' ? 2 : 1;
  const parts = operands.map((o) => compositeOperand(o, problems));
  return new CompositeExpressionBuilder(
    // `a && b || c` is right, but `(a && b) || c` is what a reviewer reads correctly at a glance.
    parts.map((p) => p.wrapFor(operator === '||' ? 3 : precedence)).join(` ${operator} `),
    precedence,
    [...parts.flatMap((p) => p.problems), ...problems],
  );
}

/** Every operand is alerting: `a && b && c`. */
export function allOf(...operands: CompositeOperand[]): CompositeExpressionBuilder {
  return joinComposite('&&', operands);
}

/** Any operand is alerting: `a || b`. */
export function anyOf(...operands: CompositeOperand[]): CompositeExpressionBuilder {
  return joinComposite('||', operands);
}

/** The operand is not alerting: `!a`. */
export function not(operand: CompositeOperand): CompositeExpressionBuilder {
  const problems: string[] = [];
  const inner = compositeOperand(operand, problems);
  return new CompositeExpressionBuilder(`!${inner.wrapFor(3)}`, 3, [...inner.problems, ...problems]);
}

/**
 * The query of a composite monitor. With token operands the result parses with
 * `parseCompositeExpression(q, { allowPlaceholders: true })`; with numbers it parses with `parseMonitorQuery`.
 */
export function compositeQuery(expression: CompositeOperand): string {
  const problems: string[] = [];
  const built = compositeOperand(expression, problems);
  const all = [...built.problems, ...problems];
  if (all.length > 0) throw new QueryBuildError(all);
  return built.toString();
}
