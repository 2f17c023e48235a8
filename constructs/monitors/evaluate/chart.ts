import type { EvaluationResult, GroupResult, MonitorState } from './types';
import { transitionsOf } from './evaluate';

/** One monitor of a replay: its label (name or query) and its evaluation. */
export interface ReplayedMonitor {
  readonly label: string;
  readonly query: string;
  readonly result: EvaluationResult;
}

export const STATE_COLORS: Record<MonitorState, string> = { OK: '#5aa55a', WARN: '#e8a33d', ALERT: '#d33c3c', 'NO DATA': '#9e9e9e' };

/** Which fired when: per monitor, the periods in ALERT and WARN, the first alert and the time spent alerting. */
export interface FiredSummary {
  readonly monitor: string;
  readonly firstAlert: number | undefined;
  readonly alerts: number;
  readonly alertSeconds: number;
  readonly warnings: number;
}

export function firedSummary(m: ReplayedMonitor): FiredSummary {
  const r = m.result;
  let firstAlert: number | undefined;
  let alerts = 0;
  let warnings = 0;
  let alertSeconds = 0;
  for (const g of r.groups) {
    for (let k = 0; k < g.states.length; k++) {
      const s = g.states[k];
      const prev = k > 0 ? g.states[k - 1] : 'OK';
      if (s === 'ALERT') {
        alertSeconds += r.frequencySeconds;
        if (prev !== 'ALERT') {
          alerts++;
          if (firstAlert === undefined || r.times[k] < firstAlert) firstAlert = r.times[k];
        }
      }
      if (s === 'WARN' && prev !== 'WARN') warnings++;
    }
  }
  return { monitor: m.label, firstAlert, alerts, alertSeconds, warnings };
}

/** Periods in a non-OK state of one group: [start, end) in UNIX seconds. */
export function periodsOf(r: EvaluationResult, g: GroupResult): { start: number; end: number; state: MonitorState }[] {
  const out: { start: number; end: number; state: MonitorState }[] = [];
  let k = 0;
  while (k < g.states.length) {
    const s = g.states[k];
    let j = k;
    while (j + 1 < g.states.length && g.states[j + 1] === s) j++;
    if (s !== 'OK') out.push({ start: r.times[k], end: r.times[j] + r.frequencySeconds, state: s });
    k = j + 1;
  }
  return out;
}

/** At most `max` points that keep the shape: the min and max of each bucket, in time order. */
export function downsample(times: Float64Array, values: Float64Array, max: number): [number, number][] {
  const n = times.length;
  if (n <= max) return Array.from(times, (t, i) => [t, values[i]]);
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = n / buckets;
  const out: [number, number][] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (out.length === 0 || out[out.length - 1][0] !== times[i]) out.push([times[i], values[i]]);
  }
  return out;
}

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/**
 * A Vega-Lite spec of a replay: the evaluated series per group, the anomaly band, each threshold monitor's critical
 * and warning lines, shaded ALERT/WARN periods, transition marks, and below a status strip per monitor and group
 * (which fired when). Pure data; `renderChart` draws it.
 */
