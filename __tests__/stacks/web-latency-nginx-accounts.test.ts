import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { LogsCustomPipeline } from '@cdktf/provider-datadog/lib/logs-custom-pipeline';
import { LogsMetric } from '@cdktf/provider-datadog/lib/logs-metric';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { ServiceLevelObjective } from '@cdktf/provider-datadog/lib/service-level-objective';
import { buildApp } from '../../main';
import { AccountStack } from '../../stacks/account-stack';
import { accountsProblems as problemsOf } from '../support/accounts';

/* A new user's account: `webLatency: [{ service: checkout, env: prod, source: nginx-logs, … }]`. */

const file = (entry: string) => `
monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }
accounts:
  - alias: shop
    accountId: "111111111111"
    region: us-east-1
    monitors:
      team: payments
      webLatency:
        - ${entry}
`;
const good = '{ service: checkout, env: prod, source: nginx-logs, runbookUrl: https://runbooks.example.com/checkout, slo: { thresholdSeconds: 0.5, target: 99.5 } }';

describe('accounts file: webLatency with source nginx-logs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-nginx-accounts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('synthesizes the pipeline, log metrics, monitors and SLO, and writes the nginx snippet', () => {
    writeFileSync(join(dir, 'accounts.yaml'), file(good));
    const out = join(dir, 'out');
    const app = buildApp(join(dir, 'accounts.yaml'), out);
    const stack = app.node.findChild('shop') as AccountStack;
    const synth = Testing.synth(stack, true);
    expect(synth).toHaveResourceWithProperties(LogsCustomPipeline, { filter: [{ query: 'source:nginx service:checkout env:prod' }] });
    expect(synth).toHaveResourceWithProperties(LogsMetric, { name: 'web.checkout.prod.queueing_delay' });
    expect(synth).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): queueing delay behind nginx',
      query: 'percentile(last_10m):p95:web.checkout.prod.queueing_delay{env:prod,service:checkout} > 0.2',
    });
    expect(synth).toHaveResourceWithProperties(ServiceLevelObjective, { name: 'checkout (prod): p95 latency at most 0.5 s' });
    app.synth();
    const snippet = join(out, 'stacks', 'shop', 'nginx', 'checkout-prod.conf');
    expect(existsSync(snippet)).toBe(true);
    expect(readFileSync(snippet, 'utf8')).toContain('proxy_set_header X-Request-Start "t=${msec}";');
  });

  it('nginx options are checked where they are written, every problem at once', () => {
    const bad = '{ service: checkout, env: prod, source: nginx-logs, runbookUrl: https://r.example.com/c, nginx: { serviceTimeAttribute: host, metricPrefix: "web.checkout.prod.this-is-not-a-metric", filterQuery: "source:nginx OR" } }';
    const at = 'accounts[0] (alias "shop").monitors.webLatency[0].nginx';
    expect(problemsOf(file(bad))).toEqual([
      `${at}.serviceTimeAttribute: "host" is an attribute Datadog reserves (host, source, status, service, trace_id, message); choose another, e.g. web.service_time`,
      `${at}.metricPrefix: metric "web.checkout.prod.this-is-not-a-metric.request_time" is not a valid Datadog metric name: only letters, digits, _ and . are allowed`,
      `${at}.filterQuery: col 14: 'OR' needs a term on its right (got "source:nginx OR")`,
    ]);
  });

  it('options of the other source are refused, not ignored', () => {
    const at = 'accounts[0] (alias "shop").monitors.webLatency[0]';
    expect(problemsOf(file('{ service: checkout, env: prod, runbookUrl: https://r.example.com/c, nginx: { serviceTimeHeader: X-Runtime } }')))
      .toEqual([`${at}.nginx: options of the nginx-logs source; add source: nginx-logs or remove them`]);
    expect(problemsOf(file('{ service: checkout, env: prod, source: nginx-logs, frontService: checkout-nginx, runbookUrl: https://r.example.com/c }')))
      .toEqual([`${at}.frontService: an APM option; with source nginx-logs there are no spans`]);
    expect(problemsOf(file('{ service: checkout, env: prod, source: logs, runbookUrl: https://r.example.com/c }')))
      .toEqual([`${at}.source: must be one of "apm"|"nginx-logs"`]);
  });
});
