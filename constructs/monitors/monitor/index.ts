import { Construct, IConstruct } from 'constructs';
import { Monitor, MonitorConfig } from '@cdktf/provider-datadog/lib/monitor';
import { guardSingleCdktf } from '../../terraform/single-cdktf';
import { escapeTerraformStrings } from '../../terraform/escape';
import {
  DatadogMonitorBody,
  IMonitorRef,
  MonitorFacts,
  MonitorSpec,
  Problem,
  formatProblem,
  renderMonitor,
  safetyRailSpec,
} from '../model';

/** Props of `DatadogMonitor`: a `MonitorSpec`, flat, discriminated by `kind`. */
export type DatadogMonitorProps = MonitorSpec;

const MONITOR_SYMBOL = Symbol.for('houndstack.DatadogMonitor');

/**
 * One `datadog_monitor`, from a typed spec. Every create-time rule Datadog enforces is checked at synth and reported
 * with this construct's path; an anomaly spec with `safetyRail` also creates its companion threshold monitor
 * (`safetyRail`, child `SafetyRail`).
 *
 * The Terraform resource is the child `Resource` (`monitor.resource`); its ID is `monitor.monitorId`, for composites
 * and SLOs.
 */
export class DatadogMonitor extends Construct implements IMonitorRef {
  /** True for a `DatadogMonitor` (works across copies of the library). */
  public static isDatadogMonitor(x: unknown): x is DatadogMonitor {
    return typeof x === 'object' && x !== null && MONITOR_SYMBOL in x;
  }

  /** The spec this monitor was built from. */
  public readonly spec: MonitorSpec;
  /** The `datadog_monitor` attributes, as Datadog gets them (in the JSON, `${` and `%{` are written `$${`, `%%{`). */
  public readonly body: DatadogMonitorBody;
  /** Create-time rule violations (also reported at synth). */
  public readonly problems: readonly Problem[];
  /** Group-by keys, scope, window: what the hygiene rules read. */
  public readonly facts: MonitorFacts;
  /** The provider resource: read attributes, or `addOverride` as an escape hatch. */
  public readonly resource: Monitor;
  /** The companion threshold monitor of an anomaly spec with `safetyRail`. */
  public readonly safetyRail?: DatadogMonitor;

  constructor(scope: Construct, id: string, props: DatadogMonitorProps) {
    super(scope, id);
    Object.defineProperty(this, MONITOR_SYMBOL, { value: true });
    guardSingleCdktf(this);
    this.spec = props;
    const rendered = renderMonitor(props);
    this.body = rendered.body;
    this.problems = rendered.problems;
    this.facts = rendered.facts;
    // Terraform reads `${` and `%{` in any string as a template: the body's text is literal (cdktf tokens stay).
    this.resource = new Monitor(this, 'Resource', monitorConfigFromBody(escapeTerraformStrings(rendered.body)));
    const rail = safetyRailSpec(props);
    if (rail) this.safetyRail = new DatadogMonitor(this, 'SafetyRail', rail);
    this.node.addValidation({ validate: () => this.problems.map(formatProblem) });
  }

  /** The Datadog monitor ID (a Terraform reference). */
  public get monitorId(): string {
    return this.resource.id;
  }

  /** Same as `monitorId`. */
  public get id(): string {
    return this.resource.id;
  }

  public get monitorName(): string {
    return this.body.name;
  }
}

/** Every `DatadogMonitor` under a scope (itself included), in tree order. */
export function findMonitors(scope: IConstruct): DatadogMonitor[] {
  return scope.node.findAll().filter(DatadogMonitor.isDatadogMonitor);
}

