/**
 * The monitor model: data first. A `MonitorSpec` describes one `datadog_monitor` in Datadog's own terms, discriminated
 * by `kind`; `renderMonitor(spec)` turns it into the resource's attributes plus every create-time problem.
 *
 * Units are in the names (`windowMinutes`, `renotifyIntervalMinutes`); thresholds keep Datadog's names
 * (`critical`, `warning`, `criticalRecovery`, `warningRecovery`, `ok`, `unknown`) and Datadog's units (those of the
 * query: a fraction for anomalies, a count for service checks, the metric's unit otherwise).
 */

/** How the query's value is compared with the threshold. */
export type ThresholdComparator = '>' | '>=' | '<' | '<=';
/** Time aggregation over the evaluation window (`avg(last_5m):…`). */
export type SeriesTimeAggregation = 'avg' | 'sum' | 'min' | 'max';
/** Space aggregation across the sources of a metric (`…:avg:metric{…}`). */
export type SeriesSpaceAggregation = 'avg' | 'sum' | 'min' | 'max';
/** Monitor priority, P1 (highest) to P5. */
export type MonitorPriority = 1 | 2 | 3 | 4 | 5;
/**
 * Datadog monitor types (`datadog_monitor.type`): every type the provider 3.82.0 accepts except `synthetics alert`
 * (those monitors belong to their Synthetics test). `metric alert` and `query alert` are the same to Datadog.
 */
export type MonitorType =
  | 'query alert'
  | 'metric alert'
  | 'service check'
  | 'log alert'
  | 'event alert'
  | 'event-v2 alert'
  | 'composite'
  | 'trace-analytics alert'
  | 'rum alert'
  | 'process alert'
  | 'audit alert'
  | 'slo alert'
  | 'ci-pipelines alert'
  | 'ci-tests alert'
  | 'error-tracking alert'
  | 'database-monitoring alert'
  | 'network-performance alert'
  | 'cost alert';
/** States Datadog renotifies on. */
export type RenotifyStatus = 'alert' | 'warn' | 'no data';
/** What a monitor does when its data is missing (`on_missing_data`, not for metric monitors). */
export type OnMissingData = 'default' | 'show_no_data' | 'show_and_notify_no_data' | 'resolve';

