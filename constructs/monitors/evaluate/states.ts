import type { Comparator } from '../query';
import type { EvaluationOptions, GroupResult, MonitorState, Thresholds } from './types';

/** One group's window values at every evaluation, before the state machine. */
export interface WindowedGroup {
  readonly key: string;
  readonly tags: readonly string[];
  /** The value compared with the thresholds (NaN when the window is empty). */
  readonly values: Float64Array;
  /** For anomaly monitors: the value over the recovery window, compared with the recovery threshold. */
  readonly recoveryValues?: Float64Array;
  /** 1 when the window has data. */
  readonly hasData: Uint8Array;
  /** 1 when the window is full (require_full_window). */
  readonly full: Uint8Array;
  /** Time of the group's last point at or before the window's end (NaN before its first). */
  readonly lastSeen: Float64Array;
  /** Time of the group's first point (new_group_delay). */
  readonly firstSeen: number;
  readonly series?: GroupResult['series'];
  readonly band?: GroupResult['band'];
}

export interface StateRules {
  readonly comparator: Comparator;
  readonly thresholds: Thresholds;
  readonly options: EvaluationOptions;
  /** Multi alert: new_group_delay applies. */
  readonly grouped: boolean;
  /** An empty window evaluates as 0 (count queries under on_missing_data default, log and event counts). */
  readonly emptyAsZero: boolean;
  /** Seconds without data before NO DATA (notify_no_data). */
  readonly noDataTimeframeSeconds: number;
}

export function triggers(v: number, c: Comparator, threshold: number): boolean {
  switch (c) {
    case '>':
      return v > threshold;
    case '>=':
      return v >= threshold;
    case '<':
      return v < threshold;
    case '<=':
      return v <= threshold;
    case '==':
      return v === threshold;
    case '!=':
      return v !== threshold;
  }
}

/** Datadog's recovery rule: `>` recovers on `<=` the recovery threshold, `>=` on `<`, `<` on `>=`, `<=` on `>`. */
export function recovers(v: number, c: Comparator, recovery: number): boolean {
  switch (c) {
    case '>':
      return v <= recovery;
    case '>=':
      return v < recovery;
    case '<':
      return v >= recovery;
    case '<=':
      return v > recovery;
    default:
      return !triggers(v, c, recovery);
  }
}

/** The next state of a group given the window's value (and, for anomalies, the recovery window's value). */
export function nextState(prev: MonitorState, v: number, rv: number, c: Comparator, t: Thresholds): MonitorState {
  const alert = t.critical !== undefined && triggers(v, c, t.critical);
  const warn = t.warning !== undefined && triggers(v, c, t.warning);
  if (prev === 'ALERT') {
    if (alert) return 'ALERT';
    const recovered = t.critical_recovery !== undefined ? recovers(rv, c, t.critical_recovery) : t.critical === undefined || !triggers(rv, c, t.critical);
    if (!recovered) return 'ALERT';
    return warn ? 'WARN' : 'OK';
  }
  if (alert) return 'ALERT';
  if (prev === 'WARN') {
    const recovered = t.warning_recovery !== undefined ? recovers(rv, c, t.warning_recovery) : !warn;
    return recovered ? 'OK' : 'WARN';
  }
  return warn ? 'WARN' : 'OK';
}

/**
 * The state machine of Datadog's monitors over every evaluation of every group: thresholds with their recovery
 * rule; require_full_window (a window that is not full is skipped, the state kept); no data (notify_no_data after
 * no_data_timeframe, or on_missing_data); new_group_delay (a new group is reported OK, not evaluated); timeout_h
 * (a triggered group without data for that long resolves).
 */
export function runStates(times: Float64Array, groups: readonly WindowedGroup[], rules: StateRules): GroupResult[] {
  const o = rules.options;
  const delay = o.evaluation_delay ?? 0;
  const newGroupDelay = rules.grouped ? (o.new_group_delay ?? 0) : 0;
  return groups.map((g) => {
    const states: MonitorState[] = new Array(times.length);
    const values = new Float64Array(times.length).fill(NaN);
    let state: MonitorState = 'OK';
    for (let k = 0; k < times.length; k++) {
      const end = times[k] - delay;
      if (!(g.firstSeen <= end) || times[k] < g.firstSeen + newGroupDelay) {
        states[k] = 'OK';
        continue;
      }
      if (g.hasData[k]) {
        values[k] = g.values[k];
        if (!(o.require_full_window && !g.full[k])) state = nextState(state === 'NO DATA' ? 'OK' : state, g.values[k], g.recoveryValues ? g.recoveryValues[k] : g.values[k], rules.comparator, rules.thresholds);
      } else {
        const silent = end - g.lastSeen[k];
        const missing = o.on_missing_data;
        if (missing === 'show_no_data' || missing === 'show_and_notify_no_data') state = 'NO DATA';
        else if (missing === 'resolve') state = 'OK';
        else if (rules.emptyAsZero) {
          values[k] = 0;
          state = nextState(state === 'NO DATA' ? 'OK' : state, 0, 0, rules.comparator, rules.thresholds);
        } else if (o.notify_no_data && silent >= rules.noDataTimeframeSeconds) state = 'NO DATA';
        if (o.timeout_h !== undefined && o.timeout_h > 0 && (state === 'ALERT' || state === 'WARN') && silent >= o.timeout_h * 3600) state = 'OK';
      }
      states[k] = state;
    }
    return { key: g.key, tags: g.tags, states, values, ...(g.series ? { series: g.series } : {}), ...(g.band ? { band: g.band } : {}) };
  });
}
