import {
  formatProblem,
  SecretValue,
  validateAgentConfig,
  validatePostgresCheck,
  type CustomQuery,
  type PostgresCheckConfig,
} from '../../constructs/postgres-check';

/** A parsed conf.yaml with one instance running the given custom queries. */
const agentConfig = (...queries: unknown[]) => ({
  init_config: {},
  instances: [{ host: 'db', username: 'datadog', password: 'ENC[pg]', custom_queries: queries }],
});
const messages = (raw: unknown, delivery?: Parameters<typeof validateAgentConfig>[1]) =>
  validateAgentConfig(raw, delivery).map(formatProblem);

const connectionStates = {
  metric_prefix: 'postgresql',
  query: 'SELECT datname, application_name, state, COUNT(*) FROM pg_stat_activity GROUP BY 1, 2, 3',
  columns: [
    { name: 'datname', type: 'tag' },
    { name: 'application_name', type: 'tag' },
    { name: 'state', type: 'tag' },
    { name: 'connection_state', type: 'gauge' },
  ],
};
const withColumn = (index: number, column: unknown) => ({
  ...connectionStates,
  columns: connectionStates.columns.map((c, i) => (i === index ? column : c)),
});

describe('Agent refusal reasons, each naming the query and the field', () => {
  test('a valid config has no problems', () => {
    expect(messages(agentConfig(connectionStates))).toEqual([]);
  });

  test('column without name', () => {
    expect(messages(agentConfig(withColumn(3, { type: 'gauge' })))).toEqual([
      'instances[0].custom_queries[0] (postgresql): columns[3].name: is required (the Agent refuses the instance)',
    ]);
  });

  test('column without type', () => {
    expect(messages(agentConfig(withColumn(3, { name: 'connection_state' })))).toEqual([
      expect.stringMatching(/^instances\[0\]\.custom_queries\[0\] \(postgresql\): columns\[3\]\.type: is required .*allowed: gauge, count,/),
    ]);
  });

  test('unknown column type', () => {
    expect(messages(agentConfig(withColumn(3, { name: 'connection_state', type: 'gauges' })))).toEqual([
      'instances[0].custom_queries[0] (postgresql): columns[3].type: "gauges" is not a column type; allowed: gauge, count, monotonic_count, rate, histogram, historate, monotonic_gauge, temporal_percent, time_elapsed, match, service_check, metadata, tag, tag_list, tag_not_null, source',
    ]);
  });

  test('duplicate column names, tags included', () => {
    expect(messages(agentConfig(withColumn(3, { name: 'state', type: 'gauge' })))).toContain(
      'instances[0].custom_queries[0] (postgresql): columns[3].name: "state" is already the name of columns[2]; column names (tags included) must be unique',
    );
  });

  test('empty metric_prefix', () => {
    expect(messages(agentConfig({ ...connectionStates, metric_prefix: '' }))).toEqual([
      'instances[0].custom_queries[0]: metric_prefix: must not be empty (the Agent refuses the instance); omit it for postgresql.<column>',
    ]);
  });

  test('non-numeric collection_interval', () => {
    expect(messages(agentConfig({ ...connectionStates, collection_interval: '60s' }))).toEqual([
      'instances[0].custom_queries[0] (postgresql): collection_interval: must be a number of seconds, got "60s" (the Agent refuses the instance)',
    ]);
  });

  test('non-positive collection_interval', () => {
    expect(messages(agentConfig({ ...connectionStates, collection_interval: 0 }))).toEqual([
      'instances[0].custom_queries[0] (postgresql): collection_interval: must be a positive whole number of seconds, got 0',
    ]);
  });

  test('unknown extra key on a metric column crashes the check run', () => {
    expect(messages(agentConfig(withColumn(3, { name: 'connection_state', type: 'gauge', unit: 'connection' })))).toEqual([
      expect.stringMatching(/^instances\[0\]\.custom_queries\[0\] \(postgresql\): columns\[3\]\.unit: is not a modifier of gauge columns: .*crashes/),
    ]);
  });

  test('use_global_custom_queries as a YAML boolean', () => {
    const raw = { init_config: {}, instances: [{ host: 'db', username: 'datadog', use_global_custom_queries: true }] };
    expect(messages(raw)).toEqual([
      "instances[0].use_global_custom_queries: true is a YAML boolean; the Agent refuses it: use the string 'true', 'false' or 'extend'",
    ]);
  });

  test('missing query and columns', () => {
    expect(messages(agentConfig({ metric_prefix: 'app' }))).toEqual([
      'instances[0].custom_queries[0] (app): query: is required (the Agent refuses the instance)',
      'instances[0].custom_queries[0] (app): columns: is required: one entry per column of the SELECT list (the Agent refuses the instance)',
    ]);
  });

  test('reports every problem at once', () => {
    const bad = { ...withColumn(0, { type: 'tag' }), metric_prefix: '', collection_interval: 'soon' };
    expect(messages(agentConfig(connectionStates, bad)).map((m) => m.split(': ')[1])).toEqual([
      'metric_prefix', 'collection_interval', 'columns[0].name', 'columns[3].name',
    ]);
  });
});

