import type {
  AnomalyMonitorSpec,
  ApmMonitorSpec,
  ChangeMonitorSpec,
  ThresholdComparator,
  CompositeMonitorExpression,
  CompositeMonitorSpec,
  DatadogMonitorBody,
  EventMonitorSpec,
  ForecastMonitorSpec,
  LogMonitorSpec,
  MetricMonitorSpec,
  MonitorSpec,
  MonitorType,
  OutlierMonitorSpec,
  Problem,
  RawQueryMonitorSpec,
  ServiceCheckMonitorSpec,
} from './spec';
import {
  formatNumber,
  formatThreshold,
  formatScope,
  formatSeries,
  formatShortWindow,
  formatWindow,
  groupByKeysInText,
  isToken,
  queryWindowMinutes,
  scopeTagsInText,
  seriesGroupBy,
  seriesScope,
  trailingThreshold,
} from './query-text';
import { analyzeMessage } from '../message/template';
import { parseCompositeExpression, parseMonitorQuery, summarizeQuery } from '../query';
import type { QuerySummary } from '../query';

/** What the rules need to know about a monitor, beyond its body. */
export interface MonitorFacts {
  readonly kind: MonitorSpec['kind'];
  /** Group-by keys of the query: the tags a message may use as `{{key.name}}`. */
  readonly groupBy: readonly string[];
  /** Positive `key:value` scope filters of the query. */
  readonly scopeTags: readonly string[];
  /** Evaluation window in minutes, when the kind has one. */
  readonly windowMinutes?: number;
  readonly comparator?: ThresholdComparator | '==' | '!=';
  readonly critical?: number;
}

export interface RenderedMonitor {
  /** `datadog_monitor` attributes as synthesized (snake_case). */
  readonly body: DatadogMonitorBody;
  /** Every create-time rule violation; empty when Datadog would accept the monitor. */
  readonly problems: Problem[];
  readonly facts: MonitorFacts;
}

interface KindResult {
  type: MonitorType;
  query: string;
  comparator?: ThresholdComparator | '==' | '!=';
  critical?: number;
  thresholds: { critical?: number; warning?: number; critical_recovery?: number; warning_recovery?: number; ok?: number; unknown?: number };
  windows?: { trigger_window?: string; recovery_window?: string };
  windowMinutes?: number;
  groupBy: string[];
  scopeTags: string[];
}

/**
 * Render a spec to its `datadog_monitor` attributes and check every create-time rule Datadog enforces
 * (FACTS.md "Monitors"). Pure: no constructs, no I/O; values that are unresolved tokens are not checked.
 */
export function renderMonitor(spec: MonitorSpec): RenderedMonitor {
  const problems: Problem[] = [];
  const k = renderKind(spec, problems);
  // Facts of structured kinds are known from the spec; series text and raw queries are read by the parser.
  const needsSummary = spec.kind === 'query' || ('series' in spec && spec.series !== undefined);
  const summary = checkParses(spec, k, problems, needsSummary);
  if (summary) {
    k.groupBy = summary.groupBy;
    k.scopeTags = scopeTagList(summary.scopeTags);
  }
  checkCommon(spec, k, problems);

  const body: DatadogMonitorBody = { name: spec.name, type: k.type, query: k.query, message: spec.message };
  if (spec.priority !== undefined) body.priority = formatNumber(spec.priority);
  if (spec.tags !== undefined) body.tags = [...spec.tags];
  const th: NonNullable<DatadogMonitorBody['monitor_thresholds']> = {};
  for (const key of ['critical', 'critical_recovery', 'warning', 'warning_recovery', 'ok', 'unknown'] as const) {
    const v = k.thresholds[key];
    if (v !== undefined) th[key] = formatThreshold(v);
  }
  if (Object.keys(th).length > 0) body.monitor_thresholds = th;
  if (k.windows) body.monitor_threshold_windows = { ...k.windows };
  if (spec.notifyNoData !== undefined) body.notify_no_data = spec.notifyNoData;
  const noData = spec.noDataTimeframeMinutes ?? (spec.notifyNoData && k.windowMinutes !== undefined ? Math.max(2, 2 * k.windowMinutes) : undefined);
  if (noData !== undefined) body.no_data_timeframe = noData;
  if (spec.renotifyIntervalMinutes !== undefined) body.renotify_interval = spec.renotifyIntervalMinutes;
  if (spec.renotifyOccurrences !== undefined) body.renotify_occurrences = spec.renotifyOccurrences;
  if (spec.renotifyStatuses !== undefined) body.renotify_statuses = [...spec.renotifyStatuses];
  if (spec.escalationMessage !== undefined) body.escalation_message = spec.escalationMessage;
  if (spec.requireFullWindow !== undefined) body.require_full_window = spec.requireFullWindow;
  if (spec.evaluationDelaySeconds !== undefined) body.evaluation_delay = spec.evaluationDelaySeconds;
  if (spec.newGroupDelaySeconds !== undefined) body.new_group_delay = spec.newGroupDelaySeconds;
  if (spec.includeTags !== undefined) body.include_tags = spec.includeTags;
  if (spec.timeoutHours !== undefined) body.timeout_h = spec.timeoutHours;
  if (spec.notifyBy !== undefined) body.notify_by = [...spec.notifyBy];
  if (spec.onMissingData !== undefined) body.on_missing_data = spec.onMissingData;
  renderMoreOptions(spec, body);
  checkMoreOptions(spec, body, problems);

  const facts: MonitorFacts = {
    kind: spec.kind,
    groupBy: k.groupBy,
    scopeTags: k.scopeTags,
    ...(k.windowMinutes !== undefined ? { windowMinutes: k.windowMinutes } : {}),
    ...(k.comparator !== undefined ? { comparator: k.comparator } : {}),
    ...(k.critical !== undefined ? { critical: k.critical } : {}),
  };
  return { body, problems, facts };
}

