/**
 * Ready custom queries. Each is NULL-safe (no `datname:None`, no empty `application_name:` tags) and counts only
 * client backends, so background processes (autovacuum, walwriter, …) produce no junk series. All run as a user
 * with `pg_monitor` (see agentUserSql); `backend_type` needs PostgreSQL 10+.
 */
import type { CustomQuery } from './types';
import { formatProblem } from './types';
import { validateCustomQuery } from './validate';

/** Tag expression: NULL and '' become `unknown`, so every series has a real value. */
const tag = (column: string) => `COALESCE(NULLIF(${column}::text, ''), 'unknown')`;

export interface ConnectionStatesOptions {
  /**
   * Metric prefix; the metric is `<prefix>.connection_state`.
   * @default 'postgresql'
   */
  readonly metricPrefix?: string;
  /** @default - every check run */
  readonly collectionIntervalSeconds?: number;
}

/**
 * `postgresql.connection_state`: client connections by `datname`, `application_name` and `state`
 * (active, idle, idle in transaction, …): which application holds idle connections.
 */
export function connectionStates(options: ConnectionStatesOptions = {}): CustomQuery {
  return customQuery({
    name: 'connection_states',
    metricPrefix: options.metricPrefix ?? 'postgresql',
    query: [
      `SELECT ${tag('datname')} AS datname, ${tag('application_name')} AS application_name, ${tag('state')} AS state, COUNT(*) AS connection_state`,
      "FROM pg_stat_activity WHERE backend_type = 'client backend'",
      'GROUP BY 1, 2, 3',
    ].join('\n'),
    columns: [
      { name: 'datname', type: 'tag' },
      { name: 'application_name', type: 'tag' },
      { name: 'state', type: 'tag' },
      { name: 'connection_state', type: 'gauge' },
    ],
    collectionIntervalSeconds: options.collectionIntervalSeconds,
  });
}

/**
 * `postgresql.idle_in_transaction.{connections,max_idle_seconds,max_transaction_seconds}` per `datname` and
 * `application_name`: sessions holding a transaction open while doing nothing (they block vacuum and hold locks).
 */
export function idleInTransactionAge(options: ConnectionStatesOptions = {}): CustomQuery {
  return customQuery({
    name: 'idle_in_transaction',
    metricPrefix: `${options.metricPrefix ?? 'postgresql'}.idle_in_transaction`,
    query: [
      `SELECT ${tag('datname')} AS datname, ${tag('application_name')} AS application_name, COUNT(*) AS connections,`,
      '  MAX(EXTRACT(EPOCH FROM clock_timestamp() - state_change))::float8 AS max_idle_seconds,',
      '  MAX(EXTRACT(EPOCH FROM clock_timestamp() - xact_start))::float8 AS max_transaction_seconds',
      "FROM pg_stat_activity WHERE backend_type = 'client backend' AND state IN ('idle in transaction', 'idle in transaction (aborted)')",
      'GROUP BY 1, 2',
    ].join('\n'),
    columns: [
      { name: 'datname', type: 'tag' },
      { name: 'application_name', type: 'tag' },
      { name: 'connections', type: 'gauge' },
      { name: 'max_idle_seconds', type: 'gauge' },
      { name: 'max_transaction_seconds', type: 'gauge' },
    ],
    collectionIntervalSeconds: options.collectionIntervalSeconds,
  });
}

/**
 * `postgresql.connection_usage.{used,max,available,percent}`: client connections against the slots ordinary roles
 * can use (`max_connections` minus `superuser_reserved_connections` and, on PostgreSQL 16+, `reserved_connections`),
 * i.e. how close applications are to `FATAL: … connection slots are reserved` (percent is 0–100).
 */
