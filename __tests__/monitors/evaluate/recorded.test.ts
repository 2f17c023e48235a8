import { bandFromCsv, evaluateMonitor, parseTimestamp, seriesFromCsv, seriesFromQueryResponse, transitionsOf } from '../../../constructs/monitors/evaluate';

// The shape of GET /api/v1/query's response (docs.datadoghq.com/api/latest/metrics/query-timeseries-points): series[]
// with pointlist in milliseconds, scope (comma-separated tags), tag_set, metric; values here are made up.
const response = {
  status: 'ok', res_type: 'time_series', query: 'avg:system.cpu.user{env:prod} by {host}', group_by: ['host'],
  from_date: 1767571200000, to_date: 1767572400000,
  series: [
    { metric: 'system.cpu.user', display_name: 'system.cpu.user', scope: 'env:prod,host:web-1', tag_set: ['host:web-1'], expression: 'avg:system.cpu.user{env:prod,host:web-1}', interval: 60, length: 4,
      pointlist: [[1767571200000, 50], [1767571260000, 96], [1767571320000, 97], [1767571380000, null]] },
    { metric: 'system.cpu.user', display_name: 'system.cpu.user', scope: 'env:prod,host:web-2', tag_set: ['host:web-2'], expression: 'avg:system.cpu.user{env:prod,host:web-2}', interval: 60, length: 2,
      pointlist: [[1767571200000, 20], [1767571260000, 21]] },
  ],
};

describe('recorded series', () => {
  it("reads Datadog's metric query response: seconds, tags from scope and tag_set, null points as gaps", () => {
    const { series, problems } = seriesFromQueryResponse(response);
    expect(problems).toEqual([]);
    expect(series).toEqual([
      { metric: 'system.cpu.user', tags: ['env:prod', 'host:web-1'], points: [[1767571200, 50], [1767571260, 96], [1767571320, 97], [1767571380, null]] },
      { metric: 'system.cpu.user', tags: ['env:prod', 'host:web-2'], points: [[1767571200, 20], [1767571260, 21]] },
    ]);
  });

  it('evaluates a monitor on the response as it would on the live data', () => {
    const { series } = seriesFromQueryResponse(response);
    const r = evaluateMonitor({ query: 'avg(last_2m):avg:system.cpu.user{env:prod} by {host} > 90', series, from: 1767571200, to: 1767571500 });
    expect(transitionsOf(r).map((t) => [t.time - 1767571200, t.group, t.to])).toEqual([[180, 'host:web-1', 'ALERT']]);
  });

  it('says what is wrong with a file that is not a query response', () => {
    expect(seriesFromQueryResponse({ data: [] }).problems).toEqual(['not a Datadog metric query response: no series[] (GET /api/v1/query returns {"series": [{"pointlist": …}]})']);
    expect(seriesFromQueryResponse({ series: [{ metric: 'm', pointlist: [[1, 'x']] }] }).problems).toEqual(['series[0].pointlist[0]: [1,"x"] is not [timestamp_ms, value]']);
  });

  it.each([
    ['2026-01-05T00:01:00Z', 1767571260],
    ['2026-01-05T01:01:00+01:00', 1767571260],
    ['2026-01-05 00:01:00', 1767571260],
    ['1767571260', 1767571260],
    ['1767571260000', 1767571260],
  ])('reads the timestamp %s', (text, seconds) => {
    expect(parseTimestamp(text)).toBe(seconds);
  });

  it('reads CSV timestamp,value,tags with a header, one series per tag set, empty values as gaps', () => {
    const csv = 'timestamp,value,tags\n2026-01-05 00:00:00,1,"host:a,env:prod"\n2026-01-05 00:01:00,,"host:a,env:prod"\n1767571200,5,host:b;env:prod\n';
    expect(seriesFromCsv(csv, 'm')).toEqual({
      series: [
        { metric: 'm', tags: ['env:prod', 'host:a'], points: [[1767571200, 1], [1767571260, null]] },
        { metric: 'm', tags: ['env:prod', 'host:b'], points: [[1767571200, 5]] },
      ],
      problems: [],
    });
    expect(seriesFromCsv('2026-01-05 00:00:00,1\nyesterday,2\n2026-01-05 00:02:00,lots\n', 'm').problems).toEqual([
      'line 2: "yesterday" is not a timestamp (ISO 8601, YYYY-MM-DD HH:MM:SS UTC, or epoch seconds/ms)',
      'line 3: "lots" is not a number',
    ]);
  });

  it('reads a band file per group', () => {
    expect(bandFromCsv('timestamp,lower,upper\n1767571200,1,3\n1767571200,2,4,host:a\n')).toEqual({
      bands: [{ group: '*', lower: [[1767571200, 1]], upper: [[1767571200, 3]] }, { group: 'host:a', lower: [[1767571200, 2]], upper: [[1767571200, 4]] }],
      problems: [],
    });
  });
});