/** The options beyond thresholds and notifications, in `datadog_monitor`'s terms. */
function renderMoreOptions(spec: MonitorSpec, body: DatadogMonitorBody): void {
  if (spec.restrictedRoles !== undefined) body.restricted_roles = [...spec.restrictedRoles];
  if (spec.newHostDelaySeconds !== undefined) body.new_host_delay = spec.newHostDelaySeconds;
  if (spec.notifyAudit !== undefined) body.notify_audit = spec.notifyAudit;
  if (spec.groupRetentionDuration !== undefined) body.group_retention_duration = spec.groupRetentionDuration;
  if (spec.enableLogsSample !== undefined) body.enable_logs_sample = spec.enableLogsSample;
  if (spec.groupbySimpleMonitor !== undefined) body.groupby_simple_monitor = spec.groupbySimpleMonitor;
  if (spec.enableSamples !== undefined) body.enable_samples = spec.enableSamples;
  if (spec.notificationPresetName !== undefined) body.notification_preset_name = spec.notificationPresetName;
  if (spec.draftStatus !== undefined) body.draft_status = spec.draftStatus;
  const so = spec.schedulingOptions;
  if (so && (so.evaluationWindow || so.customSchedule)) {
    const out: NonNullable<DatadogMonitorBody['scheduling_options']> = {};
    const ew = so.evaluationWindow;
    if (ew) {
      out.evaluation_window = {
        ...(ew.dayStarts !== undefined ? { day_starts: ew.dayStarts } : {}),
        ...(ew.hourStarts !== undefined ? { hour_starts: ew.hourStarts } : {}),
        ...(ew.monthStarts !== undefined ? { month_starts: ew.monthStarts } : {}),
      };
    }
    const cs = so.customSchedule;
    if (cs) out.custom_schedule = { recurrence: { rrule: cs.rrule, timezone: cs.timezone, ...(cs.start !== undefined ? { start: cs.start } : {}) } };
    body.scheduling_options = out;
  }
  const v = spec.variables;
  if (v && ((v.eventQueries?.length ?? 0) > 0 || (v.cloudCostQueries?.length ?? 0) > 0)) {
    const out: NonNullable<DatadogMonitorBody['variables']> = {};
    if (v.eventQueries && v.eventQueries.length > 0) {
      out.event_query = v.eventQueries.map((q) => ({
        name: q.name,
        data_source: q.dataSource,
        search: { query: q.search },
        ...(q.indexes !== undefined ? { indexes: [...q.indexes] } : {}),
        compute: [{
          aggregation: q.compute.aggregation,
          ...(q.compute.intervalMs !== undefined ? { interval: q.compute.intervalMs } : {}),
          ...(q.compute.metric !== undefined ? { metric: q.compute.metric } : {}),
        }],
        ...(q.groupBy !== undefined
          ? {
            group_by: q.groupBy.map((g) => ({
              facet: g.facet,
              ...(g.limit !== undefined ? { limit: g.limit } : {}),
              ...(g.sort !== undefined
                ? { sort: { aggregation: g.sort.aggregation, ...(g.sort.order !== undefined ? { order: g.sort.order } : {}), ...(g.sort.metric !== undefined ? { metric: g.sort.metric } : {}) } }
                : {}),
            })),
          }
          : {}),
      }));
    }
    if (v.cloudCostQueries && v.cloudCostQueries.length > 0) {
      out.cloud_cost_query = v.cloudCostQueries.map((q) => ({ name: q.name, data_source: q.dataSource, query: q.query, aggregator: q.aggregator }));
    }
    body.variables = out;
  }
  if (spec.locked !== undefined) body.locked = spec.locked;
  if (spec.ignoreChanges !== undefined && spec.ignoreChanges.length > 0) body.lifecycle = { ignore_changes: [...spec.ignoreChanges] };
}

const NOTIFICATION_PRESETS = ['show_all', 'hide_query', 'hide_handles', 'hide_all'];
const DRAFT_STATUSES = ['draft', 'published'];
/** Attributes `lifecycle.ignore_changes` may name: the resource's arguments. */
const IGNORABLE = [
  'name', 'type', 'query', 'message', 'priority', 'tags', 'monitor_thresholds', 'monitor_threshold_windows', 'notify_no_data', 'no_data_timeframe',
  'renotify_interval', 'renotify_occurrences', 'renotify_statuses', 'escalation_message', 'require_full_window', 'evaluation_delay',
  'new_group_delay', 'new_host_delay', 'include_tags', 'timeout_h', 'notify_by', 'on_missing_data', 'restricted_roles', 'notify_audit',
  'group_retention_duration', 'enable_logs_sample', 'groupby_simple_monitor', 'enable_samples', 'notification_preset_name', 'draft_status',
  'scheduling_options', 'variables', 'locked',
];

