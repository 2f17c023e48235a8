import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });
const example = 'examples/monitor-tests/payments-prod.yaml';

describe('houndstack monitors test', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-monitors-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes the example file against the example app's monitors: one ok line per test, exit 0", () => {
    const r = houndstack('monitors', 'test', example);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `ok   ${example}: orders-db connection usage warns the chat, pages, and falling back to a warning tells the chat and ends the page`,
      `ok   ${example}: DynamoDB read capacity is judged 15 minutes late (evaluation_delay) on a full 10-minute window`,
      `ok   ${example}: the AWS integration heartbeat goes NO DATA an hour after CloudWatch metrics stop, to the platform chat`,
    ]);
    expect(r.status).toBe(0);
  });

  it('fails a broken expectation with a clear diff and exits 1; --json gives one object per test', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(join(root, example), 'utf8').replace('notified: ["@pagerduty-payments"]', 'notified: ["@slack-payments-alerts"]').replace('at: 2h15m', 'at: 2h'));
    const r = houndstack('monitors', 'test', broken);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `FAIL ${broken}: orders-db connection usage warns the chat, pages, and falling back to a warning tells the chat and ends the page: at 25m (2026-01-05T09:25:00Z) server:orders-1,port:5432: expected @slack-payments-alerts notified for the alert notification, got @pagerduty-payments`,
      `ok   ${broken}: DynamoDB read capacity is judged 15 minutes late (evaluation_delay) on a full 10-minute window`,
      `FAIL ${broken}: the AWS integration heartbeat goes NO DATA an hour after CloudWatch metrics stop, to the platform chat: at 2h (1970-01-01T02:00:00Z) region:us-east-1: expected NO DATA, got OK (NO DATA from 2h15m)`,
    ]);
    expect(r.status).toBe(1);
    const json = houndstack('monitors', 'test', '--json', broken);
    const lines = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.passed, l.failures.length])).toEqual([[broken, false, 1], [broken, true, 0], [broken, false, 1]]);
    expect(lines[2].failures[0]).toMatchObject({ at: '2h', group: 'region:us-east-1', expected: 'NO DATA', actual: 'OK', expectedDuring: 'from 2h15m' });
  });

  it('exits 2 for unusable input, one problem per line on stderr naming the file', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'tests:\n  - name: x\n    query: "avg(last_5m):nope"\n    expect: [{ at: 1m, states: { "*": OK } }]\n');
    const r = houndstack('monitors', 'test', bad, join(dir, 'missing.yaml'));
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^error: ${bad.replace(/[.]/g, '\\.')}: tests\\[0\\] \\(name "x"\\)\\.query: col \\d+: `)),
      `error: ${join(dir, 'missing.yaml')}: no such file`,
    ]);
    expect(r.status).toBe(2);
  });

  it('has --help', () => {
    const r = houndstack('monitors', 'test', '--help');
    expect(r.stdout).toContain('Usage: houndstack monitors test [options] <files...>');
    expect(r.status).toBe(0);
  });
});
