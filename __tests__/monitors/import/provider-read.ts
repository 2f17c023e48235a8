/**
 * What Datadog provider 3.82.0 holds in state after reading a monitor (its `updateMonitorState`), and what its next
 * plan would change given a configuration (schema defaults, DiffSuppressFuncs, sets, `lifecycle.ignore_changes`).
 * Written from datadog/resource_datadog_monitor.go at v3.82.0, independently of the importer, to judge its output.
 */
type Json = Record<string, unknown>;

const isObj = (x: unknown): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x);
/** The API stores numbers; UI exports write some as strings. */
const n = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));
const b = (v: unknown): boolean => v === true || v === 'true';

/** Go's `fmt.Sprintf("%v", float64)`, as the provider formats thresholds. */
export function goFloat(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential().split('e') as [string, string];
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(x);
}

/** The state attributes the provider sets from the API's monitor JSON. */
export function providerState(m: Json): Json {
  const o = (isObj(m.options) ? m.options : {}) as Json;
  const s: Json = {
    name: m.name,
    message: String(m.message ?? '').trim(),
    query: String(m.query).trim(),
    type: m.type,
    draft_status: m.draft_status ?? 'published',
    priority: m.priority === null || m.priority === undefined ? '' : String(n(m.priority)),
  };
  const th = isObj(o.thresholds) ? o.thresholds : {};
  const thresholds: Json = {};
  for (const k of ['ok', 'warning', 'critical', 'unknown', 'warning_recovery', 'critical_recovery']) {
    const v = n(th[k]);
    if (v !== undefined) thresholds[k] = goFloat(v);
  }
  if (Object.keys(thresholds).length > 0) s.monitor_thresholds = thresholds;
  const tw = isObj(o.threshold_windows) ? o.threshold_windows : {};
  const windows: Json = {};
  for (const k of ['recovery_window', 'trigger_window']) if (typeof tw[k] === 'string' && tw[k] !== '') windows[k] = tw[k];
  if (Object.keys(windows).length > 0) s.monitor_threshold_windows = windows;
  s.new_group_delay = n(o.new_group_delay) ?? 0;
  if (n(o.new_host_delay) !== undefined) s.new_host_delay = n(o.new_host_delay);
  s.evaluation_delay = n(o.evaluation_delay) ?? 0;
  s.notify_no_data = b(o.notify_no_data);
  s.on_missing_data = o.on_missing_data ?? '';
  s.group_retention_duration = o.group_retention_duration ?? '';
  s.no_data_timeframe = n(o.no_data_timeframe) ?? 0;
  s.renotify_interval = n(o.renotify_interval) ?? 0;
  s.renotify_occurrences = n(o.renotify_occurrences) ?? 0;
  s.notify_audit = b(o.notify_audit);
  s.timeout_h = n(o.timeout_h) ?? 0;
  s.escalation_message = String(o.escalation_message ?? '').trim();
  s.include_tags = b(o.include_tags);
  if (Array.isArray(o.renotify_statuses) && o.renotify_statuses.length > 0) s.renotify_statuses = o.renotify_statuses;
  s.tags = [...((m.tags as string[] | null) ?? [])].sort();
  s.require_full_window = b(o.require_full_window);
  s.locked = b(o.locked);
  if (Array.isArray(m.restricted_roles) && m.restricted_roles.length > 0) s.restricted_roles = m.restricted_roles;
  if (m.type === 'log alert') {
    s.enable_logs_sample = b(o.enable_logs_sample);
    s.groupby_simple_monitor = b(o.groupby_simple_monitor);
  }
  if (m.type === 'ci-pipelines alert' || m.type === 'ci-tests alert') s.enable_samples = b(o.enable_samples);
  s.notify_by = (o.notify_by as string[] | undefined) ?? [];
  s.notification_preset_name = o.notification_preset_name ?? '';
  const so = isObj(o.scheduling_options) ? o.scheduling_options : {};
  const sched: Json = {};
  if (isObj(so.evaluation_window)) {
    const ew: Json = {};
    for (const k of ['day_starts', 'hour_starts', 'month_starts']) if (so.evaluation_window[k] !== undefined && so.evaluation_window[k] !== null) ew[k] = so.evaluation_window[k];
    sched.evaluation_window = ew;
  }
  if (isObj(so.custom_schedule) && Array.isArray(so.custom_schedule.recurrences) && so.custom_schedule.recurrences.length > 0) {
    const r = so.custom_schedule.recurrences[0] as Json;
    const rec: Json = {};
    for (const k of ['rrule', 'start', 'timezone']) if (r[k] !== undefined) rec[k] = r[k];
    sched.custom_schedule = { recurrence: rec };
  }
  if (Object.keys(sched).length > 0) s.scheduling_options = sched;
  if (Array.isArray(o.variables) && o.variables.length > 0) {
    if (m.type === 'cost alert') {
      s.variables = { cloud_cost_query: o.variables.map((v: Json) => ({ data_source: v.data_source, name: v.name, query: v.query, aggregator: v.aggregator })) };
    } else {
      s.variables = {
        event_query: o.variables.map((v: Json) => ({
          data_source: v.data_source,
          name: v.name,
          ...(v.indexes !== undefined ? { indexes: v.indexes } : {}),
          ...(isObj(v.search) ? { search: { query: v.search.query } } : {}),
          compute: [Object.fromEntries(Object.entries(v.compute as Json).filter(([k]) => ['aggregation', 'interval', 'metric'].includes(k)))],
          ...(Array.isArray(v.group_by) ? { group_by: v.group_by } : {}),
        })),
      };
    }
  }
  return s;
}

