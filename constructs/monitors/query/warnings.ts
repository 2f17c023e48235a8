/**
 * What Datadog accepts but a reviewer should look at twice: `queryWarnings(query)` lists them for a parsed query,
 * each with the 1-based column of the text it is about. The parser accepts these queries; warnings never make a
 * query invalid (`houndstack query check` prints them, `--strict` turns them into a failing exit code).
 */
import type { CallArgument, MetricExpression, MonitorQuery, Series } from './ast';

export interface QueryWarning {
  /** 1-based column of the text the warning is about. */
  readonly column: number;
  readonly message: string;
}

export function queryWarnings(q: MonitorQuery): QueryWarning[] {
  const warnings: QueryWarning[] = [];
  const series = (s: Series): void => {
    if (s.scope.style === 'comma' && s.scope.filters.length > 1) {
      const star = s.scope.filters.find((f) => f.text === '*');
      if (star) {
        warnings.push({
          column: star.span.start + 1,
          message: `'*' among other tags of '${s.metric.text}' matches everything and adds nothing; Datadog filters by the other tags only (leave '*' out)`,
        });
      }
    }
    if (s.spaceAggregationDefaulted) {
      warnings.push({
        column: s.metric.span.start + 1,
        message: `no space aggregation before '${s.metric.text}': Datadog averages across every source (avg); write 'avg:${s.metric.text}' or the aggregation you mean (sum for counts)`,
      });
    }
  };
  switch (q.kind) {
    case 'metric':
      walk(q.expression, series);
      if (q.trailingGroupBy) {
        const keys = q.trailingGroupBy.keys.map((k) => k.text).join(',');
        warnings.push({
          column: q.trailingGroupBy.span.start + 1,
          message: `group-by after the threshold is the older order; Datadog's documentation writes it after the scope: '… by {${keys}} ${q.comparison.comparator.text} ${q.comparison.threshold.text}'`,
        });
      }
      break;
    case 'anomaly':
      walk(q.anomalies.query, series);
      break;
    case 'forecast':
      walk(q.forecast.query, series);
      break;
    case 'outlier':
      walk(q.outliers.query, series);
      break;
    case 'service_check':
      if (q.legacy) {
        const over = q.over.length > 0 ? `.over(${q.over.map((t) => JSON.stringify(t.value)).join(',')})` : '';
        const exclude = q.exclude.length > 0 ? `.exclude(${q.exclude.map((t) => JSON.stringify(t.value)).join(',')})` : '';
        const by = q.by.length > 0 ? `.by(${q.by.map((t) => JSON.stringify(t.value)).join(',')})` : '';
        const modern = q.legacy.scope.style === 'boolean' ? '' : `: ${JSON.stringify(q.check.value)}${over}${exclude}${by}.last(${q.last.text}).count_by_status()`;
        warnings.push({
          column: q.span.start + 1,
          message: `older service check form; Datadog's documentation and its monitor editor write the quoted form${modern}`,
        });
      }
      break;
    case 'source': {
      if (q.source.text === 'burn_rate') {
        const long = q.chain.find((c) => c.name.text === 'long_window');
        const short = q.chain.find((c) => c.name.text === 'short_window');
        const seconds = (text: string): number => Number(text.slice(0, -1)) * ({ m: 60, h: 3600, d: 86400 } as Record<string, number>)[text.slice(-1)];
        const longText = long?.args[0]?.type === 'string' ? long.args[0].value : undefined;
        const shortText = short?.args[0]?.type === 'string' ? short.args[0].value : undefined;
        if (short && longText && shortText && seconds(shortText) >= seconds(longText)) {
          warnings.push({
            column: short.span.start + 1,
            message: `short_window "${shortText}" is not shorter than long_window "${longText}": the short window confirms the burn is still going on and is usually 1/12 of the long one (5m for 1h)`,
          });
        }
      }
      break;
    }
    case 'composite':
      break;
  }
  return warnings;
}

function walk(e: MetricExpression, visit: (s: Series) => void): void {
  switch (e.type) {
    case 'series':
      visit(e);
      return;
    case 'binary':
      walk(e.left, visit);
      walk(e.right, visit);
      return;
    case 'negate':
      walk(e.operand, visit);
      return;
    case 'paren':
      walk(e.inner, visit);
      return;
    case 'call':
      for (const arg of e.args) if (isExpression(arg)) walk(arg, visit);
      return;
    case 'number':
      return;
  }
}

function isExpression(arg: CallArgument): arg is MetricExpression {
  return arg.type !== 'string' && arg.type !== 'named';
}
