import type { EscalationTargetSpec, OnCallModel, OnCallTeamSpec, RestrictionSpec, RotationSpec } from './model';
import { type LayerPlan, type SchedulePlan, type WeeklyWindow, layerOnCall, nextHandoff, scheduleTimeline, zipTimelines, type Segment } from './layers';
import {
  WEEKDAYS,
  type Weekday,
  dateOfDay,
  dayNumber,
  formatDate,
  formatWeekdayTime,
  isTimeZone,
  localTime,
  parseDate,
  parseRfc3339,
  parseTimeOfDay,
  zonedInstant,
} from './time';

/** A problem of the model: `path` is where in the model (`identity.primary[0].members`), relative to the teams. */
export interface OnCallProblem {
  readonly level: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
}

export interface TeamPlan {
  readonly spec: OnCallTeamSpec;
  /** Path prefix of the team in problems: its key. */
  readonly path: string;
  readonly primary?: SchedulePlan;
  readonly secondary?: SchedulePlan;
  /** Every member of the team (rotations, escalation users, extra members), in first-seen order. */
  readonly members: readonly string[];
  readonly admins: readonly string[];
}

export interface OnCallPlan {
  readonly teams: readonly TeamPlan[];
  readonly problems: readonly OnCallProblem[];
}

/** Days of simulation that synth checks coverage and overlaps over: 53 weeks, so both daylight-saving changes fall in it. */
export const CHECK_HORIZON_DAYS = 371;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const KEY = /^[a-z0-9][a-z0-9_.-]*$/;
// Datadog team handles: lowercase letters, digits, and - _ . (what @oncall-<handle> and @team-<handle> accept).
const HANDLE = /^[a-z0-9][a-z0-9_.-]{0,194}$/;
const DEFAULT_HANDOFF_TIME = '09:00';

const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

class Problems {
  readonly all: OnCallProblem[] = [];
  error(path: string, message: string): void {
    this.all.push({ level: 'error', path, message });
  }
  warn(path: string, message: string): void {
    this.all.push({ level: 'warning', path, message });
  }
}

function checkWindow(r: RestrictionSpec, path: string, p: Problems): WeeklyWindow | undefined {
  let ok = true;
  for (const field of ['startDay', 'endDay'] as const) {
    if (!WEEKDAYS.includes(r[field])) {
      p.error(`${path}.${field}`, `"${r[field]}" is not a weekday; expected one of ${WEEKDAYS.join(', ')}`);
      ok = false;
    }
  }
  const start = parseTimeOfDay(r.startTime);
  const end = parseTimeOfDay(r.endTime);
  if (start === undefined) p.error(`${path}.startTime`, `"${r.startTime}" is not a time of day; expected hh:mm or hh:mm:ss (00:00–23:59:59)`);
  if (end === undefined) p.error(`${path}.endTime`, `"${r.endTime}" is not a time of day; expected hh:mm or hh:mm:ss (00:00–23:59:59)`);
  if (!ok || start === undefined || end === undefined) return undefined;
  if (r.startDay === r.endDay && start === end) {
    p.error(path, `starts and ends at ${r.startDay} ${r.startTime}: Datadog renders such a restriction as nobody on call (provider issue #3151); for a whole week leave restrictions out, otherwise split it in two`);
    return undefined;
  }
  return { startDay: r.startDay, startSecond: start, endDay: r.endDay, endSecond: end };
}

interface RotationParams {
  members: readonly string[];
  days: number;
  seconds: number;
  weekday: Weekday;
  timeSecond: number;
}

function shiftOf(days: number | undefined, hours: number | undefined, path: string, p: Problems, fallback?: { days: number; seconds: number }): { days: number; seconds: number } | undefined {
  if (days !== undefined && hours !== undefined) {
    p.error(path, 'set shiftLengthDays or shiftLengthHours, not both');
    return undefined;
  }
  if (days !== undefined) {
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      p.error(`${path}.shiftLengthDays`, `${days} is not a shift length; expected whole days from 1 to 365`);
      return undefined;
    }
    return { days, seconds: 0 };
  }
  if (hours !== undefined) {
    if (!Number.isInteger(hours) || hours < 1 || hours > 8760) {
      p.error(`${path}.shiftLengthHours`, `${hours} is not a shift length; expected whole hours from 1 to 8760`);
      return undefined;
    }
    // Whole days stay calendar days (the handoff keeps its local time); other lengths are elapsed time.
    return hours % 24 === 0 ? { days: hours / 24, seconds: 0 } : { days: Math.floor(hours / 24), seconds: (hours % 24) * 3600 };
  }
  return fallback ?? { days: 7, seconds: 0 };
}

