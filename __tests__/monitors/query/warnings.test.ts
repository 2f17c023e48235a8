import { parseMonitorQuery, queryWarnings, summarizeQuery, type MonitorQuery } from '../../../constructs/monitors/query';

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

describe('queryWarnings: legal in Datadog, worth a second look', () => {
  it('gives none for queries that say what they do', () => {
    for (const q of [
      'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90',
      '"datadog.agent.up".over("*").by("host").last(2).count_by_status()',
      'burn_rate("abc").over("30d").long_window("1h").short_window("5m") > 14.4',
      'logs("status:error").index("*").rollup("count").last("5m") > 10',
    ]) {
      expect(queryWarnings(parsed(q))).toEqual([]);
    }
  });

  it('names the metric whose space aggregation Datadog fills in, inside functions and anomalies too', () => {
    const q = "avg(last_4h):anomalies(default_zero(system.load.1{*}), 'basic', 2) >= 1";
    expect(queryWarnings(parsed(q))).toEqual([
      { column: 37, message: expect.stringContaining("no space aggregation before 'system.load.1'") },
    ]);
  });

  it('gives the quoted form of an older service check', () => {
    expect(queryWarnings(parsed('process.up{env:prod,!host:a} by {process}.last(3).count_by_status()'))).toEqual([
      {
        column: 1,
        message: `older service check form; Datadog's documentation and its monitor editor write the quoted form: "process.up".over("env:prod").exclude("host:a").by("process").last(3).count_by_status()`,
      },
    ]);
  });

  it('gives the documented order for a group-by written after the threshold, and the summary keeps the groups', () => {
    const q = parsed('avg(last_15m):avg:postgresql.percent_usage_connections{*} > 0.9 by {host}');
    expect(queryWarnings(q)).toEqual([
      { column: 65, message: "group-by after the threshold is the older order; Datadog's documentation writes it after the scope: '… by {host} > 0.9'" },
    ]);
    expect(summarizeQuery(q)).toMatchObject({ groupBy: ['host'], comparator: '>', threshold: 0.9 });
  });

  it('flags a burn rate whose short window is not shorter than its long window', () => {
    expect(queryWarnings(parsed('burn_rate("abc").over("30d").long_window("1h").short_window("2h") > 14.4'))).toEqual([
      { column: 47, message: expect.stringContaining('short_window "2h" is not shorter than long_window "1h"') },
    ]);
  });
});
