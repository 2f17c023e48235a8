import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { connectionStates, postgresCheckToYaml, SecretValue } from '../../constructs/postgres-check';
import { useEmbeddedPostgres } from '../support/postgres';
import { LEGACY_FRAGMENT } from './legacy-fragment';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'houndstack-pg-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function houndstack(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/houndstack.js'), ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const BROKEN = `
init_config: {}
instances:
  - host: "%%host%%"
    username: datadog
    password: hunter2
    use_global_custom_queries: yes
    custom_queries:
      - metric_prefix: connections
        query: SELECT datname, state, COUNT(*) FROM pg_stat_activity GROUP BY 1, 2
        collection_interval: often
        columns:
          - name: datname
            type: tag
          - name: state
            type: gauges
`;

const LEGACY = `
init_config:
instances:
  - host: localhost
    username: datadog
    password: ENC[pg_password]
    custom_metrics:
      - descriptors:
          - [datname, datname]
          - [application_name, application_name]
        metrics:
          COUNT(*): [postgresql.custom.connections, GAUGE]
          SUM(CASE WHEN state = 'idle' THEN 1 ELSE 0 END): [postgresql.custom.idle, GAUGE]
        query: SELECT datname, application_name, %s FROM pg_stat_activity GROUP BY 1, 2
        relation: false
`;