function checkMembers(members: readonly string[], path: string, p: Problems): boolean {
  if (members.length === 0) {
    p.error(path, 'a rotation needs at least one member');
    return false;
  }
  let ok = true;
  members.forEach((m, i) => {
    if (!EMAIL.test(m)) {
      p.error(`${path}[${i}]`, `"${m}" is not an e-mail address; members are Datadog or PagerDuty users, found by e-mail`);
      ok = false;
    }
  });
  return ok;
}

/** First handoff (weekday, time) at or after local midnight of `date`. */
function firstHandoff(date: { year: number; month: number; day: number }, weekday: Weekday, timeSecond: number, timeZone: string): number {
  const start = dayNumber(date.year, date.month, date.day);
  for (let d = start; d < start + 7; d++) {
    const day = dateOfDay(d);
    if (day.weekday === WEEKDAYS.indexOf(weekday)) {
      return zonedInstant(day.year, day.month, day.day, Math.floor(timeSecond / 3600), Math.floor((timeSecond % 3600) / 60), timeSecond % 60, timeZone);
    }
  }
  throw new Error('unreachable: every week has every weekday');
}

/** `YYYY-MM-DD` (midnight in the zone) or RFC 3339 → epoch ms. */
function parseWhen(text: string, timeZone: string): number | undefined {
  const date = parseDate(text);
  if (date) return zonedInstant(date.year, date.month, date.day, 0, 0, 0, timeZone);
  return parseRfc3339(text);
}

/**
 * A rotation's layers: the first from the first handoff on or after its start date; each change ends the current
 * layer at its next handoff on or after the change's date and starts a new one there. The new layer goes on with the
 * member who was next, so adding or removing someone neither moves the current shift nor restarts the order.
 */
