/**
 * Datadog monitor JSON (the UI's "Export monitor", `GET /api/v1/monitor`, `GET /api/v1/monitor/{id}`) → catalog entries
 * whose `datadog_monitor` equals what provider 3.82.0 reads back from Datadog (its `updateMonitorState`), so that the
 * first plan after adoption shows no change. Pure: text in, entries and findings out.
 */
import type {
  MonitorEventQuery,
  MonitorSchedulingOptions,
  MonitorType,
  MonitorVariables,
  NotificationPresetName,
  OnMissingData,
  RawQueryMonitorSpec,
  RenotifyStatus,
} from '../model/spec';

/** One line of the import's report. `error`: the monitor is not written; `warning`: written, with a caveat. */
export interface ImportFinding {
  readonly level: 'error' | 'warning';
  /** The export file (or catalog file) the finding is about. */
  readonly file: string;
  /** Monitor ID and name, when the finding is about one monitor. */
  readonly monitorId?: string;
  readonly monitorName?: string;
  readonly message: string;
}

/** `export.json: monitor 123 "CPU high": message` */
export function formatFinding(f: ImportFinding): string {
  const who = f.monitorId !== undefined ? ` monitor ${f.monitorId}${f.monitorName !== undefined ? ` ${JSON.stringify(f.monitorName)}` : ''}:` : '';
  return `${f.file}:${who} ${f.level === 'warning' ? 'warning: ' : ''}${f.message}`;
}

/** A monitor imported from an export: its ID and the spec that reproduces it. */
export interface ImportedMonitor {
  /** Datadog monitor ID (digits). */
  readonly id: string;
  readonly spec: RawQueryMonitorSpec;
  /** The export file it came from. */
  readonly file: string;
}

/** Every type provider 3.82.0 accepts (datadog-api-client-go's `MonitorType` enum). */
export const PROVIDER_MONITOR_TYPES: readonly string[] = [
  'composite', 'event alert', 'log alert', 'metric alert', 'process alert', 'query alert', 'rum alert', 'service check',
  'synthetics alert', 'trace-analytics alert', 'slo alert', 'event-v2 alert', 'audit alert', 'ci-pipelines alert',
  'ci-tests alert', 'error-tracking alert', 'database-monitoring alert', 'network-performance alert', 'cost alert',
];

const RENOTIFY_STATUSES = ['alert', 'warn', 'no data'];
const NOTIFICATION_PRESETS = ['show_all', 'hide_query', 'hide_handles', 'hide_all'];
const ON_MISSING_DATA = ['default', 'show_no_data', 'show_and_notify_no_data', 'resolve'];

/** Top-level fields Datadog computes: never part of a definition. */
const READ_ONLY = new Set([
  'id', 'created', 'created_at', 'modified', 'creator', 'org_id', 'overall_state', 'overall_state_modified', 'multi',
  'deleted', 'state', 'matching_downtimes', 'classification', 'restriction_policy', 'last_triggered_ts', 'status',
]);
/** Options Datadog computes or fills with defaults for every monitor. */
const READ_ONLY_OPTIONS = new Set(['aggregation']);
/** Synthetics options with the value Datadog gives every other monitor. */
const SYNTHETICS_DEFAULTS: Record<string, unknown> = { min_failure_duration: 0, min_location_failed: 1 };

/**
 * Reads the text of one export file: one monitor object, an array of them, or a list response wrapping them
 * (`{"monitors": […]}`). Returns the monitors provider 3.82.0 can manage, and a finding for each monitor it cannot
 * (error: not written) and each field it cannot express (warning: written without it).
 */
export function importExport(text: string, file: string): { monitors: ImportedMonitor[]; findings: ImportFinding[] } {
  const findings: ImportFinding[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    findings.push({ level: 'error', file, message: `not JSON: ${(e as Error).message}` });
    return { monitors: [], findings };
  }
  const list = monitorList(raw);
  if (!list) {
    findings.push({
      level: 'error',
      file,
      message: 'not Datadog monitor JSON: expected a monitor object (with "id", "type", "query"), an array of them, or {"monitors": […]}',
    });
    return { monitors: [], findings };
  }
  const monitors: ImportedMonitor[] = [];
  list.forEach((item, index) => {
    const m = convert(item, file, index, findings);
    if (m) monitors.push(m);
  });
  return { monitors, findings };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function monitorList(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (isObject(raw)) {
    if ('query' in raw || 'type' in raw) return [raw];
    if (Array.isArray(raw.monitors)) return raw.monitors;
  }
  return undefined;
}

/** UI exports carry some integers and booleans as strings (`"renotify_interval": "0"`). */
function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}
function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
}

