import { parseMonitorQuery, printQuery, summarizeQuery, type MonitorQuery } from '../../../constructs/monitors/query';
import { VALID_CASES } from './cases';

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`expected ${query} to parse: col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

describe('printQuery', () => {
  it.each(VALID_CASES.map((c) => [c.query] as const))('prints %s as text that parses to the same summary, and is stable', (query) => {
    const first = parsed(query);
    const printed = printQuery(first);
    const second = parsed(printed);
    expect(summarizeQuery(second)).toEqual(summarizeQuery(first));
    expect(printQuery(second)).toBe(printed);
  });

  it.each([
    ['  avg(last_5m) : avg:system.cpu.user{ env:prod , host:a }  by { host }  >  90  ', 'avg(last_5m):avg:system.cpu.user{env:prod,host:a} by {host} > 90'],
    ['avg(last_5m):avg:m{env:prod and not region:x} > 1', 'avg(last_5m):avg:m{env:prod AND NOT region:x} > 1'],
    ["avg(last_5m):outliers(avg:m{*} by {host}, 'DBSCAN', 3.0) > 0", "avg(last_5m):outliers(avg:m{*} by {host}, 'dbscan', 3.0) > 0"],
    ['"c".over("*").last(4).by("host").count_by_status()', '"c".over("*").by("host").last(4).count_by_status()'],
    ['123&&(456||!789)', '123 && (456 || !789)'],
  ])('normalises %s', (query, canonical) => {
    expect(printQuery(parsed(query))).toBe(canonical);
  });
});
