import {
  parseCompositeExpression,
  parseMonitorQuery,
  type MonitorQuery,
  type Span,
} from '../../../constructs/monitors/query';
import { INVALID_CASES, VALID_CASES } from './cases';

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`expected ${query} to parse: col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number' && Object.keys(value).length === 2;
}

/** Every `span` in the tree, with its owner's path, and the parent span it must sit inside. */
function collectSpans(node: unknown, path: string, parent: Span | undefined, out: Array<{ path: string; span: Span; parent: Span | undefined }>): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectSpans(child, `${path}[${i}]`, parent, out));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const own = isSpan(record.span) ? record.span : undefined;
  if (own) out.push({ path, span: own, parent });
  for (const [key, value] of Object.entries(record)) {
    if (key === 'span') continue;
    collectSpans(value, `${path}.${key}`, own ?? parent, out);
  }
}

describe('parseMonitorQuery: the documented valid set', () => {
  it.each(VALID_CASES.map((c) => [c.note, c.source, c.query] as const))('parses %s (%s)', (_note, _source, query) => {
    const result = parseMonitorQuery(query);
    expect(result.ok ? 'ok' : `col ${result.error.column}: ${result.error.message}`).toBe('ok');
  });
});

describe('parseMonitorQuery: the documented invalid set', () => {
  it.each(INVALID_CASES.map((c) => [c.note, c.column, c.message, c.query] as const))(
    'rejects %s at col %i',
    (_note, column, message, query) => {
      const result = parseMonitorQuery(query);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.column).toBe(column);
      expect(result.error.message).toContain(message);
    },
  );

  it('says what was expected at the unclosed scope of the issue example', () => {
    const result = parseMonitorQuery('avg(last_5m):avg:system.cpu.user{env:prod > 90');
    expect(result).toEqual({
      ok: false,
      error: {
        column: 33,
        message: "expected '}' to close the scope opened at col 33, found '>' at col 43",
        expected: ['}'],
      },
    });
  });
});

describe('parseMonitorQuery: kinds', () => {
  it.each([
    ['avg(last_5m):avg:system.cpu.user{*} > 90', 'metric'],
    ['change(avg(last_5m),last_5m):avg:system.load.1{*} > 3', 'metric'],
    ["avg(last_4h):anomalies(avg:system.cpu.user{*}, 'basic', 2) >= 1", 'anomaly'],
    ["max(next_1w):forecast(avg:system.disk.in_use{*}, 'linear', 1) >= 0.9", 'forecast'],
    ["avg(last_30m):outliers(avg:system.cpu.user{*} by {host}, 'dbscan', 7) > 0", 'outlier'],
    ['"datadog.agent.up".over("*").last(2).count_by_status()', 'service_check'],
    ['logs("status:error").index("*").rollup("count").last("5m") > 1', 'source'],
    ['1 && 2', 'composite'],
  ] as const)('%s is a %s query', (query, kind) => {
    expect(parsed(query).kind).toBe(kind);
  });
});

describe('parseMonitorQuery: source spans', () => {
  it.each(VALID_CASES.map((c) => [c.query] as const))('every span of %s lies inside its parent and the source', (query) => {
    const spans: Array<{ path: string; span: Span; parent: Span | undefined }> = [];
    collectSpans(parsed(query), 'query', undefined, spans);
    expect(spans.length).toBeGreaterThan(1);
    const outside = spans.filter(
      ({ span, parent }) =>
        span.start < 0 || span.end > query.length || span.start > span.end || (parent !== undefined && (span.start < parent.start || span.end > parent.end)),
    );
    expect(outside.map((o) => `${o.path} ${JSON.stringify(o.span)}`)).toEqual([]);
  });

  it('points metric, scope, group-by, comparator and threshold at their text', () => {
    const query = 'avg(last_5m):avg:system.cpu.user{env:prod,!region:x} by {host,env}.as_count() >= 90.5';
    const q = parsed(query);
    if (q.kind !== 'metric' || q.expression.type !== 'series') throw new Error('expected a single series');
    const text = (span: Span): string => query.slice(span.start, span.end);
    const series = q.expression;
    expect(text(q.span)).toBe(query);
    expect(text(q.evaluation.span)).toBe('avg(last_5m)');
    expect(text(q.evaluation.window.span)).toBe('last_5m');
    expect(text(series.span)).toBe('avg:system.cpu.user{env:prod,!region:x} by {host,env}.as_count()');
    expect(text(series.spaceAggregation.span)).toBe('avg');
    expect(text(series.metric.span)).toBe('system.cpu.user');
    expect(text(series.scope.span)).toBe('{env:prod,!region:x}');
    if (series.scope.style !== 'comma') throw new Error('expected a comma scope');
    expect(series.scope.filters.map((f) => text(f.span))).toEqual(['env:prod', '!region:x']);
    expect(series.groupBy?.keys.map((k) => text(k.span))).toEqual(['host', 'env']);
    expect(text(series.modifiers[0].span)).toBe('.as_count()');
    expect(text(q.comparison.comparator.span)).toBe('>=');
    expect(text(q.comparison.threshold.span)).toBe('90.5');
    expect(q.comparison.threshold.value).toBe(90.5);
  });

  it('points anomaly arguments at their text, inside the quotes for alert_window', () => {
    const query = "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'agile', 2, direction='above', alert_window='last_15m') >= 1";
    const q = parsed(query);
    if (q.kind !== 'anomaly') throw new Error('expected an anomaly query');
    const text = (span: Span): string => query.slice(span.start, span.end);
    expect(text(q.anomalies.algorithm.span)).toBe("'agile'");
    expect(text(q.anomalies.deviations.span)).toBe('2');
    expect(text(q.anomalies.direction!.span)).toBe("'above'");
    expect(text(q.anomalies.alertWindow!.span)).toBe('last_15m');
  });

  it('builds boolean scopes as a tree with AND binding tighter than OR', () => {
    const q = parsed('avg(last_5m):avg:m{a:1 OR b:2 AND NOT c:3} > 1');
    if (q.kind !== 'metric' || q.expression.type !== 'series' || q.expression.scope.style !== 'boolean') throw new Error('expected a boolean scope');
    const e = q.expression.scope.expression;
    expect(e.type).toBe('or');
    if (e.type !== 'or') return;
    expect(e.operands.map((o) => o.type)).toEqual(['tag', 'and']);
  });

  it('gives arithmetic the usual precedence', () => {
    const q = parsed('avg(last_5m):sum:a{*} + sum:b{*} * 2 > 1');
    if (q.kind !== 'metric' || q.expression.type !== 'binary') throw new Error('expected a binary expression');
    expect(q.expression.operator).toBe('+');
    expect(q.expression.right.type).toBe('binary');
  });
});

describe('parseMonitorQuery: robustness', () => {
  it('returns a result, never throws, for every prefix of every valid query', () => {
    let results = 0;
    for (const { query } of VALID_CASES) {
      for (let cut = 0; cut < query.length; cut++) {
        const result = parseMonitorQuery(query.slice(0, cut));
        if (!result.ok) expect(result.error.column).toBeGreaterThanOrEqual(1);
        results++;
      }
    }
    expect(results).toBeGreaterThan(1000);
  });

  it('reports a column inside the query (or just past its end) for every prefix', () => {
    for (const { query } of VALID_CASES) {
      for (let cut = 1; cut < query.length; cut++) {
        const prefix = query.slice(0, cut);
        const result = parseMonitorQuery(prefix);
        if (!result.ok) expect(result.error.column).toBeLessThanOrEqual(prefix.length + 1);
      }
    }
  });

  it('never fails internally on 10,000 mutated queries (inserted, deleted, swapped characters)', () => {
    // Deterministic mutations (seeded LCG) of the valid set, with characters that matter to the grammar.
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '{}()[],:.!&|<>=-+*/"\' a1_';
    const internal: string[] = [];
    for (let i = 0; i < 10000; i++) {
      let q = VALID_CASES[next(VALID_CASES.length)].query;
      for (let m = 1 + next(3); m > 0; m--) {
        const at = next(q.length + 1);
        const op = next(3);
        if (op === 0) q = q.slice(0, at) + alphabet[next(alphabet.length)] + q.slice(at);
        else if (op === 1) q = q.slice(0, at) + q.slice(at + 1);
        else q = q.slice(0, at) + q.slice(at + 1, at + 2) + q.charAt(at) + q.slice(at + 2);
      }
      const result = parseMonitorQuery(q);
      if (!result.ok && (result.error.message.startsWith('internal parser error') || result.error.column < 1 || result.error.column > q.length + 1)) {
        internal.push(`${q} → col ${result.error.column}: ${result.error.message}`);
      }
    }
    expect(internal).toEqual([]);
  });

  it('rejects a non-string without throwing', () => {
    const result = parseMonitorQuery(42 as unknown as string);
    expect(result.ok).toBe(false);
  });
});

describe('parseMonitorQuery with placeholders allowed', () => {
  it.each([
    ['avg(last_5m):avg:system.cpu.user{env:${TfToken[TOKEN.1]},service:web} > 90', 'a tag value'],
    ['avg(last_5m):avg:system.cpu.user{env IN (${TfToken[TOKEN.1]}, staging)} > 90', 'an IN value'],
    ['avg(last_5m):avg:${TfToken[TOKEN.2]}.requests{*} by {${TfToken[TOKEN.3]}} > 90', 'a metric name and a group key'],
    ['${TfToken[TOKEN.4]} && 12', 'a composite operand'],
  ])('accepts %s (%s)', (query) => {
    expect(parseMonitorQuery(query, { allowPlaceholders: true }).ok).toBe(true);
    expect(parseMonitorQuery(query).ok).toBe(false);
  });

  it('reports an unclosed placeholder at its opening', () => {
    expect(parseMonitorQuery('avg(last_5m):avg:m{env:${TfToken[TOKEN.1]', { allowPlaceholders: true })).toMatchObject({
      ok: false,
      error: { column: 24, message: "expected '}' to close the placeholder opened at col 24" },
    });
  });
});

describe('parseCompositeExpression', () => {
  it('accepts identifiers and Terraform token text as placeholders', () => {
    const result = parseCompositeExpression('${TfToken[TOKEN.12]} && (cpu_high || !${datadog_monitor.disk.id})', { allowPlaceholders: true });
    expect(result.ok).toBe(true);
    if (!result.ok || result.query.kind !== 'composite') return;
    expect(result.query.expression.type).toBe('binary');
  });

  it('rejects placeholders unless asked to accept them', () => {
    const result = parseCompositeExpression('cpu_high && 12');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.column).toBe(1);
  });

  it('reports an unclosed token placeholder at its opening', () => {
    const result = parseCompositeExpression('1 && ${TfToken[TOKEN.12]', { allowPlaceholders: true });
    expect(result).toMatchObject({ ok: false, error: { column: 6 } });
  });
});
