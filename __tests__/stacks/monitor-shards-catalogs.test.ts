import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Testing } from 'cdktf';
import { buildApp } from '../../main';
import { planShards } from '../../stacks/monitor-shards';
import { AccountsFileError } from '../../stacks/accounts-file';

/*
 * `monitors.catalogs` with `monitors.shards`: the catalog files' monitors go to the shard stacks, each adopted by its
 * Datadog ID there. The catalog is examples/import/syncthing.yaml, written by `houndstack monitors import` from
 * integrations-extras' recommended Syncthing and Nomad monitors (examples/import/export.json); `team:` tags are added
 * here so that the monitors split by team.
 */
const example = readFileSync(join(__dirname, '../../examples/import/syncthing.yaml'), 'utf8');
/** The example catalog with Syncthing monitors owned by payments and the Nomad one by identity. */
const byTeam = example.replace(/- integration:syncthing/g, '- integration:syncthing\n      - team:payments').replace(/- integration:nomad/g, '- integration:nomad\n      - team:identity');

const teams = `monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }
    identity: { chat: ["@slack-identity"] }
`;
const account = (monitors: string) => `accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n    monitors:\n${monitors.replace(/^/gm, '      ')}\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-catshards-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

interface StackJson {
  terraform: { required_version?: string };
  import?: Array<{ to: string; id: string }>;
  removed?: Array<{ from: string; lifecycle: { destroy: boolean } }>;
  resource?: { datadog_monitor?: Record<string, { name: string }> };
}
const stackIn = (outdir: string, stack: string): StackJson => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;

describe('monitors.catalogs in shard stacks', () => {
  let outdir: string;
  beforeAll(() => {
    write('legacy.yaml', byTeam);
    const file = write('accounts.yaml', `${teams}${account('catalogs: [{ name: legacy, file: legacy.yaml }]\nshards: { by: team }')}`);
    outdir = join(dir, 'out');
    buildApp(file, outdir).synth();
  });

  it('puts each catalog monitor in its team\'s shard stack, at the address it has in the account stack', () => {
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['prod', 'prod-monitors-identity', 'prod-monitors-payments']);
    expect(Object.keys(stackIn(outdir, 'prod-monitors-payments').resource!.datadog_monitor!)).toEqual(['catalog-legacy_41230001', 'catalog-legacy_41230002', 'catalog-legacy_41230003']);
    expect(Object.keys(stackIn(outdir, 'prod-monitors-identity').resource!.datadog_monitor!)).toEqual(['catalog-legacy_41230004']);
    expect(stackIn(outdir, 'prod-monitors-identity').resource!.datadog_monitor!['catalog-legacy_41230004']!.name).toBe('[Nomad] Less Than 5 Nomad Client Heartbeats Received');
  });

  it('adopts each monitor by its Datadog ID in the shard that holds it, which requires Terraform 1.5', () => {
    const payments = stackIn(outdir, 'prod-monitors-payments');
    expect(payments.import).toEqual([
      { to: 'datadog_monitor.catalog-legacy_41230001', id: '41230001' },
      { to: 'datadog_monitor.catalog-legacy_41230002', id: '41230002' },
      { to: 'datadog_monitor.catalog-legacy_41230003', id: '41230003' },
    ]);
    expect(payments.terraform.required_version).toBe('>= 1.5.0');
    const identity = stackIn(outdir, 'prod-monitors-identity');
    expect(identity.import).toEqual([{ to: 'datadog_monitor.catalog-legacy_41230004', id: '41230004' }]);
    expect(identity.terraform.required_version).toBe('>= 1.5.0');
  });

  it('leaves no catalog monitor in the account stack, which forgets (never destroys) those it adopted before', () => {
    const prod = stackIn(outdir, 'prod');
    expect(Object.keys(prod.resource?.datadog_monitor ?? {})).toEqual([]);
    expect(prod.import).toBeUndefined();
    expect(prod.removed).toEqual(['41230001', '41230002', '41230003', '41230004'].map((id) => ({ from: `datadog_monitor.catalog-legacy_${id}`, lifecycle: { destroy: false } })));
    expect(prod.terraform.required_version).toBe('>= 1.7.0');
  });

  it('keeps a monitor in its shard when the catalog file is re-ordered or grows (rendezvous on the catalog key)', () => {
    const entries = byTeam.split(/\n(?= {2}- id: )/);
    const reordered = [entries[0], ...entries.slice(1).reverse()].join('\n');
    const extra = `\n  - id: "41230005"\n    kind: query\n    type: query alert\n    name: Syncthing folder errors (new)\n    query: sum(last_5m):sum:syncthing.folder.errors{*} by {host} > 0\n    message: "@slack-payments"\n    tags: [team:payments]\n    critical: 0\n`;
    write('reordered.yaml', `${reordered.trimEnd()}${extra}`);
    const file = write('accounts-reordered.yaml', `${teams}${account('catalogs: [{ name: legacy, file: reordered.yaml }]\nshards: { by: team, teams: { payments: 2 } }')}`);
    const before = planShards(write('accounts-before.yaml', `${teams}${account('catalogs: [{ name: legacy, file: legacy.yaml }]\nshards: { by: team, teams: { payments: 2 } }')}`));
    const after = planShards(file);
    const where = (plan: ReturnType<typeof planShards>) => plan.rows.map((r) => [r.stack, r.monitors]);
    expect(where(before).reduce((n, [, m]) => n + (m as number), 0)).toBe(4);
    expect(where(after).reduce((n, [, m]) => n + (m as number), 0)).toBe(5);
    // Same stacks, and each old monitor's shard is unchanged (the new one lands in one of payments' two shards).
    const shardOf = (accounts: string, key: string) => planShards(accounts, [key]).rows.filter((r) => r.changed).map((r) => r.stack);
    for (const id of ['41230001', '41230002', '41230003', '41230004']) {
      expect(shardOf(file, `catalog:legacy/${id}`)).toEqual(shardOf(join(dir, 'accounts-before.yaml'), `catalog:legacy/${id}`));
    }
  });
});

describe('catalog suppressions in shard stacks', () => {
  const silent = (id: number, team: string) => `  - id: "${id}"\n    kind: query\n    type: query alert\n    name: silent ${id}\n    query: avg(last_5m):avg:system.cpu.user{*} > 90\n    message: nobody is told\n    tags: [team:${team}]\n    critical: 90\n`;

  it('applies a catalog\'s suppression, with its reason, to exactly that catalog\'s monitors in the shard', () => {
    write('silent-a.yaml', `monitors:\n${silent(2001, 'payments')}`);
    write('silent-b.yaml', `monitors:\n${silent(2002, 'payments')}`);
    const lifted = '\n    suppress: [{ rule: HS-MON-2, reason: "imported as is; routing comes with the on-call migration" }]';
    const both = write('accounts-suppress.yaml', `${teams}${account(`catalogs:\n  - name: a\n    file: silent-a.yaml${lifted}\n  - name: b\n    file: silent-b.yaml\nshards: { by: team }`)}`);
    const shard = buildApp(both, join(dir, 'out-s1')).node.findChild('prod-monitors-payments');
    // b shares the shard with a but not a's suppression: its monitor still fails HS-MON-2, a's does not.
    let message = '';
    try {
      Testing.synth(shard as never, true);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/\[prod-monitors-payments\/catalog-b\] 2002: HS-MON-2: no valid @-handle reaches the alert notification/);
    expect(message).not.toMatch(/catalog-a/);

    const onlyA = write('accounts-suppress-a.yaml', `${teams}${account(`catalogs:\n  - name: a\n    file: silent-a.yaml${lifted}\nshards: { by: team }`)}`);
    const tf = JSON.parse(Testing.synth(buildApp(onlyA, join(dir, 'out-s2')).node.findChild('prod-monitors-payments') as never, true)) as StackJson;
    expect(tf.import).toEqual([{ to: 'datadog_monitor.catalog-a_2001', id: '2001' }]);
  });

  it('reports a bad catalog file once, naming the accounts-file field, the file and the entry', () => {
    write('bad.yaml', 'monitors:\n  - id: "5"\n    kind: query\n    type: metric alert\n    name: x\n    query: avg(last_5m):avg:a.b{*} > 1\n    message: "@slack-payments"\n    notifyNodata: true\n');
    const file = write('accounts-bad.yaml', `${teams}${account('catalogs: [{ name: legacy, file: bad.yaml }]\nshards: { by: team }')}`);
    const line = `accounts[0] (alias "prod").monitors.catalogs: ${join(dir, 'bad.yaml')}: monitors[0] (id 5, "x"): notifyNodata: unknown field for kind 'query' (did you mean "notifyNoData"?)`;
    expect(planShards(file).problems).toEqual([line]);
    let problems: readonly string[] = [];
    try {
      buildApp(file, join(dir, 'out-bad'));
    } catch (error) {
      problems = (error as AccountsFileError).problems;
    }
    // Found by the account stack and by the shards: one line.
    expect(problems).toEqual([line]);
  });
});

describe('houndstack shards plan with catalog files', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '../../bin/houndstack.js'), ...args], { encoding: 'utf8', cwd: dir });

  it('--changed <catalog file> marks the shards holding that file\'s monitors', () => {
    write('legacy.yaml', byTeam);
    write('nomad.yaml', `monitors:\n${byTeam.split(/\n(?= {2}- id: )/).find((e) => e.includes('41230004'))!.replace(/"41230004"/, '"41239999"')}\n`);
    const file = write('accounts-plan.yaml', `${teams}${account('catalogs:\n  - { name: legacy, file: legacy.yaml }\n  - { name: nomad, file: nomad.yaml }\nshards: { by: team }')}`);
    const r = cli('shards', 'plan', file, '--changed', join(dir, 'nomad.yaml'));
    expect(r.stderr).toBe(`note: ${join(dir, 'nomad.yaml')}: catalog file of prod-monitors-identity\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'stack                   monitors  refresh  limit  changed',
      'prod-monitors-identity         2    0.2 s   1200      yes',
      'prod-monitors-payments         3    0.3 s   1200',
      '',
      '2 shards, 5 monitors; refresh = monitors ÷ calls per second, limit = the sizing rule (README, "Sizing shards")',
      'changed: prod-monitors-identity',
      '',
    ]);
    expect(r.stderr).toBe(`note: ${join(dir, 'nomad.yaml')}: catalog file of prod-monitors-identity\n`);
    expect(cli('shards', 'plan', file, '--affected', '--changed', join(dir, 'legacy.yaml')).stdout).toBe('prod-monitors-identity\nprod-monitors-payments\n');
    expect(cli('shards', 'plan', file, '--affected', '--changed', 'catalog:legacy/41230002').stdout).toBe('prod-monitors-payments\n');
  });
});
