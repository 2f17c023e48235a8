import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp, checkAccounts } from '../../main';
import { AccountsFileError, parseAccounts } from '../../stacks/accounts-file';

// Runbook markdown named by a pack entry of the accounts file: a dashboard per paging monitor, linked from the page.

const teams = `
monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }
`;
const account = (monitors: string, extra = '') =>
  `accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: us-east-1\n${extra}    monitors:\n${monitors.replace(/^/gm, '      ')}\n`;
const STEPS = '## Checkout slow\n\n1. **One region?** Fail over.\n2. **After a deploy?** Roll back: `deploy rollback checkout`.\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-runbooks-'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'runbooks', 'checkout.md'), STEPS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function synthFrom(text: string): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, text);
  const app = buildApp(file, join(dir, 'out'));
  return JSON.parse(Testing.synth(app.node.findChild('prod') as TerraformStack, true));
}

function problemsOf(text: string): readonly string[] {
  const file = join(dir, 'accounts.yaml');
  writeFileSync(file, text);
  try {
    buildApp(file, join(dir, 'out'));
    return [];
  } catch (error) {
    if (error instanceof AccountsFileError) return error.problems;
    throw error;
  }
}

const dashboards = (json: ReturnType<typeof synthFrom>) =>
  Object.fromEntries(Object.entries(json.resource.datadog_dashboard_json ?? {}).map(([id, r]) => [id, JSON.parse(r.dashboard as string)]));

