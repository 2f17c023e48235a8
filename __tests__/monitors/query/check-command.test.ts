import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkQueryText, formatChecks } from '../../../cli/query';

const ROOT = join(__dirname, '..', '..', '..');
const GOOD = 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90';
const BAD = 'avg(last_5m):avg:system.cpu.user{env:prod > 90';

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

  it('prints ok or error: col N: message', () => {
    expect(formatChecks(checkQueryText(`${GOOD}\n${BAD}`), false)).toEqual([
      'ok',
      "error: col 33: expected '}' to close the scope opened at col 33, found '>' at col 43",
    ]);
  });

  it('prints JSON lines with the line, the query and, on errors, column and message', () => {
    const lines = formatChecks(checkQueryText(`${GOOD}\n${BAD}`), true).map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { line: 1, query: GOOD, ok: true },
      { line: 2, query: BAD, ok: false, column: 33, message: "expected '}' to close the scope opened at col 33, found '>' at col 43", expected: ['}'] },
    ]);
  });
});

describe('houndstack query check (end to end)', () => {
  it('reads stdin, prints one line per query and exits 1 when one is invalid', () => {
    const run = houndstack(['query', 'check'], `${GOOD}\n${BAD}\n"datadog.agent.up".over("*").last(2).count_by_status()\n`);
    expect(run.stdout).toBe(`ok\nerror: col 33: expected '}' to close the scope opened at col 33, found '>' at col 43\nok\n`);
    expect(run.status).toBe(1);
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