export function replayChartSpec(
  monitors: readonly ReplayedMonitor[],
  options: { readonly title?: string; readonly subtitle?: readonly string[]; readonly yTitle?: string; readonly maxPoints?: number } = {},
): Record<string, unknown> {
  const maxPoints = options.maxPoints ?? 1500;
  const series: Record<string, unknown>[] = [];
  const band: Record<string, unknown>[] = [];
  const rules: Record<string, unknown>[] = [];
  const periods: Record<string, unknown>[] = [];
  const strip: Record<string, unknown>[] = [];
  const marks: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const m of monitors) {
    const r = m.result;
    for (const g of r.groups) {
      // One monitor: its groups name the rows; several: the monitor, and the group when it has one.
      const row = monitors.length === 1 ? (g.key === '*' ? m.label : g.key) : `${m.label}${g.key === '*' ? '' : ` · ${g.key}`}`;
      if (g.series && g.series.times.length > 0) {
        const sig = `${g.key}|${g.series.times.length}|${g.series.times[0]}|${g.series.values[0]}|${g.series.values[g.series.values.length - 1]}`;
        if (!seen.has(sig)) {
          seen.add(sig);
          for (const [t, v] of downsample(g.series.times, g.series.values, maxPoints)) series.push({ t: t * 1000, v, group: g.key });
        }
      }
      if (g.band && g.series) {
        const finite = (x: number) => Number.isFinite(x);
        const lo = Float64Array.from(g.band.lower);
        const hi = Float64Array.from(g.band.upper);
        const step = Math.max(1, Math.ceil(g.series.times.length / maxPoints));
        for (let i = 0; i < g.series.times.length; i += step) {
          if (finite(lo[i]) && finite(hi[i])) band.push({ t: g.series.times[i] * 1000, lo: lo[i], hi: hi[i], group: g.key });
        }
      }
      for (const p of periods.length < 5000 ? periodsOf(r, g) : []) {
        periods.push({ start: p.start * 1000, end: p.end * 1000, state: p.state, monitor: row });
      }
      for (const p of periodsOf(r, g)) strip.push({ start: p.start * 1000, end: p.end * 1000, state: p.state, row });
      strip.push({ start: r.times[0] * 1000, end: (r.times[r.times.length - 1] + r.frequencySeconds) * 1000, state: 'OK', row, base: true });
    }
    if (r.kind !== 'anomaly' && r.kind !== 'composite' && r.kind !== 'service_check') {
      const t = r.thresholds;
      if (t.critical !== undefined) rules.push({ y: t.critical, label: `${monitors.length > 1 ? `${m.label}: ` : ''}critical ${t.critical}`, kind: 'critical' });
      if (t.warning !== undefined) rules.push({ y: t.warning, label: `${monitors.length > 1 ? `${m.label}: ` : ''}warning ${t.warning}`, kind: 'warning' });
    }
    for (const tr of transitionsOf(r).slice(0, 500)) marks.push({ t: tr.time * 1000, to: tr.to });
  }
  const x = { field: 't', type: 'temporal', title: null, axis: { format: '%b %d %H:%M', labelAngle: 0, tickCount: 8 } };
  const colorStates = { domain: ['OK', 'WARN', 'ALERT', 'NO DATA'], range: [STATE_COLORS.OK, STATE_COLORS.WARN, STATE_COLORS.ALERT, STATE_COLORS['NO DATA']] };
  const notes = [...(options.subtitle ?? []), ...new Set(monitors.flatMap((m) => m.result.notes))];
  const layers: Record<string, unknown>[] = [
    {
      data: { values: periods.filter((p) => p.state !== 'NO DATA') },
      mark: { type: 'rect', opacity: 0.14 },
      encoding: { x: { field: 'start', type: 'temporal' }, x2: { field: 'end' }, color: { field: 'state', type: 'nominal', scale: colorStates, legend: { title: 'state', orient: 'top' } } },
    },
    ...(band.length > 0
      ? [{
          data: { values: band },
          mark: { type: 'area', opacity: 0.25, color: '#7a8ca8' },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, detail: { field: 'group' } },
        }]
      : []),
    {
      data: { values: series },
      mark: { type: 'line', strokeWidth: 1.4, interpolate: 'linear' },
      encoding: {
        x,
        y: { field: 'v', type: 'quantitative', title: options.yTitle ?? 'value', scale: { zero: false } },
        stroke: { field: 'group', type: 'nominal', title: 'group', legend: series.some((s) => s.group !== '*') ? { orient: 'top' } : null, scale: { scheme: 'tableau10' } },
      },
    },
    ...(rules.length > 0
      ? [{
          data: { values: rules },
          layer: [
            { mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.3 }, encoding: { y: { field: 'y', type: 'quantitative' }, color: { field: 'kind', type: 'nominal', scale: { domain: ['critical', 'warning'], range: [STATE_COLORS.ALERT, STATE_COLORS.WARN] }, legend: null } } },
            { mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10 }, encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' }, color: { field: 'kind', type: 'nominal', legend: null } } },
          ],
        }]
      : []),
    ...(marks.length > 0
      ? [{
          data: { values: marks },
          mark: { type: 'rule', strokeWidth: 1, opacity: 0.7, strokeDash: [2, 2] },
          encoding: { x, color: { field: 'to', type: 'nominal', scale: colorStates, legend: null } },
        }]
      : []),
  ];
  const rows = [...new Set(strip.map((s) => s.row as string))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? monitors.map((m) => m.label).join(' + '), subtitle: notes.length > 0 ? notes : undefined, anchor: 'start', fontSize: 14, subtitleFontSize: 10 },
    config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11, gridColor: '#eeeeee' }, legend: { labelFontSize: 10 } },
    background: 'white',
    padding: 12,
    vconcat: [
      { width: 900, height: 300, layer: layers, resolve: { scale: { color: 'independent' } } },
      {
        width: 900,
        height: Math.max(24, 22 * rows.length),
        title: { text: 'state per monitor and group (which fired when)', fontSize: 11, anchor: 'start' },
        data: { values: strip },
        // Row names inside the strip, not as axis labels: the two charts keep the same left edge.
        layer: [
          {
            mark: { type: 'rect' },
            encoding: {
              x: { field: 'start', type: 'temporal', title: null, axis: { format: '%b %d %H:%M', labelAngle: 0, tickCount: 8 } },
              x2: { field: 'end' },
              y: { field: 'row', type: 'nominal', title: null, sort: rows, axis: null, scale: { paddingInner: 0.2 } },
              color: { field: 'state', type: 'nominal', scale: colorStates, legend: null },
              order: { field: 'base', type: 'nominal', sort: 'descending' },
            },
          },
          {
            transform: [{ filter: 'datum.base' }],
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: 11, fontWeight: 'bold', color: 'white' },
            encoding: {
              x: { field: 'start', type: 'temporal' },
              y: { field: 'row', type: 'nominal', sort: rows, axis: null },
              text: { field: 'row' },
            },
          },
        ],
      },
    ],
    resolve: { scale: { x: 'shared' } },
  };
}
