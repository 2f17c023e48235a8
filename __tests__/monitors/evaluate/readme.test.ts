import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runMonitorTest, testFileProblems } from '../../../constructs/monitors/evaluate';

// The README's test-file example ("Testing monitors") is a real test file: it must be valid and pass.
const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const block = /<!-- monitors-test-example[^>]*-->\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];

describe('README: the monitors test example', () => {
  it('is valid and passes', () => {
    expect(block).toBeDefined();
    const { tests, problems } = testFileProblems(parse(block!));
    expect(problems).toEqual([]);
    expect(tests.map((t) => runMonitorTest(t, () => ({ error: 'no app' })))).toEqual([
      { name: 'cpu pages after five minutes above 90', passed: true, failures: [], notes: [] },
    ]);
  });
});
