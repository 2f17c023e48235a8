/*
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: schedules hand off at a local time, restrictions are
 * local weekday/time windows, and both must stay right across daylight-saving changes.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local date and time in some zone; `weekday` 0 = monday … 6 = sunday. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `ms`. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const d = new Date(ms + offsetMs(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * Offset of `timeZone` from UTC at instant `ms`, in milliseconds (Paris in winter: +3,600,000). Zones change offset on
 * quarter hours, so one lookup per zone and quarter hour is cached: simulating a year of shifts stays fast.
 */
export function offsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let byZone = offsets.get(timeZone);
  if (!byZone) offsets.set(timeZone, (byZone = new Map()));
  let offset = byZone.get(bucket);
  if (offset === undefined) {
    const at = bucket * QUARTER_HOUR;
    const parts: Record<string, string> = {};
    for (const p of formatter(timeZone).formatToParts(new Date(at))) parts[p.type] = p.value;
    offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - at;
    byZone.set(bucket, offset);
  }
  return offset;
}

/**
 * The instant of a wall-clock time in `timeZone`. A time skipped by a spring-forward change is moved forward by the
 * gap (02:30 → 03:30), as clocks do; an ambiguous autumn time takes the first (daylight) occurrence.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = naive - offsetMs(naive - 86_400_000 / 2, timeZone);
  const candidates = [naive - offsetMs(naive, timeZone), before, naive - offsetMs(naive + 86_400_000 / 2, timeZone)];
  const exact = candidates.filter((c) => c + offsetMs(c, timeZone) === naive).sort((a, b) => a - b);
  if (exact.length > 0) return exact[0]!;
  // In a gap: the offset before the change, which lands after the gap.
  return before;
}

/** Days since 1970-01-01 of a calendar date (no zone). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** The calendar date of a day number. */
export function dateOfDay(n: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
}

/** `hh:mm` or `hh:mm:ss` → seconds of the day; undefined when malformed. `24:00:00` is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** `YYYY-MM-DD` → its parts, undefined unless a real calendar date. */
export function parseDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** An RFC 3339 date-time with an offset or `Z` → epoch ms; undefined when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):([0-5]\d))$/.exec(text);
  if (!m || !parseDate(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  return Date.parse(text);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `hh:mm:ss` of seconds of the day. */
export function formatTimeOfDay(seconds: number): string {
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** `YYYY-MM-DD` of a local time. */
export function formatDate(t: { year: number; month: number; day: number }): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** RFC 3339 with the zone's offset at that instant: `2026-12-07T09:00:00+01:00`. */
export function formatRfc3339(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  const off = offsetMs(ms, timeZone) / 60_000;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const zone = off === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${formatDate(t)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${zone}`;
}

/** `monday 09:00` of a local time (seconds shown only when not zero). */
export function formatWeekdayTime(t: LocalTime): string {
  return `${WEEKDAYS[t.weekday]} ${pad(t.hour)}:${pad(t.minute)}${t.second ? `:${pad(t.second)}` : ''}`;
}
