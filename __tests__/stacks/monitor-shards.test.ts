import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../main';
import { AccountsFileError } from '../../stacks/accounts-file';
import { accountsProblems } from '../support/accounts';
import { planShards } from '../../stacks/monitor-shards';

const teams = `
monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }
    identity: { chat: ["@slack-identity"] }
`;
const account = (monitors: string, alias = 'prod') =>
  `  - alias: ${alias}\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n${monitors.replace(/^/gm, '      ')}\n`;
const inventory = (file = 'tables.yaml') => `team: payments\ninventories:\n  - { name: tables, kind: dynamodb-read-capacity, file: ${file}, runbookUrl: https://r.example.com/ddb }`;
/** n provisioned tables, teams alternating payments / identity. */
const tables = (n: number) =>
  `tables:\n${Array.from({ length: n }, (_, i) => `  - { name: t-${i}, region: us-east-1, readCapacityUnits: 100, tags: { team: ${i % 2 ? 'identity' : 'payments'} } }`).join('\n')}\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-shards-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(text: string, files: Record<string, string> = {}): string {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, text);
  return file;
}

describe('monitors.shards in the accounts file', () => {
  it('puts the inventories\' monitors in one stack per team, and none in the account stack', () => {
    const file = write(`${teams}accounts:\n${account(`${inventory()}\nshards: { by: team }`)}`, { 'tables.yaml': tables(6) });
    const outdir = join(dir, 'out-team');
    buildApp(file, outdir).synth();
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['prod', 'prod-monitors-identity', 'prod-monitors-payments']);
    const monitorsIn = (stack: string) => Object.keys((JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource?: { datadog_monitor?: object } }).resource?.datadog_monitor ?? {});
    expect(monitorsIn('prod')).toEqual([]);
    expect(monitorsIn('prod-monitors-payments')).toEqual(['monitors_tables_111111111111_us-east-1_t-0', 'monitors_tables_111111111111_us-east-1_t-2', 'monitors_tables_111111111111_us-east-1_t-4']);
    expect(monitorsIn('prod-monitors-identity')).toHaveLength(3);
  });

  it('gives a team more shards with teams: { <team>: n }, each monitor in exactly one', () => {
    const file = write(`${teams}accounts:\n${account(`${inventory()}\nshards: { by: team, teams: { payments: 3 } }`)}`, { 'tables.yaml': tables(40) });
    const plan = planShards(file);
    expect(plan.rows.map((r) => r.stack)).toEqual(['prod-monitors-identity', 'prod-monitors-payments-0', 'prod-monitors-payments-1', 'prod-monitors-payments-2']);
    expect(plan.rows.reduce((n, r) => n + r.monitors, 0)).toBe(40);
    expect(plan.rows[0]!.monitors).toBe(20);
  });

  it('refuses a shard over maxPerShard at synth, naming the field to raise', () => {
    const file = write(`${teams}accounts:\n${account(`${inventory()}\nshards: { by: none, maxPerShard: 5 }`)}`, { 'tables.yaml': tables(8) });
    expect(() => buildApp(file, join(dir, 'out-over'))).toThrow(AccountsFileError);
    try {
      buildApp(file, join(dir, 'out-over'));
    } catch (error) {
      expect((error as AccountsFileError).problems).toEqual([`accounts[0] (alias "prod").monitors.shards: shard 'all': 8 monitors, more than maxPerShard 5; raise shards.count`]);
    }
  });

  it('checks the shards block like the rest of the file', () => {
    expect(accountsProblems(`accounts:\n${account('shards: { by: service, count: 0, extra: 1 }')}`)).toEqual([
      'accounts[0] (alias "prod").monitors.shards.by: must be one of "team"|"none"',
      'accounts[0] (alias "prod").monitors.shards.count: must be at least 1',
      'accounts[0] (alias "prod").monitors.shards: unknown key "extra" (a typo? houndstack never ignores a key it does not know)',
    ]);
  });
});

describe('planShards', () => {
  let file: string;
  beforeAll(() => {
    file = write(`${teams}accounts:\n${account(`${inventory()}\nshards: { by: team, refresh: { apiRequestsPerSecond: 2 } }`)}`, { 'tables.yaml': tables(10), 'README.md': '# not an input\n' });
  });

  it('estimates each shard\'s refresh from the sizing rule: monitors ÷ min(parallelism ÷ request time, rate limit)', () => {
    const plan = planShards(file);
    expect(plan.rows.map((r) => [r.stack, r.monitors, r.refreshSeconds, r.maxPerShard])).toEqual([
      ['prod-monitors-identity', 5, 2.5, 240],
      ['prod-monitors-payments', 5, 2.5, 240],
    ]);
  });

  it('tells which shards a changed monitor key, inventory file or accounts file touches', () => {
    const touched = (...changed: string[]) => planShards(file, changed).rows.filter((r) => r.changed).map((r) => r.stack);
    expect(touched('tables/111111111111/us-east-1/t-3')).toEqual(['prod-monitors-identity']);
    expect(touched(join(dir, 'tables.yaml'))).toEqual(['prod-monitors-identity', 'prod-monitors-payments']);
    expect(touched(file)).toEqual(['prod-monitors-identity', 'prod-monitors-payments']);
    expect(touched(join(dir, 'README.md'))).toEqual([]);
    // A key no shard holds (deleted or renamed): its old shard is unknown, so every shard is planned.
    expect(touched('tables/111111111111/us-east-1/gone')).toEqual(['prod-monitors-identity', 'prod-monitors-payments']);
    expect(planShards(file, ['tables/111111111111/us-east-1/gone']).notes).toEqual([
      'tables/111111111111/us-east-1/gone: no shard holds this monitor key (deleted or renamed?): every shard, since its old shard is not known',
    ]);
  });
});
