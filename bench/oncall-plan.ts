/**
 * On-call checks at synth: the example accounts file's teams planned and checked over 53 weeks (coverage across both
 * daylight-saving changes, primary = secondary, shared members across teams), and a larger org of 20 follow-the-sun
 * teams. Baseline in the same process: one hour-by-hour walk of the same 53 weeks asking Intl for the local time, the
 * naive way to simulate. Prints figures; asserts nothing. Run: npx tsx bench/oncall-plan.ts
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadAccountsFile } from '../stacks/accounts-file';
import { onCallModel } from '../stacks/oncall-schema';
import { planOnCall, CHECK_HORIZON_DAYS, type OnCallTeamSpec, type RestrictionSpec } from '../constructs/oncall';
import { WEEKDAYS } from '../constructs/oncall/time';

const example = onCallModel(loadAccountsFile('examples/accounts.yaml').oncall!);
const daily = (start: string, end: string): RestrictionSpec[] =>
  WEEKDAYS.map((day, i) => ({ startDay: day, startTime: start, endDay: end <= start ? WEEKDAYS[(i + 1) % 7]! : day, endTime: end }));
const big: OnCallTeamSpec[] = Array.from({ length: 20 }, (_, i) => ({
  key: `team-${i}`, name: `Team ${i}`, handle: `team-${i}`, backend: 'datadog', timeZone: 'Europe/London',
  primary: [
    { name: 'emea', members: [`a${i}@example.com`, `b${i}@example.com`, `c${i}@example.com`], startDate: '2026-11-30', restrictions: daily('07:00', '20:00') },
    { name: 'amer', members: [`d${i}@example.com`, `e${i}@example.com`], startDate: '2026-11-30', timeZone: 'America/New_York', restrictions: daily('14:00', '04:00'), changes: [{ effectiveDate: '2027-02-01', members: [`d${i}@example.com`, `e${i}@example.com`, `f${i}@example.com`] }] },
  ],
  secondary: 'next-member',
  escalation: { steps: [{ targets: [{ schedule: 'primary' }] }, { targets: [{ schedule: 'secondary' }] }] },
}));

function time(f: () => unknown, rounds = 5): number {
  f();
  const t = Array.from({ length: rounds }, () => {
    const s = performance.now();
    f();
    return performance.now() - s;
  }).sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

// The naive simulation: every hour of the horizon, the local time from Intl (what a preview without breakpoints does).
const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', weekday: 'short', hourCycle: 'h23' });
function baseline(): number {
  let n = 0;
  const from = Date.parse('2027-01-11T09:00:00Z');
  for (let ms = from; ms < from + CHECK_HORIZON_DAYS * 86_400_000; ms += 3_600_000) n += fmt.formatToParts(new Date(ms)).length;
  return n;
}

const base = time(baseline);
const ex = time(() => planOnCall(example));
const org = time(() => planOnCall({ teams: big }), 3);
console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures scale with it)`);
console.log(`baseline: one hour-by-hour Intl walk of ${CHECK_HORIZON_DAYS} days, median ${base.toFixed(1)} ms`);
console.log(`example accounts file (3 teams, 5 schedules): plan + every check over ${CHECK_HORIZON_DAYS} days, median ${ex.toFixed(1)} ms = ${(ex / base).toFixed(2)}x baseline`);
console.log(`20 follow-the-sun teams (40 rotations, a change each, next-member secondaries): median ${org.toFixed(1)} ms = ${(org / base).toFixed(2)}x baseline, ${(org / 20).toFixed(1)} ms per team`);
