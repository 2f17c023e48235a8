import { WEEKDAYS, type Weekday, dateOfDay, dayNumber, localTime, zonedInstant } from './time';

/*
 * Layers as Datadog and PagerDuty keep them, and who a layer puts on call at an instant. Both backends and the preview
 * read these: what is previewed is what is deployed.
 */

/** A weekly window, in seconds of the week from monday 00:00 local time; `end` may be below `start` (wraps). */
export interface WeeklyWindow {
  readonly startDay: Weekday;
  readonly startSecond: number;
  readonly endDay: Weekday;
  readonly endSecond: number;
}

/** One schedule layer: a rotation over a period. */
export interface LayerPlan {
  /** Unique within its schedule. */
  readonly name: string;
  readonly timeZone: string;
  /** The layer applies from here… */
  readonly effectiveMs: number;
  /** …until here (exclusive). @default - open-ended */
  readonly endMs?: number;
  /** Handoff anchor: shift k starts at rotationStart + k × interval. */
  readonly rotationStartMs: number;
  /** Whole days are calendar days in `timeZone` (the handoff keeps its local time across DST); seconds are elapsed time. */
  readonly interval: { readonly days: number; readonly seconds: number };
  /** E-mails, in rotation order. */
  readonly users: readonly string[];
  /** On call only inside these windows. @default - always */
  readonly restrictions: readonly WeeklyWindow[];
}

export interface SchedulePlan {
  readonly role: 'primary' | 'secondary';
  readonly name: string;
  readonly timeZone: string;
  /** In precedence order as Datadog renders them: later layers take precedence over earlier ones. */
  readonly layers: readonly LayerPlan[];
}

const DAY_MS = 86_400_000;

function secondsOfDay(t: { hour: number; minute: number; second: number }): number {
  return t.hour * 3600 + t.minute * 60 + t.second;
}

function isCalendar(layer: Pick<LayerPlan, 'interval'>): boolean {
  return layer.interval.seconds === 0;
}

/** Start of shift `k` of a layer (k may be negative: rotations extend both ways from their anchor). */
export function shiftStart(layer: Pick<LayerPlan, 'interval' | 'rotationStartMs' | 'timeZone'>, k: number): number {
  if (!isCalendar(layer)) return layer.rotationStartMs + k * (layer.interval.days * DAY_MS + layer.interval.seconds * 1000);
  const anchor = localTime(layer.rotationStartMs, layer.timeZone);
  const date = dateOfDay(dayNumber(anchor.year, anchor.month, anchor.day) + k * layer.interval.days);
  return zonedInstant(date.year, date.month, date.day, anchor.hour, anchor.minute, anchor.second, layer.timeZone);
}

/** Index of the shift that contains instant `ms`. */
export function shiftIndex(layer: Pick<LayerPlan, 'interval' | 'rotationStartMs' | 'timeZone'>, ms: number): number {
  if (!isCalendar(layer)) {
    return Math.floor((ms - layer.rotationStartMs) / (layer.interval.days * DAY_MS + layer.interval.seconds * 1000));
  }
  const anchor = localTime(layer.rotationStartMs, layer.timeZone);
  const at = localTime(ms, layer.timeZone);
  let days = dayNumber(at.year, at.month, at.day) - dayNumber(anchor.year, anchor.month, anchor.day);
  if (secondsOfDay(at) < secondsOfDay(anchor)) days -= 1;
  let k = Math.floor(days / layer.interval.days);
  // Exact at the edges (a handoff inside a DST gap moves with the clock).
  while (shiftStart(layer, k + 1) <= ms) k += 1;
  while (shiftStart(layer, k) > ms) k -= 1;
  return k;
}

/** The first handoff of a layer at or after `ms`. */
export function nextHandoff(layer: Pick<LayerPlan, 'interval' | 'rotationStartMs' | 'timeZone'>, ms: number): number {
  const k = shiftIndex(layer, ms);
  const start = shiftStart(layer, k);
  return start === ms ? ms : shiftStart(layer, k + 1);
}

const WEEK_SECONDS = 7 * 86_400;

/** Second of the week (monday 00:00 = 0) of a weekday and second of the day. */
export function weekSecond(day: Weekday, second: number): number {
  return WEEKDAYS.indexOf(day) * 86_400 + second;
}

