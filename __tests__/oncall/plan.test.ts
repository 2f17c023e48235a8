import { planOnCall, rotationLayers, type OnCallTeamSpec, type RestrictionSpec, scheduleTimeline, WEEKDAYS } from '../../constructs/oncall';
import { formatRfc3339 } from '../../constructs/oncall/time';

/** A Datadog team with a weekly primary of three, as a base for each case. */
function team(overrides: Partial<OnCallTeamSpec> = {}): OnCallTeamSpec {
  return {
    key: 'identity',
    name: 'Identity',
    handle: 'identity',
    backend: 'datadog',
    timeZone: 'Europe/Paris',
    primary: [{ name: 'weekly', members: ['a@example.com', 'b@example.com', 'c@example.com'], startDate: '2026-11-30' }],
    escalation: { steps: [{ targets: [{ schedule: 'primary' }] }] },
    ...overrides,
  };
}

const errors = (teams: OnCallTeamSpec[]) => planOnCall({ teams }).problems.filter((p) => p.level === 'error').map((p) => `${p.path}: ${p.message}`);
const warnings = (teams: OnCallTeamSpec[]) => planOnCall({ teams }).problems.filter((p) => p.level === 'warning').map((p) => `${p.path}: ${p.message}`);

/** Daily windows from `start` to `end` (an end of 00:00 is the next day's midnight). */
function daily(start: string, end: string): RestrictionSpec[] {
  const wraps = end <= start;
  return WEEKDAYS.map((day, i) => ({ startDay: day, startTime: start, endDay: wraps ? WEEKDAYS[(i + 1) % 7]! : day, endTime: end }));
}

