import {
  convertLegacyConfig,
  convertLegacyCustomMetric,
  customQuery,
  formatProblem,
  fromAgentConfig,
  parseAgentYaml,
  postgresCheckToYaml,
  renderPostgresCheck,
  SecretValue,
} from '../../constructs/postgres-check';

const legacy = (overrides: Record<string, unknown> = {}) => ({
  descriptors: [['datname', 'db']],
  metrics: { 'COUNT(*)': ['postgresql.custom.connections', 'GAUGE'], 'SUM(xact_commit)': ['postgresql.custom.commits', 'MONOTONIC'] },
  query: 'SELECT datname, %s FROM pg_stat_database GROUP BY 1',
  relation: false,
  ...overrides,
});

describe('legacy custom_metrics conversion', () => {
  test('descriptors become tag columns first, metrics follow in order, %s expands to the metric columns', () => {
    expect(convertLegacyCustomMetric(legacy(), 'm').query).toEqual({
      metric_prefix: 'postgresql.custom',
      query: 'SELECT datname, COUNT(*), SUM(xact_commit) FROM pg_stat_database GROUP BY 1',
      columns: [
        { name: 'db', type: 'tag' },
        { name: 'connections', type: 'gauge' },
        { name: 'commits', type: 'monotonic_count' },
      ],
    });
  });

  test('%% is a literal percent, as in Python formatting', () => {
    const r = convertLegacyCustomMetric(legacy({ query: "SELECT datname, %s FROM pg_stat_database WHERE datname LIKE 'app%%' GROUP BY 1" }), 'm');
    expect(r.query!['query']).toBe("SELECT datname, COUNT(*), SUM(xact_commit) FROM pg_stat_database WHERE datname LIKE 'app%' GROUP BY 1");
  });

  test.each([
    [{ relation: true }, 'm.relation: relation: true is not converted automatically'],
    [{ query: 'SELECT 1' }, 'm.query: must contain exactly one %s'],
    [{ metrics: { a: ['one.a', 'GAUGE'], b: ['two.b', 'GAUGE'] } }, 'm.metrics: metric names "one.a", "two.b" share no leading segment'],
    [{ metrics: { a: ['x.a', 'AVERAGE'] } }, 'm.metrics.a: ["x.a","AVERAGE"] is not [metric name, GAUGE|RATE|MONOTONIC]'],
    [{ descriptors: undefined }, 'm.descriptors: is required in a custom_metrics entry'],
  ])('%j is reported, not guessed', (overrides, expected) => {
    const entry = legacy(overrides);
    if ('descriptors' in overrides) delete (entry as Record<string, unknown>)['descriptors'];
    expect(convertLegacyCustomMetric(entry, 'm').problems.map(formatProblem)).toEqual([expect.stringContaining(expected)]);
  });

  test('custom_metrics are appended to existing custom_queries of the instance', () => {
    const { config } = convertLegacyConfig({
      instances: [{ host: 'h', username: 'u', custom_queries: [{ query: 'SELECT 1', columns: [{ name: 'one', type: 'gauge' }] }], custom_metrics: [legacy()] }],
    });
    const instance = (config as { instances: Array<Record<string, unknown>> }).instances[0]!;
    expect(instance['custom_metrics']).toBeUndefined();
    expect((instance['custom_queries'] as unknown[]).length).toBe(2);
  });
});

describe('reading Agent configs', () => {
  test('YAML 1.1: yes is a boolean, as the Agent reads it', () => {
    expect(parseAgentYaml('a: yes\nb: "yes"\n')).toEqual({ a: true, b: 'yes' });
  });

  test('the typed model renders a modern config back to the same Agent form', () => {
    const raw = parseAgentYaml(postgresCheckToYaml({
      instances: [{
        host: 'db', username: 'datadog', password: SecretValue.secretsManager('prod/pg', 'password'), ssl: 'require',
        aws: { instanceEndpoint: 'db', region: 'eu-west-1', managedAuthentication: { enabled: true, roleArn: 'arn:aws:iam::123456789012:role/x' } },
        useGlobalCustomQueries: 'extend',
        customQueries: [{ query: 'SELECT a, b', columns: [{ type: 'skip' }, { name: 'h', type: 'service_check', statusMap: { up: 'OK' } }], collectionIntervalSeconds: 60 }],
      }],
    }));
    expect(renderPostgresCheck(fromAgentConfig(raw).config)).toEqual(raw);
  });

  test('keys outside the model are reported as dropped', () => {
    expect(fromAgentConfig({ init_config: { service: 'x' }, instances: [{ host: 'h', username: 'u', relations: ['t'] }] }).dropped).toEqual([
      'init_config.service', 'instances[0].relations',
    ]);
  });
});

describe('customQuery()', () => {
  test('returns a valid query unchanged', () => {
    const q = { name: 'one', query: 'SELECT 1', columns: [{ name: 'one', type: 'gauge' as const }] };
    expect(customQuery(q)).toBe(q);
  });

  test('throws with every problem, naming the query and the field', () => {
    expect(() => customQuery({
      name: 'orders',
      metricPrefix: 'app.',
      query: 'SELECT status, COUNT(*) FROM orders GROUP BY 1',
      columns: [{ name: 'status', type: 'tag' }, { name: 'count', type: 'gauge' }, { name: 'total', type: 'gauge' }],
    })).toThrow([
      'custom query orders is invalid:',
      'custom_query (orders): metric_prefix: "app." must not end with a dot (metrics would be "app..<column>")',
      'custom_query (orders): columns: 3 declared but the SELECT list has 2; the Agent would skip every row ("expected 3 columns, got 2")',
      'custom_query (orders): columns[1].name: metric name "app..count" has an empty segment',
      'custom_query (orders): columns[2].name: metric name "app..total" has an empty segment',
    ].join('\n'));
  });
});
