// Monitors as code in a stack of your own (the README quotes this file).
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import {
  DatadogMonitor, DynamoDbTable, MonitorInventory, NotificationPolicy, WebLatencyPack, applyMonitorRules, buildMessage,
  dynamoDbReadCapacityMonitor, dynamoDbTableKey, dynamoDbTableSchema, loadInventoryFile, withTeam,
} from '../constructs';

// Team policies: warnings to chat, alerts (and their recovery) to the pager, no-data to the owner.
const checkout: NotificationPolicy = { team: 'checkout', chat: ['@slack-checkout'], pager: ['@pagerduty-checkout'], priority: 2 };
const payments: NotificationPolicy = { team: 'payments', chat: ['@slack-payments'], pager: ['@pagerduty-payments'] };
const identity: NotificationPolicy = { team: 'identity', chat: ['@slack-identity'], pager: ['@oncall-identity'], owner: ['@team-identity'] };
const platform: NotificationPolicy = { team: 'platform', chat: ['@slack-platform'], pager: ['@oncall-platform'] };

export class MonitorsStack extends TerraformStack {
  constructor(scope: Construct, id: string, tables: readonly DynamoDbTable[]) {
    super(scope, id);
    // DD_API_KEY and DD_APP_KEY come from the environment.
    new DatadogProvider(this, 'datadog', {});

    // A metric threshold, routed by team: the message carries the runbook, critical equals the query's threshold.
    const errors = new DatadogMonitor(this, 'CheckoutErrors', withTeam({
      kind: 'apm', signal: 'error-rate', name: 'checkout (prod): error rate', service: 'checkout', env: 'prod',
      critical: 0.05, warning: 0.02, tags: ['service:checkout', 'env:prod'],
      message: buildMessage({
        title: 'checkout fails {{value}} of requests',
        runbookUrl: 'https://runbooks.example.com/checkout/errors',
        notify: { policy: checkout },
      }),
    }, checkout));

    // An anomaly monitor that pages has its safety rail: a plain threshold beside it.
    const traffic = new DatadogMonitor(this, 'CheckoutTraffic', withTeam({
      kind: 'anomaly', name: 'checkout (prod): traffic anomaly', metric: 'trace.http.request.hits', modifier: 'as_count',
      scope: ['env:prod', 'service:checkout'], spaceAggregation: 'sum', algorithm: 'agile', seasonality: 'weekly',
      safetyRail: { comparator: '>', critical: 50000, windowMinutes: 5 },
      tags: ['service:checkout', 'env:prod'],
      message: buildMessage({ runbookUrl: 'https://runbooks.example.com/checkout/traffic', notify: { policy: checkout } }),
    }, checkout));

    // A composite of monitor objects, not hand-written IDs.
    new DatadogMonitor(this, 'CheckoutDown', withTeam({
      kind: 'composite', name: 'checkout (prod): errors during a traffic anomaly',
      expression: { op: '&&', operands: [errors, traffic] }, priority: 1,
      message: buildMessage({ runbookUrl: 'https://runbooks.example.com/checkout/down', notify: { policy: checkout } }),
    }, checkout));

    // A pack: service time and queueing delay behind nginx, and a latency SLO.
    new WebLatencyPack(this, 'CheckoutLatency', {
      policy: checkout, runbookUrl: 'https://runbooks.example.com/checkout/latency', service: 'checkout', env: 'prod',
      slo: { thresholdSeconds: 0.5, target: 99.5, warning: 99.8 },
    });

    // Inventory expansion: one monitor per provisioned DynamoDB table, routed to the team in its tags.
    new MonitorInventory(this, 'DynamoDbReadCapacity', {
      items: tables,
      key: dynamoDbTableKey,
      monitor: dynamoDbReadCapacityMonitor({
        policies: { payments, identity, platform }, defaultPolicy: platform,
        runbookUrl: 'https://runbooks.example.com/dynamodb/read-capacity',
      }),
    });
  }
}

/** The app: the stack, with every monitor rule applied at synth. */
export function buildMonitorsApp(app: App = new App()): App {
  // Stacks read files, constructs never do.
  const tables = loadInventoryFile(join(__dirname, 'inventory/dynamodb-tables.yaml'), { itemSchema: dynamoDbTableSchema, listKey: 'tables' });
  new MonitorsStack(app, 'monitors', tables);
  applyMonitorRules(app);
  return app;
}

if (require.main === module) buildMonitorsApp().synth();