/** What the provider refuses at plan (ConflictsWith, enums) or silently drops (type-specific options). */
function checkMoreOptions(spec: MonitorSpec, body: DatadogMonitorBody, problems: Problem[]): void {
  if (spec.onMissingData !== undefined && (spec.notifyNoData !== undefined || body.no_data_timeframe !== undefined)) {
    problems.push({ field: 'onMissingData', value: spec.onMissingData, message: 'on_missing_data cannot be combined with notify_no_data or no_data_timeframe (the provider refuses both); keep one' });
  }
  if (spec.enableLogsSample !== undefined && body.type !== 'log alert') {
    problems.push({ field: 'enableLogsSample', value: spec.enableLogsSample, message: `only log monitors take enable_logs_sample; the provider never sends it for '${body.type}'` });
  }
  if (spec.groupbySimpleMonitor !== undefined && body.type !== 'log alert') {
    problems.push({ field: 'groupbySimpleMonitor', value: spec.groupbySimpleMonitor, message: `only log monitors take groupby_simple_monitor; the provider never sends it for '${body.type}'` });
  }
  if (spec.enableSamples !== undefined && body.type !== 'ci-pipelines alert' && body.type !== 'ci-tests alert') {
    problems.push({ field: 'enableSamples', value: spec.enableSamples, message: `only CI pipeline and test monitors take enable_samples; the provider never sends it for '${body.type}'` });
  }
  if (spec.notificationPresetName !== undefined && !NOTIFICATION_PRESETS.includes(spec.notificationPresetName)) {
    problems.push({ field: 'notificationPresetName', value: spec.notificationPresetName, message: `allowed: ${NOTIFICATION_PRESETS.join(', ')}` });
  }
  if (spec.draftStatus !== undefined && !DRAFT_STATUSES.includes(spec.draftStatus)) {
    problems.push({ field: 'draftStatus', value: spec.draftStatus, message: `allowed: ${DRAFT_STATUSES.join(', ')}` });
  }
  if (spec.locked !== undefined && spec.restrictedRoles !== undefined) {
    problems.push({ field: 'locked', value: spec.locked, message: 'locked (deprecated) cannot be combined with restricted_roles; keep restrictedRoles' });
  }
  for (const s of spec.renotifyStatuses ?? []) {
    if (!['alert', 'warn', 'no data'].includes(s)) problems.push({ field: 'renotifyStatuses', value: s, message: "allowed: 'alert', 'warn', 'no data'" });
  }
  const ew = spec.schedulingOptions?.evaluationWindow;
  if (ew) {
    if (ew.hourStarts !== undefined && (ew.dayStarts !== undefined || ew.monthStarts !== undefined)) {
      problems.push({ field: 'schedulingOptions.evaluationWindow', value: ew, message: 'hourStarts stands alone; dayStarts and monthStarts go together' });
    }
    if (ew.hourStarts !== undefined && !(Number.isInteger(ew.hourStarts) && ew.hourStarts >= 0 && ew.hourStarts <= 59)) {
      problems.push({ field: 'schedulingOptions.evaluationWindow.hourStarts', value: ew.hourStarts, message: 'a minute of the hour, 0 to 59' });
    }
    if (ew.dayStarts !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(ew.dayStarts)) {
      problems.push({ field: 'schedulingOptions.evaluationWindow.dayStarts', value: ew.dayStarts, message: 'a UTC time of day, HH:mm' });
    }
  }
  for (const a of spec.ignoreChanges ?? []) {
    if (!IGNORABLE.includes(a)) problems.push({ field: 'ignoreChanges', value: a, message: `not an argument of datadog_monitor; allowed: ${IGNORABLE.join(', ')}` });
  }
  if (spec.newHostDelaySeconds !== undefined && !isToken(spec.newHostDelaySeconds) && !(Number.isInteger(spec.newHostDelaySeconds) && spec.newHostDelaySeconds >= 0)) {
    problems.push({ field: 'newHostDelaySeconds', value: spec.newHostDelaySeconds, message: 'must be a whole number, 0 or more' });
  }
}

/** The monitors a spec stands for: itself, and an anomaly's safety rail when it has one. */
export function expandSpec(spec: MonitorSpec): MonitorSpec[] {
  const rail = safetyRailSpec(spec);
  return rail ? [spec, rail] : [spec];
}

/** The companion threshold monitor of an anomaly spec with `safetyRail`, named `<name> (safety rail)`. */
export function safetyRailSpec(spec: MonitorSpec): MetricMonitorSpec | undefined {
  if (spec.kind !== 'anomaly' || !spec.safetyRail) return undefined;
  const r = spec.safetyRail;
  return {
    kind: 'metric',
    name: `${spec.name} (safety rail)`,
    message: spec.message,
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    ...(spec.metric !== undefined ? { metric: spec.metric } : {}),
    ...(spec.series !== undefined ? { series: spec.series } : {}),
    ...(spec.scope ? { scope: spec.scope } : {}),
    ...(spec.groupBy ? { groupBy: spec.groupBy } : {}),
    ...(spec.spaceAggregation ? { spaceAggregation: spec.spaceAggregation } : {}),
    ...(spec.modifier ? { modifier: spec.modifier } : {}),
    ...(spec.evaluationDelaySeconds !== undefined ? { evaluationDelaySeconds: spec.evaluationDelaySeconds } : {}),
    comparator: r.comparator,
    critical: r.critical,
    ...(r.warning !== undefined ? { warning: r.warning } : {}),
    ...(r.windowMinutes !== undefined ? { windowMinutes: r.windowMinutes } : {}),
    ...(r.timeAggregation ? { timeAggregation: r.timeAggregation } : {}),
  };
}

function renderKind(spec: MonitorSpec, problems: Problem[]): KindResult {
  switch (spec.kind) {
    case 'metric': return metric(spec, problems);
    case 'change': return change(spec, problems);
    case 'anomaly': return anomaly(spec, problems);
    case 'forecast': return forecast(spec, problems);
    case 'outlier': return outlier(spec, problems);
    case 'service-check': return serviceCheck(spec, problems);
    case 'log': return search(spec, 'log alert', `logs(${quote(spec.search)}).index(${quote((spec.indexes ?? ['*']).join(','))})`, problems);
    case 'event': return search(spec, 'event-v2 alert', `events(${quote(spec.search)})`, problems);
    case 'apm': return apm(spec, problems);
    case 'composite': return composite(spec, problems);
    case 'query': return raw(spec, problems);
    default: {
      const kind = (spec as { kind: unknown }).kind;
      problems.push({ field: 'kind', value: kind, message: 'unknown monitor kind; allowed: metric, change, anomaly, forecast, outlier, service-check, log, event, apm, composite, query' });
      return { type: 'query alert', query: '', thresholds: {}, groupBy: [], scopeTags: [] };
    }
  }
}

