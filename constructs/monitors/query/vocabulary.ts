/**
 * The closed sets of Datadog's monitor query language: aggregators, windows, functions, sources.
 * Kept apart from the parser so the builder, the summary and the error messages share one source of truth.
 */
import type {
  AnomalyAlgorithm,
  AnomalyDirection,
  FillMode,
  ForecastAlgorithm,
  OutlierAlgorithm,
  RollupAggregator,
  Seasonality,
  SourceName,
} from './ast';

export const TIME_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'percentile'] as const;
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number];

export const CHANGE_FUNCTIONS = ['change', 'pct_change'] as const;

/** Space aggregators; distributions add percentiles, written `p50`, `p95`, `p99.9`. */
export const SPACE_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count'] as const;
export type SpaceAggregation = (typeof SPACE_AGGREGATIONS)[number] | `p${number}`;

/** `p50`, `p95`, `p99`, `p99.9`: 0 < N < 100. */
export function isPercentileAggregation(text: string): boolean {
  const match = /^p(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (!match) return false;
  const n = Number(match[1]);
  return n > 0 && n < 100;
}

export function isSpaceAggregation(text: string): boolean {
  return (SPACE_AGGREGATIONS as readonly string[]).includes(text) || isPercentileAggregation(text);
}

export const ROLLUP_AGGREGATORS: readonly RollupAggregator[] = ['avg', 'sum', 'min', 'max', 'count'];
export const FILL_MODES: readonly FillMode[] = ['null', 'zero', 'linear', 'last'];

export const ANOMALY_ALGORITHMS: readonly AnomalyAlgorithm[] = ['basic', 'agile', 'robust'];
export const ANOMALY_DIRECTIONS: readonly AnomalyDirection[] = ['above', 'below', 'both'];
export const SEASONALITIES: readonly Seasonality[] = ['hourly', 'daily', 'weekly'];
export const ANOMALY_NAMED_ARGS = [
  'direction',
  'alert_window',
  'interval',
  'count_default_zero',
  'seasonality',
  'timezone',
] as const;

export const FORECAST_ALGORITHMS: readonly ForecastAlgorithm[] = ['linear', 'seasonal'];
export const FORECAST_NAMED_ARGS = ['interval', 'history', 'model', 'seasonality', 'timezone'] as const;
export const FORECAST_MODELS = ['default', 'simple', 'reactive'] as const;

export const OUTLIER_ALGORITHMS: readonly OutlierAlgorithm[] = ['dbscan', 'mad', 'scaledDBSCAN', 'scaledMAD'];
/** Older spellings Datadog still accepts (its 2017 docs used `'DBSCAN'`), mapped to the current one. */
export const OUTLIER_ALGORITHM_ALIASES: Readonly<Record<string, OutlierAlgorithm>> = {
  DBSCAN: 'dbscan',
  MAD: 'mad',
  scaleddbscan: 'scaledDBSCAN',
  scaledmad: 'scaledMAD',
};

/**
 * Functions accepted around a metric series. `anomalies`, `forecast` and `outliers` are parsed on their own
 * (they must be the whole expression). Sources: Datadog's "Functions" reference pages.
 */
export const METRIC_FUNCTIONS: readonly string[] = [
  // arithmetic
  'abs', 'log2', 'log10', 'cumsum', 'integral',
  // count
  'count_nonzero', 'count_not_null',
  // exclusion
  'exclude_null', 'clamp_min', 'clamp_max', 'cutoff_min', 'cutoff_max',
  // interpolation; `default(q, value)` is the older spelling, still in widely used modules (claranet's)
  'default_zero', 'default', 'fill',
  // rank
  'top', 'top_offset',
  // rate
  'per_second', 'per_minute', 'per_hour', 'dt', 'diff', 'monotonic_diff', 'derivative',
  // regression
  'robust_trend', 'trend_line', 'piecewise_constant',
  // rollup
  'moving_rollup',
  // smoothing
  'ewma_1', 'ewma_3', 'ewma_5', 'ewma_7', 'ewma_10', 'ewma_20', 'median_3', 'median_5', 'median_7', 'median_9',
  // timeshift
  'hour_before', 'day_before', 'week_before', 'month_before', 'timeshift', 'calendar_shift',
];

/** Legacy rank functions: `top5`, `top10_max`, `bottom20_mean`… */
const LEGACY_RANK = /^(top|bottom)(5|10|15|20)(_(mean|min|max|last|area|l2norm|norm))?$/;

/** Functions that exist in Datadog but are refused in monitors, with the reason. */
export const FUNCTIONS_NOT_IN_MONITORS: Readonly<Record<string, string>> = {
  autosmooth: 'autosmooth() cannot be used in monitors: its span changes from minute to minute',
};

export function isKnownMetricFunction(name: string): boolean {
  return METRIC_FUNCTIONS.includes(name) || LEGACY_RANK.test(name);
}

export interface SourceDefinition {
  readonly name: SourceName;
  /** The `type` of `datadog_monitor` that takes this query. */
  readonly monitorType: string;
}

/**
 * The `source("…")` family, as documented in Datadog's API reference ("Query Types") and its official API examples.
 * Names as they appear at the start of the query.
 */
export const SOURCES: readonly SourceDefinition[] = [
  { name: 'logs', monitorType: 'log alert' },
  { name: 'events', monitorType: 'event-v2 alert' },
  { name: 'rum', monitorType: 'rum alert' },
  { name: 'trace-analytics', monitorType: 'trace-analytics alert' },
  { name: 'processes', monitorType: 'process alert' },
  { name: 'audits', monitorType: 'audit alert' },
  { name: 'ci-pipelines', monitorType: 'ci-pipelines alert' },
  { name: 'ci-tests', monitorType: 'ci-tests alert' },
  { name: 'error-tracking', monitorType: 'error-tracking alert' },
  { name: 'error-tracking-rum', monitorType: 'error-tracking alert' },
  { name: 'error-tracking-traces', monitorType: 'error-tracking alert' },
  { name: 'llm-observability', monitorType: 'llm-observability alert' },
  { name: 'database-monitoring', monitorType: 'database-monitoring alert' },
  { name: 'network-performance', monitorType: 'network-performance alert' },
  { name: 'network-path', monitorType: 'network-path alert' },
  /**
   * Formulas over the monitor's `variables` (formula-and-functions monitors); the monitor type names the data
   * (`query alert`, `rum alert`, `cost alert`, `data-jobs alert`, `data-quality alert`…), which the query alone
   * does not tell.
   */
  { name: 'formula', monitorType: 'query alert' },
  /** SLO alerts (docs.datadoghq.com/service_level_objectives/error_budget/ and …/burn_rate/). */
  { name: 'error_budget', monitorType: 'slo alert' },
  { name: 'burn_rate', monitorType: 'slo alert' },
];

/** Near-misses worth a specific hint. */
export const SOURCE_ALIASES: Readonly<Record<string, string>> = {
  audit: "the audit query is written audits(\"…\")",
  log: "the logs query is written logs(\"…\")",
  event: "the event query is written events(\"…\")",
  process: "the process query is written processes(\"…\")",
};

export const SOURCE_NAMES: readonly SourceName[] = SOURCES.map((s) => s.name);

/** Methods of a source query chain, with their argument counts (SLO alerts' methods included). */
export const SOURCE_METHODS: Readonly<Record<string, { min: number; max: number }>> = {
  index: { min: 1, max: 20 },
  over: { min: 1, max: 20 },
  rollup: { min: 1, max: 2 },
  // `.by("a,b")` in one string, or `.by(job_name,workspace_name)` unquoted (formula monitors).
  by: { min: 1, max: 20 },
  last: { min: 1, max: 1 },
  current: { min: 1, max: 1 },
  anomaly: { min: 0, max: 20 },
  change: { min: 0, max: 2 },
  forecast: { min: 0, max: 20 },
  source: { min: 1, max: 1 },
  new: { min: 0, max: 0 },
  impact: { min: 0, max: 0 },
  long_window: { min: 1, max: 1 },
  short_window: { min: 1, max: 1 },
};

/** Methods of the logs/events/rum/… family. */
const SOURCE_METHOD_NAMES: readonly string[] = ['index', 'over', 'rollup', 'by', 'last', 'current'];
/** A formula's function after its window (API reference, "Cost Alert Query"): `.last("7d").anomaly(direction=both)`. */
export const FORMULA_FUNCTIONS: readonly string[] = ['anomaly', 'change', 'forecast'];
/** Error tracking's `.source("browser")`, `.new()`, `.impact()` (API reference, "Error Tracking Alert Query"). */
const ERROR_TRACKING_METHODS: readonly string[] = ['source', 'new', 'impact'];
const SLO_ERROR_BUDGET_METHODS: readonly string[] = ['over'];
const SLO_BURN_RATE_METHODS: readonly string[] = ['over', 'long_window', 'short_window'];

/** The methods a source's chain may use. */
export function sourceMethods(source: SourceName): readonly string[] {
  if (source === 'error_budget') return SLO_ERROR_BUDGET_METHODS;
  if (source === 'burn_rate') return SLO_BURN_RATE_METHODS;
  if (source === 'formula') return [...SOURCE_METHOD_NAMES, ...FORMULA_FUNCTIONS];
  if (source.startsWith('error-tracking')) return [...SOURCE_METHOD_NAMES, ...ERROR_TRACKING_METHODS];
  return SOURCE_METHOD_NAMES;
}
/** The SLO target windows an SLO alert can watch. */
export const SLO_TARGET_WINDOWS: readonly string[] = ['7d', '30d', '90d'];

/** Rollup methods of source queries (`.rollup("count")`, `.rollup("avg", "@duration")`, `.rollup("pc95", …)`). */
export const SOURCE_ROLLUPS = ['count', 'cardinality', 'avg', 'sum', 'min', 'max', 'median'] as const;

export function isSourceRollup(text: string): boolean {
  return (SOURCE_ROLLUPS as readonly string[]).includes(text) || /^pc(75|90|95|98|99)$/.test(text);
}

export const WINDOW_LIMITS = {
  minutes: { min: 1, max: 10080 },
  hours: { min: 1, max: 168 },
} as const;

export const SERVICE_CHECK_LAST_MAX = 100;

/** Closest known word by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