export function rotationLayers(r: RotationSpec, teamZone: string, path: string, p: Problems = new Problems()): LayerPlan[] {
  const timeZone = r.timeZone ?? teamZone;
  let ok = true;
  if (r.timeZone !== undefined && !isTimeZone(r.timeZone)) {
    p.error(`${path}.timeZone`, `"${r.timeZone}" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)`);
    return [];
  }
  if (r.name.trim() === '') {
    p.error(`${path}.name`, 'a rotation needs a name: it names the layer, and Datadog keys layers by name');
    ok = false;
  }
  ok = checkMembers(r.members, `${path}.members`, p) && ok;
  const shift = shiftOf(r.shiftLengthDays, r.shiftLengthHours, path, p);
  const weekday = r.handoffWeekday ?? 'monday';
  if (!WEEKDAYS.includes(weekday)) {
    p.error(`${path}.handoffWeekday`, `"${weekday}" is not a weekday; expected one of ${WEEKDAYS.join(', ')}`);
    ok = false;
  }
  const timeSecond = parseTimeOfDay(r.handoffTime ?? DEFAULT_HANDOFF_TIME);
  if (timeSecond === undefined) {
    p.error(`${path}.handoffTime`, `"${r.handoffTime}" is not a time of day; expected hh:mm (00:00–23:59)`);
    ok = false;
  }
  const start = parseDate(r.startDate);
  if (!start) {
    p.error(`${path}.startDate`, `"${r.startDate}" is not a date; expected YYYY-MM-DD`);
    ok = false;
  }
  const restrictions = (r.restrictions ?? []).map((w, i) => checkWindow(w, `${path}.restrictions[${i}]`, p));
  if (restrictions.some((w) => w === undefined)) ok = false;
  if (!ok || !shift || !start || timeSecond === undefined) return [];

  const windows = restrictions as WeeklyWindow[];
  let params: RotationParams = { members: r.members, days: shift.days, seconds: shift.seconds, weekday, timeSecond };
  const first = firstHandoff(start, weekday, timeSecond, timeZone);
  const layers: LayerPlan[] = [
    { name: r.name, timeZone, effectiveMs: first, rotationStartMs: first, interval: { days: shift.days, seconds: shift.seconds }, users: r.members, restrictions: windows },
  ];
  (r.changes ?? []).forEach((change, i) => {
    const at = `${path}.changes[${i}]`;
    const when = parseWhen(change.effectiveDate, timeZone);
    if (when === undefined) {
      p.error(`${at}.effectiveDate`, `"${change.effectiveDate}" is not a date; expected YYYY-MM-DD or an RFC 3339 date-time such as 2027-01-04T09:00:00+01:00`);
      return;
    }
    const current = layers[layers.length - 1]!;
    if (when < current.effectiveMs) {
      p.error(`${at}.effectiveDate`, `${change.effectiveDate} is before the layer it changes starts (${formatDate(localTime(current.effectiveMs, timeZone))}); list changes oldest first`);
      return;
    }
    if (change.members !== undefined && !checkMembers(change.members, `${at}.members`, p)) return;
    const newShift = shiftOf(change.shiftLengthDays, change.shiftLengthHours, at, p, { days: params.days, seconds: params.seconds });
    const newWeekday = change.handoffWeekday ?? params.weekday;
    const newTime = change.handoffTime !== undefined ? parseTimeOfDay(change.handoffTime) : params.timeSecond;
    if (newTime === undefined) {
      p.error(`${at}.handoffTime`, `"${change.handoffTime}" is not a time of day; expected hh:mm (00:00–23:59)`);
      return;
    }
    if (!WEEKDAYS.includes(newWeekday)) {
      p.error(`${at}.handoffWeekday`, `"${newWeekday}" is not a weekday; expected one of ${WEEKDAYS.join(', ')}`);
      return;
    }
    if (!newShift) return;
    const next: RotationParams = { members: change.members ?? params.members, days: newShift.days, seconds: newShift.seconds, weekday: newWeekday, timeSecond: newTime };
    if (JSON.stringify(next) === JSON.stringify(params)) {
      p.error(at, 'changes nothing: set members, shiftLengthDays/shiftLengthHours, handoffWeekday or handoffTime');
      return;
    }
    const boundary = nextHandoff(current, when);
    // Who takes over at the boundary under the old layer goes on first in the new one.
    const takingOver = layerOnCall({ ...current, restrictions: [] }, boundary);
    const from = formatDate(localTime(boundary, timeZone));
    const handoffMoved = next.weekday !== params.weekday || next.timeSecond !== params.timeSecond;
    let anchor = boundary;
    if (handoffMoved) {
      const day = localTime(boundary, timeZone);
      anchor = firstHandoff(day, next.weekday, next.timeSecond, timeZone);
      if (anchor < boundary) anchor = firstHandoff(dateOfDay(dayNumber(day.year, day.month, day.day) + 1), next.weekday, next.timeSecond, timeZone);
    }
    let users = [...next.members];
    const at0 = takingOver !== undefined ? users.indexOf(takingOver) : -1;
    if (at0 >= 0) users = [...users.slice(at0), ...users.slice(0, at0)];
    // With a moved handoff, the stretch from the boundary to the first new handoff is shift -1: the one taking over.
    if (anchor > boundary && at0 >= 0) users = [...users.slice(1), users[0]!];
    layers[layers.length - 1] = { ...current, endMs: boundary };
    layers.push({
      name: `${r.name} from ${from}`,
      timeZone,
      effectiveMs: boundary,
      rotationStartMs: anchor,
      interval: { days: next.days, seconds: next.seconds },
      users,
      restrictions: windows,
    });
    params = next;
  });
  return layers;
}

function schedulePlan(team: OnCallTeamSpec, role: 'primary' | 'secondary', rotations: readonly RotationSpec[], path: string, p: Problems): SchedulePlan {
  const layers = rotations.flatMap((r, i) => rotationLayers(r, team.timeZone, `${path}[${i}]`, p));
  const seen = new Map<string, number>();
  layers.forEach((l) => seen.set(l.name, (seen.get(l.name) ?? 0) + 1));
  for (const [name, count] of seen) {
    if (count > 1) p.error(path, `layer name "${name}" is used ${count} times; layer names are unique within a schedule (Datadog keys layers by name)`);
  }
  return { role, name: `${team.name} ${role}`, timeZone: team.timeZone, layers };
}

