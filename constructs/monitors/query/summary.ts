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
} from './ast';
import { FORMULA_FUNCTIONS, SOURCES } from './vocabulary';

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
  /**
   * The `type` of `datadog_monitor` that takes this query: 'query alert' (metric family), 'service check',
   * 'composite', or the source's own type ('log alert', 'rum alert', …; see `SOURCES`). A `formula(…)` query gets
   * 'query alert', though its variables' data source may call for another type.
   */
  readonly monitorType: string;
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
  /**
   * SLO alerts: the SLO's ID, the target window watched (`7d`, `30d`, `90d`) and, for burn rates, the long and short
   * windows as written (`1h`, `5m`).
   */
  readonly slo: { readonly id: string; readonly targetWindow: string; readonly longWindow: string | undefined; readonly shortWindow: string | undefined } | undefined;
  /** Source queries whose window is `.current("1h")` (the period so far) rather than `.last(…)`. */
  readonly cumulative: boolean;
  /**
   * A formula's function after its window (cost monitors): `.anomaly(direction=both)` → { name: 'anomaly',
   * named: { direction: 'both' }, positional: [] }; `.change(relative)` → positional ['relative'].
   */
  readonly formulaFunction:
    | { readonly name: string; readonly named: Readonly<Record<string, string>>; readonly positional: readonly string[] }
    | undefined;
  /** Composites: numeric monitor IDs, in order of appearance, without duplicates. */
  readonly monitorIds: number[];
  /** Composites: every operand as written (IDs and placeholders), in order, without duplicates. */
  readonly monitorRefs: string[];
}

/** Walks a query once, collecting metrics, group-by keys and tags. Methods, not closures: this runs per monitor. */
class Collector {
  readonly include: Record<string, string[]> = {};
  readonly exclude: Record<string, string[]> = {};
  readonly metrics: string[] = [];
  readonly groupBy: string[] = [];
  asCount = false;

  addTag(key: string, value: string | undefined, excluded: boolean): void {
    const target = excluded ? this.exclude : this.include;
    const values = (target[key] ??= []);
    if (value !== undefined && value !== '*' && !values.includes(value)) values.push(value);
  }

  /** `env:prod`, `production` (bare). */
  addTagText(text: string, excluded: boolean): void {
    if (text === '*') return;
    const colon = text.indexOf(':');
    this.addTag(colon < 0 ? text : text.slice(0, colon), colon < 0 ? undefined : text.slice(colon + 1), excluded);
  }

  addGroup(key: string): void {
    const k = key.trim();
    if (k !== '' && !this.groupBy.includes(k)) this.groupBy.push(k);
  }

  expression(e: MetricExpression): void {
    switch (e.type) {
      case 'series':
        if (!this.metrics.includes(e.metric.text)) this.metrics.push(e.metric.text);
        this.scope(e.scope);
        if (e.groupBy) for (const k of e.groupBy.keys) this.addGroup(k.text);
        for (const m of e.modifiers) if (m.name === 'as_count') this.asCount = true;
        return;
      case 'binary':
        this.expression(e.left);
        this.expression(e.right);
        return;
      case 'negate':
        this.expression(e.operand);
        return;
      case 'paren':
        this.expression(e.inner);
        return;
      case 'call':
        for (const arg of e.args) if (arg.type !== 'string' && arg.type !== 'named') this.expression(arg);
        return;
      case 'number':
        return;
    }
  }

  scope(scope: Scope): void {
    if (scope.style === 'all') return;
    if (scope.style === 'comma') {
      for (const f of scope.filters) if (f.text !== '*') this.addTag(f.key, f.value, f.negated);
      return;
    }
    this.scopeExpression(scope.expression, false);
  }

  scopeExpression(e: ScopeExpression, negated: boolean): void {
    switch (e.type) {
      case 'tag':
        this.addTag(e.key, e.value, negated !== e.negated);
        return;
      case 'in':
        for (const v of e.values) this.addTag(e.key.text, v.text, negated !== e.negated);
        return;
      case 'not':
        this.scopeExpression(e.operand, !negated);
        return;
      case 'paren':
        this.scopeExpression(e.inner, negated);
        return;
      case 'and':
      case 'or':
        for (const o of e.operands) this.scopeExpression(o, negated);
        return;
    }
  }