describe('houndstack pg check', () => {
  test("prints the Agent's verdict on every problem, one line each naming the file: error [what the Agent does] or warning", async () => {
    const broken = file('broken.yaml', BROKEN);
    const { code, stdout } = await houndstack('pg', 'check', '--delivery', 'host', broken);
    expect(code).toBe(1);
    // Every line names the file.
    expect(stdout.trim().split('\n').every((l) => l.startsWith(`error: ${broken}: `) || l.startsWith(`warning: ${broken}: `))).toBe(true);
    const lines = stdout.trim().split('\n').map((l) => l.replace(`: ${broken}: `, ': '));
    expect(lines).toEqual([
      expect.stringMatching(/^warning: instances\[0\]\.password: is a literal password: .*; the Agent accepts it, but whoever can read this config has the password$/),
      "error: instances[0].use_global_custom_queries: true is a YAML boolean; the Agent refuses it: use the string 'true', 'false' or 'extend' [instance skipped]",
      'error: instances[0].custom_queries[0] (connections): collection_interval: must be a number of seconds, got "often" (the Agent refuses the instance) [instance skipped]',
      expect.stringMatching(/^error: instances\[0\]\.custom_queries\[0\] \(connections\): columns\[1\]\.type: "gauges" is not a column type; .* \[instance skipped\]$/),
      'error: instances[0].custom_queries[0] (connections): columns: 2 declared but the SELECT list has 3; the Agent would skip every row ("expected 2 columns, got 3") [rows skipped]',
      expect.stringMatching(/^warning: instances\[0\]\.host: template variable %%host%% cannot be resolved with host delivery, so the Agent uses the text as it is/),
    ]);
  });

  const RUNS = `
init_config: {}
instances:
  - host: db.internal
    username: datadog
    password: hunter2
    tags: ["test:<INTEGRATION_NAME>", "env:prod"]
    custom_queries:
      - metric_prefix: app
        query: SELECT 1
        columns:
          - {name: one, type: gauge}
`;

  test('a config the Agent runs as it is gets warnings and exit 0; --strict makes them exit 1', async () => {
    const runs = file('runs.yaml', RUNS);
    const plain = await houndstack('pg', 'check', runs);
    expect(plain.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${runs}: instances\\[0\\]\\.password: is a literal password`)),
      `warning: ${runs}: instances[0].tags[0]: tag "test:<INTEGRATION_NAME>" has "<", ">"; Datadog turns it into "_" (allowed: letters, digits, "_", "-", ":", ".", "/")`,
    ]);
    expect(plain.code).toBe(0);
    const strict = await houndstack('pg', 'check', '--strict', runs);
    expect({ code: strict.code, stdout: strict.stdout }).toEqual({ code: 1, stdout: plain.stdout });
  });

  test('--json prints one object per problem with its severity and, for errors, what the Agent does', async () => {
    const runs = file('runs-json.yaml', RUNS.replace('type: gauge', 'type: gauges'));
    const { code, stdout } = await houndstack('pg', 'check', '--json', runs);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { file: runs, severity: 'warning', path: 'instances[0].password', message: expect.stringContaining('is a literal password') },
      { file: runs, severity: 'warning', path: 'instances[0].tags[0]', message: expect.stringContaining('test:<INTEGRATION_NAME>') },
      { file: runs, severity: 'error', path: 'instances[0].custom_queries[0] (app): columns[0].type', message: expect.stringContaining('"gauges" is not a column type'), agent: 'instance skipped' },
    ]);
  });

  test('a file holding only custom_queries: is checked as one instance\'s queries, without connection fields', async () => {
    const fragment = file('fragment.yaml', `
custom_queries:
  - metric_prefix: app
    query: SELECT status, COUNT(*) FROM orders GROUP BY 1
    columns:
      - {name: status, type: tag}
      - {name: orders, type: gauges}
`);
    const { code, stdout } = await houndstack('pg', 'check', fragment);
    expect({ code, stdout }).toEqual({
      code: 1,
      stdout: expect.stringMatching(new RegExp(`^error: ${fragment}: custom_queries\\[0\\] \\(app\\): columns\\[1\\]\\.type: "gauges" is not a column type; .* \\[instance skipped\\]\n$`)),
    });
    const fixed = file('fragment-ok.yaml', readFileSync(fragment, 'utf8').replace('gauges', 'gauge'));
    expect(await houndstack('pg', 'check', fixed)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  test('a bare list of legacy entries is read as custom_metrics:', async () => {
    const list = file('list.yaml', LEGACY_FRAGMENT.replace(/^custom_metrics:\n/, '').replace(/^  /gm, ''));
    const { code, stdout } = await houndstack('pg', 'check', list);
    expect({ code, stdout }).toEqual({
      code: 0,
      stdout: `warning: ${list}: custom_metrics[0]: custom_metrics is deprecated since Agent 6.5 (the Agent still runs it, and warns); convert it to custom_queries with \`houndstack pg check --convert\`\n`,
    });
  });

  test('what the Agent refuses in a legacy entry is an error: a missing key, an unknown collector method', async () => {
    const bad = file('legacy-bad.yaml', LEGACY_FRAGMENT.replace('relation: false', '').replace('GAUGE', 'AVERAGE'));
    const { code, stdout } = await houndstack('pg', 'check', bad);
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      `error: ${bad}: custom_metrics[0].relation: is required in a custom_metrics entry (the Agent refuses the instance: "Missing parameter in custom metric") [instance skipped]`,
      `error: ${bad}: custom_metrics[0].metrics.COUNT(state): "AVERAGE" is not a collector method; allowed: RATE, GAUGE, MONOTONIC [instance skipped]`,
    ]);
  });

  test('--convert turns the published connection-state block into custom_queries: of the same shape', async () => {
    const legacy = file('legacy-fragment.yaml', LEGACY_FRAGMENT);
    const converted = await houndstack('pg', 'check', '--convert', legacy);
    expect({ code: converted.code, stderr: converted.stderr }).toEqual({ code: 0, stderr: '' });
    expect(parse(converted.stdout)).toEqual({
      custom_queries: [
        {
          metric_prefix: 'postgresql',
          query: 'SELECT datname, application_name, state, COUNT(state) FROM pg_stat_activity GROUP BY datname, application_name, state;',
          columns: [
            { name: 'datname', type: 'tag' },
            { name: 'application_name', type: 'tag' },
            { name: 'state', type: 'tag' },
            { name: 'connection_state', type: 'gauge' },
          ],
        },
      ],
    });
    expect(await houndstack('pg', 'check', file('converted-fragment.yaml', converted.stdout))).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  test('reads YAML like the Agent: an unquoted n is the boolean false', async () => {
    const yaml = BROKEN.replace('name: datname', 'name: n');
    const yaml11 = file('yaml11.yaml', yaml);
    const { stdout } = await houndstack('pg', 'check', yaml11);
    expect(stdout).toContain(`error: ${yaml11}: instances[0].custom_queries[0] (connections): columns[0].name: is the YAML boolean false (YAML 1.1 reads y/n/yes/no/on/off so): quote the name [instance skipped]\n`);
  });

  test('an unparsable file is one error line on stderr with line and column, exit 2, not a stack trace', async () => {
    const bad = file('bad.yaml', 'instances: [\n');
    const { code, stdout, stderr } = await houndstack('pg', 'check', bad);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`error: ${bad}: line 2, column 1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n`);
  });

  test('prints ok and exits 0 for a valid config', async () => {
    const yaml = postgresCheckToYaml({
      instances: [{ host: 'db', username: 'datadog', password: SecretValue.encHandle('pg'), customQueries: [connectionStates()] }],
    });
    const { code, stdout } = await houndstack('pg', 'check', file('valid.yaml', yaml));
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'ok\n' });
  });

  test('a legacy custom_metrics file is a problem, and --convert prints the modern equivalent', async () => {
    const legacy = file('legacy.yaml', LEGACY);
    expect((await houndstack('pg', 'check', legacy)).stdout).toContain(`warning: ${legacy}: instances[0].custom_metrics[0]: custom_metrics is deprecated`);
    const converted = await houndstack('pg', 'check', '--convert', legacy);
    expect(converted.code).toBe(0);
    expect(parse(converted.stdout).instances[0].custom_queries).toEqual([
      {
        metric_prefix: 'postgresql.custom',
        query: "SELECT datname, application_name, COUNT(*), SUM(CASE WHEN state = 'idle' THEN 1 ELSE 0 END) FROM pg_stat_activity GROUP BY 1, 2",
        columns: [
          { name: 'datname', type: 'tag' },
          { name: 'application_name', type: 'tag' },
          { name: 'connections', type: 'gauge' },
          { name: 'idle', type: 'gauge' },
        ],
      },
    ]);
    expect((await houndstack('pg', 'check', file('converted.yaml', converted.stdout))).stdout).toBe('ok\n');
  });
});