describe('problems the Agent only shows at run time, or never', () => {
  test('column count against the SELECT list', () => {
    const query = { ...connectionStates, columns: connectionStates.columns.slice(0, 3) };
    expect(messages(agentConfig(query))).toEqual([
      'instances[0].custom_queries[0] (postgresql): columns: 3 declared but the SELECT list has 4; the Agent would skip every row ("expected 3 columns, got 4")',
    ]);
  });

  test('an empty mapping counts as a column', () => {
    const query = { ...connectionStates, columns: [...connectionStates.columns.slice(0, 3), {}] };
    expect(messages(agentConfig(query))).toEqual([]);
  });

  test('SELECT * is not counted', () => {
    expect(messages(agentConfig({ ...connectionStates, query: 'SELECT * FROM my_view' }))).toEqual([]);
  });

  test('metric names Datadog would reject', () => {
    const query = withColumn(3, { name: 'connections-by-state', type: 'gauge' });
    expect(messages(agentConfig(query))).toEqual([
      'instances[0].custom_queries[0] (postgresql): columns[3].name: metric name "postgresql.connections-by-state" has "-"; Datadog allows only ASCII letters, digits, "_" and "."',
    ]);
  });

  test('tags Datadog would rewrite', () => {
    const raw = { instances: [{ host: 'db', username: 'datadog', tags: ['team:payments', 'owner:Jane Doe', '1env:prod'] }] };
    expect(messages(raw)).toEqual([
      'instances[0].tags[1]: tag "owner:Jane Doe" has " "; Datadog turns it into "_" (allowed: letters, digits, "_", "-", ":", ".", "/")',
      'instances[0].tags[2]: tag "1env:prod" must start with a letter',
    ]);
  });

  test('metric_prefix with a trailing dot', () => {
    expect(messages(agentConfig({ ...connectionStates, metric_prefix: 'app.' }))).toContainEqual(
      'instances[0].custom_queries[0] (app.): metric_prefix: "app." must not end with a dot (metrics would be "app..<column>")',
    );
  });

  test('the same metric name twice in one instance', () => {
    expect(messages(agentConfig(connectionStates, { ...connectionStates, query: 'SELECT datname, usename, state, 1 FROM pg_stat_activity' }))).toEqual([
      'instances[0].custom_queries[1] (postgresql): columns[3].name: metric "postgresql.connection_state" is also submitted by instances[0].custom_queries[0] (postgresql): columns[3]; one name per instance, or the series mix',
    ]);
  });

  test('a global query extended into an instance counts for duplicates', () => {
    const raw = {
      init_config: { global_custom_queries: [connectionStates] },
      instances: [{
        host: 'db', username: 'datadog', use_global_custom_queries: 'extend',
        custom_queries: [{ ...connectionStates, query: connectionStates.query.replace('COUNT(*)', 'COUNT(state)') }],
      }],
    };
    expect(messages(raw)).toEqual([
      expect.stringContaining('init_config.global_custom_queries[0] (postgresql): columns[3].name: metric "postgresql.connection_state" is also submitted by instances[0].custom_queries[0]'),
    ]);
  });

  test('a global query identical to an own query runs once, so it is no duplicate', () => {
    const raw = {
      init_config: { global_custom_queries: [connectionStates] },
      instances: [{ host: 'db', username: 'datadog', use_global_custom_queries: 'extend', custom_queries: [{ ...connectionStates }] }],
    };
    expect(messages(raw)).toEqual([]);
  });

  test('monotonic_gauge submits .total and .count', () => {
    const query = { metric_prefix: 'app', query: 'SELECT 1, 2', columns: [{ name: 'x.total', type: 'gauge' }, { name: 'x', type: 'monotonic_gauge' }] };
    expect(messages(agentConfig(query))).toEqual([
      'instances[0].custom_queries[0] (app): columns[1].name: metric "app.x.total" is also submitted by instances[0].custom_queries[0] (app): columns[0]; one name per instance, or the series mix',
    ]);
  });

  test('a literal password is refused', () => {
    const raw = { instances: [{ host: 'db', username: 'datadog', password: 'hunter2' }] };
    expect(messages(raw)).toEqual([expect.stringMatching(/^instances\[0\]\.password: is a literal password/)]);
  });

  test('ENC[…] must be the whole value', () => {
    const raw = { instances: [{ host: 'db', username: 'datadog', password: 'pw-ENC[pg]' }] };
    expect(messages(raw)).toEqual(['instances[0].password: ENC[…] must be the whole value for the Agent to resolve it']);
  });

  test.each([
    ['host', ['%%host%%', '%%port%%', '%%env_PGHOST%%']],
    ['file', ['%%host%%', '%%port%%', '%%env_PGHOST%%']],
    ['helm', ['%%host%%', '%%port%%', '%%env_PGHOST%%']],
    ['cluster-check', ['%%host%%', '%%port%%']],
    ['ecs', []],
    ['kubernetes', []],
  ] as const)('template variables with %s delivery: refused %j', (delivery, refused) => {
    const raw = { instances: [{ host: '%%host%%', port: '%%port%%', username: 'datadog', dbname: '%%env_PGHOST%%' }] };
    const found = validateAgentConfig(raw, { delivery }).map((p) => /%%\w+%%/.exec(p.message)![0]);
    expect(found).toEqual(refused);
  });

  test('template variables inside a query are checked too', () => {
    const query = { ...connectionStates, query: `${connectionStates.query} -- %%env_X%%` };
    expect(messages(agentConfig(query), { delivery: 'host' })).toEqual([
      expect.stringMatching(/^instances\[0\]\.custom_queries\[0\] \(postgresql\): query: template variable %%env_X%% cannot be resolved with host delivery/),
    ]);
  });

  test('column modifiers: temporal_percent needs scale, service_check a valid status_map, match items', () => {
    const query = {
      metric_prefix: 'app',
      query: 'SELECT a, b, c',
      columns: [
        { name: 'busy', type: 'temporal_percent' },
        { name: 'health', type: 'service_check', status_map: { up: 'FINE' } },
        { name: 'metric', type: 'match', items: { reads: { name: 'io.reads', type: 'gauge' } } },
      ],
    };
    expect(messages(agentConfig(query))).toEqual([
      'instances[0].custom_queries[0] (app): columns[0].scale: is required for temporal_percent; allowed: second, millisecond, microsecond, nanosecond, or parts of a second (1000)',
      'instances[0].custom_queries[0] (app): columns[1].status_map.up: "FINE" is not a status; allowed: OK, WARNING, CRITICAL, UNKNOWN',
      'instances[0].custom_queries[0] (app): columns[2].items.reads.source: is required when the match column has no source',
    ]);
  });

  test('connection fields: host and username required (the Agent refuses), port range and ssl mode (it runs, badly)', () => {
    const raw = { instances: [{ port: 70000, ssl: true }] };
    expect(validateAgentConfig(raw)).toEqual([
      { path: 'instances[0].host', message: 'is required (the Agent refuses the instance: "Specify a Postgres host to connect to.")', effect: 'refuses' },
      { path: 'instances[0].username', message: 'is required (the Agent refuses the instance: "Please specify a user to connect to Postgres.")', effect: 'refuses' },
      { path: 'instances[0].port', message: '70000 is not a TCP port (1-65535): every connection fails' },
      {
        path: 'instances[0].ssl',
        message: "true is not an SSL mode, so the Agent warns and uses 'allow' (no certificate check); allowed: disable, allow, prefer, require, verify-ca, verify-full",
      },
    ]);
  });

  test('what the Agent refuses and what it only runs badly, field by field', () => {
    const raw = {
      instances: [
        {
          host: 'db', username: 'datadog', port: 'fivefourthreetwo', password: 'hunter2', tags: ['test:<INTEGRATION_NAME>'],
          dbm: 'yes', collect_activity_metrics: 'maybe', query_timeout: 0,
        },
        { host: 'db', username: 'datadog', tags: 'env:prod', query_timeout: 'soon', min_collection_interval: 'often' },
      ],
    };
    const verdicts = validateAgentConfig(raw).map((p) => [p.path, p.effect ?? 'runs']);
    expect(verdicts).toEqual([
      ['instances[0].port', 'refuses'],
      ['instances[0].password', 'runs'],
      ['instances[0].tags[0]', 'runs'],
      ['instances[0].collect_activity_metrics', 'refuses'],
      ['instances[0].dbm', 'runs'],
      ['instances[0].query_timeout', 'runs'],
      ['instances[1].tags', 'refuses'],
      ['instances[1].query_timeout', 'refuses'],
      ['instances[1].min_collection_interval', 'refuses'],
    ]);
  });

  test('a fragment (fragment: true) needs no connection fields', () => {
    expect(messages({ instances: [{ custom_queries: [{ query: 'SELECT 1', columns: [{ name: 'one', type: 'gauge' }] }] }] }, { fragment: true })).toEqual([]);
  });
});

