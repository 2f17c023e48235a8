/**
 * A hand-written recursive-descent parser for Datadog monitor queries (grammar: shared FACTS.md, "Monitors").
 * Linear in the query length; the first error wins and names the column and what was expected there.
 */
import type {
  AnomaliesCall,
  AnomalyAlgorithm,
  AnomalyDirection,
  Call,
  CallArgument,
  BareWord,
  ChainArgument,
  ChainCall,
  Comparator,
  Comparison,
  CompositeExpression,
  Evaluation,
  FillMode,
  ForecastAlgorithm,
  ForecastCall,
  GroupBy,
  MetricExpression,
  Modifier,
  MonitorQuery,
  Name,
  NamedArgument,
  NumberLiteral,
  OutlierAlgorithm,
  OutliersCall,
  ParseResult,
  RollupAggregator,
  Scope,
  ScopeExpression,
  Seasonality,
  Series,
  ServiceCheckQuery,
  SourceName,
  SourceQuery,
  Span,
  StringLiteral,
  TagFilter,
  Window,
  WindowUnit,
} from './ast';
import { COMPARATORS } from './ast';
import { isIdentifierPart, isIdentifierStart, isTagChar, ParseFailure, Scanner } from './lexer';
import {
  ANOMALY_ALGORITHMS,
  ANOMALY_DIRECTIONS,
  ANOMALY_NAMED_ARGS,
  CHANGE_FUNCTIONS,
  closest,
  FILL_MODES,
  FORECAST_ALGORITHMS,
  FORECAST_MODELS,
  FORECAST_NAMED_ARGS,
  FUNCTIONS_NOT_IN_MONITORS,
  isKnownMetricFunction,
  isPercentileAggregation,
  isSourceRollup,
  isSpaceAggregation,
  METRIC_FUNCTIONS,
  OUTLIER_ALGORITHM_ALIASES,
  OUTLIER_ALGORITHMS,
  ROLLUP_AGGREGATORS,
  SEASONALITIES,
  SERVICE_CHECK_LAST_MAX,
  SOURCE_ALIASES,
  SLO_TARGET_WINDOWS,
  FORMULA_FUNCTIONS,
  sourceMethods,
  SOURCE_METHODS,
  SOURCE_NAMES,
  SOURCE_ROLLUPS,
  SPACE_AGGREGATIONS,
  TIME_AGGREGATIONS,
  WINDOW_LIMITS,
} from './vocabulary';

export interface ParseOptions {
  /**
   * Accept Terraform token text (`${…}`, as cdktf renders a value known only at apply time) inside tag values,
   * tag keys and metric names, and identifiers or tokens as composite operands. For checking queries built from
   * tokens at synth; Datadog itself never sees the placeholders.
   * @default false - the query must be complete, as Datadog will receive it
   */
  readonly allowPlaceholders?: boolean;
}

/**
 * Parses one monitor query. Never throws: a bad query gives `{ ok: false, error }` with a 1-based column.
 * The kind is decided by how the query starts: `avg(`/`change(`… metric family, `"check"` service check,
 * `logs("`… source family, a digit, `(` or `!` composite.
 */
export function parseMonitorQuery(source: string, options: ParseOptions = {}): ParseResult {
  if (typeof source !== 'string') {
    return { ok: false, error: { column: 1, message: `expected the query as a string, got ${typeof source}` } };
  }
  return run(source, options, (p) => p.parseQuery());
}

export interface CompositeParseOptions {
  /**
   * Accept operands that are not numbers yet: identifiers (`cpu_high`) and Terraform token text (`${…}`), as
   * produced when a composite is built from monitor objects whose IDs are known only at apply time.
   * @default false - only numeric monitor IDs, as Datadog requires
   */
  readonly allowPlaceholders?: boolean;
}

/** Parses a composite expression (`123 && (456 || !789)`), optionally with placeholder operands. Never throws. */
export function parseCompositeExpression(source: string, options: CompositeParseOptions = {}): ParseResult {
  if (typeof source !== 'string') {
    return { ok: false, error: { column: 1, message: `expected the expression as a string, got ${typeof source}` } };
  }
  return run(source, options, (p) => p.parseComposite(options.allowPlaceholders ?? false));
}

function run(source: string, options: ParseOptions, parse: (p: Parser) => MonitorQuery): ParseResult {
  try {
    return { ok: true, query: parse(new Parser(source, options.allowPlaceholders ?? false)) };
  } catch (e) {
    if (e instanceof ParseFailure) {
      const error = { column: e.offset + 1, message: e.message };
      return { ok: false, error: e.expected && e.expected.length > 0 ? { ...error, expected: e.expected } : error };
    }
    // A bug in the parser must still not escape as an exception: the contract is a result.
    return { ok: false, error: { column: 1, message: `internal parser error: ${String(e)}` } };
  }
}

const WINDOW_EXAMPLES = 'last_5m, last_1h, last_1d, last_1w, current_1h, current_1d or current_1mo';

interface Features {
  /** Offset of the first `,` or `!` (comma style), if any. */
  comma?: number;
  /** Offset of the first AND/OR/NOT/IN or parenthesis (boolean style), if any. */
  boolean?: number;
}

const SCOPE_KEYWORDS = ['AND', 'OR', 'NOT', 'IN'] as const;
type ScopeKeyword = (typeof SCOPE_KEYWORDS)[number];

class Parser {
  private readonly s: Scanner;

