import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('houndstack oncall preview (examples/accounts.yaml)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-oncall-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows who is primary and secondary next week, the load per person, and exits 0 when every hour is covered', () => {
    const result = houndstack('oncall', 'preview', '--team', 'identity', '--from', '2026-12-07');
    expect(result.stdout.split('\n')).toEqual([
      'identity (Identity, Europe/Paris): 2026-12-07 00:00 to 2026-12-14 00:00',
      '  primary   2026-12-07 00:00 – 2026-12-07 10:00  Ines Moreau <ines.moreau@example.com> (10 h)',
      '  primary   2026-12-07 10:00 – 2026-12-14 00:00  Jonas Weber <jonas.weber@example.com> (158 h)',
      '  secondary 2026-12-07 00:00 – 2026-12-07 10:00  Jonas Weber <jonas.weber@example.com> (10 h)',
      '  secondary 2026-12-07 10:00 – 2026-12-14 00:00  Lea Martin <lea.martin@example.com> (158 h)',
      '  load:     person                         shifts  primary h  secondary h  night h  weekend h',
      '            Jonas Weber                         1        158           10       56         48',
      '            Ines Moreau                         1         10            0        7          0',
      '            Lea Martin                          0          0          158        0          0',
      '  uncovered: none',
      '',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('gives hour by hour in --json, in the team zone across the daylight-saving change (a 23-hour day)', () => {
    const result = houndstack('oncall', 'preview', '--team', 'platform', '--from', '2027-03-22', '--json');
    const preview = JSON.parse(result.stdout) as { teams: { hours: { start: string; primary: string | null }[]; uncovered: unknown[]; fairness: { who: string; primaryHours: number; nightHours: number; weekendHours: number }[] }[] };
    const hours = preview.teams[0]!.hours;
    // London moves to +01:00 on 2027-03-28 at 01:00: that day has 23 hours, the week 167.
    expect(hours.length).toBe(167);
    expect(hours.filter((h) => h.start.startsWith('2027-03-28')).map((h) => h.start.slice(11, 13))).toEqual(['00', ...Array.from({ length: 22 }, (_, i) => String(i + 2).padStart(2, '0'))]);
    expect(hours.find((h) => h.start === '2027-03-22T12:00:00Z')?.primary).toMatch(/^(olivia\.hughes|tom\.baker)@example\.com$/);
    expect(preview.teams[0]!.uncovered).toEqual([]);
    // The load adds up to the week's 167 hours; the nights (22–07 London: 7 × 9 less the hour the clocks skip) fall to
    // New York's half, handed from Diego to Maya on monday 14:00 New York; the weekend's 47 hours are split.
    const load = preview.teams[0]!.fairness;
    expect(load.map((f) => [f.who.split('@')[0], f.primaryHours, f.nightHours, f.weekendHours])).toEqual([
      ['maya.chen', 89, 55, 27],
      ['olivia.hughes', 70, 0, 20],
      ['diego.lopez', 8, 7, 0],
    ]);
    expect(load.reduce((n, f) => n + f.primaryHours, 0)).toBe(167);
    expect(result.status).toBe(0);
  });

  it('lays an overrides file on top and reports a swap that makes someone primary and secondary at once (exit 1)', () => {
    const overrides = join(dir, 'overrides.yaml');
    writeFileSync(overrides, 'overrides:\n  - { team: identity, from: 2026-12-09T18:00, to: 2026-12-11T10:00, who: lea.martin@example.com, reason: Jonas at a wedding }\n');
    const result = houndstack('oncall', 'preview', '--team', 'identity', '--from', '2026-12-07', '--overrides', overrides);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(1, 5)).toEqual([
      '  primary   2026-12-07 00:00 – 2026-12-07 10:00  Ines Moreau <ines.moreau@example.com> (10 h)',
      '  primary   2026-12-07 10:00 – 2026-12-09 18:00  Jonas Weber <jonas.weber@example.com> (56 h)',
      '  primary   2026-12-09 18:00 – 2026-12-11 10:00  Lea Martin <lea.martin@example.com> (40 h)',
      '  primary   2026-12-11 10:00 – 2026-12-14 00:00  Jonas Weber <jonas.weber@example.com> (62 h)',
    ]);
    expect(lines[lines.length - 1]).toBe('  conflict: Lea Martin <lea.martin@example.com> is primary and secondary at once 2026-12-09 18:00 – 2026-12-11 10:00 (40 h)');
    expect(result.status).toBe(1);
  });

  it('refuses a bad overrides file with one line per problem naming the file (exit 2)', () => {
    const overrides = join(dir, 'bad-overrides.yaml');
    writeFileSync(overrides, 'overrides:\n  - { team: identiy, from: 2026-12-09T18:00, to: 2026-12-11T10:00, who: lea.martin@example.com }\n  - { team: identity, from: tomorrow, to: 2026-12-11T10:00, who: lea.martin@example.com }\n');
    const result = houndstack('oncall', 'preview', '--overrides', overrides, '--from', '2026-12-07');
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `error: ${overrides}: overrides[0].team: "identiy" is not an on-call team (known: identity, platform, payments)`,
      `error: ${overrides}: overrides[1].from: "tomorrow" is not a date-time; expected YYYY-MM-DDThh:mm (in Europe/Paris) or RFC 3339`,
    ]);
    expect(result.status).toBe(2);
  });

  it('reports hours nobody covers and exits 1', () => {
    const file = join(dir, 'accounts.yaml');
    writeFileSync(
      file,
      readFileSync(join(root, 'examples', 'accounts.yaml'), 'utf8').replace(
        'startDate: 2026-12-02\n',
        'startDate: 2026-12-02\n          restrictions: [{ startDay: monday, startTime: "08:00", endDay: friday, endTime: "20:00" }]\n',
      ).replace('      pagerduty:\n        serviceName: payments', '      coverage: restricted\n      pagerduty:\n        serviceName: payments'),
    );
    const result = houndstack('oncall', 'preview', file, '--team', 'payments', '--from', '2026-12-07');
    expect(result.stdout.trimEnd().split('\n').filter((l) => l.includes('uncovered'))).toEqual([
      '  uncovered: 2026-12-07 00:00 – 2026-12-07 08:00 (8 h)',
      '  uncovered: 2026-12-11 20:00 – 2026-12-14 00:00 (52 h)',
    ]);
    expect(result.status).toBe(1);
  });

  it('exits 2, one line on stderr, for an unknown team, a file without oncall:, a bad date; --help describes every option', () => {
    const unknown = houndstack('oncall', 'preview', '--team', 'nobody');
    expect([unknown.stdout, unknown.stderr, unknown.status]).toEqual(['', 'error: examples/accounts.yaml: --team nobody: no such team in oncall.teams (known: identity, platform, payments)\n', 2]);
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, 'accounts:\n  - { alias: prod, accountId: "111111111111", region: us-east-1 }\n');
    expect(houndstack('oncall', 'preview', bare).stderr).toBe(`error: ${bare}: no oncall: section; define teams under oncall.teams\n`);
    const badDate = houndstack('oncall', 'preview', '--from', '2026-13-01');
    expect([badDate.stderr, badDate.status]).toEqual(["error: option '--from <date>' argument '2026-13-01' is invalid. a date, YYYY-MM-DD\n", 2]);
    const help = houndstack('oncall', 'preview', '--help').stdout;
    for (const option of ['--team <key>', '--from <date>', '--weeks <n>', '--overrides <file>', '--html <file>', '--json']) expect(help).toContain(option);
    expect(help).toContain('Exit codes: 0 fine, 1 problems found, 2 unusable input or usage');
  });
});