/** The secondary of 'next-member': every primary layer again, its members moved on by one. */
function nextMemberSecondary(team: OnCallTeamSpec, primary: SchedulePlan): SchedulePlan {
  return {
    role: 'secondary',
    name: `${team.name} secondary`,
    timeZone: team.timeZone,
    layers: primary.layers.map((l) => ({ ...l, users: [...l.users.slice(1), ...l.users.slice(0, 1)] })),
  };
}

function targetProblems(team: OnCallTeamSpec, target: EscalationTargetSpec, path: string, teams: ReadonlyMap<string, OnCallTeamSpec>, p: Problems): void {
  const kinds = (['schedule', 'team', 'user'] as const).filter((k) => k in target);
  if (kinds.length !== 1) {
    p.error(path, `a target is exactly one of schedule, team or user (found ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`);
    return;
  }
  if ('schedule' in target) {
    if (target.schedule !== 'primary' && target.schedule !== 'secondary') {
      p.error(`${path}.schedule`, `"${String(target.schedule)}" is not a schedule of the team; expected primary or secondary`);
    } else if (target.schedule === 'primary' && !team.primary?.length) {
      p.error(`${path}.schedule`, 'targets the primary schedule, but the team has no primary rotation');
    } else if (target.schedule === 'secondary' && team.secondary === undefined) {
      p.error(`${path}.schedule`, 'targets the secondary schedule, but the team has no secondary (set secondary: next-member or rotations of its own)');
    }
    const position = target.position ?? 'current';
    if (!['current', 'previous', 'next'].includes(position)) {
      p.error(`${path}.position`, `"${position}" is not a schedule position; expected current, previous or next`);
    } else if (team.backend === 'pagerduty' && position !== 'current') {
      p.error(`${path}.position`, `PagerDuty pages whoever is on call now; position "${position}" exists only on Datadog On-Call`);
    }
  } else if ('team' in target) {
    const other = teams.get(target.team);
    if (team.backend === 'pagerduty') {
      p.error(`${path}.team`, 'PagerDuty escalation rules target users and schedules, not teams; target the other team\'s schedule in Datadog or a user');
    } else if (!other) {
      p.error(`${path}.team`, `team "${target.team}" is not defined here (known: ${list([...teams.keys()])})`);
    } else if (other.backend !== 'datadog') {
      p.error(`${path}.team`, `team "${target.team}" is on PagerDuty; a Datadog escalation step can only page a Datadog team`);
    }
  } else if (!EMAIL.test(target.user)) {
    p.error(`${path}.user`, `"${target.user}" is not an e-mail address`);
  }
}

function escalationProblems(team: OnCallTeamSpec, teams: ReadonlyMap<string, OnCallTeamSpec>, p: Problems): void {
  const e = team.escalation;
  if (!e) return;
  const path = `${team.key}.escalation`;
  if (e.steps.length < 1 || e.steps.length > 10) p.error(`${path}.steps`, `${e.steps.length} steps; an escalation policy has 1 to 10 steps`);
  if (e.retries !== undefined && (!Number.isInteger(e.retries) || e.retries < 0 || e.retries > 10)) {
    p.error(`${path}.retries`, `${e.retries} is not allowed; retries are a whole number from 0 to 10`);
  }
  if (team.backend === 'pagerduty' && e.resolvePageOnPolicyEnd) {
    p.error(`${path}.resolvePageOnPolicyEnd`, 'exists only on Datadog On-Call; PagerDuty keeps an incident open until someone resolves it');
  }
  e.steps.forEach((step, i) => {
    const at = `${path}.steps[${i}]`;
    if (step.targets.length < 1 || step.targets.length > 10) p.error(`${at}.targets`, `${step.targets.length} targets; a step has 1 to 10 targets`);
    const minutes = step.escalateAfterMinutes ?? 10;
    if (team.backend === 'datadog' && (!Number.isInteger(minutes) || minutes < 1 || minutes > 600)) {
      p.error(`${at}.escalateAfterMinutes`, `${minutes} is not allowed; Datadog escalates after 1 to 600 whole minutes (60–36,000 s)`);
    } else if (team.backend === 'pagerduty' && (!Number.isInteger(minutes) || minutes < 1)) {
      p.error(`${at}.escalateAfterMinutes`, `${minutes} is not allowed; PagerDuty escalates after a whole number of minutes, at least 1`);
    }
    if (step.assignment !== undefined && step.assignment !== 'default' && step.assignment !== 'round-robin') {
      p.error(`${at}.assignment`, `"${String(step.assignment)}" is not an assignment; expected default or round-robin`);
    }
    step.targets.forEach((t, j) => targetProblems(team, t, `${at}.targets[${j}]`, teams, p));
  });
}