describe('houndstack pg preview against a real PostgreSQL', () => {
  const server = useEmbeddedPostgres();

  test('previews a custom_queries: fragment as one instance\'s queries', async () => {
    const fragment = file('preview-fragment.yaml', `
custom_queries:
  - metric_prefix: app
    query: SELECT 'ok' AS status, 3 AS jobs
    columns:
      - {name: status, type: tag}
      - {name: jobs, type: gauge}
`);
    const { code, stdout } = await houndstack('pg', 'preview', '--url', server().url(), fragment);
    expect(code).toBe(0);
    expect(stdout).toContain('# the queries of the fragment against postgres://');
    expect(stdout).toContain('## custom_queries[0] (custom query #1): 1 submission\nmetric app.jobs gauge 3 status:ok\n');
  });

  test('prints what the Agent would submit, following its rules for NULLs, column counts and SQL errors', async () => {
    const config = `
init_config: {}
instances:
  - host: localhost
    username: datadog
    password: ENC[pg]
    tags: [env:test]
    custom_queries:
      - metric_prefix: postgresql
        query: SELECT datname, application_name, state, COUNT(*) FROM pg_stat_activity WHERE backend_type <> 'client backend' GROUP BY 1, 2, 3
        columns:
          - {name: datname, type: tag}
          - {name: application_name, type: tag}
          - {name: state, type: tag}
          - {name: connection_state, type: gauge}
      - metric_prefix: app
        query: SELECT 'x' AS t, NULL::int AS missing, 2 AS present
        tags: [source:preview]
        columns:
          - {name: t, type: tag_not_null}
          - {name: missing, type: gauge}
          - {name: present, type: monotonic_count}
      - metric_prefix: wrong
        query: SELECT 1, 2, 3 FROM (SELECT 1) AS t
        columns:
          - {name: a, type: gauge}
          - {name: b, type: gauge}
      - metric_prefix: broken
        query: SELECT num FROM no_such_table
        columns:
          - {name: num, type: gauge}
  - host: localhost
    username: datadog
    password: ENC[pg]
    custom_queries:
      - metric_prefix: kinds
        query: SELECT true, 'a, b', 7, 'reads', 5
        columns:
          - {name: primary, type: tag, boolean: true}
          - {name: zone, type: tag_list}
          - {name: bytes, type: monotonic_gauge}
          - {name: metric, type: match, source: value, items: {reads: {name: io.reads, type: count}}}
          - {name: value, type: source}
      - metric_prefix: stamps
        query: SELECT now()
        columns:
          - {name: started, type: gauge}
  - host: localhost
    username: datadog
    password: ENC[pg]
    custom_queries:
      - metric_prefix: ok
        query: SELECT 1
        columns:
          - {name: one, type: gauge}
      - metric_prefix: refused
        query: SELECT 1
        columns:
          - {name: one, type: gauge_}
`;
    const previewed = file('preview.yaml', config);
    const { code, stdout } = await houndstack('pg', 'preview', '--url', server().url(), previewed);
    expect(code).toBe(1);
    // Error lines name the file; the comparisons below read them without it.
    const lines = stdout.split('\n').map((l) => l.replace(`error: ${previewed}: `, 'error: '));
    expect(stdout).toContain(`error: ${previewed}: instances[0].custom_queries[2]: `);
    // Background processes: NULL tags become name:None and an empty string name: (the seed's junk series).
    expect(lines).toContainEqual(expect.stringMatching(/^metric postgresql\.connection_state gauge \d+ env:test,datname:None,application_name:,state:None$/));
    // NULL metric skipped silently; the other column still submitted with query and column tags.
    expect(lines).toContain('## instances[0].custom_queries[1] (custom query #2): 1 submission');
    expect(lines).toContain('metric app.present monotonic_count 2 env:test,source:preview,t:x');
    expect(lines).toContain('error: instances[0].custom_queries[2]: Query custom query #3 expected 2 columns, got 3');
    expect(lines).toContain('error: instances[0].custom_queries[3]: Error querying custom query #4: relation "no_such_table" does not exist');
    // Column kinds: boolean tag, tag list, monotonic_gauge's two metrics, a match item (not prefixed).
    expect(lines).toEqual(expect.arrayContaining([
      'metric kinds.bytes.total gauge 7 primary:true,zone:a,zone:b',
      'metric kinds.bytes.count monotonic_count 7 primary:true,zone:a,zone:b',
      'metric io.reads count 5 primary:true,zone:a,zone:b',
    ]));
    // A query that does not compile makes the Agent refuse the whole instance: its valid query sends nothing either.
    expect(lines).toContain('error: instances[2]: the Agent would submit nothing for this instance');
    expect(lines).not.toContainEqual(expect.stringMatching(/^metric ok\.one /));
    // A timestamp in a metric column crashes the whole check run.
    expect(lines).toContain('error: instances[1].custom_queries[1]: float() of a timestamp in metric stamps.started: the whole check run crashes (use time_elapsed or EXTRACT(EPOCH FROM …))');
  });

  test('previews a config rendered by houndstack: connection states per application', async () => {
    const apps = await Promise.all(['orders-api', 'orders-api', 'billing'].map((application_name) => server().connect({ application_name })));
    const yaml = postgresCheckToYaml({
      instances: [{ host: 'db', username: 'datadog', password: SecretValue.encHandle('pg'), customQueries: [connectionStates()] }],
    });
    const { code, stdout } = await houndstack('pg', 'preview', '--url', server().url(), file('ready.yaml', yaml));
    expect(code).toBe(0);
    expect(stdout).toContain('metric postgresql.connection_state gauge 2 datname:postgres,application_name:orders-api,state:idle\n');
    expect(stdout).toContain('metric postgresql.connection_state gauge 1 datname:postgres,application_name:billing,state:idle\n');
    expect(stdout).not.toMatch(/:None|application_name:,/);
    await Promise.all(apps.map((c) => c.end()));
  });
});
