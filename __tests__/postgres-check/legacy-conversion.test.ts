import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { previewQueries, type Submission } from '../../cli/pg-preview';
import { parseAgentYaml } from '../../constructs/postgres-check';
import { useEmbeddedPostgres } from '../support/postgres';
import { LEGACY_FRAGMENT } from './legacy-fragment';

/**
 * `pg check --convert` keeps what the Agent submits: the legacy block, run the way the Agent runs custom_metrics,
 * and the converted custom_queries, run the way its QueryManager runs them (`pg preview`'s engine), give the same
 * metrics, values and tags on a real PostgreSQL with real sessions in it.
 */

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'houndstack-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useEmbeddedPostgres();

// Both runs connect under the same application name, so each sees one session of its own, alike.
const RUNNER = 'houndstack-pg-preview';
const INSTANCE_TAGS = ['env:test'];

/** Python's str() of a driver value, as the Agent formats a descriptor tag. */
const pyStr = (v: unknown): string => (v === null || v === undefined ? 'None' : String(v));

interface LegacyEntry {
  descriptors: Array<[string, string]>;
  metrics: Record<string, [string, string]>;
  query: string;
  relation: boolean;
}

/**
 * One legacy entry as integrations-core's postgres check runs it: `map_custom_metrics` (config.py) turns `%s`
 * into the metric columns joined by ", "; `_query_scope` (postgres.py) caps the rows at MAX_CUSTOM_RESULTS (100),
 * maps each row's leading values to the descriptors' tag names (`"%s:%s" % (k, v)`, so NULL is `None`), tags
 * with the instance tags without `db:` when relation is false, and submits each metric column with its method.
 */
async function runLegacy(url: string, entry: LegacyEntry): Promise<Submission[]> {
  const columns = Object.keys(entry.metrics);
  const sql = entry.query.replace('%s', columns.join(', '));
  const client = new Client({ connectionString: url, application_name: RUNNER });
  await client.connect();
  try {
    const { rows } = await client.query({ text: sql, rowMode: 'array' });
    const out: Submission[] = [];
    for (const row of (rows as unknown[][]).slice(0, 100)) {
      expect(row.length).toBe(entry.descriptors.length + columns.length);
      const tags = [...INSTANCE_TAGS.filter((t) => !t.startsWith('db:')), ...entry.descriptors.map(([, name], i) => `${name}:${pyStr(row[i])}`)];
      columns.forEach((column, j) => {
        const [name, method] = entry.metrics[column]!;
        const type = { GAUGE: 'gauge', RATE: 'rate', MONOTONIC: 'monotonic_count' }[method.toUpperCase()]!;
        out.push({ kind: 'metric', name, type, value: Number(row[entry.descriptors.length + j]), tags });
      });
    }
    return out;
  } finally {
    await client.end();
  }
}

/** Order-free comparison: one line per submission, tags as a sorted set (the Agent submits `set(tags)`). */
const normalized = (submissions: Submission[]): string[] =>
  submissions.map((s) => `${s.name} ${s.type} ${s.value} ${[...new Set(s.tags)].sort().join(',')}`).sort();

function convert(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/houndstack.js'), 'pg', 'check', '--convert', file], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('the converted connection-state block submits what the legacy block submits', async () => {
  const admin = await server().connect();
  // No autovacuum workers coming and going between the two runs.
  await admin.query('ALTER SYSTEM SET autovacuum = off');
  await admin.query('SELECT pg_reload_conf()');
  await admin.query('SET application_name = DEFAULT');
  await admin.query('CREATE DATABASE orders');
  // Sessions to count: two idle ones of an API, one idle in a transaction, one with no application name.
  const sessions = await Promise.all([
    server().connect({ application_name: 'orders-api', database: 'orders' }),
    server().connect({ application_name: 'orders-api', database: 'orders' }),
    server().connect({ application_name: 'billing' }),
    server().connect({ application_name: '' }),
  ]);
  await sessions[2]!.query('BEGIN');
  await sessions[2]!.query('SELECT 1');
  await admin.end();

  const legacyFile = path.join(dir, 'legacy.yaml');
  writeFileSync(legacyFile, LEGACY_FRAGMENT);
  const converted = await convert(legacyFile);
  expect({ code: converted.code, stderr: converted.stderr }).toEqual({ code: 0, stderr: '' });
  const query = (parse(converted.stdout) as { custom_queries: Array<Record<string, unknown>> }).custom_queries[0]!;
  const entry = (parseAgentYaml(LEGACY_FRAGMENT) as { custom_metrics: LegacyEntry[] }).custom_metrics[0]!;

  const url = server().url();
  const before = normalized(await runLegacy(url, entry));
  const { outcomes, crash } = await previewQueries(url, [{ where: 'custom_queries[0]', query }], { instanceTags: INSTANCE_TAGS });
  const after = normalized(await runLegacy(url, entry));
  expect(after).toEqual(before); // the database held still between the runs

  expect(crash).toBeUndefined();
  expect(outcomes[0]!.errors).toEqual([]);
  expect(normalized(outcomes[0]!.submissions)).toEqual(before);
  // And what they agree on is the real picture, junk rows of background processes included.
  expect(before).toEqual(
    expect.arrayContaining([
      'postgresql.connection_state gauge 2 application_name:orders-api,datname:orders,env:test,state:idle',
      'postgresql.connection_state gauge 1 application_name:billing,datname:postgres,env:test,state:idle in transaction',
      'postgresql.connection_state gauge 1 application_name:,datname:postgres,env:test,state:idle',
      `postgresql.connection_state gauge 1 application_name:${RUNNER},datname:postgres,env:test,state:active`,
    ]),
  );
  expect(before.some((line) => line.includes('datname:None') && line.includes('state:None'))).toBe(true);
  await Promise.all(sessions.map((s) => s.end()));
});