describe('validatePostgresCheck on the typed model', () => {
  const query: CustomQuery = {
    name: 'connection_states',
    query: 'SELECT datname, application_name, state, COUNT(*) FROM pg_stat_activity GROUP BY 1, 2, 3',
    columns: [
      { name: 'datname', type: 'tag' },
      { name: 'application_name', type: 'tag' },
      { name: 'state', type: 'tag' },
      { name: 'connection_state', type: 'gauge' },
    ],
  };

  test('names the query by its label', () => {
    const config: PostgresCheckConfig = {
      instances: [{
        host: 'db', username: 'datadog',
        customQueries: [query, query, { ...query, name: 'bad', columns: [...query.columns.slice(0, 3), { name: 'n', type: 'gauges' as never }] }],
      }],
    };
    expect(validatePostgresCheck(config).map(formatProblem)).toContainEqual(
      expect.stringMatching(/^instances\[0\]\.custom_queries\[2\] \(bad\): columns\[3\]\.type: "gauges" is not a column type; allowed: gauge, count, /),
    );
  });

  test('accepts every SecretValue kind and skips unresolved tokens', () => {
    for (const password of [
      SecretValue.secretsManager('prod/pg', 'password'),
      SecretValue.encHandle('pg_password'),
      SecretValue.envVar('PG_PASSWORD'),
      SecretValue.token('${TfToken[TOKEN.42]}'),
    ]) {
      expect(validatePostgresCheck({ instances: [{ host: 'db', username: 'datadog', password }] }, { delivery: 'ecs' })).toEqual([]);
    }
  });

  test('a resolved string passed off as a token is a literal', () => {
    const problems = validatePostgresCheck({ instances: [{ host: 'db', username: 'datadog', password: SecretValue.token('hunter2') }] });
    expect(problems.map((p) => p.path)).toEqual(['instances[0].password']);
  });
});