/**
 * Every query houndstack emits must parse (the parser is the `query` module's); a raw query that does not is reported with
 * the column. Returns the summary, for facts, when the query is known and parses.
 */
function checkParses(spec: MonitorSpec, k: KindResult, problems: Problem[], summarize: boolean): QuerySummary | undefined {
  if (k.query === '') return undefined;
  const tokens = isToken(k.query);
  // A query that is one reference as a whole is known only at apply; one with references inside parses with
  // placeholders (the parser checks everything around them).
  if (tokens && /^\$\{[^}]*\}$/.test(k.query.trim())) return undefined;
  if (spec.kind === 'composite' && tokens) {
    const r = parseCompositeExpression(k.query, { allowPlaceholders: true });
    if (!r.ok) problems.push({ field: 'expression', value: k.query, message: `col ${r.error.column}: ${r.error.message}` });
    return undefined;
  }
  const r = parseMonitorQuery(k.query, { allowPlaceholders: tokens });
  if (!r.ok) {
    // A structured kind that already has problems usually fails to parse because of them: report those only.
    if (spec.kind !== 'query' && problems.length > 0) return undefined;
    const field = spec.kind === 'query' ? 'query' : 'series' in spec && spec.series !== undefined ? 'series' : 'query';
    problems.push({ field, value: k.query, message: `the query does not parse: col ${r.error.column}: ${r.error.message}` });
    return undefined;
  }
  return summarize ? summarizeQuery(r.query) : undefined;
}

/** `{ env: ['prod'], team: [] }` → `['env:prod', 'team']`. */
function scopeTagList(tags: Record<string, string[]>): string[] {
  return Object.entries(tags).flatMap(([key, values]) => (values.length > 0 ? values.map((v) => `${key}:${v}`) : [key]));
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function checkSeries(spec: { metric?: string; series?: string }, problems: Problem[]): void {
  if ((spec.metric === undefined) === (spec.series === undefined)) {
    problems.push({ field: 'metric', value: spec.metric ?? spec.series, message: 'give exactly one of `metric` and `series`' });
  } else if (spec.metric !== undefined && !isToken(spec.metric) && !/^[A-Za-z][A-Za-z0-9_.]*$/.test(spec.metric)) {
    problems.push({ field: 'metric', value: spec.metric, message: 'a metric name starts with a letter and has only letters, digits, `_` and `.`' });
  }
}

function checkWindow(field: string, minutes: number | undefined, problems: Problem[], max = 10080): void {
  if (minutes === undefined || isToken(minutes)) return;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > max) {
    problems.push({ field, value: minutes, message: `a window is a whole number of minutes from 1 to ${max}` });
  }
}

const above = (c: string | undefined) => c === '>' || c === '>=';
const below = (c: string | undefined) => c === '<' || c === '<=';

/** Warning, critical and recovery thresholds ordered by the comparator (FACTS.md). */
function checkOrdering(
  comparator: string | undefined,
  t: { critical?: number; warning?: number; criticalRecovery?: number; warningRecovery?: number },
  problems: Problem[],
): void {
  const { critical, warning, criticalRecovery, warningRecovery } = t;
  if (warning !== undefined && critical === undefined) {
    problems.push({ field: 'warning', value: warning, message: 'a warning threshold needs a critical threshold' });
  }
  if (!above(comparator) && !below(comparator)) return;
  const up = above(comparator);
  const side = up ? 'below' : 'above';
  const ok = (a: number, b: number) => (up ? a < b : a > b);
  const known = (...v: (number | undefined)[]) => v.every((x) => x !== undefined && !isToken(x));
  if (known(warning, critical) && !ok(warning!, critical!)) {
    problems.push({ field: 'warning', value: warning, message: `with comparator ${comparator} the warning threshold must be ${side} critical (${critical})` });
  }
  if (known(criticalRecovery, critical) && !ok(criticalRecovery!, critical!)) {
    problems.push({ field: 'criticalRecovery', value: criticalRecovery, message: `with comparator ${comparator} the critical recovery threshold must be ${side} critical (${critical})` });
  }
  if (warningRecovery !== undefined && warning === undefined) {
    problems.push({ field: 'warningRecovery', value: warningRecovery, message: 'a warning recovery threshold needs a warning threshold' });
  }
  if (known(warningRecovery, warning) && !ok(warningRecovery!, warning!)) {
    problems.push({ field: 'warningRecovery', value: warningRecovery, message: `with comparator ${comparator} the warning recovery threshold must be ${side} warning (${warning})` });
  }
}

function thresholdsOf(spec: MonitorSpec, critical: number | undefined): KindResult['thresholds'] {
  return {
    ...(critical !== undefined ? { critical } : {}),
    ...(spec.warning !== undefined ? { warning: spec.warning } : {}),
    ...(spec.criticalRecovery !== undefined ? { critical_recovery: spec.criticalRecovery } : {}),
    ...(spec.warningRecovery !== undefined ? { warning_recovery: spec.warningRecovery } : {}),
  };
}

function checkNumber(field: string, value: unknown, problems: Problem[]): value is number {
  if (value === undefined || isToken(value)) return false;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field, value, message: 'must be a finite number' });
    return false;
  }
  return true;
}

function metric(spec: MetricMonitorSpec, problems: Problem[]): KindResult {
  checkSeries(spec, problems);
  const window = spec.windowMinutes ?? 5;
  checkWindow('windowMinutes', window, problems);
  checkNumber('critical', spec.critical, problems);
  checkOrdering(spec.comparator, spec, problems);
  return {
    type: 'query alert',
    query: `${spec.timeAggregation ?? 'avg'}(${formatWindow(window)}):${formatSeries(spec)} ${spec.comparator} ${formatNumber(spec.critical)}`,
    comparator: spec.comparator,
    critical: spec.critical,
    thresholds: thresholdsOf(spec, spec.critical),
    windowMinutes: window,
    groupBy: seriesGroupBy(spec),
    scopeTags: seriesScope(spec),
  };
}

