import { parse } from 'yaml';
import {
  connectionStates,
  postgresCheckToAutodiscoveryJson,
  postgresCheckToYaml,
  renderPostgresCheck,
  SecretValue,
  type PostgresCheckConfig,
} from '../../constructs/postgres-check';

const config: PostgresCheckConfig = {
  initConfig: { globalCustomQueries: [connectionStates()] },
  instances: [
    {
      host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      username: 'datadog',
      password: SecretValue.secretsManager('prod/orders/datadog', 'password'),
      dbname: 'orders',
      ssl: 'verify-full',
      tags: ['team:payments'],
      aws: { instanceEndpoint: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com', region: 'eu-west-1', managedAuthentication: { enabled: false } },
      collectActivityMetrics: true,
      collectDatabaseSizeMetrics: false,
      queryTimeoutMs: 2000,
      minCollectionIntervalSeconds: 30,
      dbm: true,
      useGlobalCustomQueries: 'true',
      customQueries: [
        {
          query: 'SELECT relname, n_dead_tup FROM pg_stat_user_tables',
          columns: [{ name: 'table', type: 'tag' }, { name: 'dead_tuples', type: 'gauge' }],
          metricPrefix: 'orders.tables',
          tags: ['source:custom'],
          collectionIntervalSeconds: 300,
        },
      ],
    },
  ],
};

describe('rendering the postgres check', () => {
  test('uses the Agent key names for the instance', () => {
    const instance = renderPostgresCheck(config).instances[0]!;
    expect(Object.keys(instance)).toEqual([
      'host', 'port', 'username', 'password', 'dbname', 'ssl', 'aws', 'tags', 'collect_activity_metrics',
      'collect_database_size_metrics', 'query_timeout', 'min_collection_interval', 'dbm', 'use_global_custom_queries',
      'custom_queries',
    ]);
    expect(instance['aws']).toEqual({
      instance_endpoint: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      region: 'eu-west-1',
      managed_authentication: { enabled: false },
    });
    expect(instance['query_timeout']).toBe(2000);
  });

  test('renders a Secrets Manager password as an ENC[secretId;key] handle', () => {
    expect(renderPostgresCheck(config).instances[0]!['password']).toBe('ENC[prod/orders/datadog;password]');
  });

  test('renders custom queries in the modern format with snake_case keys', () => {
    expect(renderPostgresCheck(config).instances[0]!['custom_queries']).toEqual([
      {
        metric_prefix: 'orders.tables',
        query: 'SELECT relname, n_dead_tup FROM pg_stat_user_tables',
        columns: [{ name: 'table', type: 'tag' }, { name: 'dead_tuples', type: 'gauge' }],
        tags: ['source:custom'],
        collection_interval: 300,
      },
    ]);
  });

  test('always emits metric_prefix, defaulting to the check namespace', () => {
    const rendered = renderPostgresCheck({
      instances: [{ host: 'h', username: 'u', customQueries: [{ query: 'SELECT 1', columns: [{ name: 'one', type: 'gauge' }] }] }],
    });
    expect((rendered.instances[0]!['custom_queries'] as Array<Record<string, unknown>>)[0]!['metric_prefix']).toBe('postgresql');
  });

  test('emits use_global_custom_queries as a quoted YAML string', () => {
    const yaml = postgresCheckToYaml(config);
    expect(yaml).toContain('use_global_custom_queries: "true"');
    expect(parse(yaml).instances[0].use_global_custom_queries).toBe('true');
  });

  test('renders global custom queries under init_config', () => {
    const parsed = parse(postgresCheckToYaml(config));
    expect(parsed.init_config.global_custom_queries[0].columns.map((c: { name: string }) => c.name)).toEqual([
      'datname', 'application_name', 'state', 'connection_state',
    ]);
  });

  test('YAML is byte-identical across renders and round-trips to the rendered object', () => {
    const a = postgresCheckToYaml(config);
    expect(postgresCheckToYaml(config)).toBe(a);
    expect(parse(a)).toEqual(renderPostgresCheck(config));
  });

  test('renders a skipped column as an empty mapping', () => {
    const rendered = renderPostgresCheck({
      instances: [{ host: 'h', username: 'u', customQueries: [{ query: 'SELECT 1, 2', columns: [{ type: 'skip' }, { name: 'two', type: 'gauge' }] }] }],
    });
    expect((rendered.instances[0]!['custom_queries'] as Array<Record<string, unknown>>)[0]!['columns']).toEqual([{}, { name: 'two', type: 'gauge' }]);
  });

  test('renders column modifiers in the Agent key names', () => {
    const rendered = renderPostgresCheck({
      instances: [{
        host: 'h', username: 'u',
        customQueries: [{
          query: 'SELECT a, b, c, d, e, f',
          columns: [
            { name: 'busy', type: 'temporal_percent', scale: 'millisecond' },
            { name: 'since', type: 'time_elapsed', format: '%Y-%m-%d' },
            { name: 'primary', type: 'tag', boolean: true },
            { name: 'value', type: 'source' },
            { name: 'metric', type: 'match', source: 'value', items: { reads: { name: 'io.reads', type: 'monotonic_count' } } },
            { name: 'health', type: 'service_check', statusMap: { up: 'OK', down: 'CRITICAL' } },
          ],
        }],
      }],
    });
    expect((rendered.instances[0]!['custom_queries'] as Array<Record<string, unknown>>)[0]!['columns']).toEqual([
      { name: 'busy', type: 'temporal_percent', scale: 'millisecond' },
      { name: 'since', type: 'time_elapsed', format: '%Y-%m-%d' },
      { name: 'primary', type: 'tag', boolean: true },
      { name: 'value', type: 'source' },
      { name: 'metric', type: 'match', source: 'value', items: { reads: { name: 'io.reads', type: 'monotonic_count' } } },
      { name: 'health', type: 'service_check', status_map: { up: 'OK', down: 'CRITICAL' } },
    ]);
  });

  test('autodiscovery JSON nests init_config and instances under "postgres"', () => {
    const json = JSON.parse(postgresCheckToAutodiscoveryJson({ instances: [{ host: '%%host%%', port: '%%port%%', username: 'datadog' }] }));
    expect(json).toEqual({ postgres: { init_config: {}, instances: [{ host: '%%host%%', port: '%%port%%', username: 'datadog', dbname: 'postgres' }] } });
  });
});
