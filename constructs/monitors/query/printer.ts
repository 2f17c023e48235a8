/**
 * Prints a parsed query back as canonical text: single spaces around operators, no spaces inside scopes and
 * group-bys, outlier algorithms in their current spelling. `printQuery(parse(q))` parses to the same tree, so it
 * can normalise queries before comparing or storing them.
 */
import type {
  CallArgument,
  ChainArgument,
  CompositeExpression,
  MetricExpression,
  Modifier,
  MonitorQuery,
  NamedArgument,
  NumberLiteral,
  Scope,
  ScopeExpression,
  StringLiteral,
  Evaluation,
  Comparison,
} from './ast';

export function printQuery(q: MonitorQuery): string {
  switch (q.kind) {
    case 'metric': {
      const trailing = q.trailingGroupBy ? ` by {${q.trailingGroupBy.keys.map((k) => k.text).join(',')}}` : '';
      return `${printEvaluation(q.evaluation)}:${printExpression(q.expression)} ${printComparison(q.comparison)}${trailing}`;
    }
    case 'anomaly': {
      const a = q.anomalies;
      const args = [printExpression(a.query), quoted(a.algorithm.text, "'"), a.deviations.text, ...a.namedArgs.map(printNamed)];
      return `${printEvaluation(q.evaluation)}:${wrap(`anomalies(${args.join(', ')})`, q.parens)} ${printComparison(q.comparison)}`;
    }
    case 'forecast': {
      const f = q.forecast;
      const args = [printExpression(f.query), quoted(f.algorithm.text, "'"), f.deviations.text, ...f.namedArgs.map(printNamed)];
      return `${printEvaluation(q.evaluation)}:${wrap(`forecast(${args.join(', ')})`, q.parens)} ${printComparison(q.comparison)}`;
    }
    case 'outlier': {
      const o = q.outliers;
      const args = [printExpression(o.query), quoted(o.algorithm.text, "'"), o.tolerance.text, ...(o.percentage ? [o.percentage.text] : [])];
      return `${printEvaluation(q.evaluation)}:${wrap(`outliers(${args.join(', ')})`, q.parens)} ${printComparison(q.comparison)}`;
    }
    case 'service_check': {
      if (q.legacy) {
        const groupBy = q.legacy.groupBy ? ` by {${q.legacy.groupBy.keys.map((k) => k.text).join(',')}}` : '';
        return `${q.check.value}${printScope(q.legacy.scope)}${groupBy}.last(${q.last.text}).count_by_status()`;
      }
      const parts = [printString(q.check)];
      if (q.over.length > 0) parts.push(`.over(${q.over.map(printString).join(',')})`);
      if (q.exclude.length > 0) parts.push(`.exclude(${q.exclude.map(printString).join(',')})`);
      if (q.by.length > 0) parts.push(`.by(${q.by.map(printString).join(',')})`);
      parts.push(`.last(${q.last.text})`, '.count_by_status()');
      return parts.join('');
    }
    case 'source': {
      // Unquoted lists keep Datadog's own spelling, `.by(job_name,workspace_name)`.
      const chain = q.chain.map((c) => `.${c.name.text}(${c.args.map(printChainArgument).join(c.args.every((a) => a.type === 'word') ? ',' : ', ')})`);
      return `${q.source.text}(${printString(q.search)})${chain.join('')} ${printComparison(q.comparison)}`;
    }
    case 'composite':
      return printComposite(q.expression);
  }
}

function wrap(text: string, parens: number | undefined): string {
  return parens ? `${'('.repeat(parens)}${text}${')'.repeat(parens)}` : text;
}

function printEvaluation(e: Evaluation): string {
  const inner = `${e.timeAggregation.text}(${e.window.text})`;
  return e.change ? `${e.change.kind.text}(${inner},${e.change.shift.text})` : inner;
}

function printComparison(c: Comparison): string {
  return `${c.comparator.text} ${c.threshold.text}`;
}

export function printExpression(e: MetricExpression): string {
  switch (e.type) {
    case 'number':
      return e.text;
    case 'series': {
      const groupBy = e.groupBy ? ` by {${e.groupBy.keys.map((k) => k.text).join(',')}}` : '';
      const aggregation = e.spaceAggregationDefaulted ? '' : `${e.spaceAggregation.text}:`;
      return `${aggregation}${e.metric.text}${printScope(e.scope)}${groupBy}${e.modifiers.map(printModifier).join('')}`;
    }
    case 'binary':
      return `${printExpression(e.left)} ${e.operator} ${printExpression(e.right)}`;
    case 'negate':
      return `-${printExpression(e.operand)}`;
    case 'paren':
      return `(${printExpression(e.inner)})`;
    case 'call':
      return `${e.name.text}(${e.args.map(printArgument).join(', ')})`;
  }
}

function printArgument(a: CallArgument): string {
  if (a.type === 'string') return printString(a);
  if (a.type === 'named') return printNamed(a);
  return printExpression(a);
}

/** Unquoted words stay unquoted (`.by(job_name)`): quoting them would change the text Datadog stores. */
function printChainArgument(a: ChainArgument): string {
  if (a.type === 'string') return printString(a);
  if (a.type === 'named') return `${a.name.text}=${a.value.type === 'string' ? printString(a.value) : a.value.text}`;
  return a.text;
}

function printNamed(a: NamedArgument): string {
  return `${a.name.text}=${a.value.type === 'string' ? printString(a.value) : (a.value as NumberLiteral).text}`;
}

function printModifier(m: Modifier): string {
  switch (m.name) {
    case 'as_count':
    case 'as_rate':
    case 'weighted':
      return `.${m.name}()`;
    case 'rollup':
      return m.seconds ? `.rollup(${m.aggregator.text}, ${m.seconds.text})` : `.rollup(${m.aggregator.text})`;
    case 'fill':
      return m.limitSeconds ? `.fill(${m.mode.text}, ${m.limitSeconds.text})` : `.fill(${m.mode.text})`;
  }
}

function printScope(s: Scope): string {
  if (s.style === 'all') return '{*}';
  if (s.style === 'comma') return `{${s.filters.map((f) => `${f.negated ? '!' : ''}${f.text}`).join(',')}}`;
  return `{${printScopeExpression(s.expression)}}`;
}

function printScopeExpression(e: ScopeExpression): string {
  switch (e.type) {
    case 'tag':
      return e.text;
    case 'in':
      return `${e.key.text} ${e.negated ? 'NOT IN' : 'IN'} (${e.values.map((v) => v.text).join(', ')})`;
    case 'not':
      return `NOT ${printScopeExpression(e.operand)}`;
    case 'paren':
      return `(${printScopeExpression(e.inner)})`;
    case 'and':
      return e.operands.map(printScopeExpression).join(' AND ');
    case 'or':
      return e.operands.map(printScopeExpression).join(' OR ');
  }
}

function printComposite(e: CompositeExpression): string {
  switch (e.type) {
    case 'monitor':
      return e.text;
    case 'not':
      return `!${printComposite(e.operand)}`;
    case 'paren':
      return `(${printComposite(e.inner)})`;
    case 'binary':
      return `${printComposite(e.left)} ${e.operator} ${printComposite(e.right)}`;
  }
}

/** Keeps the string's own quote character (Datadog's examples use both), escaping as needed. */
function printString(s: StringLiteral): string {
  return quoted(s.value, s.quote);
}

function quoted(value: string, quote: '"' | "'"): string {
  return `${quote}${value.replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`)}${quote}`;
}