/** Options shared by every kind; each maps to one `datadog_monitor` attribute. */
export interface MonitorOptions {
  /** Monitor name (`name`); unique across the Datadog organisation (rule HS-MON-3). */
  readonly name: string;
  /** Notification message (`message`); build it with `buildMessage` and a `NotificationPolicy`. */
  readonly message: string;
  /** Tags, each `key:value` (`tags`). @default - no tags */
  readonly tags?: readonly string[];
  /** Priority 1–5 (`priority`). @default - no priority */
  readonly priority?: MonitorPriority;
  /** Warning threshold (`monitor_thresholds.warning`). @default - no warning state */
  readonly warning?: number;
  /** Threshold at which an alert recovers (`monitor_thresholds.critical_recovery`). @default - recovers when the critical condition stops holding */
  readonly criticalRecovery?: number;
  /** Threshold at which a warning recovers (`monitor_thresholds.warning_recovery`). @default - recovers when the warning condition stops holding */
  readonly warningRecovery?: number;
  /** Notify when data stops arriving (`notify_no_data`). @default false */
  readonly notifyNoData?: boolean;
  /** Minutes without data before a no-data notification (`no_data_timeframe`); at least twice the evaluation window. @default - twice the evaluation window, when `notifyNoData` is set */
  readonly noDataTimeframeMinutes?: number;
  /** Re-notify every N minutes while the monitor stays triggered (`renotify_interval`). @default - no renotification */
  readonly renotifyIntervalMinutes?: number;
  /** Stop renotifying after this many renotifications (`renotify_occurrences`). @default - unlimited */
  readonly renotifyOccurrences?: number;
  /** States that renotify (`renotify_statuses`). @default - Datadog's: alert and no data */
  readonly renotifyStatuses?: readonly RenotifyStatus[];
  /** Text appended to renotifications (`escalation_message`). @default - none */
  readonly escalationMessage?: string;
  /** Wait for a full window of data before evaluating (`require_full_window`). @default - Datadog's default */
  readonly requireFullWindow?: boolean;
  /** Seconds to delay evaluation, for late metrics such as AWS CloudWatch's (`evaluation_delay`). @default - no delay */
  readonly evaluationDelaySeconds?: number;
  /** Seconds before a new group starts being evaluated (`new_group_delay`). @default - Datadog's default */
  readonly newGroupDelaySeconds?: number;
  /** Add the triggering group's tags to the notification title (`include_tags`). @default - Datadog's default (true) */
  readonly includeTags?: boolean;
  /** Resolve a triggered monitor automatically after this many hours, 0–24 (`timeout_h`). @default - never */
  readonly timeoutHours?: number;
  /** Group-by keys to notify by (`notify_by`). @default - every group notifies */
  readonly notifyBy?: readonly string[];
  /** Behaviour on missing data for log, event and similar monitors (`on_missing_data`). @default - Datadog's default */
  readonly onMissingData?: OnMissingData;
  /** Role IDs allowed to edit the monitor (`restricted_roles`). @default - anyone with monitor write permission */
  readonly restrictedRoles?: readonly string[];
  /** Deprecated host delay in seconds (`new_host_delay`); set it only to match an existing monitor. @default - the provider's 300 */
  readonly newHostDelaySeconds?: number;
  /** Notify tagged users of changes to the monitor (`notify_audit`). @default false */
  readonly notifyAudit?: boolean;
  /** Time after which groups without data are dropped, e.g. `2d` (`group_retention_duration`; event-platform monitors). @default - Datadog's */
  readonly groupRetentionDuration?: string;
  /** Include sample log lines in notifications (`enable_logs_sample`; log monitors only). @default false */
  readonly enableLogsSample?: boolean;
  /** Trigger one alert when any group breaches (`groupby_simple_monitor`; log monitors only). @default false */
  readonly groupbySimpleMonitor?: boolean;
  /** Include samples in notifications (`enable_samples`; CI pipeline and test monitors only). @default false */
  readonly enableSamples?: boolean;
  /** What the notification shows besides the message (`notification_preset_name`). @default - Datadog's (`show_all`) */
  readonly notificationPresetName?: NotificationPresetName;
  /** A draft monitor evaluates but never notifies (`draft_status`). @default 'published' */
  readonly draftStatus?: 'draft' | 'published';
  /** Cumulative evaluation windows and custom schedules (`scheduling_options`). @default - rolling windows, evaluated every minute */
  readonly schedulingOptions?: MonitorSchedulingOptions;
  /** Formula monitors' event-platform and cloud-cost queries (`variables`). @default - none */
  readonly variables?: MonitorVariables;
  /** Deprecated edit lock (`locked`); use `restrictedRoles`. @default false */
  readonly locked?: boolean;
  /**
   * Attributes Terraform leaves as Datadog has them (`lifecycle.ignore_changes`), e.g. `['new_host_delay']` for an
   * adopted monitor whose API response has no host delay. @default - none
   */
  readonly ignoreChanges?: readonly string[];
}

/** `notification_preset_name` values of provider 3.82.0. */
export type NotificationPresetName = 'show_all' | 'hide_query' | 'hide_handles' | 'hide_all';

/** `scheduling_options`: at most one of each block. */
export interface MonitorSchedulingOptions {
  /** Cumulative window start: `hourStarts` alone, or `dayStarts` with `monthStarts`. @default - rolling window */
  readonly evaluationWindow?: { readonly dayStarts?: string; readonly hourStarts?: number; readonly monthStarts?: number };
  /** RRULE-based evaluation schedule. @default - every minute */
  readonly customSchedule?: { readonly rrule: string; readonly timezone: string; /** @default - the monitor's creation time */ readonly start?: string };
}

