import { Token } from 'cdktf';
import type { ThresholdComparator, SeriesSource } from './spec';

/** True for a value cdktf resolves later (a reference token): validators skip those. */
export function isToken(value: unknown): boolean {
  // Fast paths (catalogs check thousands of values): string tokens contain `${`, number tokens are huge negatives.
  if (typeof value === 'string') return value.includes('${') && Token.isUnresolved(value);
  if (typeof value === 'number') return value < -1e280 && Token.isUnresolved(value);
  return false;
}

/** A number as Datadog writes it in a query or a threshold (`90`, `0.8`); number tokens stay tokens. */
export function formatNumber(n: number): string {
  if (isToken(n)) return Token.asString(n);
  return String(n);
}

/**
 * A threshold as the provider 3.82.0 reads it back from Datadog (Go's `%v` of a float64): `90`, `0.5`, `1e+06`,
 * `1e-05`. Written so, an adopted monitor's thresholds plan no change. Number tokens stay tokens.
 */
export function formatThreshold(n: number): string {
  if (isToken(n)) return Token.asString(n);
  if (!Number.isFinite(n) || n === 0) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  // Go's shortest %g switches to exponent form below 1e-4 and from 1e6 (precision 6), with two exponent digits.
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** `last_5m`, `last_2h`, `last_1d`, `last_1w`: whole hours and days are written in their unit. */
export function formatWindow(minutes: number): string {
  if (minutes % 10080 === 0 && minutes / 10080 === 1) return 'last_1w';
  if (minutes % 1440 === 0 && minutes / 1440 === 1) return 'last_1d';
  if (minutes % 60 === 0 && minutes / 60 <= 168) return `last_${minutes / 60}h`;
  return `last_${minutes}m`;
}

/** `5m`, `2h`: the unit suffix used by `.last("5m")` in log and event queries. */
export function formatShortWindow(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** Minutes of a window literal (`last_5m` → 5, `last_2h` → 120, `last_1d` → 1440); undefined when not one. */
export function windowLiteralMinutes(text: string): number | undefined {
  const m = /^(?:last_)?(\d+)(m|h|d|w)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
}

/** `{env:prod,service:web}` or `{*}`. */
export function formatScope(scope: readonly string[] | undefined): string {
  return scope && scope.length > 0 ? `{${scope.join(',')}}` : '{*}';
}

/** The series part of a metric query: `avg:metric{scope} by {keys}.as_count()` or the `series` text. */
export function formatSeries(src: SeriesSource): string {
  if (src.series !== undefined) return src.series;
  const by = src.groupBy && src.groupBy.length > 0 ? ` by {${src.groupBy.join(',')}}` : '';
  const mod = src.modifier ? `.${src.modifier}()` : '';
  return `${src.spaceAggregation ?? 'avg'}:${src.metric ?? ''}${formatScope(src.scope)}${by}${mod}`;
}

/** Group-by keys of a series source; for `series` text, read from every `by {…}` in it. */
export function seriesGroupBy(src: SeriesSource): string[] {
  if (src.series === undefined) return [...(src.groupBy ?? [])];
  return groupByKeysInText(src.series);
}

/** Scope filters of a series source; for `series` text, read from every `{…}` that is not a group-by. */
export function seriesScope(src: SeriesSource): string[] {
  if (src.series === undefined) return [...(src.scope ?? [])];
  return scopeTagsInText(src.series);
}

/** Keys of every `by {a,b}` in a metric query text. */
export function groupByKeysInText(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(/\bby\s*\{([^}]*)\}/g)) {
    for (const k of m[1].split(',')) if (k.trim()) keys.add(k.trim());
  }
  // service checks: .by("a","b"); logs/events: .by("a,b")
  for (const m of text.matchAll(/\.by\(([^)]*)\)/g)) {
    for (const part of m[1].split(',')) {
      const k = part.trim().replace(/^"|"$/g, '').trim();
      if (k) keys.add(k);
    }
  }
  return [...keys];
}

/** Positive `key:value` filters in every `{…}` scope of a metric query text (not group-bys, not negations). */
export function scopeTagsInText(text: string): string[] {
  const tags = new Set<string>();
  const withoutBy = text.replace(/\bby\s*\{[^}]*\}/g, '');
  for (const m of withoutBy.matchAll(/\{([^}]*)\}/g)) {
    for (const raw of m[1].split(/,|\s+(?:AND|OR)\s+|\s+/)) {
      const t = raw.trim().replace(/^\(+|\)+$/g, '');
      if (t && t !== '*' && !t.startsWith('!') && t.includes(':') && t !== 'NOT') tags.add(t);
    }
  }
  return [...tags];
}

/** The comparator and number that end a query (`… > 90`), if it has them. */
export function trailingThreshold(query: string): { comparator: ThresholdComparator | '==' | '!='; threshold: number } | undefined {
  const m = /(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i.exec(query);
  if (!m) return undefined;
  return { comparator: m[1] as ThresholdComparator, threshold: Number(m[2]) };
}

/** Minutes of the evaluation window of a metric query (`avg(last_5m):…`), if it has one. */
export function queryWindowMinutes(query: string): number | undefined {
  const m = /^\s*[a-z_]+\(\s*(?:[a-z_]+\()?(last_\d+[mhdw])/.exec(query);
  if (m) return windowLiteralMinutes(m[1]);
  const last = /\.last\("(\d+[mhdw])"\)/.exec(query);
  return last ? windowLiteralMinutes(last[1]) : undefined;
}
