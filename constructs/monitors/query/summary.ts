/**
 * What a monitor-kind validator needs to know about a parsed query, flattened: the comparator and threshold in the
 * query, the evaluation window in seconds, group-by keys, scope tags, the arguments of anomalies/forecast/outliers,
 * the data source of a source query, and the monitor IDs of a composite.
 */
import type {
  AnomalyAlgorithm,
  AnomalyDirection,
  Comparator,
  CompositeExpression,
  ForecastAlgorithm,
  MetricExpression,
  MonitorQuery,
  MonitorQueryKind,
  NamedArgument,
  OutlierAlgorithm,
  Scope,
  ScopeExpression,
  Seasonality,
  SourceName,
  StringLiteral,
} from './ast';

export interface AnomalySummary {
  readonly algorithm: AnomalyAlgorithm;
  readonly deviations: number;
  /** @default 'both' when the query has no direction= */
  readonly direction: AnomalyDirection;
  readonly alertWindow: string | undefined;
  readonly alertWindowSeconds: number | undefined;
  readonly intervalSeconds: number | undefined;
  readonly seasonality: Seasonality | undefined;
  readonly countDefaultZero: boolean | undefined;
  /** The outer `avg(last_4h)` window. */
  readonly queryWindow: string;
  readonly queryWindowSeconds: number;
}

export interface ForecastSummary {
  readonly algorithm: ForecastAlgorithm;
  readonly deviations: number;
  /** `next_1w` → 604800. */
  readonly horizonSeconds: number;
  readonly interval: string | undefined;
  readonly history: string | undefined;
  readonly model: string | undefined;
}

export interface OutlierSummary {
  readonly algorithm: OutlierAlgorithm;
  readonly tolerance: number;
  readonly percentage: number | undefined;
}

export interface QuerySummary {
  readonly kind: MonitorQueryKind;
  /** The comparator of the query; undefined for service checks and composites (their thresholds live in options). */
  readonly comparator: Comparator | undefined;
  /** The number after the comparator: Datadog requires the critical threshold to equal it. */
  readonly threshold: number | undefined;
  /** `avg`, `sum`, `min`, `max`, `percentile` (metric family). */
  readonly timeAggregation: string | undefined;
  /** The evaluation window as written: `last_5m`, `current_1d`, `next_1w`, or a source query's `5m`. */
  readonly evaluationWindow: string | undefined;
  /**
   * The evaluation window in seconds (`last_5m` → 300, `current_1mo` → 30 days; a source query's `.last("5m")` →
   * 300). For anomalies, the outer query window; undefined for forecasts (see `forecast.horizonSeconds`), service
   * checks (see `lastN`) and composites.
   */
  readonly evaluationWindowSeconds: number | undefined;
  /** For change/pct_change: the kind and the window compared against. */
  readonly change: { readonly kind: 'change' | 'pct_change'; readonly shiftSeconds: number } | undefined;
  /** Metric names in the query, in order of appearance, without duplicates. */
  readonly metrics: string[];
  /** Group-by keys (`by {host,env}`, `.by("host")`, `.by("a,b")`), without duplicates. */
  readonly groupBy: string[];
  /** Tag filters that narrow the query, key → values (a bare tag or `key:*` has no values). */
  readonly scopeTags: Record<string, string[]>;
  /** Tag filters that exclude (`!key:v`, `NOT key:v`, `key NOT IN (…)`, `.exclude("k:v")`, `-key:v` in a search). */
  readonly excludedTags: Record<string, string[]>;
  /** Some series uses `.as_count()` (counts evaluate missing data as zero). */
  readonly asCount: boolean;
  /** Service checks: N of `.last(N)`. */
  readonly lastN: number | undefined;
  /** Service checks: the check name. */
  readonly check: string | undefined;
  readonly anomaly: AnomalySummary | undefined;
  readonly forecast: ForecastSummary | undefined;
  readonly outlier: OutlierSummary | undefined;
  /** Source queries: `logs`, `events`, `rum`, `trace-analytics`, … */
  readonly dataSource: SourceName | undefined;
  /** Source queries: the search text inside `logs("…")`. */
  readonly search: string | undefined;
  /** Source queries: `.rollup("avg", "@duration")` → { method: 'avg', measure: '@duration' }. */
  readonly rollup: { readonly method: string; readonly measure: string | undefined } | undefined;
  /** Composites: numeric monitor IDs, in order of appearance, without duplicates. */
  readonly monitorIds: number[];
  /** Composites: every operand as written (IDs and placeholders), in order, without duplicates. */
  readonly monitorRefs: string[];
}