/** `variables` of a formula monitor. */
export interface MonitorVariables {
  /** @default - none */
  readonly eventQueries?: readonly MonitorEventQuery[];
  /** @default - none */
  readonly cloudCostQueries?: readonly { readonly name: string; readonly dataSource: string; readonly query: string; readonly aggregator: string }[];
}

/** One event-platform query of a formula monitor (`variables.event_query`). */
export interface MonitorEventQuery {
  readonly name: string;
  /** `logs`, `rum`, `spans`, `ci_pipelines`, `ci_tests`, `audit`, `events`, `database_queries`, `network`. */
  readonly dataSource: string;
  readonly search: string;
  /** @default - every index */
  readonly indexes?: readonly string[];
  readonly compute: { readonly aggregation: string; /** milliseconds @default - none */ readonly intervalMs?: number; /** @default - none */ readonly metric?: string };
  /** @default - none */
  readonly groupBy?: readonly { readonly facet: string; /** @default - Datadog's */ readonly limit?: number; /** @default - Datadog's */ readonly sort?: { readonly aggregation: string; readonly order?: 'asc' | 'desc'; readonly metric?: string } }[];
}

/** Where a metric series comes from: a metric with scope and group-by, or a series expression written out. */
export interface SeriesSource {
  /** Metric name, e.g. `system.cpu.user`. Exactly one of `metric` and `series`. */
  readonly metric?: string;
  /** Tag filters, AND-ed, e.g. `['env:prod', '!region:us-east-1']`. @default - every source (`*`) */
  readonly scope?: readonly string[];
  /** Group-by keys (multi-alert), e.g. `['host']`. @default - a simple alert, no groups */
  readonly groupBy?: readonly string[];
  /** Space aggregation. @default 'avg' */
  readonly spaceAggregation?: SeriesSpaceAggregation;
  /** Emit `.as_count()` or `.as_rate()` after the metric. @default - neither */
  readonly modifier?: 'as_count' | 'as_rate';
  /**
   * A full series expression used verbatim instead of `metric`/`scope`/`groupBy`, for arithmetic such as
   * `sum:a{env:prod}.as_count() / sum:b{env:prod}.as_count()`. Its scope and group-by are read from the text.
   */
  readonly series?: string;
}

/** Metric threshold: `avg(last_5m):avg:metric{scope} by {keys} > 90`. */
export interface MetricMonitorSpec extends MonitorOptions, SeriesSource {
  readonly kind: 'metric';
  /** Time aggregation. @default 'avg' */
  readonly timeAggregation?: SeriesTimeAggregation;
  /** Evaluation window in minutes (1–10080). @default 5 */
  readonly windowMinutes?: number;
  readonly comparator: ThresholdComparator;
  /** Critical threshold; it is the number written in the query. */
  readonly critical: number;
}

/** Change: `pct_change(avg(last_5m),last_1h):avg:metric{…} > 50`. */
export interface ChangeMonitorSpec extends MonitorOptions, SeriesSource {
  readonly kind: 'change';
  /** Absolute or relative (percent) change. @default 'change' */
  readonly changeType?: 'change' | 'pct_change';
  /** Time aggregation inside the change. @default 'avg' */
  readonly timeAggregation?: SeriesTimeAggregation;
  /** Window the current value is aggregated over, in minutes. @default 5 */
  readonly windowMinutes?: number;
  /** How far back the value compared with lies, in minutes. @default 60 */
  readonly comparedToMinutesAgo?: number;
  readonly comparator: ThresholdComparator;
  readonly critical: number;
}

/** Anomaly algorithm. */
export type AnomalyAlgorithmName = 'basic' | 'agile' | 'robust';
/** Seasonality for `agile` and `robust`. */
export type AnomalySeasonality = 'hourly' | 'daily' | 'weekly';

