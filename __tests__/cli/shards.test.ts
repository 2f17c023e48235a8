import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('houndstack shards plan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-shards-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the example\'s shards with monitors, refresh estimate and limit, and exits 0', () => {
    const result = houndstack('shards', 'plan');
    expect(result.stdout.split('\n')).toEqual([
      'stack                            monitors  refresh  limit',
      'payments-prod-monitors-identity         1    0.1 s   1200',
      'payments-prod-monitors-payments         2    0.2 s   1200',
      '',
      '2 shards, 3 monitors; refresh = monitors ÷ calls per second, limit = the sizing rule (README, "Sizing shards")',
      '',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('with --changed, marks the shards a change touches; --affected prints just those stacks, for cdktf diff', () => {
    const key = 'dynamodb-tables/111111111111/us-east-1/login-sessions';
    const table = houndstack('shards', 'plan', '--changed', key, 'README.md');
    expect(table.stdout).toContain('payments-prod-monitors-identity         1    0.1 s   1200      yes\n');
    expect(table.stdout).toContain('changed: payments-prod-monitors-identity\n');
    expect(table.stderr).toBe(`note: ${key}: monitor in payments-prod-monitors-identity\nnote: README.md: no shard reads this file\n`);
    const affected = houndstack('shards', 'plan', '--affected', '--changed', 'examples/inventory/payments-prod-dynamodb.yaml');
    expect(affected.stdout).toBe('payments-prod-monitors-identity\npayments-prod-monitors-payments\n');
    expect(affected.status).toBe(0);
  });

  it('with --changed and nothing after it (an empty git diff), touches no shard', () => {
    const result = houndstack('shards', 'plan', '--affected', '--changed');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('prints what the README shows', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /\$ npx houndstack shards plan --changed (\S+)\n([\s\S]*?\nchanged: [^\n]*\n)/.exec(readme)!;
    expect(houndstack('shards', 'plan', '--changed', block[1]!).stdout).toBe(block[2]);
  });

  it('--json gives one object per shard', () => {
    const rows = houndstack('shards', 'plan', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[1]).toEqual({ stack: 'payments-prod-monitors-payments', account: 'payments-prod', shard: 'payments', monitors: 2, refreshSeconds: 0.2, maxPerShard: 1200, overLimit: false, changed: false });
  });

  it('exits 1 naming a shard over its limit, 2 for an accounts file it cannot use', () => {
    const tables = `tables:\n${Array.from({ length: 3 }, (_, i) => `  - { name: t-${i}, region: us-east-1, readCapacityUnits: 100 }`).join('\n')}\n`;
    writeFileSync(join(dir, 'tables.yaml'), tables);
    const file = join(dir, 'accounts.yaml');
    writeFileSync(
      file,
      'monitoring:\n  teams:\n    payments: { chat: ["@slack-payments"] }\naccounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n      team: payments\n' +
        '      inventories: [{ name: tables, kind: dynamodb-read-capacity, file: tables.yaml, runbookUrl: https://r.example.com/ddb }]\n      shards: { by: none, maxPerShard: 2 }\n',
    );
    const over = houndstack('shards', 'plan', file);
    expect(over.stdout).toContain(`error: ${file}: shard prod-monitors-all: 3 monitors, over its limit of 2\n`);
    expect(over.status).toBe(1);
    const missing = houndstack('shards', 'plan', join(dir, 'missing.yaml'));
    expect(missing.stderr).toBe(`error: ${join(dir, 'missing.yaml')}: no such file\n`);
    expect(missing.status).toBe(2);
  });
});
