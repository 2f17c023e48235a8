import type { SchedulePlan } from './layers';
import { scheduleOnCall } from './layers';
import type { OnCallPlan, TeamPlan } from './plan';
import { formatDate, formatRfc3339, localTime, parseDate, parseRfc3339, zonedInstant } from './time';

/*
 * Who is on call when, hour by hour in each team's zone, from the same plan synth renders; with local overrides
 * (vacations, swaps), which no Terraform provider can manage, laid on top. Pure: the CLI reads files and prints.
 */

/** One override: `who` takes the team's `schedule` from `from` to `to` (vacation cover, one half of a swap). */
export interface OnCallOverride {
  readonly team: string;
  /** @default 'primary' */
  readonly schedule?: 'primary' | 'secondary';
  /** `YYYY-MM-DDThh:mm` in the team's zone, or RFC 3339. */
  readonly from: string;
  readonly to: string;
  /** E-mail of who covers. */
  readonly who: string;
  readonly reason?: string;
}

export interface PreviewOptions {
  /** Local midnight of this date (`YYYY-MM-DD`) in each team's zone starts the preview. */
  readonly from: string;
  /** @default 1 */
  readonly weeks?: number;
  /** Only this team. @default - every team with a primary schedule */
  readonly team?: string;
  /** @default - none */
  readonly overrides?: readonly OnCallOverride[];
}

export interface PreviewHour {
  /** Local start of the hour, RFC 3339 with the zone's offset. */
  readonly start: string;
  readonly primary: string | null;
  readonly secondary: string | null;
  /** Overridden here (by the overrides file). */
  readonly override?: true;
}

export interface PreviewShift {
  readonly schedule: 'primary' | 'secondary';
  readonly who: string | null;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
}

export interface Fairness {
  readonly who: string;
  /** Primary shifts begun or under way in the period. */
  readonly primaryShifts: number;
  readonly primaryHours: number;
  readonly secondaryHours: number;
  /** Primary hours from 22:00 to 07:00 local. */
  readonly nightHours: number;
  /** Primary hours on saturday and sunday, local. */
  readonly weekendHours: number;
}

export interface TeamPreview {
  readonly team: string;
  readonly name: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly hours: readonly PreviewHour[];
  readonly shifts: readonly PreviewShift[];
  readonly fairness: readonly Fairness[];
  /** Hours with nobody on the primary. */
  readonly uncovered: readonly { readonly start: string; readonly end: string; readonly hours: number }[];
  /** Hours where one person is primary and secondary at once (an override can do that). */
  readonly doubleBooked: readonly { readonly who: string; readonly start: string; readonly end: string; readonly hours: number }[];
}

export interface OnCallPreview {
  readonly teams: readonly TeamPreview[];
}

const HOUR = 3_600_000;
const NIGHT_FROM = 22;
const NIGHT_TO = 7;

/** `YYYY-MM-DDThh:mm[:ss]` local to `timeZone`, or RFC 3339. */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (m) {
    const d = parseDate(m[1]!);
    return d ? zonedInstant(d.year, d.month, d.day, Number(m[2]), Number(m[3]), Number(m[4] ?? 0), timeZone) : undefined;
  }
  const date = parseDate(text);
  if (date) return zonedInstant(date.year, date.month, date.day, 0, 0, 0, timeZone);
  return parseRfc3339(text);
}

/** Problems of an overrides list against the plan, each `overrides[i].field: what`. */
export function overrideProblems(plan: OnCallPlan, overrides: readonly OnCallOverride[]): string[] {
  const problems: string[] = [];
  overrides.forEach((o, i) => {
    const at = `overrides[${i}]`;
    const team = plan.teams.find((t) => t.spec.key === o.team);
    if (!team) {
      problems.push(`${at}.team: "${o.team}" is not an on-call team (known: ${plan.teams.map((t) => t.spec.key).join(', ')})`);
      return;
    }
    const schedule = o.schedule ?? 'primary';
    if (!team[schedule]) problems.push(`${at}.schedule: team "${o.team}" has no ${schedule} schedule`);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o.who)) problems.push(`${at}.who: "${o.who}" is not an e-mail address`);
    const from = parseLocalDateTime(o.from, team.spec.timeZone);
    const to = parseLocalDateTime(o.to, team.spec.timeZone);
    if (from === undefined) problems.push(`${at}.from: "${o.from}" is not a date-time; expected YYYY-MM-DDThh:mm (in ${team.spec.timeZone}) or RFC 3339`);
    if (to === undefined) problems.push(`${at}.to: "${o.to}" is not a date-time; expected YYYY-MM-DDThh:mm (in ${team.spec.timeZone}) or RFC 3339`);
    if (from !== undefined && to !== undefined && to <= from) problems.push(`${at}.to: ${o.to} is not after ${o.from}`);
  });
  return problems;
}

interface Window {
  fromMs: number;
  toMs: number;
  who: string;
}

