import type { Client, FieldDef } from 'pg';
import {
  agentUserSql,
  connectionStates,
  connectionUsage,
  idleInTransactionAge,
  longRunningQueries,
  readyQueries,
  replicationLag,
  type CustomQuery,
} from '../../constructs/postgres-check';
import { useEmbeddedPostgres } from '../support/postgres';

const server = useEmbeddedPostgres({ replica: true });
const AGENT_PASSWORD = 'agent-password-for-tests';

// pg type OIDs: what the Agent can submit as a metric, and what renders as a tag.
const NUMERIC = new Set([20, 21, 23, 700, 701, 1700]);
const TEXT = new Set([19, 25, 1043]);

async function createAgentUser(admin: Client, sql: string, password = AGENT_PASSWORD): Promise<void> {
  await admin.query(`SET houndstack.datadog_password = '${password}'`);
  await admin.query(sql);
  await admin.query('RESET houndstack.datadog_password');
}

async function waitFor(admin: Client, sql: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await admin.query(sql)).rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never true: ${sql}`);
}

function checkShape(query: CustomQuery, fields: FieldDef[]): string[] {
  const wrong: string[] = [];
  if (fields.length !== query.columns.length) wrong.push(`${fields.length} columns, ${query.columns.length} declared`);
  query.columns.forEach((column, i) => {
    const oid = fields[i]?.dataTypeID ?? -1;
    if (column.type === 'tag' && !TEXT.has(oid)) wrong.push(`${column.name}: tag column of type ${oid}`);
    if (column.type === 'gauge' && !NUMERIC.has(oid)) wrong.push(`${column.name}: metric column of type ${oid}`);
  });
  return wrong;
}

describe('agent user SQL on a real PostgreSQL', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = await server().connect();
    await admin.query('CREATE TABLE public.orders (id int, state text); INSERT INTO public.orders VALUES (1, \'open\')');
    await createAgentUser(admin, agentUserSql({ databaseMonitoring: true, grantSelectOn: ['public.orders'] }));
  });

  test('creates a user that logs in with the password from the setting and holds pg_monitor', async () => {
    const agent = await server().connect({ user: 'datadog', password: AGENT_PASSWORD });
    const { rows } = await agent.query("SELECT pg_has_role('datadog', 'pg_monitor', 'member') AS monitor, rolsuper FROM pg_roles WHERE rolname = current_user");
    expect(rows).toEqual([{ monitor: true, rolsuper: false }]);
    await agent.end();
  });

  test('the script never contains the password', () => {
    expect(agentUserSql({ databaseMonitoring: true })).not.toContain(AGENT_PASSWORD);
  });

  test('grants SELECT on tables custom queries read', async () => {
    const agent = await server().connect({ user: 'datadog', password: AGENT_PASSWORD });
    expect((await agent.query('SELECT count(*)::int AS n FROM public.orders')).rows).toEqual([{ n: 1 }]);
    await agent.end();
  });

  test('the DBM explain function explains a statement for the agent user', async () => {
    const agent = await server().connect({ user: 'datadog', password: AGENT_PASSWORD });
    const { rows } = await agent.query("SELECT datadog.explain_statement('SELECT id FROM public.orders') AS plan");
    expect(rows[0].plan[0].Plan['Node Type']).toBe('Seq Scan');
    await agent.end();
  });

  test('running it again rotates the password', async () => {
    await createAgentUser(admin, agentUserSql(), 'rotated-password');
    await expect(server().connect({ user: 'datadog', password: AGENT_PASSWORD })).rejects.toThrow(/password authentication failed/);
    const agent = await server().connect({ user: 'datadog', password: 'rotated-password' });
    await agent.end();
    await createAgentUser(admin, agentUserSql());
  });

  test('refuses to run without the password setting', async () => {
    await expect(admin.query(agentUserSql({ username: 'other' }))).rejects.toThrow(/set houndstack.datadog_password/);
  });
});

describe('ready queries on a real PostgreSQL, as the agent user', () => {
  let admin: Client;
  let agent: Client;
  const apps: Client[] = [];
  let sleeper: Promise<unknown>;

  beforeAll(async () => {
    admin = await server().connect();
    await createAgentUser(admin, agentUserSql()).catch(() => undefined);
    await admin.query('CREATE DATABASE shop');
    const open = async (application_name: string) => {
      const c = await server().connect({ database: 'shop', application_name });
      apps.push(c);
      return c;
    };
    for (let i = 0; i < 3; i++) await open('orders-api');
    for (let i = 0; i < 2; i++) await open('billing');
    const inTransaction = await open('billing');
    await inTransaction.query('BEGIN; SELECT 1');
    await open(''); // a client that sets no application_name
    const busy = await open('reporting');
    sleeper = busy.query('SELECT pg_sleep(30)').catch(() => undefined);
    await waitFor(admin, "SELECT 1 FROM pg_stat_activity WHERE application_name = 'reporting' AND state = 'active'");
    agent = await server().connect({ user: 'datadog', password: AGENT_PASSWORD, application_name: 'datadog-agent' });
  });

  afterAll(async () => {
    await admin.query("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'reporting'");
    await sleeper;
  });

  // Threshold 0 so the sleeping session counts; the default (60 s) is exercised by the query's text only.
  const ready = readyQueries().map((q) => (q.name === 'long_running_queries' ? longRunningQueries({ thresholdSeconds: 0 }) : q));
  test.each(ready.map((q) => [q.name!, q] as const))('%s runs and returns the declared columns and types', async (_name, query) => {
    const result = await agent.query(query.query);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(checkShape(query, result.fields)).toEqual([]);
  });

  test('background processes exist, and the seed query turns them into NULL tags', async () => {
    const seed = await agent.query(
      'SELECT datname, application_name, state, COUNT(state) FROM pg_stat_activity GROUP BY datname, application_name, state',
    );
    expect(seed.rows.some((r) => r.datname === null)).toBe(true);
  });

  test('the connection-state query yields no NULL or empty tag values, although background processes exist', async () => {
    const background = await agent.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type <> 'client backend'");
    expect(background.rows[0].n).toBeGreaterThan(0);
    const { rows } = await agent.query(connectionStates().query);
    const tags = rows.flatMap((r) => [r.datname, r.application_name, r.state]);
    expect(tags.filter((t) => t === null || t === '')).toEqual([]);
  });

  test('counts connections per database, application and state', async () => {
    const { rows } = await agent.query(connectionStates().query);
    const shop = rows
      .filter((r) => r.datname === 'shop')
      .map((r) => `${r.application_name}/${r.state}=${r.connection_state}`)
      .sort();
    expect(shop).toEqual(['billing/idle in transaction=1', 'billing/idle=2', 'orders-api/idle=3', 'reporting/active=1', 'unknown/idle=1']);
  });

  test('connection usage counts client connections against the slots ordinary roles can use', async () => {
    const expected = await admin.query(
      "SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS used, current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - current_setting('reserved_connections')::int AS max",
    );
    const { used, max } = expected.rows[0];
    const { rows } = await agent.query(connectionUsage().query);
    expect(rows).toEqual([{ used, max, available: max - used, percent: Math.round((10000 * used) / max) / 100 }]);
  });

  test('idle in transaction: one row per application holding a transaction open, with its age', async () => {
    const { rows } = await agent.query(idleInTransactionAge().query);
    expect(rows.map((r) => `${r.datname}/${r.application_name}=${r.connections}`)).toEqual(['shop/billing=1']);
    expect(rows[0].max_transaction_seconds).toBeGreaterThanOrEqual(rows[0].max_idle_seconds);
  });

  test('replication lag on a primary: role tagged, no values (the Agent skips NULL metrics)', async () => {
    const { rows } = await agent.query(replicationLag().query);
    expect(rows).toEqual([{ replication_role: 'primary', seconds: null, bytes: null }]);
  });

  test('replication lag on a streaming replica: numeric seconds and bytes, as the agent user', async () => {
    const replica = await server().connect({ port: server().replicaPort!, user: 'datadog', password: AGENT_PASSWORD });
    // The replica has replayed everything it received: lag 0, not the time since the last primary write.
    await waitFor(replica, 'SELECT 1 WHERE pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()');
    const query = replicationLag();
    const result = await replica.query(query.query);
    expect(checkShape(query, result.fields)).toEqual([]);
    expect(result.rows).toEqual([{ replication_role: 'replica', seconds: 0, bytes: 0 }]);
    await replica.end();
  });

  test('long-running queries see other sessions but not the agent itself', async () => {
    const { rows } = await agent.query(longRunningQueries({ thresholdSeconds: 0 }).query);
    expect(rows.map((r) => `${r.datname}/${r.application_name}=${r.count}`)).toEqual(['shop/reporting=1']);
  });
});
