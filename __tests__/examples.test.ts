import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildApp, DEFAULT_ACCOUNTS_FILE } from '../main';
import { AccountStack } from '../stacks/account-stack';
import { MonitorShardStack } from '../stacks/monitor-shard-stack';
import { loadAccountsFile } from '../stacks/accounts-file';
import { DatadogMonitor } from '../constructs/monitors/monitor';
import { collectSubjects, evaluateMonitorRules } from '../constructs/rules';

/* The example accounts file is the README's first command: it must synthesize, and its output is pinned by snapshots. */

const aliases = loadAccountsFile(DEFAULT_ACCOUNTS_FILE).accounts.map((account) => account.alias);
let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'houndstack-examples-'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('example accounts', () => {
  it('has a commercial, a GovCloud and a resource-collection/CSPM/log-forwarder account', () => {
    const accounts = loadAccountsFile(DEFAULT_ACCOUNTS_FILE).accounts;
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    expect(accounts.some((a) => a.partition === 'aws')).toBe(true);
    expect(accounts.some((a) => a.partition === 'aws-us-gov')).toBe(true);
    expect(
      accounts.some(
        (a) => a.integration.resourceCollection && a.integration.cspm && (a.integration.logForwarderArns ?? []).length > 0,
      ),
    ).toBe(true);
  });

  it('synthesizes cdktf.out/stacks/<alias>/cdk.tf.json for every account', () => {
    buildApp(DEFAULT_ACCOUNTS_FILE, outdir).synth();
    for (const alias of aliases) {
      const file = join(outdir, 'stacks', alias, 'cdk.tf.json');
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))['//'].metadata.stackName).toBe(alias);
    }
  });

  it("has Postgres monitors that are DatadogMonitors tagged team, service and env, and pass every monitor rule", () => {
    const app = buildApp(DEFAULT_ACCOUNTS_FILE, outdir);
    const stacks = aliases.map((alias) => app.node.findChild(alias) as AccountStack);
    const monitors = stacks.flatMap((s) => s.postgres.flatMap((p) => (p.monitors ? [p.monitors] : [])));
    expect(monitors.length).toBeGreaterThan(0);
    const pg = monitors.flatMap((m) => m.node.findAll().filter(DatadogMonitor.isDatadogMonitor));
    expect(pg).toHaveLength(3 * monitors.length);
    for (const m of pg) expect(m.body.tags).toEqual(expect.arrayContaining([expect.stringMatching(/^team:./), expect.stringMatching(/^service:./), expect.stringMatching(/^env:./)]));
    // Without includeProviderMonitors: they are checked as DatadogMonitors, against every monitor of the app.
    const findings = evaluateMonitorRules(monitors.flatMap((m) => collectSubjects(m)), collectSubjects(app));
    expect(findings.map((f) => f.message)).toEqual([]);
  });

  describe.each(aliases)('stack %s', (alias) => {
    it('matches its snapshot', () => {
      const app = buildApp(DEFAULT_ACCOUNTS_FILE, outdir);
      const stack = app.node.findChild(alias) as AccountStack;
      expect(Testing.synth(stack, true)).toMatchSnapshot();
    });
  });

  describe.each(['payments-prod-monitors-identity', 'payments-prod-monitors-payments'])('shard stack %s', (id) => {
    it('holds its team\'s inventory monitors, retries 429s, and matches its snapshot', () => {
      const app = buildApp(DEFAULT_ACCOUNTS_FILE, outdir);
      const stack = app.node.findChild(id) as MonitorShardStack;
      const json = JSON.parse(Testing.synth(stack, true)) as { provider: { datadog: Array<Record<string, unknown>> }; resource: { datadog_monitor: Record<string, { tags: string[] }> } };
      const team = id.slice('payments-prod-monitors-'.length);
      expect(Object.values(json.resource.datadog_monitor).every((m) => m.tags.includes(`team:${team}`))).toBe(true);
      expect(json.provider.datadog[0]!.http_client_retry_max_retries).toBe(10);
      expect(Testing.synth(stack, true)).toMatchSnapshot();
    });
  });
});