/** The threshold monitor beside an anomaly monitor: it fires whatever the algorithm has learned. */
export interface SafetyRail {
  readonly comparator: ThresholdComparator;
  readonly critical: number;
  /** @default - no warning */
  readonly warning?: number;
  /** @default 5 */
  readonly windowMinutes?: number;
  /** @default 'avg' */
  readonly timeAggregation?: SeriesTimeAggregation;
}

/** Anomaly: `avg(last_4h):anomalies(avg:metric{…}, 'agile', 2, direction='both', alert_window='last_15m', interval=60) >= 1`. */
export interface AnomalyMonitorSpec extends MonitorOptions, SeriesSource {
  readonly kind: 'anomaly';
  readonly algorithm: AnomalyAlgorithmName;
  /** Width of the band in standard deviations. @default 2 */
  readonly deviations?: number;
  /** @default 'both' */
  readonly direction?: 'above' | 'below' | 'both';
  /** Alert window in minutes; also the threshold trigger window. @default 15 */
  readonly alertWindowMinutes?: number;
  /** Recovery window in minutes. @default - the alert window */
  readonly recoveryWindowMinutes?: number;
  /** Rollup interval in seconds. @default 60 */
  readonly intervalSeconds?: number;
  /** Seasonality (`agile` and `robust` only). @default - Datadog's default (weekly) for agile/robust */
  readonly seasonality?: AnomalySeasonality;
  /** Treat missing points of a count as zero. @default - not emitted */
  readonly countDefaultZero?: boolean;
  /** Query window in minutes; at least the alert window. @default 240, or the alert window if longer */
  readonly queryWindowMinutes?: number;
  /** Fraction (0–1) of the alert window that must be anomalous. @default 1 */
  readonly critical?: number;
  /** The companion threshold monitor (rule HS-MON-4 wants one on paging anomalies). @default - none */
  readonly safetyRail?: SafetyRail;
}

/** Forecast: `max(next_1w):forecast(avg:metric{…}, 'linear', 1, interval='60m', history='1w', model='default') >= 90`. */
export interface ForecastMonitorSpec extends MonitorOptions, SeriesSource {
  readonly kind: 'forecast';
  readonly algorithm: 'linear' | 'seasonal';
  /** @default 1 */
  readonly deviations?: number;
  /** How far ahead to forecast. @default 'next_1w' */
  readonly horizon?: 'next_1d' | 'next_1w' | 'next_1mo';
  /** Time aggregation over the forecast horizon. @default 'max' */
  readonly timeAggregation?: SeriesTimeAggregation;
  /** Rollup interval in minutes. @default - Datadog chooses */
  readonly intervalMinutes?: number;
  /** History the model learns from (linear only), e.g. `1w`. @default - Datadog chooses */
  readonly history?: string;
  /** Linear model. @default - Datadog's default */
  readonly model?: 'default' | 'simple' | 'reactive';
  /** Seasonality (seasonal only). @default - Datadog's default */
  readonly seasonality?: AnomalySeasonality;
  /** @default '>=' */
  readonly comparator?: ThresholdComparator;
  readonly critical: number;
}

/** Outlier: `avg(last_30m):outliers(avg:metric{…} by {host}, 'dbscan', 2) > 0`. Needs a group-by. */
export interface OutlierMonitorSpec extends MonitorOptions, SeriesSource {
  readonly kind: 'outlier';
  readonly algorithm: 'dbscan' | 'mad' | 'scaledDBSCAN' | 'scaledMAD';
  /** @default 3 */
  readonly tolerance?: number;
  /** Percentage of points that must be outlying (MAD algorithms only). @default - none */
  readonly percent?: number;
  /** @default 30 */
  readonly windowMinutes?: number;
}

