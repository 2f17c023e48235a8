import { selectColumnCount, selectListItems } from '../../constructs/postgres-check';

describe('SELECT list splitter', () => {
  test.each([
    ['SELECT a, b, c FROM t', 3],
    ['select a,b from t where x in (1, 2, 3)', 2],
    ['SELECT COALESCE(a, b), f(x, y, z) AS g FROM t', 2],
    ["SELECT 'a, b', \"weird, name\", E'it\\'s, x' FROM t", 3],
    ["SELECT 'it''s, fine', $$a, b$$, $q$c, d$q$", 3],
    ['SELECT CASE WHEN a > 1 THEN 1 ELSE 0 END, b FROM t', 2],
    ['SELECT a, -- b, c\n d /* e, f */ FROM t', 2],
    ['SELECT DISTINCT ON (a, b) a, b, c FROM t', 3],
    ['SELECT count(*) FILTER (WHERE state = \'idle\'), max(x) FROM t', 2],
    ['WITH x AS (SELECT 1, 2, 3) SELECT a, b FROM x', 2],
    ['SELECT a, b FROM t UNION SELECT c, d FROM u', 2],
    ['(SELECT a, b, c FROM t) UNION (SELECT 1, 2, 3)', 3],
    ['SELECT EXTRACT(EPOCH FROM now() - x), (SELECT count(*) FROM y), arr[1:2] FROM t', 3],
    ['SELECT 1', 1],
    ['SELECT a, b;', 2],
  ])('%s → %i columns', (sql, count) => {
    expect(selectColumnCount(sql)).toBe(count);
  });

  test.each([
    ['SELECT * FROM t'],
    ['SELECT t.*, x FROM t'],
    ['SHOW max_connections'],
    ["SELECT 'unterminated"],
    ['SELECT (a, b FROM t'],
    ['VALUES (1, 2)'],
  ])('gives up on %s', (sql) => {
    expect(selectColumnCount(sql)).toBeUndefined();
  });

  test('returns the items as written', () => {
    expect(selectListItems('SELECT  a AS x ,\n  COUNT(*) AS n  FROM t')).toEqual(['a AS x', 'COUNT(*) AS n']);
  });
});