/** Configuration defaults of the schema (what an omitted argument plans). */
const DEFAULTS: Json = { include_tags: true, require_full_window: true, new_host_delay: 300, no_data_timeframe: 10, notify_no_data: false, draft_status: 'published' };
/** Attributes the provider computes when the configuration omits them. */
const COMPUTED = new Set(['tags', 'evaluation_delay']);
const SETS = new Set(['tags', 'restricted_roles', 'renotify_statuses', 'notify_by']);
const TRIMMED = new Set(['message', 'query', 'escalation_message']);

function zero(v: unknown): unknown {
  if (typeof v === 'number') return 0;
  if (typeof v === 'boolean') return false;
  if (typeof v === 'string') return '';
  if (Array.isArray(v)) return [];
  return undefined;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

/** Attributes the next plan would change, `attr: state → config`; empty when the plan shows no changes. */
export function plannedChanges(config: Json, state: Json): string[] {
  const ignored = new Set(((config.lifecycle as Json | undefined)?.ignore_changes as string[] | undefined) ?? []);
  const changes: string[] = [];
  const keys = new Set([...Object.keys(state), ...Object.keys(config), ...Object.keys(DEFAULTS)]);
  for (const k of keys) {
    if (k === 'lifecycle' || k === '//' || ignored.has(k)) continue;
    const s = state[k];
    let c = config[k];
    if (c === undefined && k in DEFAULTS) c = DEFAULTS[k];
    if (c === undefined && COMPUTED.has(k)) continue;
    if (k === 'no_data_timeframe' && config.notify_no_data !== true) continue;
    if (k === 'require_full_window' && isObj(config.scheduling_options) && (config.scheduling_options as Json).custom_schedule) continue;
    if (k === 'type' && ['metric alert', 'query alert'].includes(String(s)) && ['metric alert', 'query alert'].includes(String(c))) continue;
    if (k === 'monitor_thresholds' && config.type !== 'service check') {
      const strip = (x: unknown) => (isObj(x) ? Object.fromEntries(Object.entries(x).filter(([t]) => t !== 'ok' && t !== 'unknown')) : x);
      if (canonical(strip(s)) === canonical(strip(c))) continue;
    }
    let sv: unknown = s;
    let cv: unknown = c;
    if (cv === undefined) cv = zero(sv);
    if (sv === undefined) sv = zero(cv);
    if (TRIMMED.has(k)) {
      sv = String(sv ?? '').trim();
      cv = String(cv ?? '').trim();
    }
    if (SETS.has(k)) {
      sv = [...((sv as string[]) ?? [])].sort();
      cv = [...((cv as string[]) ?? [])].sort();
    }
    if (canonical(sv) !== canonical(cv)) changes.push(`${k}: ${canonical(s)} → ${canonical(c)}`);
  }
  return changes;
}
