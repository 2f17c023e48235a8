/**
 * The catalog's only link to the monitor model. Everything the catalog needs from it passes through here:
 * the spec type, the pure render (body + problems) and the monitor's display name.
 *
 * STAND-IN until branch `monitors` lands `renderMonitor`: a metric-alert-only model with the same contract —
 * `renderMonitor(spec)` returns the `datadog_monitor` attributes exactly as synthesized (snake_case) and every
 * problem found, never throwing. Swap the body of this file for re-exports when it lands.
 */

/** A metric threshold monitor (stand-in for the monitors branch's `MonitorSpec`). */
export interface MonitorSpec {
  readonly name: string;
  readonly query: string;
  readonly message: string;
  readonly tags?: readonly string[];
  /** @default - no priority */
  readonly priority?: 1 | 2 | 3 | 4 | 5;
  readonly thresholds: { readonly critical: number; readonly warning?: number };
  /** @default false */
  readonly notifyNoData?: boolean;
}

/** The `datadog_monitor` attributes as they appear in synthesized JSON. */
export type MonitorBody = Record<string, unknown>;

export interface RenderedMonitor {
  readonly body: MonitorBody;
  /** Every problem found, each naming the field. Empty when the spec is valid. */
  readonly problems: readonly string[];
}

const COMPARATOR = /(<=|>=|<|>|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function renderMonitor(spec: MonitorSpec): RenderedMonitor {
  const problems: string[] = [];
  if (spec.name.trim() === '') problems.push('name: must not be empty');
  const m = COMPARATOR.exec(spec.query);
  if (!m) {
    problems.push(`query: expected a comparison with a number at the end, got '${spec.query}'`);
  } else if (Number(m[2]) !== spec.thresholds.critical) {
    problems.push(`thresholds.critical: ${spec.thresholds.critical} does not match the query's threshold ${m[2]}`);
  } else if (spec.thresholds.warning !== undefined) {
    const above = m[1] === '>' || m[1] === '>=';
    if (above ? spec.thresholds.warning >= spec.thresholds.critical : spec.thresholds.warning <= spec.thresholds.critical) {
      problems.push(`thresholds.warning: ${spec.thresholds.warning} must be on the ${above ? 'lower' : 'higher'} side of critical ${spec.thresholds.critical} for '${m[1]}'`);
    }
  }
  if (spec.priority !== undefined && !(Number.isInteger(spec.priority) && spec.priority >= 1 && spec.priority <= 5)) {
    problems.push(`priority: ${spec.priority} is not an integer from 1 to 5`);
  }
  const thresholds: Record<string, string> = { critical: String(spec.thresholds.critical) };
  if (spec.thresholds.warning !== undefined) thresholds.warning = String(spec.thresholds.warning);
  const body: MonitorBody = {
    message: spec.message,
    monitor_thresholds: thresholds,
    name: spec.name,
    notify_no_data: spec.notifyNoData ?? false,
    query: spec.query,
    tags: [...(spec.tags ?? [])],
    type: 'metric alert',
  };
  if (spec.priority !== undefined) body.priority = String(spec.priority);
  return { body, problems };
}