  /**
   * `key:value` terms of a log-style search (`service:web -env:staging NOT host:a @http.status_code:500`). A light
   * reading for summaries: it does not validate the search, which is Datadog's search language, not ours.
   */
  searchTags(search: string): void {
    const term = /(^|[\s(])(-|NOT\s+)?(@?[A-Za-z_][\w.\-@]*):("[^"]*"|[^\s()]+)/g;
    for (let m = term.exec(search); m !== null; m = term.exec(search)) {
      const value = m[4].startsWith('"') ? m[4].slice(1, -1) : m[4];
      this.addTag(m[3], value, m[2] !== undefined);
    }
  }

  finish(specific: Partial<QuerySummary> & { kind: MonitorQueryKind }): QuerySummary {
    return {
      monitorType: monitorTypeOf(specific.kind, specific.dataSource),
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
      slo: undefined,
      cumulative: false,
      formulaFunction: undefined,
      monitorIds: [],
      monitorRefs: [],
      ...specific,
      metrics: this.metrics,
      groupBy: this.groupBy,
      scopeTags: this.include,
      excludedTags: this.exclude,
      asCount: this.asCount,
    };
  }
}

export function summarizeQuery(q: MonitorQuery): QuerySummary {
  const c = new Collector();
  switch (q.kind) {
    case 'metric':
    case 'anomaly':
    case 'forecast':
    case 'outlier': {
      const { evaluation, comparison } = q;
      const common = {
        kind: q.kind,
        comparator: comparison.comparator.text,
        threshold: comparison.threshold.value,
        timeAggregation: evaluation.timeAggregation.text,
        evaluationWindow: evaluation.window.text,
        evaluationWindowSeconds: evaluation.window.relation === 'next' ? undefined : evaluation.window.seconds,
        change: evaluation.change ? { kind: evaluation.change.kind.text, shiftSeconds: evaluation.change.shift.seconds } : undefined,
      };
      if (q.kind === 'metric') {
        c.expression(q.expression);
        if (q.trailingGroupBy) for (const k of q.trailingGroupBy.keys) c.addGroup(k.text);
        return c.finish(common);
      }
      if (q.kind === 'anomaly') {
        const a = q.anomalies;
        c.expression(a.query);
        return c.finish({
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
        c.expression(f.query);
        return c.finish({
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
      c.expression(q.outliers.query);
      return c.finish({
        ...common,
        outlier: { algorithm: q.outliers.algorithm.text, tolerance: q.outliers.tolerance.value, percentage: q.outliers.percentage?.value },
      });
    }
    case 'service_check':
      if (q.legacy) {
        c.scope(q.legacy.scope);
      } else {
        for (const t of q.over) c.addTagText(t.value, false);
        for (const t of q.exclude) c.addTagText(t.value, true);
      }
      for (const t of q.by) c.addGroup(t.value);
      return c.finish({ kind: q.kind, lastN: q.last.value, check: q.check.value });
    case 'source': {
      const isSlo = q.source.text === 'error_budget' || q.source.text === 'burn_rate';
      if (!isSlo) c.searchTags(q.search.value);
      let rollup: QuerySummary['rollup'];
      let formulaFunction: { name: string; named: Record<string, string>; positional: string[] } | undefined;
      const windows: Record<string, string> = {};
      for (const call of q.chain) {
        const strings: string[] = [];
        for (const a of call.args) if (a.type === 'string') strings.push(a.value);
        else if (a.type === 'word') strings.push(a.text);
        if (call.name.text === 'by') for (const key of strings.join(',').split(',')) c.addGroup(key);
        if (call.name.text === 'over' && !isSlo) for (const t of strings) c.addTagText(t, false);
        if (call.name.text === 'rollup') rollup = { method: strings[0], measure: strings[1] };
        if (call.name.text === 'long_window' || call.name.text === 'short_window') windows[call.name.text] = strings[0];
        if (FORMULA_FUNCTIONS.includes(call.name.text)) {
          const named: Record<string, string> = {};
          for (const a of call.args) if (a.type === 'named') named[a.name.text] = a.value.type === 'string' ? a.value.value : a.value.text;
          formulaFunction = { name: call.name.text, named, positional: strings };
        }
      }
      return c.finish({
        kind: q.kind,
        comparator: q.comparison.comparator.text,
        threshold: q.comparison.threshold.value,
        evaluationWindow: q.last.text,
        evaluationWindowSeconds: q.last.seconds,
        dataSource: q.source.text,
        search: q.search.value,
        rollup,
        slo: isSlo ? { id: q.search.value, targetWindow: q.last.text, longWindow: windows.long_window, shortWindow: windows.short_window } : undefined,
        cumulative: q.last.relation === 'current',
        formulaFunction,
      });
    }
    case 'composite': {
      const ids: number[] = [];
      const refs: string[] = [];
      collectMonitorRefs(q.expression, ids, refs);
      return c.finish({ kind: q.kind, monitorIds: ids, monitorRefs: refs });
    }
  }
}

function collectMonitorRefs(e: CompositeExpression, ids: number[], refs: string[]): void {
  switch (e.type) {
    case 'monitor':
      if (e.id !== undefined && !ids.includes(e.id)) ids.push(e.id);
      if (!refs.includes(e.text)) refs.push(e.text);
      return;
    case 'not':
      collectMonitorRefs(e.operand, ids, refs);
      return;
    case 'paren':
      collectMonitorRefs(e.inner, ids, refs);
      return;
    case 'binary':
      collectMonitorRefs(e.left, ids, refs);
      collectMonitorRefs(e.right, ids, refs);
      return;
  }
}

function monitorTypeOf(kind: MonitorQueryKind, source: SourceName | undefined): string {
  if (kind === 'service_check') return 'service check';
  if (kind === 'composite') return 'composite';
  if (kind === 'source') return SOURCES.find((d) => d.name === source)?.monitorType ?? 'query alert';
  return 'query alert';
}

function namedText(args: NamedArgument[], name: string): string | undefined {
  const arg = args.find((a) => a.name.text === name);
  if (!arg) return undefined;
  return arg.value.type === 'string' ? arg.value.value : arg.value.text;
}