function convert(item: unknown, file: string, index: number, findings: ImportFinding[]): ImportedMonitor | undefined {
  if (!isObject(item)) {
    findings.push({ level: 'error', file, message: `entry ${index}: not a monitor object (got ${Array.isArray(item) ? 'an array' : typeof item})` });
    return undefined;
  }
  const name = typeof item.name === 'string' ? item.name : undefined;
  const id = int(item.id);
  const at = { file, ...(id !== undefined ? { monitorId: String(id) } : {}), ...(name !== undefined ? { monitorName: name } : {}) };
  const errors: string[] = [];
  const warn = (message: string) => findings.push({ level: 'warning', ...at, message });
  if (id === undefined || id <= 0) errors.push(`entry ${index}: "id" must be the monitor's numeric ID (got ${JSON.stringify(item.id)}); export from Datadog so the monitor can be adopted`);
  if (name === undefined || name.trim() === '') errors.push('"name" must be a non-empty string');
  const type = item.type;
  if (typeof type !== 'string') errors.push(`"type" must be a string (got ${JSON.stringify(type)})`);
  else if (type === 'synthetics alert') errors.push("type 'synthetics alert': this monitor belongs to its Synthetics test; manage it with datadog_synthetics_test (not written)");
  else if (!PROVIDER_MONITOR_TYPES.includes(type)) errors.push(`type '${type}' is unknown to provider 3.82.0, which cannot manage it (not written); known: ${PROVIDER_MONITOR_TYPES.join(', ')}`);
  if (typeof item.query !== 'string' || item.query.trim() === '') errors.push(`"query" must be a non-empty string (got ${JSON.stringify(item.query)})`);
  if (item.message !== undefined && item.message !== null && typeof item.message !== 'string') errors.push('"message" must be a string');
  const options = item.options;
  // A monitor without options is not a definition: search results (GET /api/v1/monitor/search) look like this.
  if (options === undefined || options === null) errors.push('no "options": not a full monitor definition (a search result?); export with GET /api/v1/monitor or the UI\'s "Export monitor"');
  else if (!isObject(options)) errors.push('"options" must be an object');
  if (errors.length > 0) {
    for (const message of errors) findings.push({ level: 'error', ...at, message });
    return undefined;
  }
  for (const key of Object.keys(item)) {
    if (READ_ONLY.has(key) || ['name', 'type', 'query', 'message', 'tags', 'priority', 'restricted_roles', 'options', 'draft_status'].includes(key)) continue;
    const v = item[key];
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    warn(`"${key}" has no argument in provider 3.82.0's datadog_monitor: not imported (Terraform neither shows nor manages it)`);
  }

  const o = options as Record<string, unknown>;
  const spec: Record<string, unknown> = { kind: 'query', type: type as MonitorType, name, query: item.query, message: typeof item.message === 'string' ? item.message : '' };
  const fail: string[] = [];

  const tags = item.tags;
  if (tags !== undefined && tags !== null) {
    const t = strings(tags);
    if (!t) fail.push('"tags" must be a list of strings');
    else if (t.length > 0) spec.tags = t;
  }
  if (item.priority !== undefined && item.priority !== null) {
    const p = int(item.priority);
    if (p === undefined) fail.push(`"priority" must be a whole number (got ${JSON.stringify(item.priority)})`);
    else spec.priority = p;
  }
  const roles = item.restricted_roles;
  if (roles !== undefined && roles !== null) {
    const r = strings(roles);
    if (!r) fail.push('"restricted_roles" must be a list of role IDs');
    else if (r.length > 0) spec.restrictedRoles = r;
  }
  if (item.draft_status !== undefined && item.draft_status !== null) {
    if (item.draft_status === 'draft') spec.draftStatus = 'draft';
    else if (item.draft_status !== 'published') fail.push(`"draft_status" ${JSON.stringify(item.draft_status)} is unknown to provider 3.82.0 (allowed: draft, published)`);
  }

  const handled = new Set<string>();
  const take = (key: string) => {
    handled.add(key);
    return o[key];
  };
  // Thresholds: numbers (strings in some UI exports); null means unset.
  const th = take('thresholds');
  if (th !== undefined && th !== null) {
    if (!isObject(th)) fail.push('options.thresholds must be an object');
    else {
      const names: Record<string, string> = { critical: 'critical', warning: 'warning', critical_recovery: 'criticalRecovery', warning_recovery: 'warningRecovery', ok: 'ok', unknown: 'unknown' };
      for (const [k, v] of Object.entries(th)) {
        if (v === null || v === undefined) continue;
        const field = names[k];
        if (!field) {
          warn(`options.thresholds.${k} has no argument in provider 3.82.0: not imported`);
          continue;
        }
        const n = num(v);
        if (n === undefined) fail.push(`options.thresholds.${k} must be a number (got ${JSON.stringify(v)})`);
        else if ((k === 'ok' || k === 'unknown') && type !== 'service check') {
          // The provider suppresses any diff on these for other types: neither written nor compared.
          warn(`options.thresholds.${k} applies to service checks only; provider 3.82.0 ignores it on '${type}' monitors: not imported`);
        } else spec[field] = n;
      }
    }
  }
  if (spec.critical === undefined && type !== 'service check' && type !== 'composite') spec.criticalFromQuery = false;
  const tw = take('threshold_windows');
  if (isObject(tw)) {
    if (typeof tw.trigger_window === 'string' && tw.trigger_window !== '') spec.triggerWindow = tw.trigger_window;
    if (typeof tw.recovery_window === 'string' && tw.recovery_window !== '') spec.recoveryWindow = tw.recovery_window;
  }

  const notifyNoData = bool(take('notify_no_data')) ?? false;
  const onMissing = take('on_missing_data');
  if (typeof onMissing === 'string' && onMissing !== '') {
    if (!ON_MISSING_DATA.includes(onMissing)) fail.push(`options.on_missing_data '${onMissing}' is unknown to provider 3.82.0 (allowed: ${ON_MISSING_DATA.join(', ')})`);
    else spec.onMissingData = onMissing as OnMissingData;
  }
  const noData = take('no_data_timeframe');
  if (notifyNoData) {
    if (spec.onMissingData !== undefined) fail.push('options.notify_no_data and options.on_missing_data are both set: provider 3.82.0 refuses the combination');
    spec.notifyNoData = true;
    // The provider reads null as 0; its diff only counts while notify_no_data is true.
    spec.noDataTimeframeMinutes = noData === null || noData === undefined ? 0 : int(noData) ?? (fail.push('options.no_data_timeframe must be a whole number of minutes'), 0);
  }

  const ints: [string, string][] = [
    ['renotify_interval', 'renotifyIntervalMinutes'], ['renotify_occurrences', 'renotifyOccurrences'], ['evaluation_delay', 'evaluationDelaySeconds'],
    ['new_group_delay', 'newGroupDelaySeconds'], ['timeout_h', 'timeoutHours'],
  ];
  for (const [key, field] of ints) {
    const v = take(key);
    if (v === undefined || v === null) continue;
    const n = int(v);
    if (n === undefined) fail.push(`options.${key} must be a whole number (got ${JSON.stringify(v)})`);
    // The provider reads null and 0 alike (0) and sends nothing for 0: 0 stays unwritten.
    else if (n !== 0) spec[field] = n;
  }
  // new_host_delay: read back only when Datadog returns it; otherwise the config default (300) would plan forever.
  const hostDelay = take('new_host_delay');
  if (hostDelay === undefined || hostDelay === null) spec.ignoreChanges = ['new_host_delay'];
  else {
    const n = int(hostDelay);
    if (n === undefined) fail.push(`options.new_host_delay must be a whole number (got ${JSON.stringify(hostDelay)})`);
    else spec.newHostDelaySeconds = n;
  }
  // Read back as false when absent, but true by default in configuration: always explicit.
  spec.includeTags = bool(take('include_tags')) ?? false;
  spec.requireFullWindow = bool(take('require_full_window')) ?? false;

  const escalation = take('escalation_message');
  if (typeof escalation === 'string' && escalation.trim() !== '') spec.escalationMessage = escalation;
  const statuses = take('renotify_statuses');
  if (statuses !== undefined && statuses !== null) {
    const s = strings(statuses);
    const unknown = (s ?? []).filter((x) => !RENOTIFY_STATUSES.includes(x));
    if (!s) fail.push('options.renotify_statuses must be a list of strings');
    else if (unknown.length > 0) fail.push(`options.renotify_statuses ${unknown.map((u) => `'${u}'`).join(', ')} unknown to provider 3.82.0 (allowed: alert, warn, no data): it cannot manage this monitor`);
    else if (s.length > 0) spec.renotifyStatuses = s as RenotifyStatus[];
  }
  const notifyBy = take('notify_by');
  if (notifyBy !== undefined && notifyBy !== null) {
    const s = strings(notifyBy);
    if (!s) fail.push('options.notify_by must be a list of strings');
    else if (s.length > 0) spec.notifyBy = s;
  }
  if (bool(take('notify_audit')) === true) spec.notifyAudit = true;
  const retention = take('group_retention_duration');
  if (typeof retention === 'string' && retention !== '') spec.groupRetentionDuration = retention;
  const preset = take('notification_preset_name');
  if (typeof preset === 'string' && preset !== '') {
    if (!NOTIFICATION_PRESETS.includes(preset)) fail.push(`options.notification_preset_name '${preset}' is unknown to provider 3.82.0 (allowed: ${NOTIFICATION_PRESETS.join(', ')})`);
    else spec.notificationPresetName = preset as NotificationPresetName;
  }
  const logs = type === 'log alert';
  const ci = type === 'ci-pipelines alert' || type === 'ci-tests alert';
  for (const [key, field, applies, what] of [
    ['enable_logs_sample', 'enableLogsSample', logs, 'log monitors'],
    ['groupby_simple_monitor', 'groupbySimpleMonitor', logs, 'log monitors'],
    ['enable_samples', 'enableSamples', ci, 'CI pipeline and test monitors'],
  ] as const) {
    const v = bool(take(key));
    if (v === undefined) continue;
    if (applies) {
      if (v) spec[field] = true;
    } else if (v) {
      warn(`options.${key} is true, but provider 3.82.0 reads and sends it for ${what} only: not imported`);
    }
  }
  const locked = bool(take('locked'));
  if (locked === true && spec.restrictedRoles === undefined) {
    spec.locked = true;
    warn('options.locked is deprecated (imported as is); replace it with restrictedRoles');
  }
  const silenced = take('silenced');
  if (isObject(silenced) && Object.keys(silenced).length > 0) {
    warn('options.silenced (a mute) is not a datadog_monitor argument in provider 3.82.0: not imported; mute with datadog_downtime_schedule');
  }
  const scheduling = take('scheduling_options');
  if (isObject(scheduling)) {
    const so = schedulingOptions(scheduling, warn);
    if (so) spec.schedulingOptions = so;
  }
  const variables = take('variables');
  if (Array.isArray(variables) && variables.length > 0) {
    const v = monitorVariables(variables, type === 'cost alert', fail);
    if (v) spec.variables = v;
  }
  for (const key of Object.keys(o)) {
    if (handled.has(key) || READ_ONLY_OPTIONS.has(key)) continue;
    const v = o[key];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)) continue;
    if (key in SYNTHETICS_DEFAULTS && SYNTHETICS_DEFAULTS[key] === int(v)) continue;
    warn(`options.${key} has no argument in provider 3.82.0's datadog_monitor: not imported (Terraform neither shows nor manages it)`);
  }
  if (fail.length > 0) {
    for (const message of fail) findings.push({ level: 'error', ...at, message: `${message} (not written)` });
    return undefined;
  }
  return { id: String(id), spec: spec as unknown as RawQueryMonitorSpec, file };
}

