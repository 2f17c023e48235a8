import { stringify } from 'yaml';
import { SecretValue } from './secret';
import type {
  CustomQuery,
  CustomQueryColumn,
  PostgresCheckConfig,
  PostgresInitConfig,
  PostgresInstance,
} from './types';

/** The check's namespace: metrics of a query without metric_prefix are `postgresql.<column>`. */
export const DEFAULT_METRIC_PREFIX = 'postgresql';

export type AgentMapping = Record<string, unknown>;

/** The config as the Agent reads it: snake_case keys, plain data. */
export interface RenderedPostgresCheck {
  readonly init_config: AgentMapping;
  readonly instances: AgentMapping[];
}

// Keys are inserted in a fixed order and undefined values are dropped, so YAML and JSON are byte-stable.
function compact(entries: Array<[string, unknown]>): AgentMapping {
  const out: AgentMapping = {};
  for (const [key, value] of entries) if (value !== undefined) out[key] = value;
  return out;
}

function renderSecret(value: SecretValue | string | undefined): unknown {
  if (value === undefined) return undefined;
  // A plain string only reaches here from untyped callers; validation refuses it unless it is a reference.
  return value instanceof SecretValue ? value.rendered : value;
}

export function renderColumn(column: CustomQueryColumn): AgentMapping {
  switch (column.type) {
    case 'skip':
      return {};
    case 'temporal_percent':
      return compact([['name', column.name], ['type', column.type], ['scale', column.scale]]);
    case 'time_elapsed':
      return compact([['name', column.name], ['type', column.type], ['format', column.format]]);
    case 'tag':
      return compact([['name', column.name], ['type', column.type], ['boolean', column.boolean]]);
    case 'match': {
      const items: AgentMapping = {};
      for (const [key, item] of Object.entries(column.items)) {
        items[key] = compact([['name', item.name], ['type', item.type], ['source', item.source]]);
      }
      return compact([['name', column.name], ['type', column.type], ['source', column.source], ['items', items]]);
    }
    case 'service_check':
      return compact([['name', column.name], ['type', column.type], ['status_map', { ...column.statusMap }]]);
    default:
      return { name: column.name, type: column.type };
  }
}

export function renderCustomQuery(query: CustomQuery): AgentMapping {
  return compact([
    // Always emitted: optional only since Agent 7.57, and explicit beats the check's implicit namespace.
    ['metric_prefix', query.metricPrefix ?? DEFAULT_METRIC_PREFIX],
    ['query', query.query],
    ['columns', (query.columns ?? []).map(renderColumn)],
    ['tags', query.tags && query.tags.length > 0 ? [...query.tags] : undefined],
    ['collection_interval', query.collectionIntervalSeconds],
  ]);
}

export function renderInstance(instance: PostgresInstance): AgentMapping {
  const aws = instance.aws
    ? compact([
        ['instance_endpoint', instance.aws.instanceEndpoint],
        ['region', instance.aws.region],
        [
          'managed_authentication',
          instance.aws.managedAuthentication
            ? compact([
                ['enabled', instance.aws.managedAuthentication.enabled],
                ['role_arn', instance.aws.managedAuthentication.roleArn],
              ])
            : undefined,
        ],
      ])
    : undefined;
  return compact([
    ['host', instance.host],
    ['port', instance.port ?? 5432],
    ['username', instance.username],
    ['password', renderSecret(instance.password as SecretValue | string | undefined)],
    // Always emitted: custom queries run only against this database, so say which one.
    ['dbname', instance.dbname ?? 'postgres'],
    ['ssl', instance.ssl],
    ['aws', aws],
    ['tags', instance.tags && instance.tags.length > 0 ? [...instance.tags] : undefined],
    ['collect_activity_metrics', instance.collectActivityMetrics],
    ['collect_database_size_metrics', instance.collectDatabaseSizeMetrics],
    ['query_timeout', instance.queryTimeoutMs],
    ['min_collection_interval', instance.minCollectionIntervalSeconds],
    ['dbm', instance.dbm],
    ['use_global_custom_queries', instance.useGlobalCustomQueries],
    [
      'custom_queries',
      instance.customQueries && instance.customQueries.length > 0 ? instance.customQueries.map(renderCustomQuery) : undefined,
    ],
  ]);
}

export function renderInitConfig(initConfig: PostgresInitConfig | undefined): AgentMapping {
  const globals = initConfig?.globalCustomQueries;
  return compact([['global_custom_queries', globals && globals.length > 0 ? globals.map(renderCustomQuery) : undefined]]);
}

/** The whole `conf.yaml` as plain data, in the Agent's key names. */
export function renderPostgresCheck(config: PostgresCheckConfig): RenderedPostgresCheck {
  return {
    init_config: renderInitConfig(config.initConfig),
    instances: config.instances.map(renderInstance),
  };
}

/** Deterministic YAML for `conf.d/postgres.d/conf.yaml`. */
export function renderedToYaml(rendered: RenderedPostgresCheck): string {
  return agentYaml(rendered);
}

/** Any part of an Agent config (a whole config, or a `custom_queries:` fragment) as houndstack writes YAML. */
export function agentYaml(value: unknown): string {
  // lineWidth 0: never fold long SQL lines; multi-line queries become literal blocks. Strings that read as
  // booleans ('true', 'extend' is plain) are quoted by the library, which is what use_global_custom_queries needs.
  return stringify(value, { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true });
}

/** `{"postgres":{"init_config":{…},"instances":[…]}}` for the `com.datadoghq.ad.checks` label and `ad.datadoghq.com/<c>.checks`. */
export function renderedToAutodiscoveryJson(rendered: RenderedPostgresCheck): string {
  return JSON.stringify({ postgres: { init_config: rendered.init_config, instances: rendered.instances } });
}

export function postgresCheckToYaml(config: PostgresCheckConfig): string {
  return renderedToYaml(renderPostgresCheck(config));
}

export function postgresCheckToAutodiscoveryJson(config: PostgresCheckConfig): string {
  return renderedToAutodiscoveryJson(renderPostgresCheck(config));
}
