import { parseMonitorQuery, summarizeQuery, type MonitorQuery } from '../../../constructs/monitors/query';

function parsed(query: string): MonitorQuery {
  const result = parseMonitorQuery(query);
  if (!result.ok) throw new Error(`expected ${query} to parse: col ${result.error.column}: ${result.error.message}`);
  return result.query;
}

describe('summarizeQuery', () => {
  it('gives the comparator, threshold, window and group-by of a metric alert', () => {
    const summary = summarizeQuery(parsed('avg(last_5m):avg:system.cpu.user{env:prod,!region:eu-west-1} by {host} > 90'));
    expect(summary).toMatchObject({
      kind: 'metric',
      comparator: '>',
      threshold: 90,
      timeAggregation: 'avg',
      evaluationWindowSeconds: 300,
      groupBy: ['host'],
      metrics: ['system.cpu.user'],
      scopeTags: { env: ['prod'] },
      excludedTags: { region: ['eu-west-1'] },
    });
  });
});
