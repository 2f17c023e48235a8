import { Construct } from 'constructs';
import { DatadogMonitor } from '../monitor';
import type { LogMonitorSpec, MetricMonitorSpec } from '../model';
import { PackProps, packSpec } from './common';

export interface AwsIntegrationHealthPackProps extends PackProps {
  /** Page on alerts. @default false - this pack notifies chat and the owner, it does not page */
  readonly page?: boolean;
  /** 12-digit AWS account ID: the `aws_account` tag of the integration's metrics. */
  readonly accountId: string;
  /** Name shown in monitor names. @default - the account ID */
  readonly accountName?: string;
  /**
   * CloudWatch metrics that always have data in this account, one heartbeat monitor each, grouped by region so a
   * region that goes quiet is named. Pick namespaces the account always uses.
   * @default ['aws.ec2.cpuutilization']
   */
  readonly heartbeatMetrics?: readonly string[];
  /** Minutes without metrics before the heartbeat alerts; CloudWatch data arrives 10–20 minutes late. @default 60 */
  readonly metricsSilenceMinutes?: number;
  /** Also alert when no logs tagged with the account arrive (log forwarding broken). @default false */
  readonly expectLogs?: boolean;
  /** Minutes without logs before alerting. @default 60 */
  readonly logsSilenceMinutes?: number;
}

/**
 * Is the AWS integration of one account delivering? A heartbeat per metric namespace (no-data by region: the role,
 * its policies, or a region filter broke) and, optionally, a log-arrival monitor.
 *
 * It does not page unless `page: true`: the heartbeats speak only through no-data, which routing sends to the
 * policy's `owner` (chat by default), and alerts go to chat. A broken integration is urgent for the owning team by
 * day, not a page at night (the monitors fed by the integration page for what matters).
 */
export class AwsIntegrationHealthPack extends Construct {
  /** The monitors, by construct ID. */
  public readonly monitors: readonly DatadogMonitor[];

  constructor(scope: Construct, id: string, props: AwsIntegrationHealthPackProps) {
    super(scope, id);
    const account = props.accountName ?? props.accountId;
    const routed = { ...props, page: props.page ?? false };
    const silence = props.metricsSilenceMinutes ?? 60;
    const tags = [`aws_account:${props.accountId}`, 'pack:aws-integration-health'];
    const monitors: DatadogMonitor[] = [];
    for (const metric of props.heartbeatMetrics ?? ['aws.ec2.cpuutilization']) {
      monitors.push(new DatadogMonitor(this, `Heartbeat-${metric}`, packSpec<MetricMonitorSpec>(routed, {
        kind: 'metric',
        name: `AWS integration: no ${metric} from account ${account}`,
        // Never true for a metric that is at least 0: the monitor speaks only when data stops (no-data).
        metric,
        scope: [`aws_account:${props.accountId}`],
        groupBy: ['region'],
        spaceAggregation: 'max',
        timeAggregation: 'max',
        windowMinutes: Math.max(1, Math.floor(silence / 2)),
        comparator: '<',
        critical: -1,
        notifyNoData: true,
        noDataTimeframeMinutes: silence,
        evaluationDelaySeconds: 900,
        requireFullWindow: false,
      }, {
        title: `No ${metric} from AWS account ${account} in {{region.name}} for ${silence} minutes`,
        text: 'Datadog stopped receiving CloudWatch metrics: check the integration role (trust policy, external ID, attached policies), the region and namespace filters of the integration, and the integration page in Datadog for errors.',
      }, tags)));
    }
    if (props.expectLogs) {
      const logSilence = props.logsSilenceMinutes ?? 60;
      monitors.push(new DatadogMonitor(this, 'Logs', packSpec<LogMonitorSpec>(routed, {
        kind: 'log',
        name: `AWS integration: no logs from account ${account}`,
        search: `aws_account:${props.accountId}`,
        windowMinutes: logSilence,
        comparator: '<',
        critical: 1,
      }, {
        title: `No logs from AWS account ${account} for ${logSilence} minutes`,
        text: 'The log forwarder (Lambda or Firehose) stopped delivering: check its errors and its subscription filters.',
      }, tags)));
    }
    this.monitors = monitors;
  }
}
