import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { useEmbeddedPostgres } from '../support/postgres';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'houndstack-pg-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useEmbeddedPostgres();

const ACCOUNTS = `
datadog:
  site: datadoghq.com
accounts:
  - alias: payments-prod
    accountId: "111111111111"
    region: us-east-1
    postgres:
      - name: orders
        instances:
          - host: orders.example.internal
            tags: ["service:orders-db"]
            queries: [connection_states, connection_usage]
        delivery:
          file: {}
  - alias: other
    accountId: "222222222222"
    region: eu-west-1
`;

test('houndstack pg preview runs the postgres: checks of an accounts file', async () => {
  const file = path.join(dir, 'accounts.yaml');
  writeFileSync(file, ACCOUNTS);
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/houndstack.js'), 'pg', 'preview', '--url', server().url(), file], { cwd: root }, (error, out) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
    );
  });
  expect(code).toBe(0);
  expect(stdout).toContain('# payments-prod/orders: instances[0] (orders.example.internal)');
  expect(stdout).toMatch(/^metric postgresql\.connection_state gauge 1 service:orders-db,datname:postgres,application_name:houndstack-pg-preview,state:active$/m);
  expect(stdout).toMatch(/^metric postgresql\.connection_usage\.max gauge 97 service:orders-db$/m);
});
