import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { buildApp } from '../../main';
import { AccountStack } from '../../stacks/account-stack';
import { parseAccounts } from '../../stacks/accounts-file';
import { accountsProblems as problemsOf } from '../support/accounts';

const teams = `
monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }
    platform: { chat: ["@slack-platform"] }
`;
const account = (monitors: string, alias = 'prod', id = '111111111111') =>
  `  - alias: ${alias}\n    accountId: "${id}"\n    region: us-east-1\n    monitors:\n${monitors.replace(/^/gm, '      ')}\n`;
const health = 'team: payments\nawsIntegrationHealth: { runbookUrl: https://runbooks.example.com/aws }';


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-monitors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write an accounts file (and extra files) to the temp dir; the app built from it. */
function appFrom(text: string, files: Record<string, string> = {}) {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, text);
  return buildApp(file, join(dir, 'out'));
}

describe('accounts file: monitors', () => {
  it('accepts teams and an account with packs', () => {
    const parsed = parseAccounts(`${teams}accounts:\n${account(health)}`, 'accounts.yaml');
    expect(parsed.monitoring?.teams.payments).toEqual({ chat: ['@slack-payments'], pager: ['@pagerduty-payments'] });
    expect(parsed.accounts[0]!.monitors?.awsIntegrationHealth?.runbookUrl).toBe('https://runbooks.example.com/aws');
  });

  it('a bad handle in a team and a bad runbook URL, with their paths', () => {
    const text = `
monitoring:
  teams:
    payments: { chat: ["@slak-payments"] }
accounts:
${account('team: payments\nwebLatency:\n  - { service: web, env: prod, runbookUrl: "runbook" }')}`;
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^monitoring\.teams\.payments\.chat\[0\]: unknown notification handle '@slak-payments'/),
      'accounts[0] (alias "prod").monitors.webLatency[0].runbookUrl: must be an http(s) URL',
    ]);
  });

  it('team references are checked even when a team policy has problems', () => {
    const text = `
monitoring:
  teams:
    payments: { chat: ["@slak-payments"] }
accounts:
${account('team: ops\nawsIntegrationHealth: { runbookUrl: https://r.example.com/a }')}`;
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^monitoring\.teams\.payments\.chat\[0\]: unknown notification handle/),
      'accounts[0] (alias "prod").monitors.awsIntegrationHealth.team: team "ops" is not in monitoring.teams (known: payments)',
    ]);
  });

  it('an unknown team and a missing team, with their paths', () => {
    const text = `${teams}accounts:
${account('awsIntegrationHealth: { runbookUrl: https://r.example.com/a }\nwebLatency:\n  - { service: web, env: prod, team: search, runbookUrl: https://r.example.com/w }')}`;
    expect(problemsOf(text)).toEqual([
      'accounts[0] (alias "prod").monitors.awsIntegrationHealth.team: no team; set it here or as monitors.team',
      'accounts[0] (alias "prod").monitors.webLatency[0].team: team "search" is not in monitoring.teams (known: payments, platform)',
    ]);
  });

  it('unknown keys in a pack are errors, as everywhere in the file', () => {
    expect(problemsOf(`${teams}accounts:\n${account('team: payments\nawsIntegrationHealth: { runbookUrl: https://r.example.com/a, heartbeat: [x] }')}`)).toEqual([
      'accounts[0] (alias "prod").monitors.awsIntegrationHealth: unknown key "heartbeat" (a typo? houndstack never ignores a key it does not know)',
    ]);
  });

  it('duplicate pack names in an account', () => {
    const pg = 'postgresConnections:\n  - { name: db, scope: ["env:prod"], runbookUrl: https://r.example.com/pg }\n  - { name: db, scope: ["env:dev"], runbookUrl: https://r.example.com/pg }';
    expect(problemsOf(`${teams}accounts:\n${account(`team: payments\n${pg}`)}`)).toEqual([
      'accounts[0] (alias "prod").monitors: postgresConnections name "db" appears twice; names become construct IDs and must be unique',
    ]);
  });
});

describe('AccountStack: monitors', () => {
  it('packs and inventories under `monitors`, with IDs from their names; inventory paths relative to the accounts file', () => {
    const inventory = 'tables:\n  - { name: orders, region: us-east-1, readCapacityUnits: 100, tags: { team: payments } }\n  - { name: other-account, accountId: "999999999999", region: us-east-1, readCapacityUnits: 5 }\n';
    const app = appFrom(`${teams}accounts:\n${account(`team: payments\n${health.replace('team: payments\n', '')}\ninventories:\n  - { name: tables, kind: dynamodb-read-capacity, file: tables.yaml, runbookUrl: https://r.example.com/ddb }`)}`, { 'tables.yaml': inventory });
    const stack = app.node.findChild('prod') as AccountStack;
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource.datadog_monitor).sort()).toEqual([
      expect.stringMatching(/^monitors_aws-integration-health_Heartbeat-awsec2cpuutilization_[0-9A-F]{8}$/),
      expect.stringMatching(/^monitors_inventory-tables_111111111111--us-east-1--orders_[0-9A-F]{8}$/),
    ]);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      query: 'sum(last_10m):sum:aws.dynamodb.consumed_read_capacity_units{aws_account:111111111111,region:us-east-1,tablename:orders}.as_count() / 600 > 80',
    });
  });

  it('the rules run on the whole app: the same monitor name in two accounts fails synth', () => {
    const web = 'team: payments\nwebLatency:\n  - { service: web, env: prod, runbookUrl: https://r.example.com/web }';
    const app = appFrom(`${teams}accounts:\n${account(web, 'a', '111111111111')}${account(web, 'b', '222222222222')}`);
    expect(() => app.synth()).toThrow(/\[a\/monitors\/web-latency-web-prod\/ServiceTime\] HS-MON-3: name "web \(prod\): p95 service time" is also used by b\/monitors\/web-latency-web-prod\/ServiceTime/);
  });

  it('a bad inventory file stops the build with the accounts file, the account, the inventory file and the item named', () => {
    expect(() => appFrom(`${teams}accounts:\n${account('team: payments\ninventories:\n  - { name: t, kind: dynamodb-read-capacity, file: bad.yaml }')}`, { 'bad.yaml': 'tables:\n  - { name: x, region: us-east-1, readCapacityUnits: -1 }\n' }))
      .toThrow(/accounts\.yaml: 1 problem:\n {2}- accounts\[0\] \(alias "prod"\)\.monitors\.inventories\[0\]\.file: \S+\/bad\.yaml: tables\[0\] \(x\): readCapacityUnits: /);
  });
});
