import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkQueryText, formatChecks } from '../../../cli/query';

const ROOT = join(__dirname, '..', '..', '..');
const GOOD = 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90';
const BAD = 'avg(last_5m):avg:system.cpu.user{env:prod > 90';
// Datadog accepts it and averages: legal, but the query does not say what it does.
const RISKY = 'avg(last_1h):system.disk.in_use{role:db} by {device,host} > 0.9';
const RISKY_WARNING = "no space aggregation before 'system.disk.in_use': Datadog averages across every source (avg); write 'avg:system.disk.in_use' or the aggregation you mean (sum for counts)";

function houndstack(args: string[], stdin?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'houndstack.js'), ...args], { cwd: ROOT, input: stdin ?? '', encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('checkQueryText and formatChecks', () => {
  it('gives one result per query line, in order, skipping blank lines and # comments', () => {
    const checked = checkQueryText(`# CPU\n${GOOD}\n\n   \n${BAD}\r\n1 && 2\n`);
    expect(checked.map((c) => [c.line, c.result.ok])).toEqual([
      [2, true],
      [5, false],
      [6, true],
    ]);
    expect(checked[1].query).toBe(BAD);
  });

  it('prints ok, warning: file:line:col: message or error: file:line:col: message, one line per query', () => {
    expect(formatChecks(checkQueryText(`${GOOD}\n${BAD}\n${RISKY}`), false, 'queries.txt')).toEqual([
      'ok',
      "error: queries.txt:2:33: expected '}' to close the scope opened at col 33, found '>' at col 43",
      `warning: queries.txt:3:14: ${RISKY_WARNING}`,
    ]);
  });

  it('puts every warning of a query on its line', () => {
    const query = 'avg(last_5m):system.load.1{*,env:prod} / system.load.5{*} > 2';
    expect(formatChecks(checkQueryText(query), false, 'q.txt')).toEqual([
      "warning: q.txt:1:28: '*' among other tags of 'system.load.1' matches everything and adds nothing; Datadog filters by the other tags only (leave '*' out)" +
        "; col 14: no space aggregation before 'system.load.1': Datadog averages across every source (avg); write 'avg:system.load.1' or the aggregation you mean (sum for counts)" +
        "; col 42: no space aggregation before 'system.load.5': Datadog averages across every source (avg); write 'avg:system.load.5' or the aggregation you mean (sum for counts)",
    ]);
  });

  it('prints JSON lines with the file, the line, the query and, on errors, column and message; warnings as a list', () => {
    const lines = formatChecks(checkQueryText(`${GOOD}\n${BAD}\n${RISKY}`), true, 'queries.txt').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { file: 'queries.txt', line: 1, query: GOOD, ok: true },
      { file: 'queries.txt', line: 2, query: BAD, ok: false, column: 33, message: "expected '}' to close the scope opened at col 33, found '>' at col 43", expected: ['}'] },
      { file: 'queries.txt', line: 3, query: RISKY, ok: true, warnings: [{ column: 14, message: RISKY_WARNING }] },
    ]);
  });
});

describe('houndstack query check (end to end)', () => {
  it('reads stdin, prints one line per query and exits 1 when one is invalid', () => {
    const run = houndstack(['query', 'check'], `${GOOD}\n${BAD}\n"datadog.agent.up".over("*").last(2).count_by_status()\n`);
    expect(run.stdout).toBe(`ok\nerror: <stdin>:2:33: expected '}' to close the scope opened at col 33, found '>' at col 43\nok\n`);
    expect(run.status).toBe(1);
  });

  it('exits 0 on warnings, 1 with --strict', () => {
    const run = houndstack(['query', 'check'], `${GOOD}\n${RISKY}\n`);
    expect(run.stdout).toBe(`ok\nwarning: <stdin>:2:14: ${RISKY_WARNING}\n`);
    expect(run.status).toBe(0);
    const strict = houndstack(['query', 'check', '--strict'], `${GOOD}\n${RISKY}\n`);
    expect(strict.stdout).toBe(run.stdout);
    expect(strict.status).toBe(1);
  });

  it('reads a file and exits 0 when every query is valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houndstack-query-'));
    const file = join(dir, 'queries.txt');
    writeFileSync(file, `${GOOD}\n# a comment\nlogs("status:error").index("*").rollup("count").last("5m") > 10\n`);
    const run = houndstack(['query', 'check', file]);
    expect(run.stdout).toBe('ok\nok\n');
    expect(run.status).toBe(0);
  });

  it('prints JSON lines with --json', () => {
    const run = houndstack(['query', 'check', '--json'], `${BAD}\n`);
    expect(JSON.parse(run.stdout)).toMatchObject({ line: 1, ok: false, column: 33 });
    expect(run.status).toBe(1);
  });

  it('accepts Terraform tokens only with --allow-placeholders', () => {
    const query = 'avg(last_5m):avg:m{env:${TfToken[TOKEN.1]}} > 1\n';
    expect(houndstack(['query', 'check'], query).status).toBe(1);
    const allowed = houndstack(['query', 'check', '--allow-placeholders'], query);
    expect(allowed.stdout).toBe('ok\n');
    expect(allowed.status).toBe(0);
  });

  it('exits 2 with a message on stderr when the file cannot be read', () => {
    const run = houndstack(['query', 'check', join(tmpdir(), 'houndstack-no-such-file.txt')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${join(tmpdir(), 'houndstack-no-such-file.txt')}: no such file\n`);
  });
});