class TagCollector {
  readonly include: Record<string, string[]> = {};
  readonly exclude: Record<string, string[]> = {};

  add(key: string, value: string | undefined, excluded: boolean): void {
    const target = excluded ? this.exclude : this.include;
    const values = (target[key] ??= []);
    if (value !== undefined && value !== '*' && !values.includes(value)) values.push(value);
  }

  /** `env:prod`, `production` (bare). */
  addTagText(text: string, excluded: boolean): void {
    if (text === '*') return;
    const colon = text.indexOf(':');
    this.add(colon < 0 ? text : text.slice(0, colon), colon < 0 ? undefined : text.slice(colon + 1), excluded);
  }
}

export function summarizeQuery(q: MonitorQuery): QuerySummary {
  const tags = new TagCollector();
  const metrics: string[] = [];
  const groupBy: string[] = [];
  const addGroup = (key: string): void => {
    const k = key.trim();
    if (k !== '' && !groupBy.includes(k)) groupBy.push(k);
  };
  let asCount = false;
  const walkExpression = (e: MetricExpression): void => {
    switch (e.type) {
      case 'series':
        if (!metrics.includes(e.metric.text)) metrics.push(e.metric.text);
        walkScope(e.scope, tags);
        e.groupBy?.keys.forEach((k) => addGroup(k.text));
        if (e.modifiers.some((m) => m.name === 'as_count')) asCount = true;
        return;
      case 'binary':
        walkExpression(e.left);
        walkExpression(e.right);
        return;
      case 'negate':
        walkExpression(e.operand);
        return;
      case 'paren':
        walkExpression(e.inner);
        return;
      case 'call':
        for (const arg of e.args) if (arg.type !== 'string' && arg.type !== 'named') walkExpression(arg);
        return;
      case 'number':
        return;
    }
  };

  const base = {
    kind: q.kind,
    comparator: undefined,
    threshold: undefined,
    timeAggregation: undefined,
    evaluationWindow: undefined,
    evaluationWindowSeconds: undefined,
    change: undefined,
    lastN: undefined,
    check: undefined,
    anomaly: undefined,
    forecast: undefined,
    outlier: undefined,
    dataSource: undefined,
    search: undefined,
    rollup: undefined,
    monitorIds: [] as number[],
    monitorRefs: [] as string[],
  };
  const finish = (specific: Partial<QuerySummary>): QuerySummary => ({
    ...base,
    ...specific,
    metrics,
    groupBy,
    scopeTags: tags.include,
    excludedTags: tags.exclude,
    asCount,
  });

  switch (q.kind) {
    case 'metric':
    case 'anomaly':
    case 'forecast':
    case 'outlier': {
      const { evaluation, comparison } = q;
      const common: Partial<QuerySummary> = {
        comparator: comparison.comparator.text,
        threshold: comparison.threshold.value,
        timeAggregation: evaluation.timeAggregation.text,
        evaluationWindow: evaluation.window.text,
        evaluationWindowSeconds: evaluation.window.relation === 'next' ? undefined : evaluation.window.seconds,
        change: evaluation.change ? { kind: evaluation.change.kind.text, shiftSeconds: evaluation.change.shift.seconds } : undefined,
      };
      if (q.kind === 'metric') {
        walkExpression(q.expression);
        return finish(common);
      }
      if (q.kind === 'anomaly') {
        const a = q.anomalies;
        walkExpression(a.query);
        return finish({
          ...common,
          anomaly: {
            algorithm: a.algorithm.text,
            deviations: a.deviations.value,
            direction: a.direction?.text ?? 'both',
            alertWindow: a.alertWindow?.text,
            alertWindowSeconds: a.alertWindow?.seconds,
            intervalSeconds: a.intervalSeconds?.value,
            seasonality: a.seasonality?.text,
            countDefaultZero: a.countDefaultZero ? a.countDefaultZero.text === 'true' : undefined,
            queryWindow: evaluation.window.text,
            queryWindowSeconds: evaluation.window.seconds,
          },
        });
      }
      if (q.kind === 'forecast') {
        const f = q.forecast;
        walkExpression(f.query);
        return finish({
          ...common,
          forecast: {
            algorithm: f.algorithm.text,
            deviations: f.deviations.value,
            horizonSeconds: evaluation.window.seconds,
            interval: namedText(f.namedArgs, 'interval'),
            history: namedText(f.namedArgs, 'history'),
            model: namedText(f.namedArgs, 'model'),
          },
        });
      }
      walkExpression(q.outliers.query);
      return finish({
        ...common,
        outlier: {
          algorithm: q.outliers.algorithm.text,
          tolerance: q.outliers.tolerance.value,
          percentage: q.outliers.percentage?.value,
        },
      });
    }
    case 'service_check':
      q.over.forEach((t) => tags.addTagText(t.value, false));
      q.exclude.forEach((t) => tags.addTagText(t.value, true));
      q.by.forEach((t) => addGroup(t.value));
      return finish({ lastN: q.last.value, check: q.check.value });
    case 'source': {
      addSearchTags(q.search.value, tags);
      let rollup: QuerySummary['rollup'];
      for (const call of q.chain) {
        const strings = call.args.filter((a): a is StringLiteral => a.type === 'string').map((a) => a.value);
        if (call.name.text === 'by') strings.join(',').split(',').forEach(addGroup);
        if (call.name.text === 'over') strings.forEach((t) => tags.addTagText(t, false));
        if (call.name.text === 'rollup') rollup = { method: strings[0], measure: strings[1] };
      }
      return finish({
        comparator: q.comparison.comparator.text,
        threshold: q.comparison.threshold.value,
        evaluationWindow: q.last.text,
        evaluationWindowSeconds: q.last.seconds,
        dataSource: q.source.text,
        search: q.search.value,
        rollup,
      });
    }
    case 'composite': {
      const ids: number[] = [];
      const refs: string[] = [];
      const walk = (e: CompositeExpression): void => {
        if (e.type === 'monitor') {
          if (e.id !== undefined && !ids.includes(e.id)) ids.push(e.id);
          if (!refs.includes(e.text)) refs.push(e.text);
        } else if (e.type === 'not') walk(e.operand);
        else if (e.type === 'paren') walk(e.inner);
        else {
          walk(e.left);
          walk(e.right);
        }
      };
      walk(q.expression);
      return finish({ monitorIds: ids, monitorRefs: refs });
    }
  }
}

