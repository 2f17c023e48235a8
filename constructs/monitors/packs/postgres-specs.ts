import type { ChangeMonitorSpec, MetricMonitorSpec } from '../model';

/**
 * The Postgres connection monitors' queries and thresholds, in one place: `PostgresMonitors` (the accounts file's
 * `postgres:` monitors) and `PostgresConnectionsPack` build their specs from these factories, so the two never
 * disagree on a threshold or a query shape.
 */

/** Defaults of the connection-usage alert: a fraction of `max_connections`. */
export const POSTGRES_CONNECTION_USAGE = {
  metric: 'postgresql.percent_usage_connections',
  critical: 0.85,
  warning: 0.7,
  windowMinutes: 5,
} as const;

/** Defaults of the change alert on connection counts (percent, over a window compared with the one before). */
export const POSTGRES_CONNECTION_CHANGE = {
  metric: 'postgresql.connections',
  criticalPercent: 50,
  warningPercent: 25,
  windowMinutes: 10,
} as const;

/** Defaults of the idle-connections-per-application alert (the connection-state ready query). */
export const POSTGRES_IDLE_CONNECTIONS = {
  metric: 'postgresql.connection_state',
  critical: 20,
  windowMinutes: 15,
  applicationTag: 'application_name',
  stateTag: 'state',
  idleState: 'idle',
} as const;

/** What every factory takes: the servers and how to group them. */
export interface PostgresSeriesProps {
  /** Tag filters selecting the servers. @default - every server (`*`) */
  readonly scope?: readonly string[];
  /** Group-by keys, one group per server, e.g. `['server', 'port']`. */
  readonly groupBy: readonly string[];
}

type QuerySpec<S> = Omit<S, 'name' | 'message'>;

/** `avg(last_5m):max:postgresql.percent_usage_connections{…} by {…} > 0.85`, warning 0.7. */
export function postgresConnectionUsageSpec(
  props: PostgresSeriesProps & { readonly critical?: number; readonly warning?: number; readonly windowMinutes?: number },
): QuerySpec<MetricMonitorSpec> {
  const d = POSTGRES_CONNECTION_USAGE;
  return {
    kind: 'metric',
    metric: d.metric,
    ...(props.scope && props.scope.length > 0 ? { scope: props.scope } : {}),
    groupBy: props.groupBy,
    spaceAggregation: 'max',
    timeAggregation: 'avg',
    windowMinutes: props.windowMinutes ?? d.windowMinutes,
    comparator: '>',
    critical: props.critical ?? d.critical,
    warning: props.warning ?? d.warning,
  };
}

/** `pct_change(avg(last_10m),last_10m):sum:postgresql.connections{…} by {…} > 50`, warning 25. */
export function postgresConnectionChangeSpec(
  props: PostgresSeriesProps & { readonly criticalPercent?: number; readonly warningPercent?: number; readonly windowMinutes?: number },
): QuerySpec<ChangeMonitorSpec> {
  const d = POSTGRES_CONNECTION_CHANGE;
  const window = props.windowMinutes ?? d.windowMinutes;
  return {
    kind: 'change',
    changeType: 'pct_change',
    metric: d.metric,
    ...(props.scope && props.scope.length > 0 ? { scope: props.scope } : {}),
    groupBy: props.groupBy,
    spaceAggregation: 'sum',
    timeAggregation: 'avg',
    windowMinutes: window,
    comparedToMinutesAgo: window,
    comparator: '>',
    critical: props.criticalPercent ?? d.criticalPercent,
    warning: props.warningPercent ?? d.warningPercent,
  };
}

/** The idle-connections alert's settings. */
export interface PostgresIdleConnectionsOptions {
  /** Idle connections held by one application on one server. @default 20 */
  readonly critical?: number;
  /** @default - no warning */
  readonly warning?: number;
  /** Every point of the window must be above the threshold. @default 15 */
  readonly windowMinutes?: number;
  /** The connection-state metric. @default 'postgresql.connection_state' */
  readonly metric?: string;
  /** Its application tag key. @default 'application_name' */
  readonly applicationTag?: string;
  /** Its state tag key. @default 'state' */
  readonly stateTag?: string;
  /** The value of the state tag for idle connections. @default 'idle' */
  readonly idleState?: string;
}

/**
 * `min(last_15m):sum:postgresql.connection_state{…,state:idle} by {…,application_name} > 20`: every point of the window
 * above the count. No warning unless given.
 */
export function postgresIdleConnectionsSpec(
  props: PostgresSeriesProps & PostgresIdleConnectionsOptions,
): QuerySpec<MetricMonitorSpec> {
  const d = POSTGRES_IDLE_CONNECTIONS;
  const appTag = props.applicationTag ?? d.applicationTag;
  return {
    kind: 'metric',
    metric: props.metric ?? d.metric,
    scope: [...(props.scope ?? []), `${props.stateTag ?? d.stateTag}:${props.idleState ?? d.idleState}`],
    groupBy: props.groupBy.includes(appTag) ? props.groupBy : [...props.groupBy, appTag],
    spaceAggregation: 'sum',
    timeAggregation: 'min',
    windowMinutes: props.windowMinutes ?? d.windowMinutes,
    comparator: '>',
    critical: props.critical ?? d.critical,
    ...(props.warning !== undefined ? { warning: props.warning } : {}),
  };
}