describe('runbooks from the accounts file', () => {
  const checkout = 'team: payments\nwebLatency:\n  - { service: checkout, env: prod, runbook: runbooks/checkout.md, runbookUrl: https://wiki.example.com/checkout }';

  it('gives every paging monitor of the entry a runbook dashboard: steps, alert graph bound to its ID, its metrics', () => {
    const json = synthFrom(teams + account(checkout));
    const boards = dashboards(json);
    expect(Object.keys(boards).sort()).toEqual([
      'monitors_web-latency-checkout-prod_QueueingDelay-runbook_dashboard_4257F6D6',
      'monitors_web-latency-checkout-prod_ServiceTime-runbook_dashboard_4ED2FD62',
    ]);
    const serviceTime = boards['monitors_web-latency-checkout-prod_ServiceTime-runbook_dashboard_4ED2FD62'];
    expect(serviceTime).toEqual({
      title: 'Runbook: checkout (prod): p95 service time',
      description: 'Runbook of monitor "checkout (prod): p95 service time", managed by houndstack: edit the steps in the repository, not here.',
      layout_type: 'ordered',
      widgets: [
        { definition: { type: 'note', content: STEPS.trim(), background_color: 'white', font_size: '14', text_align: 'left', show_tick: false, has_padding: true } },
        {
          definition: {
            type: 'alert_graph', title: 'checkout (prod): p95 service time', viz_type: 'timeseries', time: { live_span: '4h' },
            alert_id: '${datadog_monitor.monitors_web-latency-checkout-prod_ServiceTime_0C9B24D2.id}',
          },
        },
        { definition: { type: 'timeseries', title: 'trace.http.request', time: { live_span: '4h' }, requests: [{ q: 'p95:trace.http.request{env:prod,service:checkout}', display_type: 'line' }] } },
      ],
    });
  });

  it('graphs each series of a formula with its own scope (nginx and the app are two services)', () => {
    const board = dashboards(synthFrom(teams + account(checkout)))['monitors_web-latency-checkout-prod_QueueingDelay-runbook_dashboard_4257F6D6'];
    expect(board.widgets.slice(2).map((w: { definition: { title: string; requests: { q: string }[] } }) => [w.definition.title, w.definition.requests[0]!.q])).toEqual([
      ['trace.nginx.request', 'avg:trace.nginx.request{env:prod,service:checkout-nginx}'],
      ['trace.http.request', 'avg:trace.http.request{env:prod,service:checkout}'],
    ]);
  });

  it('links the page to its dashboard (found by title), the runbookUrl after it', () => {
    const json = synthFrom(teams + account(checkout));
    const monitor = json.resource.datadog_monitor!['monitors_web-latency-checkout-prod_ServiceTime_0C9B24D2']!;
    expect(monitor.message).toContain(
      '\n\nRunbook: https://app.datadoghq.com/dashboard/lists?q=Runbook%3A%20checkout%20(prod)%3A%20p95%20service%20time\n' +
        'Runbook docs: https://wiki.example.com/checkout\n\n',
    );
  });

  it('links the dashboard on the account\'s Datadog site', () => {
    const json = synthFrom(teams + account(checkout, '    site: datadoghq.eu\n'));
    const monitor = json.resource.datadog_monitor!['monitors_web-latency-checkout-prod_ServiceTime_0C9B24D2']!;
    expect(monitor.message).toContain('Runbook: https://app.datadoghq.eu/dashboard/lists?q=Runbook%3A%20checkout%20(prod)%3A%20p95%20service%20time\n');
  });

  it('a runbook file alone is enough for a paging monitor (HS-MON-1 passes on the dashboard link)', () => {
    const json = synthFrom(teams + account('team: payments\nwebLatency:\n  - { service: checkout, env: prod, runbook: runbooks/checkout.md }'));
    const monitor = json.resource.datadog_monitor!['monitors_web-latency-checkout-prod_ServiceTime_0C9B24D2']!;
    expect(monitor.message).toContain('\n\nRunbook: https://app.datadoghq.com/dashboard/lists?q=Runbook%3A%20checkout%20(prod)%3A%20p95%20service%20time\n\n');
    expect(Object.keys(dashboards(json))).toHaveLength(2);
  });

  it('monitors that do not page get no dashboard and keep runbookUrl', () => {
    const json = synthFrom(teams + account('team: payments\nwebLatency:\n  - { service: checkout, env: prod, page: false, runbook: runbooks/checkout.md, runbookUrl: https://wiki.example.com/checkout }'));
    expect(json.resource.datadog_dashboard_json).toBeUndefined();
    const monitor = json.resource.datadog_monitor!['monitors_web-latency-checkout-prod_ServiceTime_0C9B24D2']!;
    expect(monitor.message).toContain('\n\nRunbook: https://wiki.example.com/checkout\n\n');
  });

  it('every missing or unreadable runbook file is one line naming the field and the file', () => {
    mkdirSync(join(dir, 'runbooks', 'folder.md'), { recursive: true });
    const text = teams + account(
      'team: payments\nawsIntegrationHealth: { runbook: runbooks/folder.md }\nwebLatency:\n  - { service: checkout, env: prod, runbook: runbooks/missing.md }',
    );
    expect(problemsOf(text)).toEqual([
      `accounts[0] (alias "prod").monitors.awsIntegrationHealth.runbook: ${join(dir, 'runbooks', 'folder.md')}: is a directory, not a file`,
      `accounts[0] (alias "prod").monitors.webLatency[0].runbook: ${join(dir, 'runbooks', 'missing.md')}: no such file`,
    ]);
  });

  it('refuses a runbook that is not a markdown file, with its path', () => {
    expect(() => parseAccounts(teams + account('team: payments\nwebLatency:\n  - { service: checkout, env: prod, runbook: runbooks/checkout.txt }'), 'accounts.yaml')).toThrow(
      expect.objectContaining({ problems: ['accounts[0] (alias "prod").monitors.webLatency[0].runbook: must be a markdown file (.md), relative to the accounts file'] }),
    );
  });

  it('the example accounts file without its runbook file: one line, as accounts check prints it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'houndstack-runbooks-example-'));
    try {
      cpSync('examples/inventory', join(copy, 'inventory'), { recursive: true });
      writeFileSync(join(copy, 'accounts.yaml'), readFileSync('examples/accounts.yaml', 'utf8'));
      const file = join(copy, 'accounts.yaml');
      expect(checkAccounts(file, { outdir: join(copy, 'out') }).problems).toEqual([
        `${file}: accounts[0] (alias "payments-prod").monitors.webLatency[0].runbook: ${join(copy, 'runbooks', 'checkout-latency.md')}: no such file`,
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a postgres entry\'s monitors take a runbook too: dashboards for the paging ones, the search without template variables', () => {
    const postgres = `    postgres:
      - name: orders
        agentRoleName: app-hosts
        instances:
          - { host: orders.example.internal, dbname: orders, password: { secretsManager: { secretArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-Ab12Cd" } }, tags: ["service:orders-db", "env:prod"] }
        delivery: { ssmParameter: {} }
        monitors:
          runbook: runbooks/checkout.md
          alertRecipients: ["@pagerduty-payments"]
          warningRecipients: ["@slack-payments"]
`;
    const json = synthFrom(teams + account(checkout).replace('    monitors:\n', `${postgres}    monitors:\n`));
    const boards = Object.values(dashboards(json)) as { title: string; widgets: { definition: { type: string; alert_id?: string } }[] }[];
    const titles = boards.map((b) => b.title).sort();
    expect(titles).toEqual([
      'Runbook: [Postgres orders] Connection count jumped on {{server.name}}:{{port.name}}',
      'Runbook: [Postgres orders] Connection usage high on {{server.name}}:{{port.name}}',
      'Runbook: [Postgres orders] Idle connections held by {{application_name.name}} on {{server.name}}:{{port.name}}',
      'Runbook: checkout (prod): p95 service time',
      'Runbook: checkout (prod): queueing delay behind nginx',
    ]);
    const usage = Object.values(json.resource.datadog_monitor!).find((m) => (m.name as string).startsWith('[Postgres orders] Connection usage'))!;
    expect(usage.message).toContain('\n\nRunbook: https://app.datadoghq.com/dashboard/lists?q=Runbook%3A%20%5BPostgres%20orders%5D%20Connection%20usage%20high%20on%20%3A\n\n');
  });

  it('a missing postgres runbook is reported with the pack\'s, each with its field', () => {
    const postgres = '    postgres:\n      - { name: orders, agentRoleName: app-hosts, instances: [{ host: db.internal, dbname: orders, tags: ["service:orders-db"] }], delivery: { ssmParameter: {} }, monitors: { runbook: runbooks/orders.md, alertRecipients: ["@pagerduty-payments"] } }\n';
    const text = teams + account('team: payments\nwebLatency:\n  - { service: checkout, env: prod, runbook: runbooks/missing.md }').replace('    monitors:\n', `${postgres}    monitors:\n`);
    expect(problemsOf(text)).toEqual([
      `accounts[0] (alias "prod").postgres[0].monitors.runbook: ${join(dir, 'runbooks', 'orders.md')}: no such file`,
      `accounts[0] (alias "prod").monitors.webLatency[0].runbook: ${join(dir, 'runbooks', 'missing.md')}: no such file`,
    ]);
  });
});
