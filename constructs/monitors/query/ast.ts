/**
 * The typed syntax tree of a Datadog monitor query. Every node carries the span of source text it came from
 * (`start` inclusive, `end` exclusive, 0-based UTF-16 offsets), so validators can point at the exact text.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Comparator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export const COMPARATORS: readonly Comparator[] = ['<', '<=', '>', '>=', '==', '!='];

/** A name with the span of its text, e.g. a metric name or an aggregator. */
export interface Name<T extends string = string> {
  readonly text: T;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly type: 'number';
  readonly span: Span;
  readonly value: number;
  /** The number as written, e.g. `90`, `0.5`, `-1e3`. */
  readonly text: string;
}

export interface StringLiteral {
  readonly type: 'string';
  readonly span: Span;
  /** The content between the quotes, escapes resolved. */
  readonly value: string;
  readonly quote: '"' | "'";
}

// ---------------------------------------------------------------------------------------------------------------
// Windows

/** `last_5m`, `last_1d`, `current_1mo`, `next_1w` (forecast horizon), `1h_ago` (change shift). */
export interface Window {
  readonly type: 'window';
  readonly span: Span;
  readonly text: string;
  readonly relation: 'last' | 'current' | 'next' | 'ago';
  readonly amount: number;
  readonly unit: WindowUnit;
  /** Length in seconds; a month counts as 30 days. */
  readonly seconds: number;
}

export type WindowUnit = 'm' | 'h' | 'd' | 'w' | 'mo';

// ---------------------------------------------------------------------------------------------------------------
// Scope (tag filters)

/** One tag filter: `env:prod`, `!region:us-east-1`, `host:web-*`, or a bare tag `production`. */
export interface TagFilter {
  readonly type: 'tag';
  readonly span: Span;
  /** Written with a leading `!` (comma style only). */
  readonly negated: boolean;
  /** The part before the first `:`; the whole tag when it has no `:`. */
  readonly key: string;
  /** The part after the first `:`; undefined for a bare tag. */
  readonly value: string | undefined;
  /** The tag as written, without `!`. */
  readonly text: string;
}

/** `key IN (a, b)` / `key NOT IN (a, b)` (boolean style). */
export interface TagIn {
  readonly type: 'in';
  readonly span: Span;
  readonly key: Name;
  readonly negated: boolean;
  readonly values: Name[];
}

export interface ScopeAnd {
  readonly type: 'and';
  readonly span: Span;
  readonly operands: ScopeExpression[];
}

export interface ScopeOr {
  readonly type: 'or';
  readonly span: Span;
  readonly operands: ScopeExpression[];
}

export interface ScopeNot {
  readonly type: 'not';
  readonly span: Span;
  readonly operand: ScopeExpression;
}

export interface ScopeParen {
  readonly type: 'paren';
  readonly span: Span;
  readonly inner: ScopeExpression;
}

export type ScopeExpression = TagFilter | TagIn | ScopeAnd | ScopeOr | ScopeNot | ScopeParen;

/**
 * The `{…}` after a metric name. `{*}` is everything; the comma style is a list of filters (comma means AND, `!`
 * negates); the boolean style uses AND, OR, NOT, IN, NOT IN and parentheses. Datadog rejects a mix of the two.
 */
export type Scope =
  | { readonly type: 'scope'; readonly span: Span; readonly style: 'all' }
  | { readonly type: 'scope'; readonly span: Span; readonly style: 'comma'; readonly filters: TagFilter[] }
  | { readonly type: 'scope'; readonly span: Span; readonly style: 'boolean'; readonly expression: ScopeExpression };

// ---------------------------------------------------------------------------------------------------------------
// Metric expressions

export interface GroupBy {
  readonly type: 'groupBy';
  readonly span: Span;
  readonly keys: Name[];
}

export type RollupAggregator = 'avg' | 'sum' | 'min' | 'max' | 'count';
export type FillMode = 'null' | 'zero' | 'linear' | 'last';

