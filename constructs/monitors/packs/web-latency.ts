import { Construct } from 'constructs';
import { NginxLatencyLogs } from '../../logs/nginx-latency-logs';
import type { NginxLatencyOptions } from '../../logs/nginx-latency-model';
import { DatadogMonitor } from '../monitor';
import type { ApmMonitorSpec, MetricMonitorSpec, RawQueryMonitorSpec } from '../model';
import { DatadogLatencySlo, SloTimeframe } from '../slo';
import { PackProps, packSpec } from './common';

/** Where the pack reads latency from. */
export type WebLatencySource = 'apm' | 'nginx-logs';

/** Options of the `nginx-logs` source: `NginxLatencyOptions` without what the pack sets. */
export type WebLatencyNginxOptions = Omit<NginxLatencyOptions, 'service' | 'env'> & {
  /** Share of proxied requests queueing longer than `queuedThresholdMilliseconds` that alerts (0–1). @default 0.1 */
  readonly queuedShareCritical?: number;
  /** @default 0.05 */
  readonly queuedShareWarning?: number;
  /** Where the nginx snippet is written in the stack's output directory. @default `nginx/<service>-<env>.conf` */
  readonly snippetPath?: string;
};

export interface WebLatencyPackProps extends PackProps {
  /** The application's service, e.g. `checkout` (APM service, or the `service` of nginx's logs). */
  readonly service: string;
  readonly env: string;
  /**
   * `apm`: from the application's and nginx's traces. `nginx-logs`: from nginx's JSON access logs, without tracing —
   * the pack then creates the logs pipeline, log-based metrics and nginx snippet (`NginxLatencyLogs`) and watches them.
   * @default 'apm'
   */
  readonly source?: WebLatencySource;
  /** Options of the `nginx-logs` source. @default - X-Runtime in seconds, metrics `web.<service>.<env>.*` */
  readonly nginx?: WebLatencyNginxOptions;
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
  /** Queueing delay that alerts, in seconds: the average (apm: nginx time minus application time) or p95 (nginx-logs). @default 0.2 */
  readonly queueingCriticalSeconds?: number;
  /** @default 0.1 */
  readonly queueingWarningSeconds?: number;
  /** Latency SLO on what users see (nginx's p95: its spans with apm, its request time with nginx-logs). @default - no SLO */
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
 * - service time: time in the application itself — slow code or dependencies;
 * - queueing delay: time waiting for a free worker — too few workers or a saturated host, which code-level fixes will
 *   not help.
 * With `source: 'apm'` (default): service time is the p95 of the application's request spans (`trace.<appOperation>`),
 * queueing delay nginx's average request time minus the application's (averages subtract; percentiles do not).
 * With `source: 'nginx-logs'`: from nginx's JSON access logs (`NginxLatencyLogs`, at `pack.logs`): p95 of the service
 * time the application reports in a header, p95 of upstream response time minus it, and the share of requests queueing
 * longer than `nginx.queuedThresholdMilliseconds`.
 * With `slo`, a time-slice SLO on nginx's p95 (what users see).
 */
export class WebLatencyPack extends Construct {
  public readonly serviceTime: DatadogMonitor;
  public readonly queueingDelay: DatadogMonitor;
  /** nginx-logs only: share of requests queueing longer than the threshold. */
  public readonly queuedShare?: DatadogMonitor;
  /** nginx-logs only: the pipeline, metrics and nginx snippet. */
  public readonly logs?: NginxLatencyLogs;
  public readonly slo?: DatadogLatencySlo;