function change(spec: ChangeMonitorSpec, problems: Problem[]): KindResult {
  checkSeries(spec, problems);
  const window = spec.windowMinutes ?? 5;
  const ago = spec.comparedToMinutesAgo ?? 60;
  checkWindow('windowMinutes', window, problems);
  checkWindow('comparedToMinutesAgo', ago, problems);
  checkNumber('critical', spec.critical, problems);
  checkOrdering(spec.comparator, spec, problems);
  return {
    type: 'query alert',
    query: `${spec.changeType ?? 'change'}(${spec.timeAggregation ?? 'avg'}(${formatWindow(window)}),${formatWindow(ago)}):${formatSeries(spec)} ${spec.comparator} ${formatNumber(spec.critical)}`,
    comparator: spec.comparator,
    critical: spec.critical,
    thresholds: thresholdsOf(spec, spec.critical),
    windowMinutes: window,
    groupBy: seriesGroupBy(spec),
    scopeTags: seriesScope(spec),
  };
}

function fraction(field: string, value: number | undefined, problems: Problem[]): void {
  if (value === undefined || isToken(value)) return;
  if (!(value >= 0 && value <= 1)) {
    problems.push({ field, value, message: 'anomaly thresholds are fractions of the alert window, from 0 to 1' });
  }
}

function anomaly(spec: AnomalyMonitorSpec, problems: Problem[]): KindResult {
  checkSeries(spec, problems);
  const alertWindow = spec.alertWindowMinutes ?? 15;
  const recoveryWindow = spec.recoveryWindowMinutes ?? alertWindow;
  const queryWindow = spec.queryWindowMinutes ?? Math.max(240, alertWindow);
  const deviations = spec.deviations ?? 2;
  const interval = spec.intervalSeconds ?? 60;
  const critical = spec.critical ?? 1;
  checkWindow('alertWindowMinutes', alertWindow, problems);
  checkWindow('recoveryWindowMinutes', recoveryWindow, problems);
  checkWindow('queryWindowMinutes', queryWindow, problems);
  if (!isToken(queryWindow) && !isToken(alertWindow) && queryWindow < alertWindow) {
    problems.push({ field: 'queryWindowMinutes', value: queryWindow, message: `the query window must be at least the alert window (${alertWindow} minutes)` });
  }
  if (!['basic', 'agile', 'robust'].includes(spec.algorithm)) {
    problems.push({ field: 'algorithm', value: spec.algorithm, message: "allowed: 'basic', 'agile', 'robust'" });
  }
  if (spec.algorithm === 'basic' && spec.seasonality !== undefined) {
    problems.push({ field: 'seasonality', value: spec.seasonality, message: "the 'basic' algorithm takes no seasonality; use 'agile' or 'robust'" });
  }
  if (!isToken(deviations) && !(deviations > 0 && deviations <= 6)) {
    problems.push({ field: 'deviations', value: deviations, message: 'deviations must be above 0 and at most 6' });
  }
  if (!isToken(interval) && !(Number.isInteger(interval) && interval > 0)) {
    problems.push({ field: 'intervalSeconds', value: interval, message: 'the rollup interval is a positive whole number of seconds' });
  } else if (!isToken(interval) && !isToken(alertWindow) && interval > alertWindow * 60) {
    problems.push({ field: 'intervalSeconds', value: interval, message: `the rollup interval must fit in the alert window (${alertWindow * 60} s)` });
  }
  fraction('critical', critical, problems);
  fraction('warning', spec.warning, problems);
  fraction('criticalRecovery', spec.criticalRecovery, problems);
  fraction('warningRecovery', spec.warningRecovery, problems);
  checkOrdering('>=', { ...spec, critical }, problems);
  const args = [
    formatSeries(spec),
    `'${spec.algorithm}'`,
    formatNumber(deviations),
    `direction='${spec.direction ?? 'both'}'`,
    `alert_window='${formatWindow(alertWindow)}'`,
    `interval=${formatNumber(interval)}`,
    ...(spec.countDefaultZero !== undefined ? [`count_default_zero='${spec.countDefaultZero}'`] : []),
    ...(spec.seasonality !== undefined ? [`seasonality='${spec.seasonality}'`] : []),
  ];
  return {
    type: 'query alert',
    query: `avg(${formatWindow(queryWindow)}):anomalies(${args.join(', ')}) >= ${formatNumber(critical)}`,
    comparator: '>=',
    critical,
    thresholds: thresholdsOf(spec, critical),
    windows: { trigger_window: formatWindow(alertWindow), recovery_window: formatWindow(recoveryWindow) },
    windowMinutes: alertWindow,
    groupBy: seriesGroupBy(spec),
    scopeTags: seriesScope(spec),
  };
}

function forecast(spec: ForecastMonitorSpec, problems: Problem[]): KindResult {
  checkSeries(spec, problems);
  const comparator = spec.comparator ?? '>=';
  const deviations = spec.deviations ?? 1;
  if (spec.algorithm === 'seasonal' && (spec.model !== undefined || spec.history !== undefined)) {
    problems.push({ field: spec.model !== undefined ? 'model' : 'history', value: spec.model ?? spec.history, message: "`model` and `history` belong to the 'linear' algorithm" });
  }
  if (spec.algorithm === 'linear' && spec.seasonality !== undefined) {
    problems.push({ field: 'seasonality', value: spec.seasonality, message: "`seasonality` belongs to the 'seasonal' algorithm" });
  }
  if (!isToken(deviations) && !(deviations > 0 && deviations <= 6)) {
    problems.push({ field: 'deviations', value: deviations, message: 'deviations must be above 0 and at most 6' });
  }
  checkNumber('critical', spec.critical, problems);
  checkOrdering(comparator, spec, problems);
  const args = [
    formatSeries(spec),
    `'${spec.algorithm}'`,
    formatNumber(deviations),
    ...(spec.intervalMinutes !== undefined ? [`interval='${formatShortWindow(spec.intervalMinutes)}'`] : []),
    ...(spec.history !== undefined ? [`history='${spec.history}'`] : []),
    ...(spec.model !== undefined ? [`model='${spec.model}'`] : []),
    ...(spec.seasonality !== undefined ? [`seasonality='${spec.seasonality}'`] : []),
  ];
  return {
    type: 'query alert',
    query: `${spec.timeAggregation ?? 'max'}(${spec.horizon ?? 'next_1w'}):forecast(${args.join(', ')}) ${comparator} ${formatNumber(spec.critical)}`,
    comparator,
    critical: spec.critical,
    thresholds: thresholdsOf(spec, spec.critical),
    groupBy: seriesGroupBy(spec),
    scopeTags: seriesScope(spec),
  };
}