export type Modifier =
  | { readonly type: 'modifier'; readonly span: Span; readonly name: 'as_count' }
  | { readonly type: 'modifier'; readonly span: Span; readonly name: 'as_rate' }
  | { readonly type: 'modifier'; readonly span: Span; readonly name: 'weighted' }
  | {
      readonly type: 'modifier';
      readonly span: Span;
      readonly name: 'rollup';
      readonly aggregator: Name<RollupAggregator>;
      readonly seconds: NumberLiteral | undefined;
    }
  | {
      readonly type: 'modifier';
      readonly span: Span;
      readonly name: 'fill';
      readonly mode: Name<FillMode>;
      readonly limitSeconds: NumberLiteral | undefined;
    };

export type ModifierName = Modifier['name'];

/** `avg:system.cpu.user{env:prod} by {host}.as_count()` */
export interface Series {
  readonly type: 'series';
  readonly span: Span;
  /**
   * `avg`, `sum`, `min`, `max`, `count`, or a percentile `p50`…`p99.9` (distributions). When the query leaves it
   * out (`avg(last_5m):system.load.1{*} > 1`), Datadog uses `avg`: the name is `avg` with an empty span at the
   * metric, and `spaceAggregationDefaulted` is true (the printer then leaves it out too).
   */
  readonly spaceAggregation: Name;
  readonly spaceAggregationDefaulted?: boolean;
  readonly metric: Name;
  readonly scope: Scope;
  readonly groupBy: GroupBy | undefined;
  readonly modifiers: Modifier[];
}

export interface Binary {
  readonly type: 'binary';
  readonly span: Span;
  readonly operator: '+' | '-' | '*' | '/';
  readonly left: MetricExpression;
  readonly right: MetricExpression;
}

export interface Negation {
  readonly type: 'negate';
  readonly span: Span;
  readonly operand: MetricExpression;
}

export interface Parenthesized {
  readonly type: 'paren';
  readonly span: Span;
  readonly inner: MetricExpression;
}

/** `name=value` inside a call, e.g. `direction='above'`. */
export interface NamedArgument {
  readonly type: 'named';
  readonly span: Span;
  readonly name: Name;
  readonly value: StringLiteral | NumberLiteral;
}

export type CallArgument = MetricExpression | StringLiteral | NamedArgument;

/** A function such as `default_zero(…)`, `ewma_5(…)`, `top(…, 10, 'mean', 'desc')`. */
export interface Call {
  readonly type: 'call';
  readonly span: Span;
  readonly name: Name;
  readonly args: CallArgument[];
}

export type MetricExpression = Series | NumberLiteral | Binary | Negation | Parenthesized | Call;

// ---------------------------------------------------------------------------------------------------------------
// Anomaly, forecast, outliers

export type AnomalyAlgorithm = 'basic' | 'agile' | 'robust';
export type AnomalyDirection = 'above' | 'below' | 'both';
export type Seasonality = 'hourly' | 'daily' | 'weekly';

export interface AnomaliesCall {
  readonly type: 'anomalies';
  readonly span: Span;
  readonly query: MetricExpression;
  readonly algorithm: Name<AnomalyAlgorithm>;
  readonly deviations: NumberLiteral;
  readonly direction: Name<AnomalyDirection> | undefined;
  readonly alertWindow: Window | undefined;
  readonly intervalSeconds: NumberLiteral | undefined;
  readonly countDefaultZero: Name<'true' | 'false'> | undefined;
  readonly seasonality: Name<Seasonality> | undefined;
  readonly timezone: StringLiteral | undefined;
  /** Every named argument as written, in order. */
  readonly namedArgs: NamedArgument[];
}

export type ForecastAlgorithm = 'linear' | 'seasonal';

export interface ForecastCall {
  readonly type: 'forecast';
  readonly span: Span;
  readonly query: MetricExpression;
  readonly algorithm: Name<ForecastAlgorithm>;
  readonly deviations: NumberLiteral;
  readonly namedArgs: NamedArgument[];
}

