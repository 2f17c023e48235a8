import { logSearchProblem, matchesLogSearch, parseLogSearch } from '../../constructs/monitors/query/logs-search';
import { INVALID_SEARCHES, VALID_SEARCHES } from './search-cases';

describe('log search syntax', () => {
  it.each(VALID_SEARCHES)('accepts $search (from $source)', ({ search }) => {
    expect(logSearchProblem(search)).toBeUndefined();
  });

  it.each(INVALID_SEARCHES)('refuses $search at col $column', ({ search, column, message }) => {
    expect(parseLogSearch(search)).toEqual({ ok: false, error: { column, message } });
  });

  it('reads key:(a OR b) as the key on every value', () => {
    expect(parseLogSearch('env:(prod OR test)')).toEqual({
      ok: true,
      query: { type: 'or', items: [{ type: 'match', key: 'env', value: 'prod', phrase: false }, { type: 'match', key: 'env', value: 'test', phrase: false }] },
    });
  });
});

describe('matching a log', () => {
  const log = {
    attributes: {
      service: 'checkout', source: 'nginx', message: 'GET /orders 200',
      http: { status_code: 503, url: '/api-v1/orders' },
      network: { client: { ip: '13.1.2.3' } },
    },
    tags: ['env:prod', 'version:beta'],
  };
  const matches = (search: string) => {
    const r = parseLogSearch(search);
    if (!r.ok) throw new Error(r.error.message);
    return matchesLogSearch(r.query, log);
  };

  it('reserved attributes and tags without @, attributes with @', () => {
    expect(matches('source:nginx service:checkout env:prod')).toBe(true);
    expect(matches('source:nginx env:staging')).toBe(false);
    expect(matches('@http.url:/api\\-v1/*')).toBe(true);
  });

  it('numeric ranges and comparisons compare numbers', () => {
    expect(matches('@http.status_code:[500 TO 599]')).toBe(true);
    expect(matches('@http.status_code:[400 TO 499]')).toBe(false);
    expect(matches('@http.status_code:>=500')).toBe(true);
    expect(matches('@http.status_code:<500')).toBe(false);
  });

  it('exclusion, OR, existence and CIDR blocks', () => {
    expect(matches('(env:prod AND -version:beta)')).toBe(false);
    expect(matches('env:(staging OR prod)')).toBe(true);
    expect(matches('-@http.status_code:*')).toBe(false);
    expect(matches('@web.queueing_delay:*')).toBe(false);
    expect(matches('CIDR(@network.client.ip, 13.0.0.0/8)')).toBe(true);
    expect(matches('NOT(CIDR(@network.client.ip, 10.0.0.0/8))')).toBe(true);
  });
});
