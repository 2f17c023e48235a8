import { z } from 'zod';
import type { MonitorSpec } from '../model';
import { buildMessage } from '../message';
import { NotificationPolicy, withTeam } from '../routing';

/** One DynamoDB table of an inventory file (`examples/inventory/dynamodb-tables.yaml`). */
export const dynamoDbTableSchema = z.object({
  /** Table name, as in the `tablename` tag of Datadog's AWS metrics. */
  name: z.string().min(1),
  /** AWS region, e.g. `eu-west-1`. */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as eu-west-1'),
  /** 12-digit AWS account ID (the `aws_account` tag). */
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account ID').optional(),
  /** Provisioned read capacity units; absent for on-demand tables, which get no monitor. */
  readCapacityUnits: z.number().int().positive().optional(),
  /** The table's AWS tags: `team`, `service`, `env` route and tag the monitor. */
  tags: z.record(z.string(), z.string()).default({}),
}).strict();

export type DynamoDbTable = z.infer<typeof dynamoDbTableSchema>;

/** Inventory key of a table: `<account>/<region>/<name>`, stable under re-ordering. */
export function dynamoDbTableKey(t: DynamoDbTable): string {
  return [t.accountId, t.region, t.name].filter(Boolean).join('/');
}

export interface DynamoDbReadCapacityOptions {
  /** Team name (the table's `team` tag) → policy. */
  readonly policies: Readonly<Record<string, NotificationPolicy>>;
  /** Policy for tables without a `team` tag, or with a team not in `policies`. */
  readonly defaultPolicy: NotificationPolicy;
  /** Fraction of provisioned capacity that alerts. @default 0.8 */
  readonly criticalFraction?: number;
  /** Fraction that warns. @default 0.7 */
  readonly warningFraction?: number;
  /** @default - no runbook link */
  readonly runbookUrl?: string;
  /** Evaluation window in minutes. @default 10 */
  readonly windowMinutes?: number;
}

/**
 * The shipped inventory example: consumed read capacity above 80% of each table's provisioned capacity, routed to the
 * team named in the table's tags. On-demand tables (no `readCapacityUnits`) get no monitor.
 *
 * CloudWatch reports `ConsumedReadCapacityUnits` as a sum per period; summed over the window and divided by its length
 * in seconds it is the average consumed units per second, comparable with the provisioned units.
 */
export function dynamoDbReadCapacityMonitor(options: DynamoDbReadCapacityOptions): (t: DynamoDbTable) => MonitorSpec | undefined {
  const critical = options.criticalFraction ?? 0.8;
  const warning = options.warningFraction ?? 0.7;
  const window = options.windowMinutes ?? 10;
  return (t) => {
    if (t.readCapacityUnits === undefined) return undefined;
    const team = t.tags.team;
    const policy = (team !== undefined ? options.policies[team] : undefined) ?? options.defaultPolicy;
    const scope = [...(t.accountId ? [`aws_account:${t.accountId}`] : []), `region:${t.region}`, `tablename:${t.name}`];
    const round = (x: number) => Math.round(x * 100) / 100;
    const where = `${t.name} (${[t.accountId, t.region].filter(Boolean).join(' ')})`;
    const tags = [
      ...(team ? [`team:${team}`] : []),
      ...(['service', 'env'] as const).filter((k) => t.tags[k]).map((k) => `${k}:${t.tags[k]}`),
      `tablename:${t.name}`,
    ];
    return withTeam({
      kind: 'metric',
      name: `DynamoDB read capacity above ${Math.round(critical * 100)}% of provisioned: ${where}`,
      series: `sum:aws.dynamodb.consumed_read_capacity_units{${scope.join(',')}}.as_count() / ${window * 60}`,
      timeAggregation: 'sum',
      windowMinutes: window,
      comparator: '>',
      critical: round(critical * t.readCapacityUnits),
      warning: round(warning * t.readCapacityUnits),
      // CloudWatch metrics arrive late.
      evaluationDelaySeconds: 900,
      tags,
      message: buildMessage({
        title: `DynamoDB table ${t.name} is reading {{value}} units/s of ${t.readCapacityUnits} provisioned`,
        text: 'Reads above provisioned capacity are throttled. Raise the provisioned capacity or its auto-scaling maximum, or find the hot partition.',
        ...(options.runbookUrl ? { runbookUrl: options.runbookUrl } : {}),
        notify: { policy },
      }),
    }, policy);
  };
}
