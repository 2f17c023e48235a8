import { Testing } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { ServiceLevelObjective } from '@cdktf/provider-datadog/lib/service-level-objective';
import { AwsIntegrationHealthPack, PostgresConnectionsPack, WebLatencyPack } from '../../constructs/monitors/packs';
import { DatadogLatencySlo } from '../../constructs/monitors/slo';
import { applyMonitorRules } from '../../constructs/rules';
import { analyzeMessage, handlesFor } from '../../constructs/monitors/message';
import { datadogStack, synthErrors, synthJson } from '../support/datadog-stack';

const policy = { team: 'web', chat: ['@slack-web'], pager: ['@pagerduty-web'] };
const runbookUrl = 'https://runbooks.example.com/web';

function withRules(build: (s: ReturnType<typeof datadogStack>) => void) {
  const app = Testing.app();
  const stack = datadogStack(app);
  build(stack);
  applyMonitorRules(app);
  return stack;
}

describe('AWS integration health pack', () => {
  const stack = withRules((s) => new AwsIntegrationHealthPack(s, 'AwsHealth', {
    policy, runbookUrl, accountId: '123456789012', accountName: 'shop-prod', heartbeatMetrics: ['aws.ec2.cpuutilization', 'aws.rds.cpuutilization'], expectLogs: true,
  }));

  it('a no-data heartbeat per metric, by region, that never fires on values', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'AWS integration: no aws.rds.cpuutilization from account shop-prod',
      query: 'max(last_30m):max:aws.rds.cpuutilization{aws_account:123456789012} by {region} < -1',
      notify_no_data: true,
      no_data_timeframe: 60,
      evaluation_delay: 900,
      tags: ['aws_account:123456789012', 'pack:aws-integration-health', 'team:web'],
    });
  });

  it('a log-arrival monitor when logs are expected', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      type: 'log alert',
      query: 'logs("aws_account:123456789012").index("*").rollup("count").last("1h") < 1',
    });
  });

  it('passes every rule', () => {
    expect(synthErrors(stack)).toBe('');
  });
});

describe('Postgres connections pack', () => {
  const stack = withRules((s) => new PostgresConnectionsPack(s, 'Pg', {
    policy, runbookUrl, name: 'orders-db', scope: ['env:prod', 'service:orders-db'], idleInTransaction: { criticalSeconds: 300, warningSeconds: 120 },
  }));

  it('connection usage as a fraction of max_connections, warning at 70%, alert at 85% (as PostgresMonitors)', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'Postgres orders-db: connections above 85% of max_connections',
      query: 'avg(last_5m):max:postgresql.percent_usage_connections{env:prod,service:orders-db} by {host} > 0.85',
      monitor_thresholds: { critical: '0.85', warning: '0.7' },
      tags: ['pack:postgres-connections', 'env:prod', 'service:orders-db', 'team:web'],
    });
  });

  it('the Agent cannot connect: service check, 2 failures of the last 3', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      type: 'service check',
      query: '"postgres.can_connect".over("env:prod","service:orders-db").by("host").last(3).count_by_status()',
      monitor_thresholds: { critical: '2', ok: '1' },
    });
  });

  it('idle-in-transaction by application and database', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      query: 'min(last_5m):max:postgresql.idle_in_transaction.max_transaction_seconds{env:prod,service:orders-db} by {application_name,datname} > 300',
    });
  });

  it('passes every rule', () => {
    expect(synthErrors(stack)).toBe('');
  });
});