/** The provider's config for a body: snake_case attributes to the generated class's camelCase props. */
export function monitorConfigFromBody(b: DatadogMonitorBody): MonitorConfig {
  const t = b.monitor_thresholds;
  const w = b.monitor_threshold_windows;
  const c: { -readonly [K in keyof MonitorConfig]: MonitorConfig[K] } = { name: b.name, type: b.type, query: b.query, message: b.message };
  if (b.priority !== undefined) c.priority = b.priority;
  if (b.tags !== undefined) c.tags = b.tags;
  if (t) {
    c.monitorThresholds = {
      ...(t.critical !== undefined ? { critical: t.critical } : {}),
      ...(t.critical_recovery !== undefined ? { criticalRecovery: t.critical_recovery } : {}),
      ...(t.warning !== undefined ? { warning: t.warning } : {}),
      ...(t.warning_recovery !== undefined ? { warningRecovery: t.warning_recovery } : {}),
      ...(t.ok !== undefined ? { ok: t.ok } : {}),
      ...(t.unknown !== undefined ? { unknown: t.unknown } : {}),
    };
  }
  if (w) {
    c.monitorThresholdWindows = {
      ...(w.trigger_window !== undefined ? { triggerWindow: w.trigger_window } : {}),
      ...(w.recovery_window !== undefined ? { recoveryWindow: w.recovery_window } : {}),
    };
  }
  if (b.notify_no_data !== undefined) c.notifyNoData = b.notify_no_data;
  if (b.no_data_timeframe !== undefined) c.noDataTimeframe = b.no_data_timeframe;
  if (b.renotify_interval !== undefined) c.renotifyInterval = b.renotify_interval;
  if (b.renotify_occurrences !== undefined) c.renotifyOccurrences = b.renotify_occurrences;
  if (b.renotify_statuses !== undefined) c.renotifyStatuses = b.renotify_statuses;
  if (b.escalation_message !== undefined) c.escalationMessage = b.escalation_message;
  if (b.require_full_window !== undefined) c.requireFullWindow = b.require_full_window;
  if (b.evaluation_delay !== undefined) c.evaluationDelay = b.evaluation_delay;
  if (b.new_group_delay !== undefined) c.newGroupDelay = b.new_group_delay;
  if (b.include_tags !== undefined) c.includeTags = b.include_tags;
  if (b.timeout_h !== undefined) c.timeoutH = b.timeout_h;
  if (b.notify_by !== undefined) c.notifyBy = b.notify_by;
  if (b.on_missing_data !== undefined) c.onMissingData = b.on_missing_data;
  if (b.restricted_roles !== undefined) c.restrictedRoles = b.restricted_roles;
  if (b.new_host_delay !== undefined) c.newHostDelay = b.new_host_delay;
  if (b.notify_audit !== undefined) c.notifyAudit = b.notify_audit;
  if (b.group_retention_duration !== undefined) c.groupRetentionDuration = b.group_retention_duration;
  if (b.enable_logs_sample !== undefined) c.enableLogsSample = b.enable_logs_sample;
  if (b.groupby_simple_monitor !== undefined) c.groupbySimpleMonitor = b.groupby_simple_monitor;
  if (b.enable_samples !== undefined) c.enableSamples = b.enable_samples;
  if (b.notification_preset_name !== undefined) c.notificationPresetName = b.notification_preset_name;
  if (b.draft_status !== undefined) c.draftStatus = b.draft_status;
  if (b.locked !== undefined) c.locked = b.locked;
  const so = b.scheduling_options;
  if (so) {
    c.schedulingOptions = {
      ...(so.evaluation_window
        ? { evaluationWindow: { dayStarts: so.evaluation_window.day_starts, hourStarts: so.evaluation_window.hour_starts, monthStarts: so.evaluation_window.month_starts } }
        : {}),
      ...(so.custom_schedule ? { customSchedule: { recurrence: { ...so.custom_schedule.recurrence } } } : {}),
    };
  }
  const v = b.variables;
  if (v) {
    c.variables = {
      ...(v.event_query
        ? {
          eventQuery: v.event_query.map((q) => ({
            name: q.name,
            dataSource: q.data_source,
            search: { query: q.search.query },
            indexes: q.indexes,
            compute: q.compute.map((x) => ({ aggregation: x.aggregation, interval: x.interval, metric: x.metric })),
            groupBy: q.group_by?.map((g) => ({ facet: g.facet, limit: g.limit, sort: g.sort ? { ...g.sort } : undefined })),
          })),
        }
        : {}),
      ...(v.cloud_cost_query ? { cloudCostQuery: v.cloud_cost_query.map((q) => ({ name: q.name, dataSource: q.data_source, query: q.query, aggregator: q.aggregator })) } : {}),
    };
  }
  if (b.lifecycle) c.lifecycle = { ignoreChanges: b.lifecycle.ignore_changes };
  return c;
}