function pagerDutyProblems(team: OnCallTeamSpec, p: Problems): void {
  const pd = team.pagerduty;
  if (!pd) return;
  const path = `${team.key}.pagerduty`;
  if (team.backend !== 'pagerduty') p.error(path, 'PagerDuty settings on a team whose backend is datadog; set backend: pagerduty or remove them');
  if (pd.serviceName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(pd.serviceName)) {
    p.error(`${path}.serviceName`, `"${pd.serviceName}" cannot follow @pagerduty- in a monitor message; use letters, digits, "-", "_", "."`);
  }
  for (const field of ['acknowledgementTimeoutMinutes', 'autoResolveTimeoutMinutes'] as const) {
    const v = pd[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) p.error(`${path}.${field}`, `${v} is not allowed; a whole number of minutes, at least 1`);
  }
  const h = pd.supportHours;
  if (h) {
    if (h.days.length === 0) p.error(`${path}.supportHours.days`, 'list at least one weekday');
    h.days.forEach((d, i) => {
      if (!WEEKDAYS.includes(d)) p.error(`${path}.supportHours.days[${i}]`, `"${d}" is not a weekday; expected one of ${WEEKDAYS.join(', ')}`);
    });
    const start = parseTimeOfDay(h.startTime);
    const end = parseTimeOfDay(h.endTime);
    if (start === undefined) p.error(`${path}.supportHours.startTime`, `"${h.startTime}" is not a time of day; expected hh:mm`);
    if (end === undefined) p.error(`${path}.supportHours.endTime`, `"${h.endTime}" is not a time of day; expected hh:mm`);
    if (start !== undefined && end !== undefined && end <= start) p.error(`${path}.supportHours`, `ends (${h.endTime}) before it starts (${h.startTime}); PagerDuty support hours lie within one day`);
  }
}

function routingProblems(team: OnCallTeamSpec, p: Problems): void {
  const rules = team.routing ?? [];
  const path = `${team.key}.routing`;
  if (rules.length > 0 && team.backend === 'pagerduty') {
    p.error(path, 'routing rules exist only on Datadog On-Call; on PagerDuty use the service\'s support hours (pagerduty.supportHours)');
    return;
  }
  if (rules.length > 0 && !team.escalation) p.error(path, 'routing rules need an escalation policy to page; add escalation');
  rules.forEach((rule, i) => {
    const at = `${path}[${i}]`;
    const hasQuery = (rule.priorities?.length ?? 0) + (rule.alertStatuses?.length ?? 0) + Object.keys(rule.tags ?? {}).length > 0;
    if (!hasQuery && !rule.timeWindow) {
      p.error(at, 'matches every alert, so the rules after it never apply; houndstack adds the catch-all rule last itself (set defaultUrgency for it)');
    }
    const page = rule.page ?? true;
    if (!page && rule.urgency !== undefined) p.error(`${at}.urgency`, 'an urgency needs the page: Datadog sets urgency only on rules with an escalation policy');
    if (!page && !rule.slack && !rule.msTeams) p.error(at, 'neither pages nor posts to chat: alerts it matches reach nobody');
    for (const [k, v] of Object.entries(rule.tags ?? {})) {
      if (!/^[^\s:()]+$/.test(k) || !/^[^\s()]+$/.test(v)) p.error(`${at}.tags.${k}`, `"${k}:${v}" is not a tag a routing query can match (no spaces or parentheses)`);
    }
    (rule.priorities ?? []).forEach((pr, j) => {
      if (![1, 2, 3, 4, 5].includes(pr)) p.error(`${at}.priorities[${j}]`, `${pr} is not a priority; expected 1 to 5`);
    });
    (rule.alertStatuses ?? []).forEach((s, j) => {
      if (s !== 'error' && s !== 'warn') p.error(`${at}.alertStatuses[${j}]`, `"${String(s)}" is not an alert status; expected error or warn`);
    });
    if (rule.timeWindow) {
      if (rule.timeWindow.timeZone !== undefined && !isTimeZone(rule.timeWindow.timeZone)) p.error(`${at}.timeWindow.timeZone`, `"${rule.timeWindow.timeZone}" is not an IANA time zone`);
      if (rule.timeWindow.restrictions.length === 0) p.error(`${at}.timeWindow.restrictions`, 'a time window needs at least one restriction');
      rule.timeWindow.restrictions.forEach((w, j) => checkWindow(w, `${at}.timeWindow.restrictions[${j}]`, p));
    }
  });
}

