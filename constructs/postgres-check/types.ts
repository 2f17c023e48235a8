/**
 * Typed model of the Datadog Agent's postgres check (`conf.d/postgres.d/conf.yaml`), following the Agent's own
 * `postgres/assets/configuration/spec.yaml` and the custom-query format of `datadog_checks_base/utils/db`.
 * Props are camelCase; the rendered config uses the Agent's snake_case keys (see render.ts).
 */
import type { SecretValue } from './secret';

/** Where the rendered config is delivered; decides which template variables the Agent can resolve. */
export type PostgresDelivery = 'host' | 'ecs' | 'kubernetes' | 'helm' | 'cluster-check' | 'file';

/** libpq `sslmode` values the check accepts in `ssl`. */
export type PostgresSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/** Column types that submit a metric from the column's value. */
export type MetricColumnType =
  | 'gauge'
  | 'count'
  | 'monotonic_count'
  | 'rate'
  | 'histogram'
  | 'historate'
  /** Submits `<name>.total` as a gauge and `<name>.count` as a monotonic_count. */
  | 'monotonic_gauge';

/** Every column type the Agent knows (`COLUMN_TRANSFORMERS` + submission methods + `source`). */
export const COLUMN_TYPES = [
  'gauge',
  'count',
  'monotonic_count',
  'rate',
  'histogram',
  'historate',
  'monotonic_gauge',
  'temporal_percent',
  'time_elapsed',
  'match',
  'service_check',
  'metadata',
  'tag',
  'tag_list',
  'tag_not_null',
  'source',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const TAG_COLUMN_TYPES: readonly ColumnType[] = ['tag', 'tag_list', 'tag_not_null'];

export interface MetricColumn {
  readonly name: string;
  readonly type: MetricColumnType;
}

/** Time spent since the last run as a percentage, submitted as a rate. */
export interface TemporalPercentColumn {
  readonly name: string;
  readonly type: 'temporal_percent';
  /** Unit of the column's value: a name, or parts of a second (1000 = milliseconds). */
  readonly scale: 'second' | 'millisecond' | 'microsecond' | 'nanosecond' | number;
}

/** Seconds elapsed since the column's timestamp, submitted as a gauge. */
export interface TimeElapsedColumn {
  readonly name: string;
  readonly type: 'time_elapsed';
  /**
   * strptime format of the value.
   * @default - native: the driver returns a timestamp
   */
  readonly format?: string;
}

/** One entry of a `match` column's `items`: the metric to submit when the column equals the key. */
export interface MatchItem {
  /** The full metric name: the Agent does not prefix match items with `metric_prefix` (always rendered by houndstack). */
  readonly name: string;
  readonly type: MetricColumnType | 'temporal_percent' | 'time_elapsed';
  /**
   * Column (of type `source`) whose value is submitted.
   * @default - the match column's own `source`
   */
  readonly source?: string;
}

/** Unstructured rows (`metric`, `value`): submits `items[<value>]` from the `source` column. */
export interface MatchColumn {
  readonly name: string;
  readonly type: 'match';
  readonly items: Readonly<Record<string, MatchItem>>;
  /**
   * Column (of type `source`) holding the value to submit.
   * @default - none: every item must name its own source
   */
  readonly source?: string;
}

export type ServiceCheckStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** Submits a service check; values missing from `statusMap` are sent as UNKNOWN. */
export interface ServiceCheckColumn {
  readonly name: string;
  readonly type: 'service_check';
  readonly statusMap: Readonly<Record<string, ServiceCheckStatus>>;
}

/** Sets check metadata (e.g. `version`). */
export interface MetadataColumn {
  readonly name: string;
  readonly type: 'metadata';
}

/** `name:value` tag on every metric of the row. A NULL becomes `name:None`: prefer `tag_not_null` or COALESCE. */
export interface TagColumn {
  readonly name: string;
  readonly type: 'tag';
  /**
   * Render the value as `true`/`false`.
   * @default false
   */
  readonly boolean?: boolean;
}

/** One `name:item` tag per element of an array or comma-separated string. */
export interface TagListColumn {
  readonly name: string;
  readonly type: 'tag_list';
}

/** Like `tag`, but a NULL value adds no tag. */
export interface TagNotNullColumn {
  readonly name: string;
  readonly type: 'tag_not_null';
}

/** Value kept for `match` columns; submits nothing. */
export interface SourceColumn {
  readonly name: string;
  readonly type: 'source';
}

/** A column the Agent ignores; rendered as the empty mapping `{}`. */
export interface SkippedColumn {
  readonly type: 'skip';
}

export type CustomQueryColumn =
  | MetricColumn
  | TemporalPercentColumn
  | TimeElapsedColumn
  | MatchColumn
  | ServiceCheckColumn
  | MetadataColumn
  | TagColumn
  | TagListColumn
  | TagNotNullColumn
  | SourceColumn
  | SkippedColumn;

/** One entry of `custom_queries`. Columns map to the SELECT list by position only. */
export interface CustomQuery {
  /**
   * Our label for the query, used in problems and by `houndstack pg preview`; never rendered (the Agent names
   * queries `custom query #N`).
   * @default - the metric prefix
   */
  readonly name?: string;
  /** The SQL; runs against the instance's `dbname` only. */
  readonly query: string;
  readonly columns: readonly CustomQueryColumn[];
  /**
   * Metric names are `<metricPrefix>.<column name>`; no trailing dot.
   * @default 'postgresql' - the check's namespace, so metrics are `postgresql.<column name>` (always rendered:
   * Agents before 7.57 require it)
   */
  readonly metricPrefix?: string;
  /**
   * Tags added to every metric of the query.
   * @default - none
   */
  readonly tags?: readonly string[];
  /**
   * Run the query at most this often (positive whole seconds).
   * @default - every check run (`minCollectionIntervalSeconds`)
   */
  readonly collectionIntervalSeconds?: number;
}

export interface PostgresAwsOptions {
  /**
   * The RDS/Aurora endpoint, for host tagging and Database Monitoring.
   * @default - none
   */
  readonly instanceEndpoint?: string;
  /**
   * AWS region of the instance (needed for IAM authentication).
   * @default - none
   */
  readonly region?: string;
  /**
   * IAM database authentication instead of a password.
   * @default - disabled
   */
  readonly managedAuthentication?: {
    readonly enabled: boolean;
    /** @default - the Agent's own role */
    readonly roleArn?: string;
  };
}

/** One entry of `instances`. */
export interface PostgresInstance {
  /** Host name or address; a template variable (`%%host%%`) only where the delivery resolves it. */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number | string;
  readonly username: string;
  /**
   * An `ENC[…]` handle or a reference, never a literal.
   * @default - none (trust, `.pgpass`, or managed authentication)
   */
  readonly password?: SecretValue;
  /**
   * Database to connect to; custom queries run only against it.
   * @default 'postgres'
   */
  readonly dbname?: string;
  /** @default 'allow' (the check's default) */
  readonly ssl?: PostgresSslMode;
  /**
   * Tags added to every metric of the instance.
   * @default - none
   */
  readonly tags?: readonly string[];
  /** @default - not an AWS-managed database */
  readonly aws?: PostgresAwsOptions;
  /** @default - the check's default (true on Agent 7.57+) */
  readonly collectActivityMetrics?: boolean;
  /** @default - the check's default (true) */
  readonly collectDatabaseSizeMetrics?: boolean;
  /**
   * Statement timeout for every query of the check, custom queries included.
   * @default 5000
   */
  readonly queryTimeoutMs?: number;
  /** @default 15 */
  readonly minCollectionIntervalSeconds?: number;
  /**
   * Database Monitoring (needs the `datadog` schema and `pg_stat_statements`, see agentUserSql).
   * @default false
   */
  readonly dbm?: boolean;
  /** @default - none */
  readonly customQueries?: readonly CustomQuery[];
  /**
   * How `initConfig.globalCustomQueries` apply: `'true'` when the instance has no custom queries of its own,
   * `'extend'` in addition to them, `'false'` never. A string, not a boolean: the Agent refuses a YAML boolean.
   * @default 'true'
   */
  readonly useGlobalCustomQueries?: 'true' | 'false' | 'extend';
}

export interface PostgresInitConfig {
  /** @default - none */
  readonly globalCustomQueries?: readonly CustomQuery[];
}

/** A whole `conf.yaml`. */
export interface PostgresCheckConfig {
  /** @default - empty */
  readonly initConfig?: PostgresInitConfig;
  readonly instances: readonly PostgresInstance[];
}

/**
 * What the Agent does about a problem: refuse the instance on every run, crash the whole check run, or skip
 * every row of the query. Absent: the Agent runs but the result is not what was meant (names, secrets, templates).
 */
export type ProblemEffect = 'refuses' | 'crashes' | 'skips-rows';

/** One reason the Agent would refuse, crash on, or silently mis-collect a config. */
export interface Problem {
  /** Where, in the Agent's key names: `instances[0].custom_queries[2] (connection_states): columns[3].type`. */
  readonly path: string;
  /** What is wrong, with the bad value and what is allowed. */
  readonly message: string;
  readonly effect?: ProblemEffect;
}

export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}
