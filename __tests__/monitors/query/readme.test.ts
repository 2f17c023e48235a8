// The snippet at the top of constructs/monitors/query/README.md, kept honest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('constructs/monitors/query/README.md "What is accepted"', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'constructs', 'monitors', 'query', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What is accepted'), readme.indexOf('## Files'));
  // Whole queries in the table's example column; fragments (with … or starting with . or `(`) are left out.
  const examples = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| class') && !line.startsWith('|---'))
    .flatMap((line) => [...line.split(' | ')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, '|')))
    .filter((q) => !q.includes('…') && !q.startsWith('.') && !q.startsWith('( '))
    .map((q) => q.replace(/<slo id>/g, 'c9c6a6b3a0bf5c6b9b4e0d3a0a7c5f21'));

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples)('parses %s', (query) => {
    const result = parseMonitorQuery(query);
    expect(result.ok ? 'ok' : `col ${result.error.column}: ${result.error.message}`).toBe('ok');
  });
});
