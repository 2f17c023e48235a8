import {
  BandInput, InputSeries, MonitorResolver, ReplayedMonitor, UnsupportedQueryError, bandFromCsv, evaluateMonitor, parseTimestamp, seriesFromCsv, seriesFromQueryResponse,
} from '../constructs/monitors/evaluate';
import { parseMonitorQuery } from '../constructs/monitors/query';
import type { MetricExpression, MonitorQuery } from '../constructs/monitors/query';

/*
 * Replays of recorded data: monitors (the app's, or queries) evaluated on series read from files. Reads files; the
 * evaluation is pure (constructs/monitors/evaluate).
 */

/** A file the caller has read: its name (for messages), its text, and for series the metric named on the command line. */
export interface ReadFile {
  readonly file: string;
  readonly text: string;
  readonly metric?: string;
}

/** `[metric=]file` → the metric and the file (a path with `=` in its directory is a path). */
export function splitSeriesArgument(spec: string): { metric?: string; file: string } {
  const eq = spec.indexOf('=');
  return eq > 0 && !spec.slice(0, eq).includes('/') ? { metric: spec.slice(0, eq), file: spec.slice(eq + 1) } : { file: spec };
}

export interface ReplayRequest {
  /** Monitor names (or catalog keys, construct paths) and/or queries. */
  readonly targets: readonly string[];
  /** A Datadog /api/v1/query response (JSON) or CSV `timestamp,value[,tags]`, each. */
  readonly seriesFiles: readonly ReadFile[];
  /** Anomaly bands: CSV `timestamp,lower,upper[,group tags]`. */
  readonly bandFiles?: readonly ReadFile[];
  readonly from?: string;
  readonly to?: string;
}

export interface ReplayOutcome {
  readonly monitors: ReplayedMonitor[];
  readonly from: number;
  readonly to: number;
  /** Unusable input, each naming the file or argument. */
  readonly problems: string[];
}

/** Metric names a query reads, in order. */
export function metricsOf(q: MonitorQuery): string[] {
  const out: string[] = [];
  const walk = (e: MetricExpression): void => {
    if (e.type === 'series') out.push(e.metric.text);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.type === 'paren') walk(e.inner);
    else if (e.type === 'negate') walk(e.operand);
    else if (e.type === 'call') for (const a of e.args) if (a.type !== 'string' && a.type !== 'named') walk(a);
  };
  if (q.kind === 'metric') walk(q.expression);
  else if (q.kind === 'anomaly') walk(q.anomalies.query);
  else if (q.kind === 'outlier') walk(q.outliers.query);
  else if (q.kind === 'forecast') walk(q.forecast.query);
  else if (q.kind === 'service_check') out.push(q.check.value);
  return [...new Set(out)];
}

/** Metric names of a query's text ([] when it does not parse). */
export function metricsOfText(query: string): string[] {
  const parsed = parseMonitorQuery(query);
  return parsed.ok ? metricsOf(parsed.query) : [];
}

export function replay(request: ReplayRequest, resolve: MonitorResolver): ReplayOutcome {
  const problems: string[] = [];
  const targets: { label: string; query: string; parsed: MonitorQuery; thresholds?: Record<string, number>; options?: Record<string, unknown> }[] = [];
  for (const target of request.targets) {
    const asQuery = parseMonitorQuery(target);
    if (asQuery.ok) {
      targets.push({ label: target, query: target, parsed: asQuery.query });
      continue;
    }
    const m = resolve(target);
    if ('error' in m) {
      problems.push(`${JSON.stringify(target)}: not a query (col ${asQuery.error.column}: ${asQuery.error.message}) and ${m.error}`);
      continue;
    }
    const parsed = parseMonitorQuery(m.query);
    if (!parsed.ok) {
      problems.push(`${JSON.stringify(target)}: its query does not parse: ${parsed.error.message}`);
      continue;
    }
    targets.push({ label: m.name, query: m.query, parsed: parsed.query, thresholds: { ...m.thresholds }, options: { ...m.options } });
    // An anomaly monitor comes with its safety rail, so one replay compares them.
    if (parsed.query.kind === 'anomaly') {
      const rail = resolve(`${m.name} (safety rail)`);
      const railQuery = 'error' in rail ? undefined : parseMonitorQuery(rail.query);
      if (!('error' in rail) && railQuery?.ok && !request.targets.includes(rail.name)) {
        targets.push({ label: rail.name, query: rail.query, parsed: railQuery.query, thresholds: { ...rail.thresholds }, options: { ...rail.options } });
      }
    }
  }
  const defaultMetric = targets.length > 0 ? metricsOf(targets[0].parsed)[0] : undefined;
  const series: InputSeries[] = [];
  for (const { file, text, metric } of request.seriesFiles) {
    if (text.trimStart().startsWith('{')) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        problems.push(`${file}: not JSON: ${(e as Error).message}`);
        continue;
      }
      const r = seriesFromQueryResponse(data, metric);
      problems.push(...r.problems.map((p) => `${file}: ${p}`));
      series.push(...r.series);
    } else {
      const name = metric ?? defaultMetric;
      if (!name) {
        problems.push(`${file}: a CSV has no metric name; write --series <metric>=${file}`);
        continue;
      }
      const r = seriesFromCsv(text, name);
      problems.push(...r.problems.map((p) => `${file}: ${p}`));
      series.push(...r.series);
    }
  }
  const bands: BandInput[] = [];
  for (const { file, text } of request.bandFiles ?? []) {
    const r = bandFromCsv(text);
    problems.push(...r.problems.map((p) => `${file}: ${p}`));
    bands.push(...r.bands);
  }
  const times = series.flatMap((s) => (s.points.length > 0 ? [s.points[0][0], s.points[s.points.length - 1][0]] : []));
  const time = (text: string | undefined, name: string, fallback: number): number => {
    if (text === undefined) return fallback;
    const t = parseTimestamp(text);
    if (t === undefined) problems.push(`--${name}: ${JSON.stringify(text)} is not a time (ISO 8601, YYYY-MM-DD HH:MM:SS UTC, or epoch seconds/ms)`);
    return t ?? fallback;
  };
  const from = time(request.from, 'from', times.length > 0 ? Math.min(...times) : 0);
  const to = time(request.to, 'to', times.length > 0 ? Math.max(...times) + 60 : 0);
  if (series.length === 0 && problems.length === 0) problems.push('no series: give --series <file> (a Datadog query response or CSV)');
  const monitors: ReplayedMonitor[] = [];
  if (problems.length > 0) return { monitors, from, to, problems };
  for (const t of targets) {
    try {
      const result = evaluateMonitor({
        query: t.parsed, series, from, to,
        ...(t.thresholds ? { thresholds: t.thresholds } : {}),
        ...(t.options ? { options: t.options } : {}),
        ...(t.parsed.kind === 'anomaly' && bands.length > 0 ? { bands } : {}),
      });
      if (result.groups.length === 0) problems.push(`${JSON.stringify(t.label)}: no series matches its query (${metricsOf(t.parsed).join(', ')} with its scope); the files hold ${[...new Set(series.map((s) => s.metric))].join(', ')}`);
      monitors.push({ label: t.label, query: t.query, result });
    } catch (e) {
      if (!(e instanceof UnsupportedQueryError)) throw e;
      problems.push(`${JSON.stringify(t.label)}: ${e.message}`);
    }
  }
  return { monitors, from, to, problems };
}