  constructor(scope: Construct, id: string, props: WebLatencyPackProps) {
    super(scope, id);
    const tags = ['pack:web-latency', `service:${props.service}`, `env:${props.env}`];
    const problems = sourceProblems(props);
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });
    let sloQuery: string;
    if ((props.source ?? 'apm') === 'nginx-logs') {
      const { queuedShareCritical, queuedShareWarning, ...logOptions } = props.nginx ?? {};
      const logs = new NginxLatencyLogs(this, 'Logs', { ...logOptions, service: props.service, env: props.env, tags: [...tags, `team:${props.policy.team}`] });
      this.logs = logs;
      const scope = `{env:${props.env},service:${props.service}}`;
      const p95 = (metric: string, critical: number) => `percentile(last_10m):p95:${metric}${scope} > ${critical}`;
      const serviceCritical = props.serviceTimeCriticalSeconds ?? 1;
      this.serviceTime = new DatadogMonitor(this, 'ServiceTime', packSpec<RawQueryMonitorSpec>(props, {
        kind: 'query',
        type: 'query alert',
        name: `${props.service} (${props.env}): p95 service time`,
        query: p95(logs.metricNames.serviceTime, serviceCritical),
        windowMinutes: 10,
        warning: props.serviceTimeWarningSeconds ?? 0.5,
      }, {
        title: `${props.service} takes {{value}} s (p95) to serve requests`,
        text: `Time spent in the application itself (its ${logs.settings.serviceTimeHeader} header): look at the slowest endpoints and their downstream calls.`,
      }, tags));
      const queueCritical = props.queueingCriticalSeconds ?? 0.2;
      this.queueingDelay = new DatadogMonitor(this, 'QueueingDelay', packSpec<RawQueryMonitorSpec>(props, {
        kind: 'query',
        type: 'query alert',
        name: `${props.service} (${props.env}): queueing delay behind nginx`,
        query: p95(logs.metricNames.queueingDelay, queueCritical),
        windowMinutes: 10,
        warning: props.queueingWarningSeconds ?? 0.1,
      }, {
        title: `Requests to ${props.service} wait {{value}} s (p95) before the application takes them`,
        text: 'Upstream response time minus service time, from nginx\'s logs: requests are queueing for a worker. Check worker/thread counts, CPU saturation and upstream keep-alive; scaling out helps, code changes do not.',
      }, tags));
      const threshold = logs.settings.queuedThresholdMilliseconds;
      this.queuedShare = new DatadogMonitor(this, 'QueuedShare', packSpec<MetricMonitorSpec>(props, {
        kind: 'metric',
        name: `${props.service} (${props.env}): share of requests queueing over ${threshold} ms`,
        series: `sum:${logs.metricNames.queuedRequests}${scope}.as_count() / sum:${logs.metricNames.requests}${scope}.as_count()`,
        timeAggregation: 'sum',
        windowMinutes: 10,
        comparator: '>',
        critical: queuedShareCritical ?? 0.1,
        warning: queuedShareWarning ?? 0.05,
      }, {
        title: `{{value}} of requests to ${props.service} wait more than ${threshold} ms for a worker`,
        text: 'The fraction of proxied requests whose queueing delay (upstream response time minus service time) exceeds the threshold: the upstream has fewer free workers than arrivals.',
      }, tags));
      sloQuery = `p95:${logs.metricNames.requestTime}${scope}`;
    } else {
      const front = props.frontService ?? `${props.service}-nginx`;
      const appOp = props.appOperation ?? 'http.request';
      const frontOp = props.frontOperation ?? 'nginx.request';
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
      sloQuery = `p95:trace.${frontOp}${frontScope}`;
    }
    if (props.slo) {
      this.slo = new DatadogLatencySlo(this, 'Slo', {
        name: `${props.service} (${props.env}): p95 latency at most ${props.slo.thresholdSeconds} s`,
        description: `Share of 5-minute slices in which nginx's p95 for ${props.service} is at most ${props.slo.thresholdSeconds} s.`,
        metricQuery: sloQuery,
        thresholdSeconds: props.slo.thresholdSeconds,
        target: props.slo.target,
        ...(props.slo.warning !== undefined ? { warning: props.slo.warning } : {}),
        ...(props.slo.timeframe !== undefined ? { timeframe: props.slo.timeframe } : {}),
        tags: [...tags, `team:${props.policy.team}`],
      });
    }
  }
}

/** Options that belong to the other source are refused, not ignored. */
function sourceProblems(props: WebLatencyPackProps): string[] {
  const out: string[] = [];
  const source = props.source ?? 'apm';
  if (source !== 'apm' && source !== 'nginx-logs') out.push(`source: ${JSON.stringify(source)} is not a latency source; allowed: 'apm', 'nginx-logs'`);
  if (source === 'apm' && props.nginx !== undefined) out.push("nginx: options of the nginx-logs source; set source: 'nginx-logs' or remove them");
  if (source === 'nginx-logs') {
    for (const key of ['frontService', 'appOperation', 'frontOperation'] as const) {
      if (props[key] !== undefined) out.push(`${key}: an APM option; with source 'nginx-logs' there are no spans (got ${JSON.stringify(props[key])})`);
    }
    const share = (field: string, v: number | undefined) => {
      if (v !== undefined && !(v > 0 && v < 1)) out.push(`nginx.${field}: a share of requests between 0 and 1 (got ${v})`);
    };
    share('queuedShareCritical', props.nginx?.queuedShareCritical);
    share('queuedShareWarning', props.nginx?.queuedShareWarning);
  }
  return out;
}