describe('rotation layers', () => {
  it('starts at the first handoff on or after the start date, weekly at 09:00 local by default', () => {
    const [layer] = rotationLayers({ name: 'weekly', members: ['a@example.com'], startDate: '2026-12-02' }, 'Europe/Paris', 'x');
    expect(formatRfc3339(layer!.effectiveMs, 'Europe/Paris')).toBe('2026-12-07T09:00:00+01:00');
    expect(formatRfc3339(layer!.rotationStartMs, 'Europe/Paris')).toBe('2026-12-07T09:00:00+01:00');
    expect(layer!.interval).toEqual({ days: 7, seconds: 0 });
  });

  it('keeps the handoff at its local time across a daylight-saving change', () => {
    const schedule = { role: 'primary' as const, name: 'p', timeZone: 'Europe/Paris', layers: rotationLayers({ name: 'w', members: ['a@example.com', 'b@example.com'], startDate: '2027-03-22' }, 'Europe/Paris', 'x') };
    const segments = scheduleTimeline(schedule, Date.parse('2027-03-22T08:00:00Z'), Date.parse('2027-04-12T00:00:00Z'));
    // 2027-03-28: Paris moves from +01:00 to +02:00; the handoff stays at 09:00 local.
    expect(segments.map((s) => [formatRfc3339(s.startMs, 'Europe/Paris'), s.who])).toEqual([
      ['2027-03-22T09:00:00+01:00', undefined],
      ['2027-03-22T09:00:00+01:00', 'a@example.com'],
      ['2027-03-29T09:00:00+02:00', 'b@example.com'],
      ['2027-04-05T09:00:00+02:00', 'a@example.com'],
    ].slice(1));
  });

  it('ends the live layer at its next handoff after a change and goes on with the member who was next (before/after a member is added)', () => {
    const before = rotationLayers({ name: 'weekly', members: ['a@example.com', 'b@example.com', 'c@example.com'], startDate: '2026-11-30' }, 'Europe/Paris', 'x');
    const after = rotationLayers(
      {
        name: 'weekly',
        members: ['a@example.com', 'b@example.com', 'c@example.com'],
        startDate: '2026-11-30',
        changes: [{ effectiveDate: '2026-12-16', members: ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'] }],
      },
      'Europe/Paris',
      'x',
    );
    const show = (layers: typeof before) =>
      layers.map((l) => ({
        name: l.name,
        effective: formatRfc3339(l.effectiveMs, l.timeZone),
        end: l.endMs === undefined ? undefined : formatRfc3339(l.endMs, l.timeZone),
        rotationStart: formatRfc3339(l.rotationStartMs, l.timeZone),
        users: l.users,
      }));
    expect(show(before)).toEqual([
      { name: 'weekly', effective: '2026-11-30T09:00:00+01:00', end: undefined, rotationStart: '2026-11-30T09:00:00+01:00', users: ['a@example.com', 'b@example.com', 'c@example.com'] },
    ]);
    // a 11-30, b 12-07, c 12-14 (the change's week: c keeps it), then a would be next on 12-21: the new layer starts with a.
    expect(show(after)).toEqual([
      { name: 'weekly', effective: '2026-11-30T09:00:00+01:00', end: '2026-12-21T09:00:00+01:00', rotationStart: '2026-11-30T09:00:00+01:00', users: ['a@example.com', 'b@example.com', 'c@example.com'] },
      { name: 'weekly from 2026-12-21', effective: '2026-12-21T09:00:00+01:00', end: undefined, rotationStart: '2026-12-21T09:00:00+01:00', users: ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'] },
    ]);
    const schedule = { role: 'primary' as const, name: 'p', timeZone: 'Europe/Paris', layers: after };
    const who = scheduleTimeline(schedule, Date.parse('2026-11-30T08:00:00Z'), Date.parse('2027-01-25T08:00:00Z')).map((s) => s.who);
    expect(who).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'a@example.com']);
  });

  it('keeps the order going when a member leaves: the one who was next goes first', () => {
    const layers = rotationLayers(
      { name: 'w', members: ['a@example.com', 'b@example.com', 'c@example.com'], startDate: '2026-11-30', changes: [{ effectiveDate: '2026-12-01', members: ['a@example.com', 'b@example.com', 'c@example.com'].filter((m) => m !== 'a@example.com') }] },
      'Europe/Paris',
      'x',
    );
    expect(layers[1]!.users).toEqual(['b@example.com', 'c@example.com']);
    expect(formatRfc3339(layers[1]!.effectiveMs, 'Europe/Paris')).toBe('2026-12-07T09:00:00+01:00');
  });

  it('moves the handoff: the member taking over at the old handoff keeps the shift until the first new handoff', () => {
    const layers = rotationLayers(
      { name: 'w', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30', changes: [{ effectiveDate: '2026-12-03', handoffWeekday: 'wednesday', handoffTime: '14:00' }] },
      'Europe/Paris',
      'x',
    );
    const schedule = { role: 'primary' as const, name: 'p', timeZone: 'Europe/Paris', layers };
    const segments = scheduleTimeline(schedule, Date.parse('2026-11-30T08:00:00Z'), Date.parse('2026-12-24T00:00:00Z'));
    expect(segments.map((s) => [formatRfc3339(s.startMs, 'Europe/Paris'), s.who])).toEqual([
      ['2026-11-30T09:00:00+01:00', 'a@example.com'],
      ['2026-12-07T09:00:00+01:00', 'b@example.com'],
      // b took over at the old handoff and keeps the shift until the first wednesday 14:00.
      ['2026-12-09T14:00:00+01:00', 'a@example.com'],
      ['2026-12-16T14:00:00+01:00', 'b@example.com'],
      ['2026-12-23T14:00:00+01:00', 'a@example.com'],
    ]);
  });
});

describe('coverage, at synth', () => {
  it('reports the hours nobody covers, as weekday ranges in the team zone', () => {
    expect(errors([team({ primary: [{ name: 'business', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30', restrictions: [{ startDay: 'monday', startTime: '09:00', endDay: 'friday', endTime: '18:00' }] }] })])).toEqual([
      'identity.primary: nobody is on call friday 18:00 – monday 09:00 (Europe/Paris), every week; add a rotation or widen the restrictions, or set coverage: restricted for a team that is never paged',
    ]);
  });

  it('finds the gap that follow-the-sun halves in two zones open between the US and EU daylight-saving changes', () => {
    const followTheSun = team({
      timeZone: 'Europe/London',
      primary: [
        { name: 'emea', members: ['e@example.com', 'f@example.com'], startDate: '2026-11-30', handoffTime: '08:00', restrictions: daily('08:00', '20:00') },
        { name: 'amer', members: ['g@example.com', 'h@example.com'], startDate: '2026-11-30', handoffTime: '12:00', timeZone: 'America/Los_Angeles', restrictions: daily('12:00', '00:00') },
      ],
    });
    expect(errors([followTheSun])).toEqual([
      'identity.primary: nobody is on call daily 07:00 – 08:00 (Europe/London), from 2027-03-15 to 2027-03-27 and from 2027-10-31 to 2027-11-07 (daylight-saving changes move rotations in different zones apart); add a rotation or widen the restrictions, or set coverage: restricted for a team that is never paged',
    ]);
  });

  it('accepts the same halves overlapping an hour on each side', () => {
    const covered = team({
      timeZone: 'Europe/London',
      primary: [
        { name: 'emea', members: ['e@example.com', 'f@example.com'], startDate: '2026-11-30', restrictions: daily('07:00', '20:00') },
        { name: 'amer', members: ['g@example.com', 'h@example.com'], startDate: '2026-11-30', timeZone: 'America/Los_Angeles', restrictions: daily('12:00', '00:00') },
      ],
    });
    expect(errors([covered])).toEqual([]);
  });

  it('lets a restricted team leave gaps', () => {
    expect(errors([team({ coverage: 'restricted', primary: [{ name: 'b', members: ['a@example.com'], startDate: '2026-11-30', restrictions: [{ startDay: 'monday', startTime: '09:00', endDay: 'friday', endTime: '18:00' }] }] })])).toEqual([]);
  });

  it('refuses anyone primary and secondary at once (next-member of a rotation of one)', () => {
    expect(errors([team({ primary: [{ name: 'solo', members: ['a@example.com'], startDate: '2026-11-30' }], secondary: 'next-member' })])).toEqual([
      'identity.secondary: a@example.com is primary and secondary at once, around the clock (Europe/Paris), every week; the secondary must be someone else (next-member needs rotations of at least two members)',
    ]);
  });

  it('warns when one person is primary for two teams in the same hours', () => {
    const other = team({ key: 'platform', name: 'Platform', handle: 'platform', primary: [{ name: 'p', members: ['a@example.com', 'z@example.com'], startDate: '2026-11-30' }] });
    expect(warnings([team(), other])).toEqual([
      'identity.primary: a@example.com is also primary for team "platform" in the same hours: 1512 h in 53 weeks, first from 2026-11-30 09:00 (Europe/Paris); two pages at once go to one person',
    ]);
  });
});

describe('the rules Datadog and PagerDuty enforce only at apply, at synth', () => {
  it('reports every problem of the model at once, each with its path', () => {
    // Values TypeScript would refuse too, as they come from YAML.
    const t = (x: Record<string, unknown>): OnCallTeamSpec => ({ key: 'identity', name: 'Identity', handle: 'identity', backend: 'datadog', timeZone: 'Europe/Paris', ...x }) as unknown as OnCallTeamSpec;
    const plan = planOnCall({ teams: [
  t({
    primary: [
      { name: '', members: [], startDate: '2026-02-30' },
      { name: 'dup', members: ['a@example.com', 'not-an-email'], startDate: '2026-11-30', handoffTime: '9am', shiftLengthDays: 0,
        restrictions: [{ startDay: 'funday', startTime: '09:00', endDay: 'monday', endTime: '25:00' }, { startDay: 'monday', startTime: '09:00', endDay: 'monday', endTime: '09:00:00' }] },
      { name: 'dup', members: ['b@example.com'], startDate: '2026-11-30', timeZone: 'Mars/Olympus', changes: [] },
      { name: 'dup', members: ['b@example.com'], startDate: '2026-11-30' },
      { name: 'w', members: ['c@example.com'], startDate: '2026-11-30', changes: [{ effectiveDate: '2026-11-01' }, { effectiveDate: 'next week' }, { effectiveDate: '2026-12-09' }] },
    ],
    escalation: { retries: 11, steps: [
      { targets: [], escalateAfterMinutes: 0 },
      { targets: Array.from({ length: 11 }, () => ({ user: 'a@example.com' })), escalateAfterMinutes: 601 },
      { targets: [{ schedule: 'secondary' }, { team: 'nobody' }, { user: 'x' }, { schedule: 'primary', team: 'identity' }] },
    ] },
    routing: [{ urgency: 'high' }, { page: false, urgency: 'low', priorities: [1] }],
  }),
  t({ key: 'empty-steps', handle: 'identity', escalation: { steps: [] } }),
  t({ key: 'pd', handle: 'pd', backend: 'pagerduty', primary: [{ name: 'w', members: ['a@example.com'], startDate: '2026-11-30' }],
      escalation: { resolvePageOnPolicyEnd: true, steps: [{ targets: [{ team: 'identity' }, { schedule: 'primary', position: 'next' }] }] }, routing: [{ priorities: [1] }],
      pagerduty: { serviceName: 'pay ments', supportHours: { days: ['monday'], startTime: '18:00', endTime: '09:00' } } }),
  t({ key: 'TooBig', handle: 'Bad Handle', timeZone: 'Paris' }),
]});
    expect(plan.problems.map((x) => `${x.path}: ${x.message}`)).toEqual([
      "empty-steps.handle: handle \"identity\" is also team \"identity\"'s; handles are unique in a Datadog organisation",
      "TooBig: \"TooBig\" is not a team key; expected lowercase letters, digits, \"-\", \"_\", \".\"",
      "TooBig.handle: \"Bad Handle\" is not a team handle; expected lowercase letters, digits, \"-\", \"_\", \".\" (monitors page @oncall-<handle>)",
      "identity.primary[0].name: a rotation needs a name: it names the layer, and Datadog keys layers by name",
      "identity.primary[0].members: a rotation needs at least one member",
      "identity.primary[0].startDate: \"2026-02-30\" is not a date; expected YYYY-MM-DD",
      "identity.primary[1].members[1]: \"not-an-email\" is not an e-mail address; members are Datadog or PagerDuty users, found by e-mail",
      "identity.primary[1].shiftLengthDays: 0 is not a shift length; expected whole days from 1 to 365",
      "identity.primary[1].handoffTime: \"9am\" is not a time of day; expected hh:mm (00:00–23:59)",
      "identity.primary[1].restrictions[0].startDay: \"funday\" is not a weekday; expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday",
      "identity.primary[1].restrictions[0].endTime: \"25:00\" is not a time of day; expected hh:mm or hh:mm:ss (00:00–23:59:59)",
      "identity.primary[1].restrictions[1]: starts and ends at monday 09:00: Datadog renders such a restriction as nobody on call (provider issue #3151); for a whole week leave restrictions out, otherwise split it in two",
      "identity.primary[2].timeZone: \"Mars/Olympus\" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)",
      "identity.primary[4].changes[0].effectiveDate: 2026-11-01 is before the layer it changes starts (2026-11-30); list changes oldest first",
      "identity.primary[4].changes[1].effectiveDate: \"next week\" is not a date; expected YYYY-MM-DD or an RFC 3339 date-time such as 2027-01-04T09:00:00+01:00",
      "identity.primary[4].changes[2]: changes nothing: set members, shiftLengthDays/shiftLengthHours, handoffWeekday or handoffTime",
      "identity.escalation.retries: 11 is not allowed; retries are a whole number from 0 to 10",
      "identity.escalation.steps[0].targets: 0 targets; a step has 1 to 10 targets",
      "identity.escalation.steps[0].escalateAfterMinutes: 0 is not allowed; Datadog escalates after 1 to 600 whole minutes (60–36,000 s)",
      "identity.escalation.steps[1].targets: 11 targets; a step has 1 to 10 targets",
      "identity.escalation.steps[1].escalateAfterMinutes: 601 is not allowed; Datadog escalates after 1 to 600 whole minutes (60–36,000 s)",
      "identity.escalation.steps[2].targets[0].schedule: targets the secondary schedule, but the team has no secondary (set secondary: next-member or rotations of its own)",
      "identity.escalation.steps[2].targets[1].team: team \"nobody\" is not defined here (known: \"identity\", \"empty-steps\", \"pd\", \"TooBig\")",
      "identity.escalation.steps[2].targets[2].user: \"x\" is not an e-mail address",
      "identity.escalation.steps[2].targets[3]: a target is exactly one of schedule, team or user (found schedule and team)",
      "identity.routing[0]: matches every alert, so the rules after it never apply; houndstack adds the catch-all rule last itself (set defaultUrgency for it)",
      "identity.routing[1].urgency: an urgency needs the page: Datadog sets urgency only on rules with an escalation policy",
      "identity.routing[1]: neither pages nor posts to chat: alerts it matches reach nobody",
      "empty-steps.escalation.steps: 0 steps; an escalation policy has 1 to 10 steps",
      "pd.escalation.resolvePageOnPolicyEnd: exists only on Datadog On-Call; PagerDuty keeps an incident open until someone resolves it",
      "pd.escalation.steps[0].targets[0].team: PagerDuty escalation rules target users and schedules, not teams; target the other team's schedule in Datadog or a user",
      "pd.escalation.steps[0].targets[1].position: PagerDuty pages whoever is on call now; position \"next\" exists only on Datadog On-Call",
      "pd.routing: routing rules exist only on Datadog On-Call; on PagerDuty use the service's support hours (pagerduty.supportHours)",
      "pd.pagerduty.serviceName: \"pay ments\" cannot follow @pagerduty- in a monitor message; use letters, digits, \"-\", \"_\", \".\"",
      "pd.pagerduty.supportHours: ends (09:00) before it starts (18:00); PagerDuty support hours lie within one day",
      "TooBig.timeZone: \"Paris\" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)",
    ]);
  });

  it('refuses two layers of one schedule with the same name', () => {
    const rotation = { name: 'weekly', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30' };
    expect(errors([team({ primary: [rotation, { ...rotation, restrictions: [{ startDay: 'monday', startTime: '09:00', endDay: 'friday', endTime: '18:00' }] }] })])).toEqual([
      'identity.primary: layer name "weekly" is used 2 times; layer names are unique within a schedule (Datadog keys layers by name)',
    ]);
  });
});
