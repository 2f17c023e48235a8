// The snippet at the top of constructs/monitors/query/README.md, kept honest.
import { metricQuery, parseMonitorQuery, summarizeQuery } from '../../../constructs';

describe('constructs/monitors/query/README.md snippet', () => {
  it('parses, summarizes and builds as the README says', () => {
    const result = parseMonitorQuery('avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90');
    if (!result.ok) throw new Error(`col ${result.error.column}: ${result.error.message}`);
    const s = summarizeQuery(result.query);
    expect(s).toMatchObject({ kind: 'metric', comparator: '>', threshold: 90, evaluationWindowSeconds: 300, groupBy: ['host'], scopeTags: { env: ['prod'] } });

    expect(metricQuery({ window: { minutes: 5 }, metric: 'system.cpu.user', scope: { env: 'prod' }, groupBy: ['host'] }).above(90)).toBe(
      'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90',
    );
  });
});