export type OutlierAlgorithm = 'dbscan' | 'mad' | 'scaledDBSCAN' | 'scaledMAD';

export interface OutliersCall {
  readonly type: 'outliers';
  readonly span: Span;
  readonly query: MetricExpression;
  /** Normalised to Datadog's current spelling; `DBSCAN`/`MAD` (older docs) are accepted. */
  readonly algorithm: Name<OutlierAlgorithm>;
  readonly tolerance: NumberLiteral;
  /** MAD's optional percentage. */
  readonly percentage: NumberLiteral | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

/** `avg(last_5m):` or `change(avg(last_5m),last_5m):` or `pct_change(…)`. */
export interface Evaluation {
  readonly type: 'evaluation';
  readonly span: Span;
  /** `avg`, `sum`, `min`, `max`, or `percentile` (distributions). */
  readonly timeAggregation: Name;
  readonly window: Window;
  /**
   * The change form. `shift` is the window compared against: written either as a window (`last_5m`, as Datadog's
   * UI exports it) or as `5m_ago` (Datadog's API reference); both are normalised to a Window with relation 'ago'
   * for the latter.
   */
  readonly change: { readonly kind: Name<'change' | 'pct_change'>; readonly shift: Window } | undefined;
}

export interface Comparison {
  readonly type: 'comparison';
  readonly span: Span;
  readonly comparator: Name<Comparator>;
  readonly threshold: NumberLiteral;
}

export interface MetricQuery {
  readonly kind: 'metric';
  readonly span: Span;
  readonly evaluation: Evaluation;
  readonly expression: MetricExpression;
  readonly comparison: Comparison;
  /** The older order, `… > 0.9 by {host}`: a group-by written after the threshold (kept where it was written). */
  readonly trailingGroupBy?: GroupBy;
}

export interface AnomalyQuery {
  readonly kind: 'anomaly';
  readonly span: Span;
  readonly evaluation: Evaluation;
  readonly anomalies: AnomaliesCall;
  readonly comparison: Comparison;
  /** Parentheses written around the call, `( anomalies(…) ) > 1`; kept so the printer writes them back. */
  readonly parens?: number;
}

export interface ForecastQuery {
  readonly kind: 'forecast';
  readonly span: Span;
  readonly evaluation: Evaluation;
  readonly forecast: ForecastCall;
  readonly comparison: Comparison;
  /** Parentheses written around the call, `( anomalies(…) ) > 1`; kept so the printer writes them back. */
  readonly parens?: number;
}

export interface OutlierQuery {
  readonly kind: 'outlier';
  readonly span: Span;
  readonly evaluation: Evaluation;
  readonly outliers: OutliersCall;
  readonly comparison: Comparison;
  /** Parentheses written around the call, `( anomalies(…) ) > 1`; kept so the printer writes them back. */
  readonly parens?: number;
}

/** `"http.can_connect".over("env:prod").exclude("host:x").by("host").last(3).count_by_status()` */
export interface ServiceCheckQuery {
  readonly kind: 'service_check';
  readonly span: Span;
  readonly check: StringLiteral;
  readonly over: StringLiteral[];
  readonly exclude: StringLiteral[];
  readonly by: StringLiteral[];
  readonly last: NumberLiteral;
  /**
   * The older form `datadog.agent.up{*} by {host}.last(2).count_by_status()`: the check as a bare name, tags in a
   * scope and a group-by. `over` and `by` then hold the same tags as synthetic strings (spans of the tags), so
   * consumers read one shape; the printer writes the form back as it came.
   */
  readonly legacy?: { readonly scope: Scope; readonly groupBy: GroupBy | undefined };
}

export type SourceName =
  | 'logs'
  | 'events'
  | 'rum'
  | 'trace-analytics'
  | 'processes'
  | 'audits'
  | 'ci-pipelines'
  | 'ci-tests'
  | 'error-tracking'
  | 'error-tracking-rum'
  | 'error-tracking-traces'
  | 'llm-observability'
  | 'database-monitoring'
  | 'network-performance'
  | 'network-path'
  | 'formula'
  | 'error_budget'
  | 'burn_rate';

/**
 * An unquoted argument of a source method, as formula monitors write them: `.by(job_name,workspace_name)`,
 * `.last(10d)`.
 */
export interface BareWord {
  readonly type: 'word';
  readonly span: Span;
  readonly text: string;
}

/** `name=value` in a source method, e.g. `.anomaly(direction="both")` or, unquoted, `.anomaly(direction=both)`. */
export interface ChainNamedArgument {
  readonly type: 'named';
  readonly span: Span;
  readonly name: Name;
  readonly value: StringLiteral | NumberLiteral | BareWord;
}

export type ChainArgument = StringLiteral | NumberLiteral | BareWord | ChainNamedArgument;

/**
 * A method call in a source query chain: `.index("*")`, `.rollup("avg", "@duration")`, `.by("a,b")`, `.last("5m")`,
 * `.current("1h")`, `.anomaly(direction="both")`, an SLO's `.over("7d")`.
 */
export interface ChainCall {
  readonly type: 'chain';
  readonly span: Span;
  readonly name: Name;
  readonly args: ChainArgument[];
}

/**
 * `logs("status:error").index("*").rollup("count").by("service").last("5m") > 100` and its siblings; also SLO
 * alerts, `error_budget("<slo id>").over("7d") > 75` and `burn_rate("<slo id>").over("7d").long_window("1h")
 * .short_window("5m") > 14.4`, whose "search" is the SLO ID.
 */
export interface SourceQuery {
  readonly kind: 'source';
  readonly span: Span;
  readonly source: Name<SourceName>;
  readonly search: StringLiteral;
  readonly chain: ChainCall[];
  /**
   * The evaluation window: `.last("5m")`, `.current("1h")` (the period so far, `relation: 'current'`), or an SLO
   * alert's target window `.over("30d")` (`relation: 'over'`). `relation` is absent for `.last`.
   */
  readonly last: { readonly span: Span; readonly text: string; readonly seconds: number; readonly relation?: 'current' | 'over' };
  readonly comparison: Comparison;
}

export interface MonitorRef {
  readonly type: 'monitor';
  readonly span: Span;
  /** The monitor ID, or undefined for a placeholder (see `parseCompositeExpression`). */
  readonly id: number | undefined;
  /** The operand as written: `12345`, `cpu_high`, `${TfToken[TOKEN.12]}`. */
  readonly text: string;
}

export type CompositeExpression =
  | MonitorRef
  | { readonly type: 'not'; readonly span: Span; readonly operand: CompositeExpression }
  | {
      readonly type: 'binary';
      readonly span: Span;
      readonly operator: '&&' | '||';
      readonly left: CompositeExpression;
      readonly right: CompositeExpression;
    }
  | { readonly type: 'paren'; readonly span: Span; readonly inner: CompositeExpression };

export interface CompositeQuery {
  readonly kind: 'composite';
  readonly span: Span;
  readonly expression: CompositeExpression;
}

export type MonitorQuery =
  | MetricQuery
  | AnomalyQuery
  | ForecastQuery
  | OutlierQuery
  | ServiceCheckQuery
  | SourceQuery
  | CompositeQuery;

export type MonitorQueryKind = MonitorQuery['kind'];

export interface QuerySyntaxError {
  /** 1-based column (offset + 1; a query is one line). */
  readonly column: number;
  readonly message: string;
  /** What would have been accepted here, when that is a short list. */
  readonly expected?: string[];
}

export type ParseResult =
  | { readonly ok: true; readonly query: MonitorQuery }
  | { readonly ok: false; readonly error: QuerySyntaxError };