function namedText(args: NamedArgument[], name: string): string | undefined {
  const arg = args.find((a) => a.name.text === name);
  if (!arg) return undefined;
  return arg.value.type === 'string' ? arg.value.value : arg.value.text;
}

function walkScope(scope: Scope, tags: TagCollector): void {
  if (scope.style === 'all') return;
  if (scope.style === 'comma') {
    for (const f of scope.filters) tags.add(f.key, f.value, f.negated);
    return;
  }
  walkScopeExpression(scope.expression, false, tags);
}

function walkScopeExpression(e: ScopeExpression, negated: boolean, tags: TagCollector): void {
  switch (e.type) {
    case 'tag':
      tags.add(e.key, e.value, negated !== e.negated);
      return;
    case 'in':
      for (const v of e.values) tags.add(e.key.text, v.text, negated !== e.negated);
      return;
    case 'not':
      walkScopeExpression(e.operand, !negated, tags);
      return;
    case 'paren':
      walkScopeExpression(e.inner, negated, tags);
      return;
    case 'and':
    case 'or':
      e.operands.forEach((o) => walkScopeExpression(o, negated, tags));
      return;
  }
}

/**
 * `key:value` terms of a log-style search (`service:web -env:staging NOT host:a @http.status_code:500`). A light
 * reading for summaries: it does not validate the search syntax, which is Datadog's search language, not ours.
 */
function addSearchTags(search: string, tags: TagCollector): void {
  const term = /(^|[\s(])(-|NOT\s+)?(@?[A-Za-z_][\w.\-@]*):("[^"]*"|[^\s()]+)/g;
  for (let m = term.exec(search); m !== null; m = term.exec(search)) {
    const value = m[4].startsWith('"') ? m[4].slice(1, -1) : m[4];
    tags.add(m[3], value, m[2] !== undefined);
  }
}