export function connectionUsage(options: ConnectionStatesOptions = {}): CustomQuery {
  return customQuery({
    name: 'connection_usage',
    metricPrefix: `${options.metricPrefix ?? 'postgresql'}.connection_usage`,
    query: [
      'SELECT u.used, m.max, m.max - u.used AS available, ROUND(100.0 * u.used / NULLIF(m.max, 0), 2)::float8 AS percent',
      "FROM (SELECT COUNT(*)::int AS used FROM pg_stat_activity WHERE backend_type = 'client backend') u,",
      "  (SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int",
      "    - COALESCE(current_setting('reserved_connections', true), '0')::int AS max) m",
    ].join('\n'),
    columns: [
      { name: 'used', type: 'gauge' },
      { name: 'max', type: 'gauge' },
      { name: 'available', type: 'gauge' },
      { name: 'percent', type: 'gauge' },
    ],
    collectionIntervalSeconds: options.collectionIntervalSeconds,
  });
}

export interface LongRunningQueriesOptions extends ConnectionStatesOptions {
  /**
   * A query counts as long-running after this many seconds in state `active`.
   * @default 60
   */
  readonly thresholdSeconds?: number;
}

/**
 * `postgresql.long_running_queries.{count,max_seconds}` per `datname` and `application_name`: active statements
 * running longer than `thresholdSeconds`.
 */
export function longRunningQueries(options: LongRunningQueriesOptions = {}): CustomQuery {
  const threshold = options.thresholdSeconds ?? 60;
  if (!(typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0)) {
    throw new Error(`longRunningQueries: thresholdSeconds must be a non-negative number, got ${String(threshold)}`);
  }
  return customQuery({
    name: 'long_running_queries',
    metricPrefix: `${options.metricPrefix ?? 'postgresql'}.long_running_queries`,
    query: [
      `SELECT ${tag('datname')} AS datname, ${tag('application_name')} AS application_name, COUNT(*) AS count,`,
      '  MAX(EXTRACT(EPOCH FROM clock_timestamp() - query_start))::float8 AS max_seconds',
      "FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()",
      `  AND query_start < clock_timestamp() - make_interval(secs => ${threshold})`,
      'GROUP BY 1, 2',
    ].join('\n'),
    columns: [
      { name: 'datname', type: 'tag' },
      { name: 'application_name', type: 'tag' },
      { name: 'count', type: 'gauge' },
      { name: 'max_seconds', type: 'gauge' },
    ],
    collectionIntervalSeconds: options.collectionIntervalSeconds,
  });
}

/**
 * `postgresql.replica_lag.{seconds,bytes}`, tagged `replication_role`: on a replica, how far replay is behind
 * (0 when everything received is replayed, so an idle primary does not look like lag); on a primary both
 * values are NULL and the Agent submits nothing.
 */
export function replicationLag(options: ConnectionStatesOptions = {}): CustomQuery {
  return customQuery({
    name: 'replication_lag',
    metricPrefix: `${options.metricPrefix ?? 'postgresql'}.replica_lag`,
    query: [
      "SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END AS replication_role,",
      '  CASE WHEN NOT pg_is_in_recovery() THEN NULL',
      '    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0',
      '    ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END::float8 AS seconds,',
      '  CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) END::float8 AS bytes',
    ].join('\n'),
    columns: [
      { name: 'replication_role', type: 'tag' },
      { name: 'seconds', type: 'gauge' },
      { name: 'bytes', type: 'gauge' },
    ],
    collectionIntervalSeconds: options.collectionIntervalSeconds,
  });
}

/** Every ready query, for an instance that wants them all. */
export function readyQueries(): CustomQuery[] {
  return [connectionStates(), idleInTransactionAge(), connectionUsage(), longRunningQueries(), replicationLag()];
}

/**
 * Your own query, checked on the spot: throws with every problem (missing name/type, unknown type, duplicate
 * column names, column count against the SELECT list, metric names Datadog rejects, …).
 */
export function customQuery(query: CustomQuery): CustomQuery {
  const problems = validateCustomQuery(query);
  if (problems.length > 0) {
    throw new Error(`custom query${query.name ? ` ${query.name}` : ''} is invalid:\n${problems.map(formatProblem).join('\n')}`);
  }
  return query;
}
