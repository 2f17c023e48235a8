import { parseMonitorQuery, printQuery, type MonitorQuery } from '../../../constructs/monitors/query';
import valid from './corpus/valid.json';
import invalid from './corpus/invalid.json';

/**
 * The real-world corpus (corpus/README.md): monitor queries from Datadog's provider tests, API examples and
 * published monitors, and from public monitor modules; and mutations of them that Datadog refuses.
 */
interface ValidCase {
  readonly query: string;
  readonly type: string | null;
  readonly source: string;
  readonly note: string;
}
interface InvalidCase {
  readonly query: string;
  readonly column: number;
  readonly message: string;
  readonly rule: string;
  readonly why: string;
  readonly source: string;
}

/** The tree without source positions: what must survive printing and parsing again. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'span') out[key] = shape(value);
  return out;
}

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

describe('the real-world corpus', () => {
  const cases = valid as ValidCase[];
  const refused = invalid as InvalidCase[];

  it('has several hundred distinct valid queries, each with its source, and a mutated invalid set', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((c) => c.query)).size).toBe(cases.length);
    for (const c of [...cases, ...refused]) expect(c.source).toMatch(/^(mutation of )?[\w.-]+\/[\w.-]+@[0-9a-f]{9}:\S/);
    expect(refused.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((c) => [c.source, c.query] as const))('parses %s', (_source, query) => {
    const result = parseMonitorQuery(query);
    expect(result.ok ? 'ok' : `col ${result.error.column}: ${result.error.message}`).toBe('ok');
  });

  it.each(cases.map((c) => [c.source, c.query] as const))('prints %s canonically: the printed text parses to the same tree', (_source, query) => {
    const tree = parsed(query);
    const printed = printQuery(tree);
    const again = parsed(printed);
    expect(shape(again)).toEqual(shape(tree));
    expect(printQuery(again)).toBe(printed);
  });

  it.each(refused.map((c) => [c.rule, c.source, c.column, c.message, c.query] as const))(
    'rejects %s (%s) at col %i',
    (_rule, _source, column, message, query) => {
      const result = parseMonitorQuery(query);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect({ column: result.error.column, message: result.error.message }).toEqual({ column, message: expect.stringContaining(message) });
    },
  );
});
