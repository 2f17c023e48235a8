import type { Comparator } from '../query';

/** The state of one group at one evaluation, as Datadog shows it. */
export type MonitorState = 'OK' | 'WARN' | 'ALERT' | 'NO DATA';
export const MONITOR_STATES: readonly MonitorState[] = ['OK', 'WARN', 'ALERT', 'NO DATA'];

/** A timestamped sample: UNIX seconds, and the value (`null` = no sample, as Datadog's API writes gaps). */
export type Point = readonly [timeSeconds: number, value: number | null];

/** One input series: a metric (or check, or log source) name, its tags, its points in time order. */
export interface InputSeries {
  readonly metric: string;
  /** `key:value` tags (a bare tag is allowed). */
  readonly tags: readonly string[];
  readonly points: readonly Point[];
  /**
   * The points as two columns instead (time-sorted; NaN = no sample): for long recordings, 16 bytes a point instead
   * of an array each. When given, `points` is ignored.
   */
  readonly columns?: { readonly times: Float64Array; readonly values: Float64Array };
}

/** `monitor_thresholds` as Datadog names them. @default - critical from the query, nothing else */
export interface Thresholds {
  readonly critical?: number;
  readonly warning?: number;
  readonly critical_recovery?: number;
  readonly warning_recovery?: number;
  /** Service checks: consecutive OK runs that resolve. */
  readonly ok?: number;
}

/** The monitor options that change evaluation, with Datadog's API names. Absent = the API default. */
export interface EvaluationOptions {
  /** @default false (Datadog's API and UI; the Terraform provider defaults it to true) */
  readonly require_full_window?: boolean;
  /** @default false */
  readonly notify_no_data?: boolean;
  /** Minutes without data before NO DATA. @default - 2 × the query window (24 h for service checks) */
  readonly no_data_timeframe?: number;
  /** @default - the legacy no-data behaviour (`notify_no_data`) */
  readonly on_missing_data?: 'default' | 'show_no_data' | 'show_and_notify_no_data' | 'resolve';
  /** Seconds a new group is not evaluated (reported OK). @default 0 */
  readonly new_group_delay?: number;
  /** Seconds the window is shifted back. @default 0 */
  readonly evaluation_delay?: number;
  /** Hours without data after which a triggered group resolves. @default - never */
  readonly timeout_h?: number;
  /** Anomaly monitors: `monitor_threshold_windows`. @default - trigger = recovery = alert_window */
  readonly threshold_windows?: { readonly trigger_window?: string; readonly recovery_window?: string };
}

/** An anomaly band given by the test (e.g. the lower/upper series of Datadog's `anomalies()` in a graph query). */
export interface BandInput {
  /** Group the band belongs to (`*` or `host:a,env:prod`). @default '*' */
  readonly group?: string;
  readonly lower: readonly Point[];
  readonly upper: readonly Point[];
}

/** The evaluated history of one group. */
export interface GroupResult {
  /** `*` for a simple alert, else the group's tags in group-by order joined by `,` (`host:a,env:prod`). */
  readonly key: string;
  /** The group's tags (`host:a`, …). */
  readonly tags: readonly string[];
  /** State at every evaluation (index of `EvaluationResult.times`). */
  readonly states: readonly MonitorState[];
  /** The value compared with the thresholds at every evaluation (NaN when the evaluation had no value). */
  readonly values: Float64Array;
  /** The series that was evaluated, after scope, grouping, space aggregation and arithmetic (for plots). */
  readonly series?: { readonly times: Float64Array; readonly values: Float64Array };
  /** Anomaly band per point of `series`, when the monitor has one. */
  readonly band?: { readonly lower: Float64Array; readonly upper: Float64Array };
}

export interface Transition {
  readonly time: number;
  readonly group: string;
  readonly from: MonitorState;
  readonly to: MonitorState;
  /** The value that caused it (NaN for no data). */
  readonly value: number;
}

export interface EvaluationResult {
  readonly kind: string;
  /** Evaluation times (UNIX seconds), every `frequencySeconds`. */
  readonly times: Float64Array;
  readonly frequencySeconds: number;
  readonly comparator: Comparator | undefined;
  readonly thresholds: Thresholds;
  readonly groups: readonly GroupResult[];
  /** Where the evaluation approximates Datadog (e.g. the `basic` anomaly band): to show beside every result. */
  readonly notes: readonly string[];
}

/** A query the evaluator cannot evaluate faithfully: names the function or feature. */
export class UnsupportedQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedQueryError';
  }
}

export const STATE_CODE: Record<MonitorState, number> = { OK: 0, WARN: 1, ALERT: 2, 'NO DATA': 3 };