/** Every member of a team: rotations, escalation users, extra members, admins. */
function teamMembers(team: OnCallTeamSpec): string[] {
  const rotations = [...(team.primary ?? []), ...(team.secondary !== undefined && team.secondary !== 'next-member' ? team.secondary : [])];
  const all = [
    ...rotations.flatMap((r) => [...r.members, ...(r.changes ?? []).flatMap((c) => c.members ?? [])]),
    ...(team.escalation?.steps ?? []).flatMap((s) => s.targets.flatMap((t) => ('user' in t ? [t.user] : []))),
    ...(team.members ?? []),
    ...(team.admins ?? []),
  ];
  return [...new Set(all)];
}

/** The start of the check horizon of a schedule: where its newest layer begins (deterministic, unlike "now"). */
export function horizonStart(schedule: SchedulePlan): number {
  return Math.max(...schedule.layers.map((l) => l.effectiveMs));
}

/** Gaps or overlaps with the same local pattern (`07:00 – 08:00` on some days, or `saturday 00:00 – monday 09:00`). */
export interface RecurringRange {
  /** `daily 07:00 – 08:00`, `mondays and fridays 07:00 – 08:00`, `saturday 00:00 – monday 09:00` */
  readonly range: string;
  /** `every week`, or the dates it happens: `from 2027-03-15 to 2027-03-27 and on 2027-11-01` */
  readonly when: string;
  readonly everyWeek: boolean;
  readonly segments: readonly { readonly startMs: number; readonly endMs: number }[];
}

const hhmm = (t: { hour: number; minute: number; second: number }) => formatWeekdayTime({ ...t, year: 0, month: 0, day: 0, weekday: 0 }).slice('monday '.length);