function outlier(spec: OutlierMonitorSpec, problems: Problem[]): KindResult {
  checkSeries(spec, problems);
  const window = spec.windowMinutes ?? 30;
  checkWindow('windowMinutes', window, problems);
  const groupBy = seriesGroupBy(spec);
  if (groupBy.length === 0) {
    problems.push({ field: 'groupBy', value: spec.groupBy ?? [], message: 'an outlier monitor compares groups: give at least one group-by key' });
  }
  const mad = spec.algorithm === 'mad' || spec.algorithm === 'scaledMAD';
  if (spec.percent !== undefined && !mad) {
    problems.push({ field: 'percent', value: spec.percent, message: "`percent` belongs to the 'mad' and 'scaledMAD' algorithms" });
  }
  const tolerance = spec.tolerance ?? 3;
  const args = [formatSeries(spec), `'${spec.algorithm}'`, formatNumber(tolerance), ...(spec.percent !== undefined ? [formatNumber(spec.percent)] : [])];
  if (spec.warning !== undefined) {
    problems.push({ field: 'warning', value: spec.warning, message: 'an outlier monitor has only its critical threshold (0)' });
  }
  return {
    type: 'query alert',
    query: `avg(${formatWindow(window)}):outliers(${args.join(', ')}) > 0`,
    comparator: '>',
    critical: 0,
    thresholds: { critical: 0 },
    windowMinutes: window,
    groupBy,
    scopeTags: seriesScope(spec),
  };
}

function serviceCheck(spec: ServiceCheckMonitorSpec, problems: Problem[]): KindResult {
  const last = spec.lastCount ?? 3;
  const critical = spec.critical ?? 2;
  const ok = spec.ok ?? 1;
  const counts: [string, number | undefined][] = [
    ['critical', critical], ['warning', spec.warning], ['ok', ok], ['unknown', spec.unknown],
  ];
  if (!isToken(last) && !(Number.isInteger(last) && last >= 1 && last <= 100)) {
    problems.push({ field: 'lastCount', value: last, message: 'last(N) takes a whole number N from 1 to 100' });
  }
  for (const [field, v] of counts) {
    if (v === undefined || isToken(v)) continue;
    if (!(Number.isInteger(v) && v >= 1)) {
      problems.push({ field, value: v, message: 'service check thresholds are whole numbers of check runs, at least 1' });
    } else if (!isToken(last) && v > last) {
      problems.push({ field, value: v, message: `a service check threshold cannot exceed last(N) = ${last}; raise lastCount or lower the threshold` });
    }
  }
  for (const [field, v] of [['criticalRecovery', spec.criticalRecovery], ['warningRecovery', spec.warningRecovery]] as const) {
    if (v !== undefined) problems.push({ field, value: v, message: 'service checks recover by the `ok` threshold; recovery thresholds are not allowed' });
  }
  if (!spec.check) problems.push({ field: 'check', value: spec.check, message: 'name the service check, e.g. `http.can_connect`' });
  const over = spec.over && spec.over.length > 0 ? spec.over : ['*'];
  const parts = [
    quote(spec.check),
    `.over(${over.map(quote).join(',')})`,
    ...(spec.exclude && spec.exclude.length > 0 ? [`.exclude(${spec.exclude.map(quote).join(',')})`] : []),
    ...(spec.groupBy && spec.groupBy.length > 0 ? [`.by(${spec.groupBy.map(quote).join(',')})`] : []),
    `.last(${formatNumber(last)}).count_by_status()`,
  ];
  return {
    type: 'service check',
    query: parts.join(''),
    critical,
    thresholds: {
      critical,
      ...(spec.warning !== undefined ? { warning: spec.warning } : {}),
      ok,
      ...(spec.unknown !== undefined ? { unknown: spec.unknown } : {}),
    },
    groupBy: [...(spec.groupBy ?? [])],
    scopeTags: over.filter((t) => t !== '*' && t.includes(':')),
  };
}

function search(spec: LogMonitorSpec | EventMonitorSpec, type: MonitorType, source: string, problems: Problem[]): KindResult {
  const window = spec.windowMinutes ?? 5;
  checkWindow('windowMinutes', window, problems, 2880);
  const comparator = spec.comparator ?? '>';
  const rollup = spec.rollup ?? 'count';
  if (rollup !== 'count' && !spec.measure) {
    problems.push({ field: 'measure', value: spec.measure, message: `rollup '${rollup}' needs a measure or facet, e.g. '@duration'` });
  }
  if (rollup === 'count' && spec.measure) {
    problems.push({ field: 'measure', value: spec.measure, message: "rollup 'count' takes no measure" });
  }
  checkNumber('critical', spec.critical, problems);
  checkOrdering(comparator, spec, problems);
  const rollupArgs = spec.measure ? `${quote(rollup)}, ${quote(spec.measure)}` : quote(rollup);
  const by = spec.groupBy && spec.groupBy.length > 0 ? `.by(${quote(spec.groupBy.join(','))})` : '';
  return {
    type,
    query: `${source}.rollup(${rollupArgs})${by}.last(${quote(formatShortWindow(window))}) ${comparator} ${formatNumber(spec.critical)}`,
    comparator,
    critical: spec.critical,
    thresholds: thresholdsOf(spec, spec.critical),
    windowMinutes: window,
    groupBy: [...(spec.groupBy ?? [])],
    scopeTags: spec.search.split(/\s+/).filter((t) => /^[a-z_][\w.-]*:[^*\s]+$/i.test(t) && !t.startsWith('@')),
  };
}

