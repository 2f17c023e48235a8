import type { InputSeries, Point } from './types';

/*
 * Recorded series for replays: Datadog's metric query API response (GET /api/v1/query: `series[].pointlist` in
 * milliseconds, `scope`, `tag_set`, `metric`) and CSV (`timestamp,value[,tags]`). Pure: the caller reads the file.
 */

export interface RecordedSeries {
  readonly series: InputSeries[];
  readonly problems: string[];
}

interface ApiSeries {
  metric?: unknown;
  scope?: unknown;
  tag_set?: unknown;
  pointlist?: unknown;
  display_name?: unknown;
}

/** Datadog's `/api/v1/query` response → series (every series of the response; tags from `scope` and `tag_set`). */
export function seriesFromQueryResponse(data: unknown, metricOverride?: string): RecordedSeries {
  const problems: string[] = [];
  const list = (data as { series?: unknown })?.series;
  if (!Array.isArray(list)) return { series: [], problems: ['not a Datadog metric query response: no series[] (GET /api/v1/query returns {"series": [{"pointlist": …}]})'] };
  const series: InputSeries[] = [];
  list.forEach((raw: ApiSeries, i) => {
    const metric = metricOverride ?? (typeof raw.metric === 'string' ? raw.metric : undefined);
    if (!metric) {
      problems.push(`series[${i}]: no metric name`);
      return;
    }
    if (!Array.isArray(raw.pointlist)) {
      problems.push(`series[${i}].pointlist: missing; expected [[timestamp_ms, value], …]`);
      return;
    }
    const tags = new Set<string>();
    if (typeof raw.scope === 'string') for (const t of raw.scope.split(',')) if (t.trim() && t.trim() !== '*') tags.add(t.trim());
    if (Array.isArray(raw.tag_set)) for (const t of raw.tag_set) if (typeof t === 'string') tags.add(t);
    const points: Point[] = [];
    for (const [j, p] of (raw.pointlist as unknown[]).entries()) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || (p[1] !== null && typeof p[1] !== 'number')) {
        problems.push(`series[${i}].pointlist[${j}]: ${JSON.stringify(p)} is not [timestamp_ms, value]`);
        continue;
      }
      points.push([p[0] / 1000, p[1] as number | null]);
    }
    series.push({ metric, tags: [...tags], points });
  });
  return { series, problems };
}

/** ISO 8601, `YYYY-MM-DD HH:MM:SS` (UTC), epoch seconds or milliseconds → UNIX seconds. */
export function parseTimestamp(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) {
    const n = Number(t);
    // Epoch milliseconds have 13 digits until the year 2286; seconds 10.
    return n > 1e11 ? n / 1000 : n;
  }
  const plain = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)$/.exec(t);
  if (plain) return Date.parse(`${plain[1]}T${plain[2]}Z`) / 1000;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * CSV `timestamp,value[,tags]`: one row per point; a header row is skipped; tags are one quoted field
 * (`"host:a,env:prod"`), `;`-separated, or the remaining fields. Rows with the same tags form one series.
 * Empty values are gaps. Each problem names the line.
 */
export function seriesFromCsv(text: string, metric: string): RecordedSeries {
  const problems: string[] = [];
  const bySeries = new Map<string, { tags: string[]; points: Point[] }>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const fields = splitCsvLine(line);
    const time = parseTimestamp(fields[0] ?? '');
    if (time === undefined) {
      if (index === 0 && !/^\d/.test(fields[0] ?? '')) return; // header
      problems.push(`line ${index + 1}: ${JSON.stringify(fields[0])} is not a timestamp (ISO 8601, YYYY-MM-DD HH:MM:SS UTC, or epoch seconds/ms)`);
      return;
    }
    const rawValue = fields[1] ?? '';
    const value = rawValue === '' || rawValue.toLowerCase() === 'null' ? null : Number(rawValue);
    if (value !== null && !Number.isFinite(value)) {
      problems.push(`line ${index + 1}: ${JSON.stringify(rawValue)} is not a number`);
      return;
    }
    const tags = fields.slice(2).flatMap((f) => f.split(/[;,]/)).map((t) => t.trim()).filter(Boolean).sort();
    const key = tags.join(',');
    const s = bySeries.get(key) ?? { tags, points: [] };
    s.points.push([time, value]);
    bySeries.set(key, s);
  });
  const series = [...bySeries.values()].map((s) => ({ metric, tags: s.tags, points: s.points.sort((a, b) => a[0] - b[0]) }));
  return { series, problems };
}

/** A band file for anomaly replays: CSV `timestamp,lower,upper[,group tags]`. */
export function bandFromCsv(text: string): { bands: { group: string; lower: Point[]; upper: Point[] }[]; problems: string[] } {
  const problems: string[] = [];
  const byGroup = new Map<string, { lower: Point[]; upper: Point[] }>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const f = splitCsvLine(line);
    const time = parseTimestamp(f[0] ?? '');
    if (time === undefined) {
      if (index === 0) return;
      problems.push(`line ${index + 1}: ${JSON.stringify(f[0])} is not a timestamp`);
      return;
    }
    const lower = Number(f[1]);
    const upper = Number(f[2]);
    if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
      problems.push(`line ${index + 1}: lower and upper must be numbers (got ${JSON.stringify(f[1])}, ${JSON.stringify(f[2])})`);
      return;
    }
    const group = f.slice(3).flatMap((x) => x.split(/[;,]/)).map((t) => t.trim()).filter(Boolean).join(',') || '*';
    const b = byGroup.get(group) ?? { lower: [], upper: [] };
    b.lower.push([time, lower]);
    b.upper.push([time, upper]);
    byGroup.set(group, b);
  });
  return { bands: [...byGroup].map(([group, b]) => ({ group, ...b })), problems };
}