function schedulingOptions(s: Record<string, unknown>, warn: (m: string) => void): MonitorSchedulingOptions | undefined {
  const out: { evaluationWindow?: MonitorSchedulingOptions['evaluationWindow']; customSchedule?: MonitorSchedulingOptions['customSchedule'] } = {};
  const ew = s.evaluation_window;
  if (isObject(ew)) {
    // As the provider builds it: day_starts/month_starts win; hour_starts only without them.
    const day = typeof ew.day_starts === 'string' && ew.day_starts !== '' ? ew.day_starts : undefined;
    const month = int(ew.month_starts);
    const hour = int(ew.hour_starts);
    const w = {
      ...(day !== undefined ? { dayStarts: day } : {}),
      ...(month !== undefined && month !== 0 ? { monthStarts: month } : {}),
      ...(hour !== undefined && day === undefined && !(month !== undefined && month !== 0) ? { hourStarts: hour } : {}),
    };
    if (Object.keys(w).length > 0) out.evaluationWindow = w;
  }
  const cs = s.custom_schedule;
  if (isObject(cs) && Array.isArray(cs.recurrences) && cs.recurrences.length > 0) {
    if (cs.recurrences.length > 1) warn(`options.scheduling_options.custom_schedule has ${cs.recurrences.length} recurrences; provider 3.82.0 keeps the first only`);
    const r = cs.recurrences[0];
    if (isObject(r) && typeof r.rrule === 'string' && typeof r.timezone === 'string') {
      out.customSchedule = { rrule: r.rrule, timezone: r.timezone, ...(typeof r.start === 'string' && r.start !== '' ? { start: r.start } : {}) };
    }
  }
  for (const key of Object.keys(s)) {
    if (key !== 'evaluation_window' && key !== 'custom_schedule') warn(`options.scheduling_options.${key} has no argument in provider 3.82.0: not imported`);
  }
  return out.evaluationWindow || out.customSchedule ? out : undefined;
}

