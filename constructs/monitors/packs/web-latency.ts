import { Construct } from 'constructs';
import { DatadogMonitor } from '../monitor';
import type { ApmMonitorSpec, MetricMonitorSpec } from '../model';
import { DatadogLatencySlo, SloTimeframe } from '../slo';
import { PackProps, packSpec } from './common';

export interface WebLatencyPackProps extends PackProps {
  /** The application's APM service, e.g. `checkout`. */
  readonly service: string;
  readonly env: string;
  /** APM service of the nginx in front of it (nginx-datadog module). @default `<service>-nginx` */
  readonly frontService?: string;
  /** Span name of the application's requests. @default 'http.request' */
  readonly appOperation?: string;
  /** Span name of nginx's requests. @default 'nginx.request' */
  readonly frontOperation?: string;
  /** p95 service time (in the application) that alerts, in seconds. @default 1 */
  readonly serviceTimeCriticalSeconds?: number;
  /** @default 0.5 */
  readonly serviceTimeWarningSeconds?: number;
  /** Average queueing delay (nginx time minus application time) that alerts, in seconds. @default 0.2 */
  readonly queueingCriticalSeconds?: number;
  /** @default 0.1 */
  readonly queueingWarningSeconds?: number;
  /** Latency SLO on what users see (nginx's p95). @default - no SLO */
  readonly slo?: {
    readonly thresholdSeconds: number;
    /** Percent of good slices. */
    readonly target: number;
    /** @default - no warning */
    readonly warning?: number;
    /** @default '30d' */
    readonly timeframe?: SloTimeframe;
  };
}

/**
 * Latency of an nginx-fronted web application, split where it is spent:
 * - service time: p95 of the application's own request spans (`trace.<appOperation>`): slow code or dependencies;
 * - queueing delay: nginx's average request time minus the application's, i.e. time waiting for a free worker
 *   (and proxying): too few workers or a saturated host, which adding code-level fixes will not help.
 * Averages subtract; percentiles do not, so the queueing delay is computed on averages.
 * With `slo`, a time-slice SLO on nginx's p95 (what users see).
 */
export class WebLatencyPack extends Construct {
  public readonly serviceTime: DatadogMonitor;
  public readonly queueingDelay: DatadogMonitor;
  public readonly slo?: DatadogLatencySlo;

  constructor(scope: Construct, id: string, props: WebLatencyPackProps) {
    super(scope, id);
    const front = props.frontService ?? `${props.service}-nginx`;
    const appOp = props.appOperation ?? 'http.request';
    const frontOp = props.frontOperation ?? 'nginx.request';
    const tags = ['pack:web-latency', `service:${props.service}`, `env:${props.env}`];
    this.serviceTime = new DatadogMonitor(this, 'ServiceTime', packSpec<ApmMonitorSpec>(props, {
      kind: 'apm',
      signal: 'latency',
      name: `${props.service} (${props.env}): p95 service time`,
      service: props.service,
      env: props.env,
      operation: appOp,
      percentile: 'p95',
      windowMinutes: 10,
      critical: props.serviceTimeCriticalSeconds ?? 1,
      warning: props.serviceTimeWarningSeconds ?? 0.5,
    }, {
      title: `${props.service} takes {{value}} s (p95) to serve requests`,
      text: 'Time spent in the application itself: look at the slowest endpoints and their downstream calls in APM.',
    }, tags));
    const appScope = `{env:${props.env},service:${props.service}}`;
    const frontScope = `{env:${props.env},service:${front}}`;
    this.queueingDelay = new DatadogMonitor(this, 'QueueingDelay', packSpec<MetricMonitorSpec>(props, {
      kind: 'metric',
      name: `${props.service} (${props.env}): queueing delay behind nginx`,
      series: `avg:trace.${frontOp}${frontScope} - avg:trace.${appOp}${appScope}`,
      windowMinutes: 10,
      comparator: '>',
      critical: props.queueingCriticalSeconds ?? 0.2,
      warning: props.queueingWarningSeconds ?? 0.1,
    }, {
      title: `Requests to ${props.service} wait {{value}} s on average before the application takes them`,
      text: 'nginx time minus application time: requests are queueing for a worker. Check worker/thread counts, CPU saturation and upstream keep-alive; scaling out helps, code changes do not.',
    }, [...tags, `service:${front}`]));
    if (props.slo) {
      this.slo = new DatadogLatencySlo(this, 'Slo', {
        name: `${props.service} (${props.env}): p95 latency at most ${props.slo.thresholdSeconds} s`,
        description: `Share of 5-minute slices in which nginx's p95 for ${props.service} is at most ${props.slo.thresholdSeconds} s.`,
        metricQuery: `p95:trace.${frontOp}${frontScope}`,
        thresholdSeconds: props.slo.thresholdSeconds,
        target: props.slo.target,
        ...(props.slo.warning !== undefined ? { warning: props.slo.warning } : {}),
        ...(props.slo.timeframe !== undefined ? { timeframe: props.slo.timeframe } : {}),
        tags: [...tags, `team:${props.policy.team}`],
      });
    }
  }
}