function apm(spec: ApmMonitorSpec, problems: Problem[]): KindResult {
  const window = spec.windowMinutes ?? 5;
  checkWindow('windowMinutes', window, problems);
  checkNumber('critical', spec.critical, problems);
  const op = spec.operation ?? 'http.request';
  const scope = formatScope([`env:${spec.env}`, `service:${spec.service}`, ...(spec.scope ?? [])]);
  const by = spec.groupBy && spec.groupBy.length > 0 ? ` by {${spec.groupBy.join(',')}}` : '';
  let query: string;
  if (spec.signal === 'latency') {
    // percentile(window) takes the percentile of every request in the window (what Datadog's APM monitors do);
    // avg(window) would average per-interval percentiles and hide short spikes.
    query = `percentile(${formatWindow(window)}):${spec.percentile ?? 'p95'}:trace.${op}${scope}${by} > ${formatNumber(spec.critical)}`;
  } else {
    fraction('critical', spec.critical, problems);
    fraction('warning', spec.warning, problems);
    query = `sum(${formatWindow(window)}):( sum:trace.${op}.errors${scope}${by}.as_count() / sum:trace.${op}.hits${scope}${by}.as_count() ) > ${formatNumber(spec.critical)}`;
  }
  if (spec.signal !== 'latency' && spec.signal !== 'error-rate') {
    problems.push({ field: 'signal', value: spec.signal, message: "allowed: 'latency', 'error-rate'" });
  }
  checkOrdering('>', spec, problems);
  return {
    type: 'query alert',
    query,
    comparator: '>',
    critical: spec.critical,
    thresholds: thresholdsOf(spec, spec.critical),
    windowMinutes: window,
    groupBy: [...(spec.groupBy ?? [])],
    scopeTags: [`env:${spec.env}`, `service:${spec.service}`, ...(spec.scope ?? []).filter((t) => !t.startsWith('!') && t.includes(':'))],
  };
}

/** `a && (b || !c)`: operands of a different operator are parenthesised. */
export function formatCompositeExpression(e: CompositeMonitorExpression, parentOp?: string): string {
  if ('monitorId' in e) return e.monitorId;
  if (e.op === '!') {
    const inner = formatCompositeExpression(e.operand, '!');
    return `!${inner}`;
  }
  const text = e.operands.map((o) => formatCompositeExpression(o, e.op)).join(` ${e.op} `);
  return parentOp !== undefined ? `(${text})` : text;
}

function countRefs(e: CompositeMonitorExpression): number {
  if ('monitorId' in e) return 1;
  if (e.op === '!') return countRefs(e.operand);
  return e.operands.reduce((n, o) => n + countRefs(o), 0);
}

function composite(spec: CompositeMonitorSpec, problems: Problem[]): KindResult {
  const walk = (e: CompositeMonitorExpression): void => {
    if ('monitorId' in e) {
      if (!isToken(e.monitorId) && !/^\d+$/.test(String(e.monitorId))) {
        problems.push({ field: 'expression', value: e.monitorId, message: 'a composite refers to monitors by numeric ID; pass the monitor objects' });
      }
      return;
    }
    if (e.op === '!') return walk(e.operand);
    if (e.operands.length < 2) {
      problems.push({ field: 'expression', value: e.operands.length, message: `'${e.op}' needs at least two operands` });
    }
    e.operands.forEach(walk);
  };
  walk(spec.expression);
  if (countRefs(spec.expression) < 2) {
    problems.push({ field: 'expression', value: countRefs(spec.expression), message: 'a composite monitor combines at least two monitors' });
  }
  for (const field of ['warning', 'criticalRecovery', 'warningRecovery'] as const) {
    if (spec[field] !== undefined) problems.push({ field, value: spec[field], message: 'a composite monitor has no thresholds; it follows the states of its monitors' });
  }
  return { type: 'composite', query: formatCompositeExpression(spec.expression), thresholds: {}, groupBy: [], scopeTags: [] };
}