function monitorVariables(list: unknown[], cost: boolean, fail: string[]): MonitorVariables | undefined {
  const events: MonitorEventQuery[] = [];
  const costs: NonNullable<MonitorVariables['cloudCostQueries']>[number][] = [];
  list.forEach((v, i) => {
    const at = `options.variables[${i}]`;
    if (!isObject(v) || typeof v.name !== 'string' || typeof v.data_source !== 'string') {
      fail.push(`${at} must have "name" and "data_source"`);
      return;
    }
    if (cost) {
      if (typeof v.query !== 'string' || typeof v.aggregator !== 'string') fail.push(`${at}: a cloud cost query needs "query" and "aggregator"`);
      else costs.push({ name: v.name, dataSource: v.data_source, query: v.query, aggregator: v.aggregator });
      return;
    }
    const compute = v.compute;
    const search = v.search;
    if (!isObject(compute) || typeof compute.aggregation !== 'string') {
      fail.push(`${at}.compute.aggregation is required (provider 3.82.0 reads event-platform queries only on '${'non-cost'}' monitors)`);
      return;
    }
    const q: MonitorEventQuery = {
      name: v.name,
      dataSource: v.data_source,
      search: isObject(search) && typeof search.query === 'string' ? search.query : '',
      ...(strings(v.indexes) ? { indexes: strings(v.indexes)! } : {}),
      compute: {
        aggregation: compute.aggregation,
        ...(int(compute.interval) !== undefined ? { intervalMs: int(compute.interval)! } : {}),
        ...(typeof compute.metric === 'string' ? { metric: compute.metric } : {}),
      },
      ...(Array.isArray(v.group_by)
        ? {
          groupBy: v.group_by.filter(isObject).map((g) => ({
            facet: String(g.facet),
            ...(int(g.limit) !== undefined ? { limit: int(g.limit)! } : {}),
            ...(isObject(g.sort) && typeof g.sort.aggregation === 'string'
              ? {
                sort: {
                  aggregation: g.sort.aggregation,
                  ...(g.sort.order === 'asc' || g.sort.order === 'desc' ? { order: g.sort.order } : {}),
                  ...(typeof g.sort.metric === 'string' ? { metric: g.sort.metric } : {}),
                },
              }
              : {}),
          })),
        }
        : {}),
    };
    events.push(q);
  });
  if (events.length === 0 && costs.length === 0) return undefined;
  return { ...(events.length > 0 ? { eventQueries: events } : {}), ...(costs.length > 0 ? { cloudCostQueries: costs } : {}) };
}