function dayList(days: number[]): string {
  if (days.length === 7) return 'daily';
  const names = days.sort((x, y) => x - y).map((d) => `${WEEKDAYS[d]}s`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Segments grouped by their local pattern over a horizon of `weeks` weeks, in order of first occurrence: those within
 * one day by time of day (with their weekdays), longer ones by weekday and time.
 */
export function recurringRanges(segments: readonly { startMs: number; endMs: number }[], timeZone: string, weeks: number): RecurringRange[] {
  const groups = new Map<string, { days: Set<number>; segs: { startMs: number; endMs: number }[]; dates: number[] }>();
  for (const s of segments) {
    const a = localTime(s.startMs, timeZone);
    const b = localTime(s.endMs, timeZone);
    const dayA = dayNumber(a.year, a.month, a.day);
    const dayB = dayNumber(b.year, b.month, b.day);
    const withinDay = dayA === dayB || (dayB === dayA + 1 && b.hour === 0 && b.minute === 0 && b.second === 0);
    const key =
      s.endMs - s.startMs >= 7 * 86_400_000 ? 'around the clock' : withinDay ? `${hhmm(a)} – ${hhmm(b)}` : `${formatWeekdayTime(a)} – ${formatWeekdayTime(b)}`;
    const g = groups.get(key) ?? { days: new Set<number>(), segs: [], dates: [] };
    g.days.add(a.weekday);
    g.segs.push(s);
    g.dates.push(dayA);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => {
    const daily = /^\d/.test(key);
    const range = daily ? `${dayList([...g.days])} ${key}` : key;
    const longHours = g.segs.reduce((n, x) => n + (x.endMs - x.startMs), 0) / 3_600_000;
    const everyWeek = key === 'around the clock' ? longHours >= (weeks - 1) * 168 : g.segs.length >= (weeks - 1) * (daily ? g.days.size : 1);
    const runs: [number, number][] = [];
    for (const d of g.dates) {
      const last = runs[runs.length - 1];
      if (last && d - last[1] <= 7) last[1] = d;
      else runs.push([d, d]);
    }
    const text = (d: number) => formatDate(dateOfDay(d));
    const when = everyWeek
      ? 'every week'
      : runs.map(([x, y]) => (x === y ? `on ${text(x)}` : `from ${text(x)} to ${text(y)}`)).join(' and ');
    return { range, when, everyWeek, segments: g.segs };
  });
}

/** Nobody on the schedule: the gaps over [from, to), segments touching the edges of a partial gap left out. */
export function uncoveredSegments(timeline: readonly Segment[]): Segment[] {
  const gaps = timeline.filter((s) => s.who === undefined);
  if (gaps.length === 1 && timeline.length === 1) return gaps;
  const first = timeline[0]?.startMs;
  const last = timeline[timeline.length - 1]?.endMs;
  // A gap cut by the horizon's edge would show as a pattern of its own: the full one is reported in the other weeks.
  return gaps.filter((g) => g.startMs !== first && g.endMs !== last);
}

function coverageProblems(team: TeamPlan, p: Problems): void {
  const primary = team.primary;
  if (!primary || primary.layers.length === 0) return;
  const from = horizonStart(primary);
  const to = from + CHECK_HORIZON_DAYS * 86_400_000;
  const timeline = scheduleTimeline(primary, from, to);
  const weeks = Math.floor(CHECK_HORIZON_DAYS / 7);
  if ((team.spec.coverage ?? '24x7') === '24x7') {
    for (const r of recurringRanges(uncoveredSegments(timeline), team.spec.timeZone, weeks)) {
      const why = r.everyWeek ? '' : ' (daylight-saving changes move rotations in different zones apart)';
      p.error(
        `${team.path}.primary`,
        `nobody is on call ${r.range} (${team.spec.timeZone}), ${r.when}${why}; add a rotation or widen the restrictions, or set coverage: restricted for a team that is never paged`,
      );
    }
  }
  if (team.secondary && team.secondary.layers.length > 0) {
    const both = zipTimelines(timeline, scheduleTimeline(team.secondary, from, to)).filter((s) => s.a !== undefined && s.a === s.b);
    const byPerson = new Map<string, { startMs: number; endMs: number }[]>();
    for (const s of both) byPerson.set(s.a!, [...(byPerson.get(s.a!) ?? []), s]);
    for (const [who, segs] of byPerson) {
      for (const r of recurringRanges(segs, team.spec.timeZone, weeks)) {
        p.error(
          `${team.path}.secondary`,
          `${who} is primary and secondary at once, ${r.range} (${team.spec.timeZone}), ${r.when}; the secondary must be someone else (next-member needs rotations of at least two members)`,
        );
      }
    }
  }
}

function crossTeamWarnings(teams: readonly TeamPlan[], p: Problems): void {
  const withPrimary = teams.filter((t) => t.primary && t.primary.layers.length > 0);
  for (let i = 0; i < withPrimary.length; i++) {
    for (let j = i + 1; j < withPrimary.length; j++) {
      const a = withPrimary[i]!;
      const b = withPrimary[j]!;
      const shared = a.members.filter((m) => b.members.includes(m));
      if (shared.length === 0) continue;
      const from = Math.max(horizonStart(a.primary!), horizonStart(b.primary!));
      const to = from + CHECK_HORIZON_DAYS * 86_400_000;
      const both = zipTimelines(scheduleTimeline(a.primary!, from, to), scheduleTimeline(b.primary!, from, to)).filter((s) => s.a !== undefined && s.a === s.b);
      const byPerson = new Map<string, Segment[]>();
      for (const s of both) byPerson.set(s.a!, [...(byPerson.get(s.a!) ?? []), { startMs: s.startMs, endMs: s.endMs, who: s.a }]);
      for (const [who, segs] of byPerson) {
        const hours = Math.round(segs.reduce((n, s) => n + (s.endMs - s.startMs), 0) / 3_600_000);
        const first = localTime(segs[0]!.startMs, a.spec.timeZone);
        p.warn(
          `${a.path}.primary`,
          `${who} is also primary for team "${b.spec.key}" in the same hours: ${hours} h in ${Math.floor(CHECK_HORIZON_DAYS / 7)} weeks, first from ${formatDate(first)} ${formatWeekdayTime(first).split(' ')[1]} (${a.spec.timeZone}); two pages at once go to one person`,
        );
      }
    }
  }
}

/**
 * The model, checked and compiled: every problem (paths relative to the teams: `<key>.<field>`), and per team its
 * schedules as layers. Pure; `OnCall` renders it, `houndstack oncall preview` simulates it.
 */
export function planOnCall(model: OnCallModel): OnCallPlan {
  const p = new Problems();
  const byKey = new Map<string, OnCallTeamSpec>();
  const handles = new Map<string, string>();
  const teams: TeamPlan[] = [];
  for (const team of model.teams) {
    const path = team.key;
    if (!KEY.test(team.key)) p.error(path, `"${team.key}" is not a team key; expected lowercase letters, digits, "-", "_", "."`);
    if (byKey.has(team.key)) p.error(path, `team "${team.key}" is defined twice`);
    byKey.set(team.key, team);
    if (team.name.trim() === '') p.error(`${path}.name`, 'a team needs a name');
    if (!HANDLE.test(team.handle)) {
      p.error(`${path}.handle`, `"${team.handle}" is not a team handle; expected lowercase letters, digits, "-", "_", "." (monitors page @oncall-<handle>)`);
    } else if (handles.has(team.handle)) {
      p.error(`${path}.handle`, `handle "${team.handle}" is also team "${handles.get(team.handle)}"'s; handles are unique in a Datadog organisation`);
    } else handles.set(team.handle, team.key);
  }
  for (const team of model.teams) {
    const path = team.key;
    if (!isTimeZone(team.timeZone)) {
      p.error(`${path}.timeZone`, `"${team.timeZone}" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)`);
      teams.push({ spec: team, path, members: teamMembers(team), admins: team.admins ?? [] });
      continue;
    }
    const primary = team.primary && team.primary.length > 0 ? schedulePlan(team, 'primary', team.primary, `${path}.primary`, p) : undefined;
    if (team.secondary !== undefined && !primary) p.error(`${path}.secondary`, 'a secondary needs a primary rotation');
    const secondary =
      team.secondary === 'next-member'
        ? primary && nextMemberSecondary(team, primary)
        : team.secondary && team.secondary.length > 0
          ? schedulePlan(team, 'secondary', team.secondary, `${path}.secondary`, p)
          : undefined;
    (team.members ?? []).forEach((m, i) => {
      if (!EMAIL.test(m)) p.error(`${path}.members[${i}]`, `"${m}" is not an e-mail address`);
    });
    (team.admins ?? []).forEach((m, i) => {
      if (!EMAIL.test(m)) p.error(`${path}.admins[${i}]`, `"${m}" is not an e-mail address`);
    });
    escalationProblems(team, byKey, p);
    routingProblems(team, p);
    pagerDutyProblems(team, p);
    const plan: TeamPlan = { spec: team, path, ...(primary ? { primary } : {}), ...(secondary ? { secondary } : {}), members: teamMembers(team), admins: team.admins ?? [] };
    teams.push(plan);
    if (!p.all.some((x) => x.level === 'error' && (x.path === path || x.path.startsWith(`${path}.`)))) coverageProblems(plan, p);
  }
  crossTeamWarnings(teams, p);
  return { teams, problems: p.all };
}

/** `identity.primary[0].members: a rotation needs…` */
export function formatOnCallProblem(problem: OnCallProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** The service name monitors page: `@pagerduty-<name>`. */
export function pagerDutyServiceName(plan: TeamPlan): string {
  return plan.spec.pagerduty?.serviceName ?? plan.spec.handle;
}