/** Service check: `"http.can_connect".over("env:prod").by("host").last(3).count_by_status()`. Thresholds are counts. */
export interface ServiceCheckMonitorSpec extends MonitorOptions {
  readonly kind: 'service-check';
  readonly check: string;
  /** Tags to select (`over`). @default - every source (`"*"`) */
  readonly over?: readonly string[];
  /** Tags to exclude (`exclude`). @default - none */
  readonly exclude?: readonly string[];
  /** Group-by tags (`by`). @default - none */
  readonly groupBy?: readonly string[];
  /** Number of consecutive check runs considered, 1–100; at least the largest threshold. @default 3 */
  readonly lastCount?: number;
  /** Failures that trigger the alert. @default 2 */
  readonly critical?: number;
  /** Successes that recover it. @default 1 */
  readonly ok?: number;
  /** @default - no unknown threshold */
  readonly unknown?: number;
}

/** `source("…").rollup(…).last(…)` monitors: logs and events. */
export interface SearchMonitorFields extends MonitorOptions {
  /** Search query, e.g. `service:web status:error`. */
  readonly search: string;
  /** @default 'count' */
  readonly rollup?: 'count' | 'avg' | 'sum' | 'min' | 'max' | 'cardinality';
  /** Measure or facet for a rollup other than count, e.g. `@duration`. @default - none (a count takes none) */
  readonly measure?: string;
  /** Facets to group by. @default - none */
  readonly groupBy?: readonly string[];
  /** Evaluation window in minutes. @default 5 */
  readonly windowMinutes?: number;
  /** @default '>' */
  readonly comparator?: ThresholdComparator;
  readonly critical: number;
}

/** Log: `logs("status:error").index("*").rollup("count").by("service").last("5m") > 10`. */
export interface LogMonitorSpec extends SearchMonitorFields {
  readonly kind: 'log';
  /** Log indexes. @default ['*'] */
  readonly indexes?: readonly string[];
}

/** Event: `events("source:aws status:error").rollup("count").last("5m") > 0` (type `event-v2 alert`). */
export interface EventMonitorSpec extends SearchMonitorFields {
  readonly kind: 'event';
}

/** APM trace metrics of one service and operation. */
export interface ApmMonitorSpec extends MonitorOptions {
  readonly kind: 'apm';
  /** What to watch: a latency percentile (seconds) or the error rate (fraction 0–1). */
  readonly signal: 'latency' | 'error-rate';
  readonly service: string;
  readonly env: string;
  /** Span operation name: metrics are `trace.<operation>.*`. @default 'http.request' */
  readonly operation?: string;
  /** Latency percentile over every request of the window (`percentile(last_5m):p95:…`). @default 'p95' */
  readonly percentile?: 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p99.9';
  /** Extra scope tags. @default - none */
  readonly scope?: readonly string[];
  /** @default - none */
  readonly groupBy?: readonly string[];
  /** @default 5 */
  readonly windowMinutes?: number;
  /** Seconds for latency, fraction (0–1) for the error rate. */
  readonly critical: number;
}

/** Something with a Datadog monitor ID: a `DatadogMonitor`, or `{ monitorId: '123' }` for one made elsewhere. */
export interface IMonitorRef {
  /** The monitor's ID (a Terraform reference token when made here). */
  readonly monitorId: string;
  /** Name, for messages and rules. */
  readonly monitorName?: string;
}

/** Boolean expression over monitors. */
export type CompositeMonitorExpression =
  | IMonitorRef
  | { readonly op: '&&' | '||'; readonly operands: readonly CompositeMonitorExpression[] }
  | { readonly op: '!'; readonly operand: CompositeMonitorExpression };

/** Composite: `123 && (456 || !789)`, built from monitor objects. */
export interface CompositeMonitorSpec extends MonitorOptions {
  readonly kind: 'composite';
  readonly expression: CompositeMonitorExpression;
}