function raw(spec: RawQueryMonitorSpec, problems: Problem[]): KindResult {
  const known = !isToken(spec.query);
  const parsed = known ? parseMonitorQuery(spec.query) : undefined;
  const summary = parsed && parsed.ok ? summarizeQuery(parsed.query) : undefined;
  // A query that does not parse is reported by checkParses; fall back to reading its tail.
  const tail = summary
    ? (summary.comparator !== undefined && summary.threshold !== undefined ? { comparator: summary.comparator, threshold: summary.threshold } : undefined)
    : known ? trailingThreshold(spec.query) : undefined;
  let critical = spec.critical;
  if (tail && spec.type !== 'service check' && spec.type !== 'composite') {
    if (critical === undefined) {
      if (spec.criticalFromQuery !== false) critical = tail.threshold;
    }
    else if (!isToken(critical) && critical !== tail.threshold) {
      problems.push({ field: 'critical', value: critical, message: `the critical threshold must equal the query's threshold (${tail.threshold}); omit it to fill it from the query` });
    }
  }
  if (spec.type === 'service check') {
    const n = summary?.lastN;
    if (summary && summary.kind !== 'service_check') {
      problems.push({ field: 'query', value: spec.query, message: 'a service check monitor needs a service check query: "check".over(…).last(N).count_by_status()' });
    }
    if (n !== undefined) {
      if (n < 1 || n > 100) problems.push({ field: 'query', value: spec.query, message: `last(${n}): N must be from 1 to 100` });
      for (const [field, v] of [['critical', critical], ['warning', spec.warning], ['ok', spec.ok], ['unknown', spec.unknown]] as const) {
        if (v !== undefined && !isToken(v) && v > n) problems.push({ field, value: v, message: `a service check threshold cannot exceed last(N) = ${n}` });
      }
    }
  } else if (spec.type !== 'composite' && known && parsed?.ok && !tail) {
    problems.push({ field: 'query', value: spec.query, message: 'the query must end with a comparator and a number, e.g. `> 90`' });
  }
  checkOrdering(tail?.comparator, { ...spec, critical }, problems);
  // An anomaly query needs threshold windows whose trigger window is its alert window: derived, as for kind 'anomaly'.
  const alertWindow = summary?.anomaly?.alertWindow;
  if (summary?.anomaly) {
    fraction('critical', critical, problems);
    fraction('warning', spec.warning, problems);
    // Datadog accepts anomaly queries without alert_window (the older form, still in live fleets): no trigger window then.
  }
  const windowMinutes = spec.windowMinutes
    ?? (summary?.anomaly?.alertWindowSeconds !== undefined ? summary.anomaly.alertWindowSeconds / 60 : undefined)
    ?? (summary?.evaluationWindowSeconds !== undefined ? summary.evaluationWindowSeconds / 60 : known ? queryWindowMinutes(spec.query) : undefined);
  return {
    type: spec.type,
    query: spec.query,
    ...(spec.triggerWindow !== undefined || spec.recoveryWindow !== undefined
      ? { windows: { ...(spec.triggerWindow !== undefined ? { trigger_window: spec.triggerWindow } : {}), ...(spec.recoveryWindow !== undefined ? { recovery_window: spec.recoveryWindow } : {}) } }
      : alertWindow ? { windows: { trigger_window: alertWindow, recovery_window: alertWindow } } : {}),
    ...(tail ? { comparator: tail.comparator } : {}),
    ...(critical !== undefined ? { critical } : {}),
    thresholds: {
      ...thresholdsOf(spec, critical),
      ...(spec.ok !== undefined ? { ok: spec.ok } : {}),
      ...(spec.unknown !== undefined ? { unknown: spec.unknown } : {}),
    },
    ...(windowMinutes !== undefined ? { windowMinutes } : {}),
    groupBy: known ? groupByKeysInText(spec.query) : [],
    scopeTags: known ? scopeTagsInText(spec.query) : [],
  };
}

const PRIORITIES = [1, 2, 3, 4, 5];

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function checkCommon(spec: MonitorSpec, _k: KindResult, problems: Problem[]): void {
  if (typeof spec.name !== 'string' || (!isToken(spec.name) && spec.name.trim() === '')) {
    problems.push({ field: 'name', value: spec.name, message: 'a monitor needs a non-empty name' });
  }
  if (typeof spec.message !== 'string') {
    problems.push({ field: 'message', value: spec.message, message: 'a monitor needs a message string' });
  } else if (!isToken(spec.message)) {
    // Datadog accepts any @-mention (`@all`, retired integrations): an unknown handle is not a create-time error;
    // rule HS-MON-2 still fails a monitor whose alert reaches no valid handle.
    for (const m of analyzeMessage(spec.message).problems) {
      if (!m.startsWith('unknown notification handle')) problems.push({ field: 'message', value: excerpt(spec.message), message: m });
    }
  }
  if (spec.priority !== undefined && !isToken(spec.priority) && !PRIORITIES.includes(spec.priority)) {
    problems.push({ field: 'priority', value: spec.priority, message: 'priority is a whole number from 1 (highest) to 5' });
  }
  if (spec.timeoutHours !== undefined && !isToken(spec.timeoutHours) && !(Number.isInteger(spec.timeoutHours) && spec.timeoutHours >= 0 && spec.timeoutHours <= 24)) {
    problems.push({ field: 'timeoutHours', value: spec.timeoutHours, message: 'timeout_h is a whole number of hours from 0 to 24' });
  }
  const isServiceCheck = spec.kind === 'service-check' || (spec.kind === 'query' && spec.type === 'service check');
  const loose = spec as { ok?: unknown; unknown?: unknown };
  if (!isServiceCheck) {
    for (const field of ['ok', 'unknown'] as const) {
      if (loose[field] !== undefined) {
        problems.push({ field, value: loose[field], message: `the '${field}' threshold is only allowed on service check monitors` });
      }
    }
  }
  for (const field of ['renotifyIntervalMinutes', 'renotifyOccurrences', 'evaluationDelaySeconds', 'newGroupDelaySeconds'] as const) {
    const v = spec[field];
    if (v !== undefined && !isToken(v) && !(Number.isInteger(v) && v >= 0)) {
      problems.push({ field, value: v, message: 'must be a whole number, 0 or more' });
    }
  }
  // Datadog recommends at least twice the window but accepts less (live monitors have 10 minutes on 1-hour windows);
  // 0 is what the provider reads back when Datadog keeps no timeframe of its own (it then uses twice the window).
  if (spec.noDataTimeframeMinutes !== undefined && !isToken(spec.noDataTimeframeMinutes)) {
    if (!(Number.isInteger(spec.noDataTimeframeMinutes) && spec.noDataTimeframeMinutes >= 0)) {
      problems.push({ field: 'noDataTimeframeMinutes', value: spec.noDataTimeframeMinutes, message: 'the no-data timeframe is a whole number of minutes (Datadog recommends at least twice the evaluation window)' });
    }
  }
  if (spec.tags) {
    for (const tag of spec.tags) {
      if (typeof tag !== 'string' || (!isToken(tag) && tag.trim() === '')) problems.push({ field: 'tags', value: tag, message: 'tags are non-empty strings' });
    }
  }
}