export function inWindows(windows: readonly WeeklyWindow[], ms: number, timeZone: string): boolean {
  if (windows.length === 0) return true;
  const t = localTime(ms, timeZone);
  const s = t.weekday * 86_400 + secondsOfDay(t);
  return windows.some((w) => {
    const start = weekSecond(w.startDay, w.startSecond);
    const end = weekSecond(w.endDay, w.endSecond);
    return end > start ? s >= start && s < end : s >= start || s < end;
  });
}

/** Who a layer puts on call at `ms`, or undefined when the layer does not apply then. */
export function layerOnCall(layer: LayerPlan, ms: number): string | undefined {
  if (ms < layer.effectiveMs || (layer.endMs !== undefined && ms >= layer.endMs)) return undefined;
  if (layer.users.length === 0 || !inWindows(layer.restrictions, ms, layer.timeZone)) return undefined;
  const k = shiftIndex(layer, ms);
  const n = layer.users.length;
  return layer.users[((k % n) + n) % n];
}

/** Who a schedule puts on call at `ms`: the last layer that applies wins. */
export function scheduleOnCall(schedule: SchedulePlan, ms: number): string | undefined {
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const who = layerOnCall(schedule.layers[i]!, ms);
    if (who !== undefined) return who;
  }
  return undefined;
}

/** A stretch of time with one person (or nobody) on call. */
export interface Segment {
  readonly startMs: number;
  readonly endMs: number;
  readonly who: string | undefined;
}

/** Every instant in [from, to) at which a layer's answer may change. */
function breakpoints(layer: LayerPlan, fromMs: number, toMs: number): number[] {
  const out = [layer.effectiveMs, ...(layer.endMs !== undefined ? [layer.endMs] : [])];
  const lo = Math.max(fromMs, layer.effectiveMs);
  const hi = Math.min(toMs, layer.endMs ?? toMs);
  if (lo >= hi) return out;
  for (let k = shiftIndex(layer, lo); ; k++) {
    const s = shiftStart(layer, k);
    if (s >= hi) break;
    out.push(s);
  }
  if (layer.restrictions.length > 0) {
    const first = localTime(lo, layer.timeZone);
    const last = localTime(hi, layer.timeZone);
    const d0 = dayNumber(first.year, first.month, first.day) - 1;
    const d1 = dayNumber(last.year, last.month, last.day) + 1;
    for (let d = d0; d <= d1; d++) {
      const date = dateOfDay(d);
      for (const w of layer.restrictions) {
        for (const [day, second] of [[w.startDay, w.startSecond], [w.endDay, w.endSecond]] as const) {
          if (WEEKDAYS.indexOf(day) !== date.weekday) continue;
          out.push(zonedInstant(date.year, date.month, date.day, Math.floor(second / 3600), Math.floor((second % 3600) / 60), second % 60, layer.timeZone));
        }
      }
    }
  }
  return out;
}

/** Who a schedule puts on call over [from, to), as merged segments. */
export function scheduleTimeline(schedule: SchedulePlan, fromMs: number, toMs: number): Segment[] {
  const points = new Set<number>([fromMs]);
  for (const layer of schedule.layers) for (const p of breakpoints(layer, fromMs, toMs)) if (p > fromMs && p < toMs) points.add(p);
  const sorted = [...points].sort((a, b) => a - b);
  const out: Segment[] = [];
  sorted.forEach((start, i) => {
    const end = sorted[i + 1] ?? toMs;
    const who = scheduleOnCall(schedule, start);
    const prev = out[out.length - 1];
    if (prev && prev.who === who) out[out.length - 1] = { ...prev, endMs: end };
    else out.push({ startMs: start, endMs: end, who });
  });
  return out;
}

/** Segments of two timelines over the same period, cut where either changes. */
export function zipTimelines(a: readonly Segment[], b: readonly Segment[]): { startMs: number; endMs: number; a: string | undefined; b: string | undefined }[] {
  const out: { startMs: number; endMs: number; a: string | undefined; b: string | undefined }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.startMs, b[j]!.startMs);
    const end = Math.min(a[i]!.endMs, b[j]!.endMs);
    if (end > start) out.push({ startMs: start, endMs: end, a: a[i]!.who, b: b[j]!.who });
    if (a[i]!.endMs <= b[j]!.endMs) i++;
    else j++;
  }
  return out;
}

export { WEEK_SECONDS };