/** A query written out, for what the kinds do not cover. Critical is filled from the query when omitted. */
export interface RawQueryMonitorSpec extends MonitorOptions {
  readonly kind: 'query';
  readonly type: MonitorType;
  readonly query: string;
  /** Must equal the query's number. @default - the query's number */
  readonly critical?: number;
  /** Service checks only. @default - Datadog's */
  readonly ok?: number;
  /** Service checks only. @default - none */
  readonly unknown?: number;
  /** Evaluation window in minutes, for the no-data rule. @default - read from the query when it is a metric query */
  readonly windowMinutes?: number;
  /**
   * Write the query's number as the critical threshold when `critical` is omitted. `false` leaves the thresholds as
   * given: what an adopted monitor whose Datadog definition has none needs. @default true
   */
  readonly criticalFromQuery?: boolean;
  /** `monitor_threshold_windows.trigger_window`, e.g. `last_15m`. @default - an anomaly query's alert window; none otherwise */
  readonly triggerWindow?: string;
  /** `monitor_threshold_windows.recovery_window`. @default - an anomaly query's alert window; none otherwise */
  readonly recoveryWindow?: string;
}

export type MonitorSpec =
  | MetricMonitorSpec
  | ChangeMonitorSpec
  | AnomalyMonitorSpec
  | ForecastMonitorSpec
  | OutlierMonitorSpec
  | ServiceCheckMonitorSpec
  | LogMonitorSpec
  | EventMonitorSpec
  | ApmMonitorSpec
  | CompositeMonitorSpec
  | RawQueryMonitorSpec;

export type MonitorKind = MonitorSpec['kind'];

/**
 * The attributes of one `datadog_monitor` exactly as they appear in synthesized Terraform JSON (snake_case; thresholds
 * and priority are strings, as in provider 3.82.0).
 */
export interface DatadogMonitorBody {
  name: string;
  type: MonitorType;
  query: string;
  message: string;
  priority?: string;
  tags?: string[];
  monitor_thresholds?: {
    critical?: string;
    critical_recovery?: string;
    warning?: string;
    warning_recovery?: string;
    ok?: string;
    unknown?: string;
  };
  monitor_threshold_windows?: { trigger_window?: string; recovery_window?: string };
  notify_no_data?: boolean;
  no_data_timeframe?: number;
  renotify_interval?: number;
  renotify_occurrences?: number;
  renotify_statuses?: string[];
  escalation_message?: string;
  require_full_window?: boolean;
  evaluation_delay?: number;
  new_group_delay?: number;
  include_tags?: boolean;
  timeout_h?: number;
  notify_by?: string[];
  on_missing_data?: string;
  restricted_roles?: string[];
  new_host_delay?: number;
  notify_audit?: boolean;
  group_retention_duration?: string;
  enable_logs_sample?: boolean;
  groupby_simple_monitor?: boolean;
  enable_samples?: boolean;
  notification_preset_name?: string;
  draft_status?: string;
  scheduling_options?: {
    evaluation_window?: { day_starts?: string; hour_starts?: number; month_starts?: number };
    custom_schedule?: { recurrence: { rrule: string; timezone: string; start?: string } };
  };
  variables?: {
    event_query?: {
      name: string;
      data_source: string;
      search: { query: string };
      indexes?: string[];
      compute: { aggregation: string; interval?: number; metric?: string }[];
      group_by?: { facet: string; limit?: number; sort?: { aggregation: string; order?: string; metric?: string } }[];
    }[];
    cloud_cost_query?: { name: string; data_source: string; query: string; aggregator: string }[];
  };
  locked?: boolean;
  lifecycle?: { ignore_changes: string[] };
}

/** One create-time rule violation: the field, the bad value and what is allowed. */
export interface Problem {
  /** Spec field (or `datadog_monitor` attribute) at fault, e.g. `warning`. */
  readonly field: string;
  readonly value: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** `warning: 95 is not below critical 90 …` */
export function formatProblem(p: Problem): string {
  return `${p.field}: ${p.message} (got ${JSON.stringify(p.value)})`;
}