function previewTeam(t: TeamPlan, fromDate: { year: number; month: number; day: number }, weeks: number, overrides: readonly OnCallOverride[]): TeamPreview {
  const tz = t.spec.timeZone;
  const fromMs = zonedInstant(fromDate.year, fromDate.month, fromDate.day, 0, 0, 0, tz);
  const endDate = new Date(Date.UTC(fromDate.year, fromDate.month - 1, fromDate.day + 7 * weeks));
  const toMs = zonedInstant(endDate.getUTCFullYear(), endDate.getUTCMonth() + 1, endDate.getUTCDate(), 0, 0, 0, tz);
  const windows = (role: 'primary' | 'secondary'): Window[] =>
    overrides
      .filter((o) => o.team === t.spec.key && (o.schedule ?? 'primary') === role)
      .map((o) => ({ fromMs: parseLocalDateTime(o.from, tz)!, toMs: parseLocalDateTime(o.to, tz)!, who: o.who }));
  const primaryOverrides = windows('primary');
  const secondaryOverrides = windows('secondary');
  const at = (schedule: SchedulePlan | undefined, own: Window[], ms: number): [string | null, boolean] => {
    // The last override listed wins where two overlap.
    const o = [...own].reverse().find((w) => ms >= w.fromMs && ms < w.toMs);
    if (o) return [o.who, true];
    return [schedule ? (scheduleOnCall(schedule, ms) ?? null) : null, false];
  };
  const hours: PreviewHour[] = [];
  const starts: number[] = [];
  for (let ms = fromMs; ms < toMs; ms += HOUR) {
    const [primary, po] = at(t.primary, primaryOverrides, ms);
    const [secondary, so] = at(t.secondary, secondaryOverrides, ms);
    hours.push({ start: formatRfc3339(ms, tz), primary, secondary, ...(po || so ? { override: true as const } : {}) });
    starts.push(ms);
  }
  const runs = (role: 'primary' | 'secondary'): PreviewShift[] => {
    const out: PreviewShift[] = [];
    hours.forEach((h, i) => {
      const last = out[out.length - 1];
      const end = formatRfc3339(starts[i]! + HOUR, tz);
      if (last && last.who === h[role]) out[out.length - 1] = { ...last, end, hours: last.hours + 1 };
      else out.push({ schedule: role, who: h[role], start: h.start, end, hours: 1 });
    });
    return out;
  };
  const primaryRuns = runs('primary');
  const shifts = [...primaryRuns, ...(t.secondary || secondaryOverrides.length > 0 ? runs('secondary') : [])];
  const people = new Map<string, { primaryShifts: number; primaryHours: number; secondaryHours: number; nightHours: number; weekendHours: number }>();
  const person = (who: string) => {
    let p = people.get(who);
    if (!p) people.set(who, (p = { primaryShifts: 0, primaryHours: 0, secondaryHours: 0, nightHours: 0, weekendHours: 0 }));
    return p;
  };
  for (const run of primaryRuns) if (run.who) person(run.who).primaryShifts += 1;
  hours.forEach((h, i) => {
    const local = localTime(starts[i]!, tz);
    if (h.primary) {
      const p = person(h.primary);
      p.primaryHours += 1;
      if (local.hour >= NIGHT_FROM || local.hour < NIGHT_TO) p.nightHours += 1;
      if (local.weekday >= 5) p.weekendHours += 1;
    }
    if (h.secondary) person(h.secondary).secondaryHours += 1;
  });
  const fairness = [...people].map(([who, p]) => ({ who, ...p })).sort((a, b) => b.primaryHours - a.primaryHours || a.who.localeCompare(b.who));
  return {
    team: t.spec.key,
    name: t.spec.name,
    timeZone: tz,
    from: formatRfc3339(fromMs, tz),
    to: formatRfc3339(toMs, tz),
    hours,
    shifts,
    fairness,
    uncovered: primaryRuns.filter((r) => r.who === null).map(({ start, end, hours: n }) => ({ start, end, hours: n })),
    doubleBooked: doubleBooked(hours, starts, tz),
  };
}

function doubleBooked(hours: readonly PreviewHour[], starts: readonly number[], tz: string): TeamPreview['doubleBooked'] {
  const out: { who: string; start: string; end: string; hours: number }[] = [];
  hours.forEach((h, i) => {
    const end = formatRfc3339(starts[i]! + HOUR, tz);
    if (h.primary === null || h.primary !== h.secondary) return;
    const last = out[out.length - 1];
    if (last && last.who === h.primary && last.end === h.start) out[out.length - 1] = { ...last, end, hours: last.hours + 1 };
    else out.push({ who: h.primary, start: h.start, end, hours: 1 });
  });
  return out;
}

/** The preview of every team (or one) over `weeks` weeks from local midnight of `from`, overrides applied. */
export function previewOnCall(plan: OnCallPlan, options: PreviewOptions): OnCallPreview {
  const from = parseDate(options.from);
  if (!from) throw new Error(`"${options.from}" is not a date; expected YYYY-MM-DD`);
  const teams = plan.teams.filter((t) => (options.team === undefined ? t.primary !== undefined : t.spec.key === options.team));
  return { teams: teams.map((t) => previewTeam(t, from, options.weeks ?? 1, options.overrides ?? [])) };
}

/** Today's date in a zone, `YYYY-MM-DD` (the CLI's default `--from`). */
export function today(nowMs: number, timeZone: string): string {
  return formatDate(localTime(nowMs, timeZone));
}