describe('web latency pack', () => {
  const stack = withRules((s) => new WebLatencyPack(s, 'Web', {
    policy, runbookUrl, service: 'checkout', env: 'prod', slo: { thresholdSeconds: 0.5, target: 99.5, warning: 99.8 },
  }));

  it('service time: p95 of the application spans', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): p95 service time',
      query: 'percentile(last_10m):p95:trace.http.request{env:prod,service:checkout} > 1',
      monitor_thresholds: { critical: '1', warning: '0.5' },
    });
  });

  it('queueing delay: nginx average minus application average', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): queueing delay behind nginx',
      query: 'avg(last_10m):avg:trace.nginx.request{env:prod,service:checkout-nginx} - avg:trace.http.request{env:prod,service:checkout} > 0.2',
    });
  });

  it('a time-slice latency SLO on nginx p95', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServiceLevelObjective, {
      type: 'time_slice',
      name: 'checkout (prod): p95 latency at most 0.5 s',
      thresholds: [{ timeframe: '30d', target: 99.5, warning: 99.8 }],
      sli_specification: {
        time_slice: {
          comparator: '<=',
          threshold: 0.5,
          query_interval_seconds: 300,
          query: {
            formula: { formula_expression: 'query1' },
            query: [{ metric_query: { name: 'query1', data_source: 'metrics', query: 'p95:trace.nginx.request{env:prod,service:checkout-nginx}' } }],
          },
        },
      },
    });
  });

  it('passes every rule', () => {
    expect(synthErrors(stack)).toBe('');
  });

  it('pack monitors have distinct names per service', () => {
    const names = Object.values(synthJson(stack).resource.datadog_monitor).map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('latency SLO checks', () => {
  it('bad target, warning, interval and query are reported with the path and field', () => {
    const stack = datadogStack();
    new DatadogLatencySlo(stack, 'Slo', {
      name: 'x', metricQuery: 'p95:trace.web{env:prod', thresholdSeconds: 0, target: 100, warning: 99, queryIntervalSeconds: 120 as 60,
    });
    const errors = synthErrors(stack);
    for (const e of [
      '[test/Slo] target: a target is a percentage above 0 and below 100 (got 100)',
      '[test/Slo] warning: the warning percentage must be above the target (100) and below 100 (got 99)',
      '[test/Slo] thresholdSeconds: a latency bound is above 0 seconds (got 0)',
      '[test/Slo] queryIntervalSeconds: allowed 60 or 300 (got 120)',
      '[test/Slo] metricQuery: col ',
    ]) expect(errors).toContain(e);
  });
});

describe('AWS integration health pack routing', () => {
  it('does not page by default: no-data to the owner, alerts to chat', () => {
    const stack = datadogStack();
    new AwsIntegrationHealthPack(stack, 'AwsHealth', { policy: { ...policy, owner: ['@team-web'] }, runbookUrl, accountId: '123456789012', expectLogs: true });
    for (const m of Object.values(synthJson(stack).resource.datadog_monitor)) {
      const a = analyzeMessage(String(m.message));
      const reached = { alert: handlesFor(a, 'alert'), no_data: handlesFor(a, 'no_data') };
      expect(reached).toEqual({ alert: ['@slack-web'], no_data: ['@team-web'] });
    }
  });
});

describe('web latency pack from nginx logs', () => {
  const stack = withRules((s) => new WebLatencyPack(s, 'Web', {
    policy, runbookUrl, service: 'checkout', env: 'prod', source: 'nginx-logs', slo: { thresholdSeconds: 0.5, target: 99.5 },
  }));

  it('service time: p95 of the service-time header the pipeline turned into seconds', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): p95 service time',
      type: 'query alert',
      query: 'percentile(last_10m):p95:web.checkout.prod.service_time{env:prod,service:checkout} > 1',
      monitor_thresholds: { critical: '1', warning: '0.5' },
    });
  });

  it('queueing delay: p95 of upstream response time minus service time', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): queueing delay behind nginx',
      query: 'percentile(last_10m):p95:web.checkout.prod.queueing_delay{env:prod,service:checkout} > 0.2',
      monitor_thresholds: { critical: '0.2', warning: '0.1' },
    });
  });

  it('share of requests queueing longer than the threshold', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): share of requests queueing over 100 ms',
      query: 'sum(last_10m):sum:web.checkout.prod.queued_requests{env:prod,service:checkout}.as_count() / sum:web.checkout.prod.requests{env:prod,service:checkout}.as_count() > 0.1',
      monitor_thresholds: { critical: '0.1', warning: '0.05' },
    });
  });

  it("a time-slice SLO on nginx's p95 request time", () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServiceLevelObjective, {
      sli_specification: {
        time_slice: expect.objectContaining({
          threshold: 0.5,
          query: expect.objectContaining({ query: [{ metric_query: { name: 'query1', data_source: 'metrics', query: 'p95:web.checkout.prod.request_time{env:prod,service:checkout}' } }] }),
        }),
      },
    });
  });

  it('passes every rule', () => {
    expect(synthErrors(stack)).toBe('');
  });

  it('refuses APM options with the nginx-logs source', () => {
    const bad = withRules((s) => new WebLatencyPack(s, 'Web', { policy, runbookUrl, service: 'checkout', env: 'prod', source: 'nginx-logs', frontService: 'edge' }));
    expect(synthErrors(bad)).toContain("test/Web: frontService: an APM option; with source 'nginx-logs' there are no spans (got \"edge\")");
  });
});