  constructor(
    readonly source: string,
    private readonly allowPlaceholders = false,
  ) {
    this.s = new Scanner(source);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Dispatch

  parseQuery(): MonitorQuery {
    const s: Scanner = this.s;
    s.skipSpaces();
    if (s.atEnd) {
      s.fail(s.pos, 'empty query: expected a metric query such as avg(last_5m):avg:system.cpu.user{*} > 90', [
        'avg(',
        'sum(',
        'min(',
        'max(',
        '"check"',
        'logs(',
        'a monitor ID',
      ]);
    }
    const c = s.peek();
    if (c === '"' || c === "'") return this.parseServiceCheck();
    if ((c >= '0' && c <= '9') || c === '(' || c === '!' || (this.allowPlaceholders && c === '$')) return this.parseComposite(this.allowPlaceholders);
    // The older service check form starts with the check name and a scope: `datadog.agent.up{*} by {host}.last(2)…`.
    if (/^[A-Za-z][A-Za-z0-9_.]*\s*\{/.test(s.source.slice(s.pos, s.pos + 240))) return this.parseLegacyServiceCheck();
    const start = s.pos;
    const word = s.readWord((ch) => ch === '-');
    if (!word) {
      s.fail(
        s.pos,
        `expected the start of a monitor query (a time aggregation such as avg(last_5m), a quoted service check, a source such as logs("…"), or monitor IDs), found ${s.describeNext()}`,
      );
    }
    if (!s.lookingAt('(')) {
      s.fail(s.pos, `expected '(' after '${word.text}', found ${s.describeNext()}`, ['(']);
    }
    if ((SOURCE_NAMES as readonly string[]).includes(word.text)) return this.parseSource(word as Name<SourceName>);
    if ((TIME_AGGREGATIONS as readonly string[]).includes(word.text) || (CHANGE_FUNCTIONS as readonly string[]).includes(word.text)) {
      return this.parseMetricFamily(start, word);
    }
    const alias = SOURCE_ALIASES[word.text];
    if (alias) s.fail(word.span.start, `unknown source '${word.text}': ${alias}`, [...SOURCE_NAMES]);
    const known = [...TIME_AGGREGATIONS, ...CHANGE_FUNCTIONS, ...SOURCE_NAMES];
    const hint = closest(word.text, known);
    s.fail(
      word.span.start,
      `unknown query start '${word.text}'${hint ? ` (did you mean '${hint}'?)` : ''}: expected a time aggregation (${TIME_AGGREGATIONS.join(', ')}), change/pct_change, or a source (${SOURCE_NAMES.join(', ')})`,
      known,
    );
  }

  private expectEnd(): void {
    const s: Scanner = this.s;
    s.skipSpaces();
    if (!s.atEnd) s.fail(s.pos, `unexpected ${s.describeNext()} after the end of the query`, ['end of query']);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Metric family: metric, change, anomaly, forecast, outlier

  private parseMetricFamily(start: number, head: Name): MonitorQuery {
    const s: Scanner = this.s;
    const evaluation = this.parseEvaluation(start, head);
    s.expect(':', 'after the evaluation window');
    s.skipSpaces();
    const bodyStart = s.pos;
    // `( anomalies(…) ) > 1`: parentheses around the whole call are in real monitors; Datadog accepts them.
    let parens = 0;
    const beforeParens = s.pos;
    while (s.peek() === '(') {
      s.pos++;
      s.skipSpaces();
      parens++;
    }
    let special = this.peekWord();
    if (parens > 0 && special !== 'anomalies' && special !== 'forecast' && special !== 'outliers') {
      s.pos = beforeParens;
      parens = 0;
      special = this.peekWord();
    }
    const closeParens = (): void => {
      for (let i = 0; i < parens; i++) s.expect(')', `to close the parenthesis around ${special}(…)`);
    };
    const wrapped = parens > 0 ? { parens } : {};
    if (special === 'anomalies' || special === 'forecast' || special === 'outliers') {
      if (evaluation.change) {
        s.fail(evaluation.change.kind.span.start, `${special}() cannot be combined with ${evaluation.change.kind.text}(); use avg(<window>):${special}(…)`);
      }
    }
    if (special === 'forecast') {
      if (evaluation.window.relation !== 'next') {
        s.fail(evaluation.window.span.start, `a forecast looks ahead: expected a window such as next_1w, found '${evaluation.window.text}'`, ['next_1d', 'next_1w']);
      }
    } else if (evaluation.window.relation === 'next') {
      s.fail(evaluation.window.span.start, `'${evaluation.window.text}' is a forecast horizon; expected ${WINDOW_EXAMPLES}`);
    }

    if (special === 'anomalies') {
      const anomalies = this.parseAnomalies(evaluation);
      closeParens();
      const comparison = this.parseComparison();
      const t = comparison.threshold;
      if (t.value < 0 || t.value > 1) {
        s.fail(t.span.start, `an anomaly threshold is the fraction of anomalous points in the window: expected a number from 0 to 1, found ${t.text}`);
      }
      this.expectEnd();
      return { kind: 'anomaly', span: { start, end: s.pos }, evaluation, anomalies, comparison, ...wrapped };
    }
    if (special === 'forecast') {
      const forecast = this.parseForecast();
      closeParens();
      const comparison = this.parseComparison();
      this.expectEnd();
      return { kind: 'forecast', span: { start, end: s.pos }, evaluation, forecast, comparison, ...wrapped };
    }
    if (special === 'outliers') {
      const outliers = this.parseOutliers();
      closeParens();
      const comparison = this.parseComparison();
      this.expectEnd();
      return { kind: 'outlier', span: { start, end: s.pos }, evaluation, outliers, comparison, ...wrapped };
    }
    const expression = this.parseExpression();
    if (expression.span.start !== bodyStart) s.fail(bodyStart, 'expected a metric expression');
    if (evaluation.timeAggregation.text === 'percentile') this.checkPercentileSeries(expression);
    const comparison = this.parseComparison();
    // The older order, group-by after the threshold: Datadog's own recommended postgres monitor is written
    // `avg(last_15m):avg:postgresql.percent_usage_connections{*} > 0.9 by {host}`.
    s.skipSpaces();
    const trailingGroupBy = this.lookingAtBy() ? this.parseGroupBy() : undefined;
    this.expectEnd();
    return { kind: 'metric', span: { start, end: s.pos }, evaluation, expression, comparison, ...(trailingGroupBy ? { trailingGroupBy } : {}) };
  }

  /** `percentile(last_5m):` takes the percentile over the window of a distribution: one series aggregated as pNN. */
  private checkPercentileSeries(expression: MetricExpression): void {
    const inner = expression.type === 'paren' ? expression.inner : expression;
    if (inner.type !== 'series' || !isPercentileAggregation(inner.spaceAggregation.text)) {
      const at = inner.type === 'series' ? inner.spaceAggregation.span.start : expression.span.start;
      this.s.fail(at, `percentile(…) evaluates a distribution over the window: expected one series with a percentile space aggregation, e.g. percentile(last_5m):p95:trace.http.request{*}`, ['p50:', 'p95:', 'p99:']);
    }
  }

  /** The identifier at the cursor if it is directly followed by `(`, without consuming anything. */
  private peekWord(): string | undefined {
    const s: Scanner = this.s;
    const save = s.pos;
    const word = s.readWord();
    const followedByParen = word !== undefined && s.lookingAt('(');
    s.pos = save;
    return followedByParen ? word.text : undefined;
  }

  private parseEvaluation(start: number, head: Name): Evaluation {
    const s: Scanner = this.s;
    if (head.text === 'change' || head.text === 'pct_change') {
      const open = s.expect('(');
      const aggregation = this.parseTimeAggregation();
      s.expect('(', `after '${aggregation.text}'`);
      const window = this.parseWindow('change');
      s.expect(')', `to close '${aggregation.text}(${window.text}'`);
      s.expect(',', `and the window to compare against, e.g. ${head.text}(${aggregation.text}(${window.text}),last_5m)`);
      const shift = this.parseChangeShift();
      this.expectClose(open, head.text);
      return {
        type: 'evaluation',
        span: { start, end: s.pos },
        timeAggregation: aggregation,
        window,
        change: { kind: head as Name<'change' | 'pct_change'>, shift },
      };
    }
    const open = s.expect('(');
    const window = this.parseWindow();
    this.expectClose(open, head.text);
    return { type: 'evaluation', span: { start, end: s.pos }, timeAggregation: head, window, change: undefined };
  }

  private parseTimeAggregation(): Name {
    const s: Scanner = this.s;
    const word = s.readWord();
    if (!word || !(TIME_AGGREGATIONS as readonly string[]).includes(word.text)) {
      const at = word ? word.span.start : s.pos;
      s.fail(at, `expected a time aggregation (${TIME_AGGREGATIONS.join(', ')}), found ${word ? `'${word.text}'` : s.describeNext()}`, [...TIME_AGGREGATIONS]);
    }
    return word;
  }

  private expectClose(open: Span, what: string): Span {
    const s: Scanner = this.s;
    const close = s.accept(')');
    if (close) return close;
    s.fail(s.pos, `expected ')' to close '${what}(' opened at col ${open.start + 1}, found ${s.describeNext()}`, [')']);
  }

  /** `last_5m` (as the UI exports it) or `5m_ago` (as the API reference writes it). */
  private parseChangeShift(): Window {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    const ago = /^(\d+)(m|h|d)_ago\b/.exec(s.source.slice(s.pos, s.pos + 16));
    if (!ago) return this.parseWindow('shift');
    s.pos += ago[0].length;
    const amount = Number(ago[1]);
    const unit = ago[2] as WindowUnit;
    const allowed: Record<string, number[]> = { m: [5, 10, 15, 30], h: [1, 2, 4], d: [1] };
    if (!allowed[unit].includes(amount)) {
      s.fail(start, `'${ago[0]}' is not a shift Datadog offers: use 5m_ago, 10m_ago, 15m_ago, 30m_ago, 1h_ago, 2h_ago, 4h_ago or 1d_ago`, [
        '5m_ago', '10m_ago', '15m_ago', '30m_ago', '1h_ago', '2h_ago', '4h_ago', '1d_ago',
      ]);
    }
    return { type: 'window', span: { start, end: s.pos }, text: ago[0], relation: 'ago', amount, unit, seconds: amount * UNIT_SECONDS[unit] };
  }

  /**
   * A window. Limits (Datadog's API reference): `last_#m` 1–10080, `last_#h` 1–168, `last_1d`, `last_1w`; in the
   * change form `last_#m` 1–2880, `last_#h` 1–48, `last_1d`/`last_2d`.
   */
  parseWindow(context: 'evaluation' | 'change' | 'shift' | 'alert' = 'evaluation'): Window {
    const s: Scanner = this.s;
    const word = s.readWord();
    const at = word ? word.span.start : s.pos;
    const match = word ? /^(last|current|next)_(\d+)(mo|m|h|d|w)$/.exec(word.text) : null;
    if (!word || !match) {
      s.fail(at, `expected a window (${WINDOW_EXAMPLES}), found ${word ? `'${word.text}'` : s.describeNext()}`, ['last_<N>m', 'last_<N>h', 'last_1d', 'last_1w', 'current_1h', 'current_1d', 'current_1mo']);
    }
    const relation = match[1] as Window['relation'];
    const amount = Number(match[2]);
    const unit = match[3] as WindowUnit;
    const seconds = amount * UNIT_SECONDS[unit];
    const bad: (allowed: string) => never = (allowed) =>
      s.fail(at, `window '${word.text}' is out of range: ${allowed}`, ['last_<N>m', 'last_<N>h', 'last_1d', 'last_1w', 'current_1h', 'current_1d', 'current_1mo']);
    if (relation === 'last' && (context === 'change' || context === 'shift')) {
      if (unit === 'm' && (amount < 1 || amount > 2880)) bad('in a change alert, minutes go from last_1m to last_2880m');
      if (unit === 'h' && (amount < 1 || amount > 48)) bad('in a change alert, hours go from last_1h to last_48h');
      if (unit === 'd' && amount !== 1 && amount !== 2) bad('in a change alert, days are last_1d or last_2d');
      if (unit === 'w' || unit === 'mo') bad('a change alert window is at most last_2d');
    } else if (relation === 'last') {
      if (unit === 'm' && (amount < WINDOW_LIMITS.minutes.min || amount > WINDOW_LIMITS.minutes.max)) bad('minutes go from last_1m to last_10080m');
      if (unit === 'h' && (amount < WINDOW_LIMITS.hours.min || amount > WINDOW_LIMITS.hours.max)) bad('hours go from last_1h to last_168h');
      if (unit === 'd' && amount !== 1) bad(`days: only last_1d (write last_${amount * 24}h${amount * 24 > 168 ? ', up to last_168h' : ''})`);
      if (unit === 'w' && amount !== 1) bad('weeks: only last_1w');
      if (unit === 'mo') bad('use current_1mo for a calendar month');
    } else if (context !== 'evaluation') {
      bad(`expected a last_… window here`);
    } else if (relation === 'current') {
      if (amount !== 1 || unit === 'm' || unit === 'w') bad('cumulative windows are current_1h, current_1d and current_1mo');
    } else if (amount < 1) {
      bad('a forecast horizon is at least next_1m');
    }
    return { type: 'window', span: word.span, text: word.text, relation, amount, unit, seconds };
  }

  private parseComparison(): Comparison {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    let comparator: Comparator | undefined;
    for (const op of ['<=', '>=', '==', '!=', '<', '>'] as const) {
      if (s.source.startsWith(op, s.pos)) {
        comparator = op;
        break;
      }
    }
    if (!comparator) {
      s.fail(s.pos, `expected a comparison (${COMPARATORS.join(' ')}) and a threshold, found ${s.describeNext()}`, [...COMPARATORS]);
    }
    s.pos += comparator.length;
    const comparatorName: Name<Comparator> = { text: comparator, span: { start, end: s.pos } };
    const threshold = s.readNumber();
    if (!threshold) s.fail(s.pos, `expected a number after '${comparator}', found ${s.describeNext()}`, ['a number']);
    return { type: 'comparison', span: { start, end: threshold.span.end }, comparator: comparatorName, threshold };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Arithmetic over series

  parseExpression(): MetricExpression {
    let left = this.parseTerm();
    for (;;) {
      const s: Scanner = this.s;
      s.skipSpaces();
      const c = s.peek();
      if (c !== '+' && c !== '-') return left;
      s.pos++;
      const right = this.parseTerm();
      left = { type: 'binary', span: { start: left.span.start, end: right.span.end }, operator: c, left, right };
    }
  }

  private parseTerm(): MetricExpression {
    let left = this.parseUnary();
    for (;;) {
      const s: Scanner = this.s;
      s.skipSpaces();
      const c = s.peek();
      if (c !== '*' && c !== '/') return left;
      s.pos++;
      const right = this.parseUnary();
      left = { type: 'binary', span: { start: left.span.start, end: right.span.end }, operator: c, left, right };
    }
  }

  private parseUnary(): MetricExpression {
    const s: Scanner = this.s;
    s.skipSpaces();
    if (s.peek() === '-') {
      const start = s.pos;
      s.pos++;
      const operand = this.parseUnary();
      if (operand.type === 'number' && operand.span.start === start + 1) {
        const text = `-${operand.text}`;
        return { type: 'number', span: { start, end: operand.span.end }, value: -operand.value, text };
      }
      return { type: 'negate', span: { start, end: operand.span.end }, operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): MetricExpression {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    const c = s.peek();
    if ((c >= '0' && c <= '9') || c === '.') {
      const n = s.readNumber();
      if (n) return n;
    }
    if (c === '(') {
      s.pos++;
      const inner = this.parseExpression();
      this.expectClose({ start, end: start + 1 }, '');
      return { type: 'paren', span: { start, end: s.pos }, inner };
    }
    if (!isIdentifierStart(c)) {
      s.fail(s.pos, `expected a metric series (such as avg:system.cpu.user{*}), a number, a function or '(', found ${s.describeNext()}`, [
        'a series',
        'a number',
        'a function',
        '(',
      ]);
    }
    // A space aggregator may be a percentile with a decimal point (`p99.9`), so read dots too, then decide.
    const word = s.readWhile(isMetricChar);
    s.skipSpaces();
    if (s.peek() === '(') return this.parseCall({ text: word.text, span: word.span });
    if (s.peek() === ':') return this.parseSeries({ text: word.text, span: word.span });
    // No space aggregation: Datadog uses avg (`avg(last_1h):system.disk.in_use{role:x} by {device} > 0.9`).
    if (s.peek() === '{') {
      s.pos = word.span.start;
      return this.parseSeries(undefined);
    }
    if (word.text.includes('.')) {
      s.fail(s.pos, `expected '{' with the scope of '${word.text}' (write {*} for everything), found ${s.describeNext()}`, ['{']);
    }
    s.fail(s.pos, `expected ':' after the space aggregation '${word.text}', '{' after a metric name or '(' after a function name, found ${s.describeNext()}`, [':', '{', '(']);
  }

  /** A series; `aggregation` undefined when the query leaves it out and the metric name is at the cursor. */
  private parseSeries(written: Name | undefined): Series {
    const s: Scanner = this.s;
    const aggregation: Name = written ?? { text: 'avg', span: { start: s.pos, end: s.pos } };
    if (written && !isSpaceAggregation(aggregation.text)) {
      const hint = closest(aggregation.text, SPACE_AGGREGATIONS);
      s.fail(
        aggregation.span.start,
        `unknown space aggregation '${aggregation.text}'${hint ? ` (did you mean '${hint}'?)` : ''}: expected ${SPACE_AGGREGATIONS.join(', ')} or a percentile such as p95`,
        [...SPACE_AGGREGATIONS, 'p<N>'],
      );
    }
    if (written) s.expect(':');
    s.skipSpaces();
    const metric = this.readWithPlaceholders(isMetricChar);
    if (metric.text === '') s.fail(s.pos, `expected a metric name after '${aggregation.text}:', found ${s.describeNext()}`, ['a metric name']);
    const metricProblem = metric.text.includes('${') ? undefined : metricNameProblem(metric.text);
    if (metricProblem) s.fail(metric.span.start, `invalid metric name '${metric.text}': ${metricProblem}`);
    s.skipSpaces();
    if (s.peek() !== '{') {
      s.fail(s.pos, `expected '{' with the scope of '${metric.text}' (write {*} for everything), found ${s.describeNext()}`, ['{']);
    }
    const scope = this.parseScope(metric.text);
    let groupBy: GroupBy | undefined;
    const modifiers: Modifier[] = [];
    for (;;) {
      s.skipSpaces();
      if (s.peek() === '.') {
        modifiers.push(this.parseModifier(modifiers));
        continue;
      }
      if (!groupBy && this.lookingAtBy()) {
        groupBy = this.parseGroupBy();
        continue;
      }
      break;
    }
    const end = Math.max(scope.span.end, groupBy ? groupBy.span.end : 0, ...modifiers.map((m) => m.span.end));
    return {
      type: 'series',
      span: { start: aggregation.span.start, end },
      spaceAggregation: aggregation,
      ...(written ? {} : { spaceAggregationDefaulted: true }),
      metric: { text: metric.text, span: metric.span },
      scope,
      groupBy,
      modifiers,
    };
  }

  /** Characters accepted by `accepts`, plus whole `${…}` placeholders when they are allowed. */
  private readWithPlaceholders(accepts: (c: string) => boolean): { text: string; span: Span } {
    const s: Scanner = this.s;
    const start = s.pos;
    for (;;) {
      if (!s.atEnd && accepts(s.peek())) {
        s.pos++;
      } else if (s.peek() === '$' && s.peek(1) === '{') {
        if (!this.allowPlaceholders) {
          s.fail(s.pos, `unresolved placeholder '\${…}' (a Terraform token, known only at apply): Datadog needs the value itself; to check a query built from tokens, parse with allowPlaceholders`, []);
        }
        this.skipPlaceholder();
      } else {
        break;
      }
    }
    return { text: s.source.slice(start, s.pos), span: { start, end: s.pos } };
  }

  /** Consumes `${…}` with balanced braces. */
  private skipPlaceholder(): void {
    const s: Scanner = this.s;
    const start = s.pos;
    let depth = 0;
    let i = s.pos + 1;
    for (; i < s.source.length; i++) {
      if (s.source[i] === '{') depth++;
      else if (s.source[i] === '}' && --depth === 0) break;
    }
    if (i >= s.source.length) s.fail(start, `expected '}' to close the placeholder opened at col ${start + 1}`, ['}']);
    s.pos = i + 1;
  }

  /** `by {` ahead (the word `by`, then optional spaces, then a brace). */
  private lookingAtBy(): boolean {
    const s: Scanner = this.s;
    if (!s.source.startsWith('by', s.pos) || isIdentifierPart(s.peek(2))) return false;
    let i = s.pos + 2;
    while (s.source[i] === ' ') i++;
    return s.source[i] === '{';
  }

  private parseGroupBy(): GroupBy {
    const s: Scanner = this.s;
    const start = s.pos;
    s.pos += 2;
    const open = s.expect('{');
    const keys: Name[] = [];
    for (;;) {
      s.skipSpaces();
      const key = this.readWithPlaceholders(isGroupKeyChar);
      if (key.text === '') {
        s.fail(s.pos, `expected a tag key to group by, found ${s.describeNext()}`, ['a tag key']);
      }
      keys.push({ text: key.text, span: key.span });
      if (s.accept(',')) continue;
      if (s.accept('}')) break;
      this.failUnclosedBrace(open, 'group-by', [',', '}']);
    }
    return { type: 'groupBy', span: { start, end: s.pos }, keys };
  }

  /**
   * Reports a missing `}`. When what follows could not be part of the braces at all (end of query, a comparison,
   * a closing parenthesis) the brace was never closed: point at the opening brace. Otherwise point at the stray text.
   */
  private failUnclosedBrace(open: Span, what: string, expected: string[]): never {
    const s: Scanner = this.s;
    s.skipSpaces();
    const found = s.describeNext();
    const c = s.peek();
    const cannotContinue = s.atEnd || c === '<' || c === '>' || c === '=' || c === ')' || c === '&' || c === '|';
    if (cannotContinue) {
      s.fail(open.start, `expected '}' to close the ${what} opened at col ${open.start + 1}, found ${found} at col ${s.pos + 1}`, ['}']);
    }
    s.fail(s.pos, `expected ${expected.map((e) => `'${e}'`).join(' or ')} in the ${what} opened at col ${open.start + 1}, found ${found}`, expected);
  }

  private parseModifier(existing: Modifier[]): Modifier {
    const s: Scanner = this.s;
    const start = s.pos;
    s.pos++; // the dot
    const name = s.readWord();
    // `.weighted()`: Datadog's weighting of short-lived tag values (dashboards guide "How does weighted() work?");
    // nothing says monitors refuse it, so it is accepted.
    const known = ['as_count', 'as_rate', 'rollup', 'fill', 'weighted'];
    if (!name || !known.includes(name.text)) {
      const hint = name ? closest(name.text, known) : undefined;
      s.fail(
        name ? name.span.start : s.pos,
        `unknown modifier ${name ? `'.${name.text}()'` : s.describeNext()}${hint ? ` (did you mean '.${hint}()'?)` : ''}: expected .as_count(), .as_rate(), .rollup(…), .fill(…) or .weighted()`,
        known.map((k) => `.${k}()`),
      );
    }
    const dup = existing.find((m) => m.name === name.text || (isCountOrRate(m.name) && isCountOrRate(name.text)));
    if (dup) {
      s.fail(start, dup.name === name.text ? `'.${name.text}()' is given twice` : `use one of .as_count() or .as_rate(), not both`);
    }
    const open = s.expect('(', `after '.${name.text}'`);
    if (name.text === 'as_count' || name.text === 'as_rate' || name.text === 'weighted') {
      this.expectClose(open, `.${name.text}`);
      return { type: 'modifier', span: { start, end: s.pos }, name: name.text };
    }
    if (name.text === 'rollup') {
      const aggregator = this.parseClosedWord<RollupAggregator>(ROLLUP_AGGREGATORS, 'a rollup aggregator');
      let seconds: NumberLiteral | undefined;
      if (s.accept(',')) seconds = this.parsePositiveInteger('the rollup interval in seconds');
      this.expectClose(open, '.rollup');
      return { type: 'modifier', span: { start, end: s.pos }, name: 'rollup', aggregator, seconds };
    }
    const mode = this.parseClosedWord<FillMode>(FILL_MODES, 'a fill mode');
    let limitSeconds: NumberLiteral | undefined;
    // `.fill(zero, 0)` is in real exports; a limit of 0 is accepted as Datadog stores it.
    if (s.accept(',')) limitSeconds = this.parsePositiveInteger('the fill limit in seconds', true);
    this.expectClose(open, '.fill');
    return { type: 'modifier', span: { start, end: s.pos }, name: 'fill', mode, limitSeconds };
  }

  private parseClosedWord<T extends string>(allowed: readonly T[], what: string): Name<T> {
    const s: Scanner = this.s;
    const word = s.readWord();
    if (!word || !(allowed as readonly string[]).includes(word.text)) {
      s.fail(word ? word.span.start : s.pos, `expected ${what} (${allowed.join(', ')}), found ${word ? `'${word.text}'` : s.describeNext()}`, [...allowed]);
    }
    return word as Name<T>;
  }

  private parsePositiveInteger(what: string, zeroAllowed = false): NumberLiteral {
    const s: Scanner = this.s;
    const n = s.readNumber();
    if (!n) s.fail(s.pos, `expected ${what}, found ${s.describeNext()}`, ['a number']);
    if (!Number.isInteger(n.value) || n.value < 0 || (n.value === 0 && !zeroAllowed)) {
      s.fail(n.span.start, `expected ${what} as a ${zeroAllowed ? 'whole number, 0 or more' : 'positive whole number'}, found ${n.text}`);
    }
    return n;
  }

  private parseCall(name: Name): MetricExpression {
    const s: Scanner = this.s;
    if (name.text === 'anomalies' || name.text === 'forecast' || name.text === 'outliers') {
      s.fail(name.span.start, `${name.text}() must be the whole query, e.g. avg(last_4h):${name.text}(avg:metric{*}, …) >= 1; it cannot be nested or combined with arithmetic`);
    }
    const refused = FUNCTIONS_NOT_IN_MONITORS[name.text];
    if (refused) s.fail(name.span.start, refused);
    if (!isKnownMetricFunction(name.text)) {
      const hint = closest(name.text, METRIC_FUNCTIONS);
      // With a likely fix at hand, the whole list would bury it.
      s.fail(
        name.span.start,
        hint ? `unknown function '${name.text}' (did you mean '${hint}'?)` : `unknown function '${name.text}'; known functions: ${METRIC_FUNCTIONS.join(', ')}`,
        hint ? [hint] : [...METRIC_FUNCTIONS],
      );
    }
    const open = s.expect('(');
    const args = this.parseArguments(open, name.text);
    const arity = FUNCTION_ARITY[name.text] ?? [1, 1];
    if (args.length < arity[0] || args.length > arity[1]) {
      const expected = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} to ${arity[1]}`;
      s.fail(name.span.start, `${name.text}() takes ${expected} argument${arity[1] === 1 ? '' : 's'}, got ${args.length}`);
    }
    const first = args[0];
    if (first.type === 'string' || first.type === 'named') {
      s.fail(first.span.start, `the first argument of ${name.text}() must be a metric expression`);
    }
    const call: Call = { type: 'call', span: { start: name.span.start, end: s.pos }, name, args };
    return call;
  }

  /** Arguments up to and including the closing parenthesis. */
  private parseArguments(open: Span, functionName: string): CallArgument[] {
    const s: Scanner = this.s;
    const args: CallArgument[] = [];
    if (s.accept(')')) return args;
    for (;;) {
      args.push(this.parseArgument());
      if (s.accept(',')) continue;
      if (s.accept(')')) return args;
      s.fail(s.pos, `expected ',' or ')' to close '${functionName}(' opened at col ${open.start + 1}, found ${s.describeNext()}`, [',', ')']);
    }
  }

  private parseArgument(): CallArgument {
    const s: Scanner = this.s;
    s.skipSpaces();
    const c = s.peek();
    if (c === '"' || c === "'") return s.readString() as StringLiteral;
    // name=value
    const save = s.pos;
    const word = s.readWord();
    if (word && s.lookingAt('=') && !s.lookingAt('==')) {
      s.pos++;
      s.skipSpaces();
      const value = s.readString() ?? s.readNumber();
      if (!value) s.fail(s.pos, `expected a quoted string or a number for '${word.text}=', found ${s.describeNext()}`, ['a string', 'a number']);
      const named: NamedArgument = { type: 'named', span: { start: word.span.start, end: value.span.end }, name: word, value };
      return named;
    }
    s.pos = save;
    return this.parseExpression();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Scope

  private parseScope(metric: string): Scope {
    const s: Scanner = this.s;
    const open: Span = { start: s.pos, end: s.pos + 1 };
    s.pos++;
    s.skipSpaces();
    if (s.peek() === '*') {
      const save = s.pos;
      s.pos++;
      if (s.accept('}')) return { type: 'scope', span: { start: open.start, end: s.pos }, style: 'all' };
      s.skipSpaces();
      if (s.atEnd || (!isTagChar(s.peek()) && s.peek() !== ',')) {
        if (s.peek() !== ')') this.failUnclosedBrace(open, 'scope', ['}']);
        s.fail(save, `'*' stands for everything and must be alone: write {*}, or list tags without it`, ['}']);
      }
      // A tag starting with a wildcard ({*-canary}), or `*` first in a list ({*,env:prod}: Datadog accepts it, as
      // modules that append tags to a default of "*" produce it; queryWarnings says it adds nothing).
      s.pos = save;
    }
    if (s.peek() === '}') {
      s.fail(s.pos, `empty scope on '${metric}': write {*} for everything, or tag filters such as {env:prod}`, ['*', 'a tag']);
    }
    const features: Features = {};
    const expression = this.parseScopeOr(open, features);
    s.skipSpaces();
    if (!s.accept('}')) {
      s.skipSpaces();
      const c = s.peek();
      if (isTagChar(c) || c === '!' || c === '(') {
        s.fail(s.pos, `expected ',', AND, OR or '}' between tag filters in the scope opened at col ${open.start + 1}, found ${s.describeNext()}`, [',', 'AND', 'OR', '}']);
      }
      this.failUnclosedBrace(open, 'scope', [',', '}']);
    }
    const span = { start: open.start, end: s.pos };
    if (features.comma !== undefined && features.boolean !== undefined) {
      const at = Math.max(features.comma, features.boolean);
      s.fail(
        at,
        `a scope cannot mix ',' or '!' with AND, OR, NOT, IN: write it all with boolean operators (e.g. 'env:prod AND NOT region:x') or all with commas (e.g. 'env:prod,!region:x')`,
      );
    }
    if (features.boolean !== undefined) return { type: 'scope', span, style: 'boolean', expression };
    return { type: 'scope', span, style: 'comma', filters: flattenCommaScope(expression) };
  }

  /** The boolean keyword at the cursor (upper or lower case, as Datadog accepts), without consuming it. */
  private peekScopeKeyword(): ScopeKeyword | undefined {
    const s: Scanner = this.s;
    s.skipSpaces();
    for (const keyword of SCOPE_KEYWORDS) {
      const text = s.source.substr(s.pos, keyword.length);
      if ((text === keyword || text === keyword.toLowerCase()) && !isTagChar(s.peek(keyword.length))) return keyword;
    }
    return undefined;
  }

  private parseScopeOr(open: Span, features: Features): ScopeExpression {
    const first = this.parseScopeAnd(open, features);
    const operands = [first];
    while (this.peekScopeKeyword() === 'OR') {
      features.boolean ??= this.s.pos;
      this.s.pos += 2;
      operands.push(this.parseScopeAnd(open, features));
    }
    if (operands.length === 1) return first;
    return { type: 'or', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
  }

  private parseScopeAnd(open: Span, features: Features): ScopeExpression {
    const s: Scanner = this.s;
    const first = this.parseScopeUnary(open, features);
    const operands = [first];
    for (;;) {
      s.skipSpaces();
      if (s.peek() === ',') {
        features.comma ??= s.pos;
        s.pos++;
      } else if (this.peekScopeKeyword() === 'AND') {
        features.boolean ??= s.pos;
        s.pos += 3;
      } else {
        break;
      }
      operands.push(this.parseScopeUnary(open, features));
    }
    if (operands.length === 1) return first;
    return { type: 'and', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
  }

  private parseScopeUnary(open: Span, features: Features): ScopeExpression {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    const keyword = this.peekScopeKeyword();
    if (keyword === 'NOT') {
      features.boolean ??= s.pos;
      s.pos += 3;
      const operand = this.parseScopeUnary(open, features);
      return { type: 'not', span: { start, end: operand.span.end }, operand };
    }
    if (keyword === 'AND' || keyword === 'OR' || keyword === 'IN') {
      s.fail(s.pos, `expected a tag filter before '${s.source.substr(s.pos, keyword.length)}'`, ['a tag']);
    }
    if (s.peek() === '(') {
      features.boolean ??= s.pos;
      s.pos++;
      const inner = this.parseScopeOr(open, features);
      s.skipSpaces();
      if (!s.accept(')')) s.fail(s.pos, `expected ')' to close the parenthesis opened at col ${start + 1}, found ${s.describeNext()}`, [')']);
      return { type: 'paren', span: { start, end: s.pos }, inner };
    }
    let negated = false;
    if (s.peek() === '!') {
      features.comma ??= s.pos;
      negated = true;
      s.pos++;
    }
    const tag = this.readWithPlaceholders(isTagChar);
    if (tag.text === '') {
      if (s.atEnd || s.peek() === '>' || s.peek() === '<') this.failUnclosedBrace(open, 'scope', ['}']);
      s.fail(s.pos, `expected a tag filter such as env:prod, found ${s.describeNext()}`, ['a tag']);
    }
    if (tag.text.startsWith(':') || tag.text.endsWith(':')) {
      s.fail(tag.span.start, `tag filter '${tag.text}' needs a key and a value, e.g. env:prod`);
    }
    if (!negated) {
      const next = this.peekScopeKeyword();
      const save = s.pos;
      if (next === 'IN' || next === 'NOT') {
        let inNegated = false;
        if (next === 'NOT') {
          s.pos += 3;
          if (this.peekScopeKeyword() !== 'IN') {
            s.pos = save;
            return makeTag(tag.text, tag.span, false, start);
          }
          inNegated = true;
        }
        features.boolean ??= save;
        s.pos += 2;
        return this.parseInList(tag, inNegated, start);
      }
    }
    return makeTag(tag.text, tag.span, negated, start);
  }

  private parseInList(key: { text: string; span: Span }, negated: boolean, start: number): ScopeExpression {
    const s: Scanner = this.s;
    if (key.text.includes(':')) s.fail(key.span.start, `'${key.text}' before IN must be a tag key without a value, e.g. 'env IN (prod, staging)'`);
    const open = s.expect('(', `after ${negated ? 'NOT IN' : 'IN'}`);
    const values: Name[] = [];
    for (;;) {
      s.skipSpaces();
      const value = this.readWithPlaceholders(isTagChar);
      if (value.text === '') s.fail(s.pos, `expected a tag value in the IN list, found ${s.describeNext()}`, ['a tag value']);
      values.push({ text: value.text, span: value.span });
      if (s.accept(',')) continue;
      if (s.accept(')')) break;
      s.fail(s.pos, `expected ',' or ')' to close the IN list opened at col ${open.start + 1}, found ${s.describeNext()}`, [',', ')']);
    }
    return { type: 'in', span: { start, end: s.pos }, key: { text: key.text, span: key.span }, negated, values };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Anomalies, forecast, outliers

  private parseAnomalies(evaluation: Evaluation): AnomaliesCall {
    const s: Scanner = this.s;
    const name = s.readWord() as Name;
    const open = s.expect('(');
    const query = this.parseExpression();
    s.expect(',', `after the metric query, then the algorithm (${ANOMALY_ALGORITHMS.map((a) => `'${a}'`).join(', ')})`);
    const algorithm = this.parseQuotedChoice<AnomalyAlgorithm>(ANOMALY_ALGORITHMS, 'an anomaly algorithm');
    s.expect(',', 'after the algorithm, then the number of deviations');
    const deviations = s.readNumber();
    if (!deviations) s.fail(s.pos, `expected the number of deviations (e.g. 2), found ${s.describeNext()}`, ['a number']);
    if (deviations.value <= 0) s.fail(deviations.span.start, `deviations must be positive, found ${deviations.text}`);
    const namedArgs = this.parseNamedArguments(open, name.text, ANOMALY_NAMED_ARGS);
    const byName = (n: string): NamedArgument | undefined => namedArgs.find((a) => a.name.text === n);

    const direction = this.namedChoice<AnomalyDirection>(byName('direction'), ANOMALY_DIRECTIONS);
    const countDefaultZero = this.namedChoice<'true' | 'false'>(byName('count_default_zero'), ['true', 'false']);
    const seasonality = this.namedChoice<Seasonality>(byName('seasonality'), SEASONALITIES);
    if (seasonality && algorithm.text === 'basic') {
      s.fail(byName('seasonality')!.span.start, `the 'basic' algorithm takes no seasonality; use 'agile' or 'robust' for seasonal metrics`);
    }
    let alertWindow: Window | undefined;
    const alertArg = byName('alert_window');
    if (alertArg) {
      if (alertArg.value.type !== 'string') s.fail(alertArg.value.span.start, `alert_window is a quoted window such as 'last_15m'`);
      const inner = new Parser(alertArg.value.value);
      const offset = alertArg.value.span.start + 1;
      try {
        alertWindow = shiftWindow(inner.parseWindow('alert'), offset);
        inner.expectEnd();
      } catch (e) {
        if (e instanceof ParseFailure) s.fail(offset + e.offset, `alert_window: ${e.message}`, e.expected);
        throw e;
      }
      if (alertWindow.seconds > evaluation.window.seconds) {
        s.fail(
          alertWindow.span.start,
          `alert_window '${alertWindow.text}' is longer than the query window '${evaluation.window.text}'; the query window must be at least the alert window`,
        );
      }
    }
    let intervalSeconds: NumberLiteral | undefined;
    const intervalArg = byName('interval');
    if (intervalArg) {
      if (intervalArg.value.type !== 'number' || !Number.isInteger(intervalArg.value.value) || intervalArg.value.value <= 0) {
        s.fail(intervalArg.value.span.start, `interval is the rollup interval in seconds, a positive whole number (e.g. interval=60)`);
      }
      intervalSeconds = intervalArg.value;
    }
    const timezoneArg = byName('timezone');
    if (timezoneArg && timezoneArg.value.type !== 'string') s.fail(timezoneArg.value.span.start, `timezone is a quoted name such as 'utc'`);
    return {
      type: 'anomalies',
      span: { start: name.span.start, end: s.pos },
      query,
      algorithm,
      deviations,
      direction,
      alertWindow,
      intervalSeconds,
      countDefaultZero,
      seasonality,
      timezone: timezoneArg ? (timezoneArg.value as StringLiteral) : undefined,
      namedArgs,
    };
  }

  private parseForecast(): ForecastCall {
    const s: Scanner = this.s;
    const name = s.readWord() as Name;
    const open = s.expect('(');
    const query = this.parseExpression();
    s.expect(',', `after the metric query, then the algorithm (${FORECAST_ALGORITHMS.map((a) => `'${a}'`).join(', ')})`);
    const algorithm = this.parseQuotedChoice<ForecastAlgorithm>(FORECAST_ALGORITHMS, 'a forecast algorithm');
    s.expect(',', 'after the algorithm, then the number of deviations');
    const deviations = s.readNumber();
    if (!deviations) s.fail(s.pos, `expected the number of deviations (e.g. 1), found ${s.describeNext()}`, ['a number']);
    if (deviations.value <= 0) s.fail(deviations.span.start, `deviations must be positive, found ${deviations.text}`);
    const namedArgs = this.parseNamedArguments(open, name.text, FORECAST_NAMED_ARGS);
    const model = namedArgs.find((a) => a.name.text === 'model');
    if (model) this.namedChoice(model, FORECAST_MODELS);
    const seasonality = namedArgs.find((a) => a.name.text === 'seasonality');
    if (seasonality) {
      if (algorithm.text !== 'seasonal') s.fail(seasonality.span.start, `seasonality applies to the 'seasonal' algorithm only`);
      this.namedChoice(seasonality, SEASONALITIES);
    }
    return { type: 'forecast', span: { start: name.span.start, end: s.pos }, query, algorithm, deviations, namedArgs };
  }

  private parseOutliers(): OutliersCall {
    const s: Scanner = this.s;
    const name = s.readWord() as Name;
    const open = s.expect('(');
    const query = this.parseExpression();
    s.expect(',', `after the metric query, then the algorithm (${OUTLIER_ALGORITHMS.map((a) => `'${a}'`).join(', ')})`);
    s.skipSpaces();
    const raw = s.readString();
    if (!raw) s.fail(s.pos, `expected a quoted outlier algorithm (${OUTLIER_ALGORITHMS.join(', ')}), found ${s.describeNext()}`, [...OUTLIER_ALGORITHMS]);
    const normalised = (OUTLIER_ALGORITHMS as readonly string[]).includes(raw.value) ? (raw.value as OutlierAlgorithm) : OUTLIER_ALGORITHM_ALIASES[raw.value];
    if (!normalised) {
      s.fail(raw.span.start + 1, `unknown outlier algorithm '${raw.value}': expected ${OUTLIER_ALGORITHMS.join(', ')}`, [...OUTLIER_ALGORITHMS]);
    }
    const algorithm: Name<OutlierAlgorithm> = { text: normalised, span: raw.span };
    s.expect(',', 'after the algorithm, then the tolerance');
    const tolerance = s.readNumber();
    if (!tolerance) s.fail(s.pos, `expected the tolerance (e.g. 3), found ${s.describeNext()}`, ['a number']);
    if (tolerance.value <= 0) s.fail(tolerance.span.start, `tolerance must be positive, found ${tolerance.text}`);
    let percentage: NumberLiteral | undefined;
    if (s.accept(',')) {
      percentage = s.readNumber();
      if (!percentage) s.fail(s.pos, `expected a percentage (0-100), found ${s.describeNext()}`, ['a number']);
      if (percentage.value < 0 || percentage.value > 100) s.fail(percentage.span.start, `percentage must be from 0 to 100, found ${percentage.text}`);
    }
    this.expectClose(open, name.text);
    return { type: 'outliers', span: { start: name.span.start, end: s.pos }, query, algorithm, tolerance, percentage };
  }

  private parseQuotedChoice<T extends string>(allowed: readonly T[], what: string): Name<T> {
    const s: Scanner = this.s;
    const str = s.readString();
    if (!str) s.fail(s.pos, `expected ${what} in quotes (${allowed.map((a) => `'${a}'`).join(', ')}), found ${s.describeNext()}`, [...allowed]);
    if (!(allowed as readonly string[]).includes(str.value)) {
      const hint = closest(str.value, allowed);
      s.fail(str.span.start + 1, `unknown ${what.replace(/^an? /, '')} '${str.value}'${hint ? ` (did you mean '${hint}'?)` : ''}: expected ${allowed.join(', ')}`, [...allowed]);
    }
    return { text: str.value as T, span: str.span };
  }

  /** `, name=value` pairs up to and including `)`; names from a closed list, each at most once. */
  private parseNamedArguments(open: Span, functionName: string, allowed: readonly string[]): NamedArgument[] {
    const s: Scanner = this.s;
    const args: NamedArgument[] = [];
    while (s.accept(',')) {
      const arg = this.parseArgument();
      if (arg.type !== 'named') s.fail(arg.span.start, `expected a named argument (${allowed.map((a) => `${a}=…`).join(', ')})`, allowed.map((a) => `${a}=`));
      if (!allowed.includes(arg.name.text)) {
        const hint = closest(arg.name.text, allowed);
        s.fail(arg.name.span.start, `unknown argument '${arg.name.text}' of ${functionName}()${hint ? ` (did you mean '${hint}'?)` : ''}: expected ${allowed.join(', ')}`, [...allowed]);
      }
      if (args.some((a) => a.name.text === arg.name.text)) s.fail(arg.name.span.start, `argument '${arg.name.text}' is given twice`);
      args.push(arg);
    }
    this.expectClose(open, functionName);
    return args;
  }

  private namedChoice<T extends string>(arg: NamedArgument | undefined, allowed: readonly T[]): Name<T> | undefined {
    if (!arg) return undefined;
    const s: Scanner = this.s;
    const text = arg.value.type === 'string' ? arg.value.value : arg.value.text;
    if (arg.value.type !== 'string' || !(allowed as readonly string[]).includes(text)) {
      s.fail(arg.value.span.start, `${arg.name.text} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, found ${arg.value.type === 'string' ? `'${text}'` : text}`, [...allowed]);
    }
    return { text: text as T, span: arg.value.span };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Service checks

  private parseServiceCheck(): ServiceCheckQuery {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    const check = s.readString() as StringLiteral;
    if (check.value.trim() === '') s.fail(check.span.start, 'the service check name is empty');
    const over: StringLiteral[] = [];
    const exclude: StringLiteral[] = [];
    const by: StringLiteral[] = [];
    let last: NumberLiteral | undefined;
    const seen = new Set<string>();
    const methods = ['over', 'exclude', 'by', 'last', 'count_by_status'];
    for (;;) {
      if (!s.accept('.')) {
        s.fail(s.pos, `expected '.count_by_status()' to end the service check query, found ${s.describeNext()}`, ['.count_by_status()']);
      }
      const name = s.readWord();
      if (!name || !methods.includes(name.text)) {
        const hint = name ? closest(name.text, methods) : undefined;
        s.fail(name ? name.span.start : s.pos, `unknown service check method ${name ? `'.${name.text}()'` : s.describeNext()}${hint ? ` (did you mean '.${hint}()'?)` : ''}: expected ${methods.map((m) => `.${m}()`).join(', ')}`, methods);
      }
      if (seen.has(name.text)) s.fail(name.span.start, `'.${name.text}()' is given twice`);
      seen.add(name.text);
      const open = s.expect('(', `after '.${name.text}'`);
      if (name.text === 'count_by_status') {
        this.expectClose(open, '.count_by_status');
        break;
      }
      if (name.text === 'last') {
        last = s.readNumber();
        if (!last) s.fail(s.pos, `expected the number of check runs, e.g. last(3), found ${s.describeNext()}`, ['a number']);
        if (!Number.isInteger(last.value) || last.value < 1 || last.value > SERVICE_CHECK_LAST_MAX) {
          s.fail(last.span.start, `last(N) counts check runs: N must be a whole number from 1 to ${SERVICE_CHECK_LAST_MAX}, found ${last.text}`);
        }
        this.expectClose(open, '.last');
        continue;
      }
      const target = name.text === 'over' ? over : name.text === 'exclude' ? exclude : by;
      for (;;) {
        const str = s.readString();
        if (!str) s.fail(s.pos, `expected a quoted tag in .${name.text}(…), found ${s.describeNext()}`, ['a quoted tag']);
        target.push(str);
        if (s.accept(',')) continue;
        this.expectClose(open, `.${name.text}`);
        break;
      }
    }
    if (!last) s.fail(s.pos - '.count_by_status()'.length, `expected .last(N) before .count_by_status(): how many check runs to count`, ['.last(']);
    this.expectEnd();
    return { kind: 'service_check', span: { start, end: s.pos }, check, over, exclude, by, last };
  }

  /**
   * The older service check form, `datadog.agent.up{*} by {host}.last(2).count_by_status()`: the check name bare,
   * its tags in a scope, groups in a group-by. Read into the same shape as the quoted form.
   */
  private parseLegacyServiceCheck(): ServiceCheckQuery {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    const name = s.readWhile(isMetricChar);
    const problem = metricNameProblem(name.text);
    if (problem) s.fail(name.span.start, `invalid service check name '${name.text}': ${problem}`);
    s.skipSpaces();
    const scope = this.parseScope(name.text);
    s.skipSpaces();
    const groupBy = this.lookingAtBy() ? this.parseGroupBy() : undefined;
    const synthetic = (value: string, span: Span): StringLiteral => ({ type: 'string', span, value, quote: '"' });
    const over: StringLiteral[] = [];
    const exclude: StringLiteral[] = [];
    if (scope.style === 'all') over.push(synthetic('*', scope.span));
    if (scope.style === 'comma') for (const f of scope.filters) (f.negated ? exclude : over).push(synthetic(f.text, f.span));
    const by = (groupBy?.keys ?? []).map((k) => synthetic(k.text, k.span));
    s.expect('.', `and last(N) after the service check's tags, e.g. ${name.text}{*} by {host}.last(2).count_by_status()`);
    const method = s.readWord();
    if (!method || method.text !== 'last') {
      s.fail(method ? method.span.start : s.pos, `expected .last(N).count_by_status() after the tags of service check '${name.text}', found ${method ? `'.${method.text}'` : s.describeNext()}`, ['.last(']);
    }
    const open = s.expect('(', `after '.last'`);
    const last = s.readNumber();
    if (!last) s.fail(s.pos, `expected the number of check runs, e.g. last(3), found ${s.describeNext()}`, ['a number']);
    if (!Number.isInteger(last.value) || last.value < 1 || last.value > SERVICE_CHECK_LAST_MAX) {
      s.fail(last.span.start, `last(N) counts check runs: N must be a whole number from 1 to ${SERVICE_CHECK_LAST_MAX}, found ${last.text}`);
    }
    this.expectClose(open, '.last');
    if (!s.accept('.')) s.fail(s.pos, `expected '.count_by_status()' to end the service check query, found ${s.describeNext()}`, ['.count_by_status()']);
    const end = s.readWord();
    if (!end || end.text !== 'count_by_status') s.fail(end ? end.span.start : s.pos, `expected '.count_by_status()' to end the service check query, found ${end ? `'.${end.text}'` : s.describeNext()}`, ['.count_by_status()']);
    this.expectClose(s.expect('(', `after '.count_by_status'`), '.count_by_status');
    this.expectEnd();
    const check: StringLiteral = synthetic(name.text, name.span);
    return { kind: 'service_check', span: { start, end: s.pos }, check, over, exclude, by, last, legacy: { scope, groupBy } };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Source family: logs(…), events(…), rum(…), …

  private parseSource(source: Name<SourceName>): SourceQuery {
    const s: Scanner = this.s;
    const slo = source.text === 'error_budget' || source.text === 'burn_rate';
    const open = s.expect('(');
    const search = s.readString();
    if (!search) {
      const example = slo ? `${source.text}("<slo id>")` : `${source.text}("service:web status:error")`;
      s.fail(s.pos, `expected a quoted ${slo ? 'SLO ID' : 'search query'} in ${source.text}(…), e.g. ${example}, found ${s.describeNext()}`, [slo ? 'a quoted SLO ID' : 'a quoted search']);
    }
    if (slo && search.value.trim() === '') s.fail(search.span.start, `the SLO ID in ${source.text}("…") is empty`);
    this.expectClose(open, source.text);
    const chain: ChainCall[] = [];
    let last: SourceQuery['last'] | undefined;
    const seen = new Set<string>();
    const methods = sourceMethods(source.text);
    let postWindow: string | undefined;
    while (s.accept('.')) {
      const name = s.readWord();
      if (!name || !methods.includes(name.text)) {
        const hint = name ? closest(name.text, methods) : undefined;
        s.fail(name ? name.span.start : s.pos, `unknown method ${name ? `'.${name.text}()'` : s.describeNext()} of ${source.text}(…)${hint ? ` (did you mean '.${hint}()'?)` : ''}: expected ${methods.map((m) => `.${m}()`).join(', ')}`, [...methods]);
      }
      if (seen.has(name.text)) s.fail(name.span.start, `'.${name.text}()' is given twice`);
      const windowMethod = !slo && (name.text === 'last' || name.text === 'current');
      const isPostWindow = FORMULA_FUNCTIONS.includes(name.text);
      if (!slo && windowMethod && last) s.fail(name.span.start, `the query already has its window (.${last.relation ?? 'last'}(…)); give one of .last(…) or .current(…)`);
      if (postWindow) s.fail(name.span.start, `.${postWindow}(…) ends the chain; '.${name.text}()' cannot follow it`);
      if (!slo && last && !isPostWindow) s.fail(name.span.start, `.${last.relation ?? 'last'}(…) ends the chain; '.${name.text}()' must come before it`);
      if (isPostWindow && !last) s.fail(name.span.start, `.${name.text}(…) follows the window: write .last("7d").${name.text}(…)`);
      if (isPostWindow) postWindow = name.text;
      seen.add(name.text);
      const callOpen = s.expect('(', `after '.${name.text}'`);
      const args = this.parseChainArguments(callOpen, name.text);
      const { min, max } = SOURCE_METHODS[name.text];
      if (args.length < min || args.length > max) {
        s.fail(name.span.start, `.${name.text}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`);
      }
      const named = args.find((a) => a.type === 'named');
      if (named && name.text !== 'anomaly' && name.text !== 'forecast') s.fail(named.span.start, `.${name.text}() takes no named arguments`);
      const call: ChainCall = { type: 'chain', span: { start: name.span.start - 1, end: s.pos }, name, args };
      if (name.text === 'rollup') this.checkSourceRollup(call, source.text);
      if (name.text === 'anomaly') this.checkChainAnomaly(call);
      if (windowMethod) last = this.sourceWindow(call, source.text);
      if (slo && name.text === 'over') last = this.sloWindow(call);
      if (slo && (name.text === 'long_window' || name.text === 'short_window')) this.sloBurnWindow(call);
      chain.push(call);
    }
    if (slo) {
      if (!last) s.fail(s.pos, `expected .over("7d"), .over("30d") or .over("90d") (the SLO's target window) before the comparison, found ${s.describeNext()}`, ['.over(']);
      if (source.text === 'burn_rate') {
        for (const required of ['long_window', 'short_window']) {
          if (!seen.has(required)) s.fail(s.pos, `a burn rate alert needs .long_window("…") and .short_window("…"), e.g. burn_rate("<slo id>").over("30d").long_window("1h").short_window("5m"); .${required}(…) is missing`, [`.${required}(`]);
        }
      }
    }
    if (!last) s.fail(s.pos, `expected .last("5m") (the evaluation window) before the comparison, found ${s.describeNext()}`, ['.last(']);
    const comparison = this.parseComparison();
    // API reference, "SLO Alert Query": the operator is >= or >.
    if (source.text === 'error_budget' && comparison.comparator.text !== '>' && comparison.comparator.text !== '>=') {
      s.fail(comparison.comparator.span.start, `an error budget alert fires when more than the threshold is consumed: the comparison is > or >=, found '${comparison.comparator.text}'`, ['>', '>=']);
    }
    this.expectEnd();
    return { kind: 'source', span: { start: source.span.start, end: s.pos }, source, search, chain, last, comparison };
  }

  /**
   * Arguments of a source method up to and including `)`: quoted strings, numbers, unquoted words as formula
   * monitors write them (`.by(job_name)`, `.last(10d)`), and `name="value"` (for `.anomaly(…)`).
   */
  private parseChainArguments(open: Span, method: string): ChainArgument[] {
    const s: Scanner = this.s;
    const args: ChainArgument[] = [];
    if (s.accept(')')) return args;
    for (;;) {
      s.skipSpaces();
      const start = s.pos;
      let arg: ChainArgument | undefined = s.readString();
      if (!arg) {
        const word = s.readWhile(isBareArgumentChar);
        if (word.text !== '') {
          if (s.lookingAt('=') && !s.lookingAt('==') && /^[A-Za-z_]\w*$/.test(word.text)) {
            s.pos++;
            s.skipSpaces();
            // Cost monitors write `anomaly(direction=both)` unquoted (API reference, "Cost Alert Query").
            let value: StringLiteral | NumberLiteral | BareWord | undefined = s.readString() ?? s.readNumber();
            if (!value) {
              const bare = s.readWhile(isBareArgumentChar);
              if (bare.text !== '') value = { type: 'word', span: bare.span, text: bare.text };
            }
            if (!value) s.fail(s.pos, `expected a value for '${word.text}=', found ${s.describeNext()}`, ['a string', 'a number']);
            arg = { type: 'named', span: { start, end: value.span.end }, name: { text: word.text, span: word.span }, value };
          } else if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(word.text)) {
            arg = { type: 'number', span: word.span, value: Number(word.text), text: word.text };
          } else {
            arg = { type: 'word', span: word.span, text: word.text };
          }
        }
      }
      if (!arg) s.fail(s.pos, `expected an argument to .${method}() (a quoted string such as "5m"), found ${s.describeNext()}`, ['a quoted string']);
      args.push(arg);
      if (s.accept(',')) continue;
      if (s.accept(')')) return args;
      s.fail(s.pos, `expected ',' or ')' to close '.${method}(' opened at col ${open.start + 1}, found ${s.describeNext()}`, [',', ')']);
    }
  }

  private checkSourceRollup(call: ChainCall, source: SourceName): void {
    const s: Scanner = this.s;
    const [method, measure] = call.args;
    const methodText = chainText(method);
    if (method.type === 'named' || method.type === 'number' || !isSourceRollup(methodText)) {
      s.fail(method.span.start, `unknown rollup ${method.type === 'string' ? `'${methodText}'` : methodText}: expected ${SOURCE_ROLLUPS.join(', ')} or a percentile pc75, pc90, pc95, pc98, pc99`, [...SOURCE_ROLLUPS]);
    }
    // A formula's rollup aggregates the formula itself; every other non-count rollup needs an attribute.
    if (methodText !== 'count' && source !== 'formula' && !measure) {
      s.fail(call.span.end - 1, `.rollup("${methodText}") needs the attribute to aggregate, e.g. .rollup("${methodText}", "@duration")`);
    }
    if (measure && measure.type !== 'string' && measure.type !== 'word') s.fail(measure.span.start, `the rollup attribute is a quoted name such as "@duration"`);
  }

  /** `.anomaly(direction="both"[, threshold=10])` after a formula's window; only `direction` has a documented closed set. */
  private checkChainAnomaly(call: ChainCall): void {
    const s: Scanner = this.s;
    const seenNames = new Set<string>();
    for (const arg of call.args) {
      if (arg.type !== 'named') s.fail(arg.span.start, `.anomaly() takes named arguments such as direction="both"`, ['direction=']);
      if (arg.value.type === 'word' && arg.name.text !== 'direction') s.fail(arg.value.span.start, `${arg.name.text}= takes a quoted string or a number`);
      if (seenNames.has(arg.name.text)) s.fail(arg.name.span.start, `argument '${arg.name.text}' is given twice`);
      seenNames.add(arg.name.text);
      if (arg.name.text === 'direction') {
        const text = arg.value.type === 'string' ? arg.value.value : arg.value.text;
        if (!(ANOMALY_DIRECTIONS as readonly string[]).includes(text)) {
          s.fail(arg.value.span.start, `direction must be one of 'above', 'below', 'both', found ${arg.value.type === 'string' ? `'${text}'` : text}`, [...ANOMALY_DIRECTIONS]);
        }
      }
    }
  }

  /**
   * `.last("5m")`: minutes 1–2880, hours 1–48, days 1–2 (Datadog's API reference); processes also take seconds.
   * Formula monitors are not bound by 48 hours (Datadog accepts `.last(10d)` on data-jobs and `.last("30d")` on
   * cost monitors). `.current("1h")`: the hour, day, week or month so far.
   */
  private sourceWindow(call: ChainCall, source: SourceName): SourceQuery['last'] {
    const s: Scanner = this.s;
    const [arg] = call.args;
    const text = chainText(arg);
    const current = call.name.text === 'current';
    if (current) {
      const cm = /^([1-9]\d*)(h|d|w|mo)$/.exec(text);
      if (arg.type === 'named' || arg.type === 'number' || !cm) {
        s.fail(arg.span.start, `.current(…) takes a calendar period such as "1h", "1d", "7d", "1w" or "1mo", found ${arg.type === 'string' ? `"${text}"` : text}`, ['"1h"', '"1d"', '"1w"', '"1mo"']);
      }
      return { span: arg.span, text, seconds: Number(cm[1]) * UNIT_SECONDS[cm[2] as WindowUnit], relation: 'current' };
    }
    const match = /^(\d+)(s|mo|m|h|d|w)$/.exec(text);
    if (arg.type === 'named' || arg.type === 'number' || !match || (match[2] === 's' && source !== 'processes')) {
      s.fail(arg.span.start, `expected a quoted window such as "5m", "1h", "1d", found ${arg.type === 'string' ? `"${text}"` : text}`, ['"5m"', '"1h"', '"1d"']);
    }
    const seconds = Number(match[1]) * (match[2] === 's' ? 1 : UNIT_SECONDS[match[2] as WindowUnit]);
    if (seconds < 1) s.fail(arg.span.start, `window "${text}" is empty: at least "1m"`);
    if ((match[2] === 'w' || match[2] === 'mo') && source !== 'formula') s.fail(arg.span.start, `window "${text}" is out of range: from "1m" to "48h" (2880m, 2d)`);
    if (source !== 'formula' && seconds > 2 * 86400) {
      s.fail(arg.span.start, `window "${text}" is out of range: from "1m" to "48h" (2880m, 2d)`);
    }
    return { span: arg.span, text, seconds };
  }

  /** An SLO alert's `.over("7d" | "30d" | "90d")`: the SLO target window the alert watches. */
  private sloWindow(call: ChainCall): SourceQuery['last'] {
    const s: Scanner = this.s;
    const [arg] = call.args;
    const text = chainText(arg);
    if (call.args.length !== 1) s.fail(call.name.span.start, `.over() of an SLO alert takes one window, got ${call.args.length}`);
    if (arg.type !== 'string' || !SLO_TARGET_WINDOWS.includes(text)) {
      s.fail(arg.span.start, `an SLO alert watches one of the SLO's targets: .over("7d"), .over("30d") or .over("90d"), found ${arg.type === 'string' ? `"${text}"` : text}`, SLO_TARGET_WINDOWS.map((w) => `"${w}"`));
    }
    return { span: arg.span, text, seconds: Number(text.slice(0, -1)) * 86400, relation: 'over' };
  }

  /** `.long_window("1h")`, `.short_window("5m")`: quoted `Nm`, `Nh` or `Nd`. */
  private sloBurnWindow(call: ChainCall): void {
    const s: Scanner = this.s;
    const [arg] = call.args;
    const text = chainText(arg);
    if (arg.type !== 'string' || !/^[1-9]\d*(m|h|d)$/.test(text)) {
      s.fail(arg.span.start, `.${call.name.text}() takes a quoted window such as "5m" or "1h", found ${arg.type === 'string' ? `"${text}"` : text}`, ['"5m"', '"1h"']);
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Composites

  parseComposite(allowPlaceholders: boolean): MonitorQuery {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    if (s.atEnd) s.fail(s.pos, 'empty composite: expected monitor IDs joined by && and ||, e.g. 123 && 456', ['a monitor ID']);
    const expression = this.parseCompositeOr(allowPlaceholders);
    this.expectEnd();
    return { kind: 'composite', span: { start, end: s.pos }, expression };
  }

  private parseCompositeOr(allowPlaceholders: boolean): CompositeExpression {
    let left = this.parseCompositeAnd(allowPlaceholders);
    while (this.s.accept('||')) {
      const right = this.parseCompositeAnd(allowPlaceholders);
      left = { type: 'binary', span: { start: left.span.start, end: right.span.end }, operator: '||', left, right };
    }
    return left;
  }

  private parseCompositeAnd(allowPlaceholders: boolean): CompositeExpression {
    let left = this.parseCompositeUnary(allowPlaceholders);
    while (this.s.accept('&&')) {
      const right = this.parseCompositeUnary(allowPlaceholders);
      left = { type: 'binary', span: { start: left.span.start, end: right.span.end }, operator: '&&', left, right };
    }
    return left;
  }

  private parseCompositeUnary(allowPlaceholders: boolean): CompositeExpression {
    const s: Scanner = this.s;
    s.skipSpaces();
    const start = s.pos;
    if (s.peek() === '!' && s.peek(1) !== '=') {
      s.pos++;
      const operand = this.parseCompositeUnary(allowPlaceholders);
      return { type: 'not', span: { start, end: operand.span.end }, operand };
    }
    if (s.peek() === '(') {
      s.pos++;
      const inner = this.parseCompositeOr(allowPlaceholders);
      this.expectClose({ start, end: start + 1 }, '');
      return { type: 'paren', span: { start, end: s.pos }, inner };
    }
    const c = s.peek();
    if (c >= '0' && c <= '9') {
      const digits = s.readWhile((ch) => ch >= '0' && ch <= '9');
      if (isIdentifierPart(s.peek()) || s.peek() === '.') {
        s.fail(digits.span.start, `expected a monitor ID (a whole number), found '${s.source.slice(digits.span.start, s.pos + 1)}'`, ['a monitor ID']);
      }
      return { type: 'monitor', span: digits.span, id: Number(digits.text), text: digits.text };
    }
    if (allowPlaceholders) {
      if (s.source.startsWith('${', s.pos)) return this.readTokenPlaceholder();
      if (isIdentifierStart(c)) {
        const word = s.readWord() as Name;
        return { type: 'monitor', span: word.span, id: undefined, text: word.text };
      }
    }
    const what = allowPlaceholders ? 'a monitor ID, a placeholder name or ${…}' : 'a monitor ID';
    s.fail(s.pos, `expected ${what}, '!' or '(', found ${s.describeNext()}`, [allowPlaceholders ? 'a monitor reference' : 'a monitor ID', '!', '(']);
  }

  /** `${…}` with balanced braces, as cdktf renders an unresolved token. */
  private readTokenPlaceholder(): CompositeExpression {
    const s: Scanner = this.s;
    const start = s.pos;
    this.skipPlaceholder();
    return { type: 'monitor', span: { start, end: s.pos }, id: undefined, text: s.source.slice(start, s.pos) };
  }
}

const UNIT_SECONDS: Record<WindowUnit, number> = { m: 60, h: 3600, d: 86400, w: 604800, mo: 2592000 };

/** Datadog functions that take more than the series; the default is exactly one argument. */
const FUNCTION_ARITY: Record<string, [number, number]> = {
  top: [1, 4],
  top_offset: [1, 5],
  timeshift: [2, 2],
  calendar_shift: [2, 3],
  clamp_min: [2, 2],
  clamp_max: [2, 2],
  cutoff_min: [2, 2],
  cutoff_max: [2, 2],
  moving_rollup: [2, 3],
  default: [2, 2],
  fill: [2, 3],
};

/** Characters of an unquoted source-method argument: `job_name`, `10d`, `@evt.id`, `-1`. */
function isBareArgumentChar(c: string): boolean {
  return isIdentifierPart(c) || c === '.' || c === '@' || c === '-' || c === '+';
}

/** The text of a source-method argument: a string's content, a number or word as written. */
function chainText(arg: ChainArgument): string {
  if (arg.type === 'string') return arg.value;
  if (arg.type === 'named') return arg.name.text;
  return arg.text;
}

function isMetricChar(c: string): boolean {
  return isIdentifierPart(c) || c === '.';
}

function isGroupKeyChar(c: string): boolean {
  return isTagChar(c) && c !== '*' && c !== '?';
}

function isCountOrRate(name: string): boolean {
  return name === 'as_count' || name === 'as_rate';
}

/** Datadog metric names: start with a letter; letters, digits, `_` and `.`; at most 200 characters. */
export function metricNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return 'it must start with a letter';
  if (name.length > 200) return `it has ${name.length} characters; the limit is 200`;
  if (name.includes('..')) return 'it has an empty segment (..)';
  if (name.endsWith('.')) return 'it ends with a dot';
  if (!/^[A-Za-z0-9_.]+$/.test(name)) return 'only letters, digits, _ and . are allowed';
  return undefined;
}

function makeTag(text: string, tagSpan: Span, negated: boolean, start: number): TagFilter {
  const colon = text.indexOf(':');
  return {
    type: 'tag',
    span: { start, end: tagSpan.end },
    negated,
    key: colon < 0 ? text : text.slice(0, colon),
    value: colon < 0 ? undefined : text.slice(colon + 1),
    text,
  };
}

/** A comma-style scope is a flat AND of tags (the grammar above guarantees no OR/NOT/IN/parentheses in it). */
function flattenCommaScope(expression: ScopeExpression): TagFilter[] {
  if (expression.type === 'tag') return [expression];
  if (expression.type === 'and') return expression.operands.flatMap(flattenCommaScope);
  return [];
}

function shiftWindow(window: Window, offset: number): Window {
  return { ...window, span: { start: window.span.start + offset, end: window.span.end + offset } };
}
