import { MonitorSpec } from '../constructs/monitors/model';
import { CatalogEntry } from '../constructs/monitors/catalog';

/**
 * N monitors shaped like a real catalog: 40 teams, a mix of kinds (7 in 10 metric thresholds, then service checks,
 * logs and changes), routed messages with runbooks, tags. Deterministic: monitor i is the same in every run.
 * No safety rails, so N specs are exactly N monitors.
 */
export function monitorSpecs(n: number): MonitorSpec[] {
  // Through JSON, as if read from a specs file: flat strings and compact objects, not the rope strings and
  // spread objects the generator builds (which would inflate every case's heap by ~30 MB at 11,000).
  // One at a time, so that the round trip's garbage stays small.
  if (cached?.length !== n) cached = Array.from({ length: n }, (_, i) => JSON.parse(JSON.stringify(spec(i))) as MonitorSpec);
  return cached;
}
let cached: MonitorSpec[] | undefined;

/** The same monitors as catalog entries, keyed `<team>/m-<i>`. */
export function catalogEntries(n: number): CatalogEntry[] {
  return monitorSpecs(n).map((spec, i) => ({ key: `${team(i)}/m-${i}`, spec }));
}

function team(i: number): string {
  return `team-${i % 40}`;
}

function spec(i: number): MonitorSpec {
  const t = team(i);
  const service = `svc-${i % 997}`;
  const common = {
    name: `[${t}] ${service} #${i}`,
    message:
      `{{#is_alert}}@pagerduty-${t}{{/is_alert}}\n{{#is_warning}}@slack-${t}-alerts{{/is_warning}}\n` +
      `Runbook: https://runbooks.example.com/${t}/${service}\n@slack-${t}-alerts`,
    tags: [`team:${t}`, `service:${service}`, 'env:prod', 'managed-by:houndstack'],
    priority: ((i % 5) + 1) as 1 | 2 | 3 | 4 | 5,
  };
  switch (i % 10) {
    case 7:
      return { ...common, kind: 'service-check', check: 'http.can_connect', over: [`service:${service}`, 'env:prod'], groupBy: ['host'], lastCount: 3, critical: 2, ok: 1 };
    case 8:
      return { ...common, kind: 'log', search: `service:${service} status:error`, groupBy: ['host'], critical: 50, warning: 20 };
    case 9:
      return { ...common, kind: 'change', changeType: 'pct_change', metric: 'trace.http.request.hits', scope: [`service:${service}`, 'env:prod'], comparator: '<', critical: -50, warning: -30 };
    default:
      return {
        ...common,
        kind: 'metric',
        metric: ['system.cpu.user', 'system.mem.pct_usable', 'aws.rds.cpuutilization', 'postgresql.percent_usage_connections'][i % 4]!,
        scope: [`service:${service}`, 'env:prod'],
        groupBy: ['host'],
        comparator: '>',
        critical: 90,
        warning: 80,
        notifyNoData: i % 3 === 0,
        renotifyIntervalMinutes: 60,
      };
  }
}
