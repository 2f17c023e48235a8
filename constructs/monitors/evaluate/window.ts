/**
 * Sliding-window reductions over a time-sorted series. Windows only move forward, so each point is added once and
 * removed once: the cost per point is constant (a monotonic deque for min/max, running sums for avg/sum), not the
 * window's length at every evaluation. Percentiles keep a sorted window (binary insert and remove).
 */
export type WindowReducer = 'avg' | 'sum' | 'min' | 'max' | 'last' | 'count' | { readonly percentile: number };

export class SlidingWindow {
  private lo = 0;
  private hi = 0;
  private sum = 0;
  private readonly deque: Int32Array | undefined;
  private dqHead = 0;
  private dqTail = 0;
  private readonly sorted: number[] | undefined;

  constructor(
    private readonly times: Float64Array,
    private readonly values: Float64Array,
    private readonly reducer: WindowReducer,
  ) {
    if (reducer === 'min' || reducer === 'max') this.deque = new Int32Array(times.length);
    if (typeof reducer === 'object') this.sorted = [];
  }

  /** Moves the window to [start, end). Both bounds must not move backwards. */
  public moveTo(start: number, end: number): void {
    const t = this.times;
    const n = t.length;
    while (this.lo < this.hi && t[this.lo] < start) this.remove(this.lo++);
    if (this.lo === this.hi) {
      while (this.lo < n && t[this.lo] < start) this.lo++;
      if (this.hi < this.lo) this.hi = this.lo;
    }
    while (this.hi < n && t[this.hi] < end) this.add(this.hi++);
  }

  public get count(): number {
    return this.hi - this.lo;
  }

  /** Time of the window's first point (NaN when empty). */
  public get firstTime(): number {
    return this.hi > this.lo ? this.times[this.lo] : NaN;
  }

  /** Time of the window's last point (NaN when empty). */
  public get lastTime(): number {
    return this.hi > this.lo ? this.times[this.hi - 1] : NaN;
  }

  /** The reduction of the window; NaN when it is empty. */
  public value(): number {
    const count = this.hi - this.lo;
    if (count === 0) return NaN;
    const r = this.reducer;
    if (r === 'avg') return this.sum / count;
    if (r === 'sum') return this.sum;
    if (r === 'count') return count;
    if (r === 'last') return this.values[this.hi - 1];
    if (r === 'min' || r === 'max') return this.values[this.deque![this.dqHead]];
    return quantile(this.sorted!, r.percentile / 100);
  }

  private add(i: number): void {
    const v = this.values[i];
    const r = this.reducer;
    if (r === 'avg' || r === 'sum') this.sum += v;
    else if (r === 'min' || r === 'max') {
      const d = this.deque!;
      const vals = this.values;
      if (r === 'max') while (this.dqTail > this.dqHead && vals[d[this.dqTail - 1]] <= v) this.dqTail--;
      else while (this.dqTail > this.dqHead && vals[d[this.dqTail - 1]] >= v) this.dqTail--;
      d[this.dqTail++] = i;
    } else if (typeof r === 'object') this.sorted!.splice(lowerBound(this.sorted!, v), 0, v);
  }

  private remove(i: number): void {
    const v = this.values[i];
    const r = this.reducer;
    if (r === 'avg' || r === 'sum') {
      this.sum -= v;
      // Running sums drift; an emptied window starts again from an exact zero.
      if (this.hi === this.lo) this.sum = 0;
    } else if (r === 'min' || r === 'max') {
      if (this.dqTail > this.dqHead && this.deque![this.dqHead] === i) this.dqHead++;
    } else if (typeof r === 'object') this.sorted!.splice(lowerBound(this.sorted!, v), 1);
  }
}

export function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Linear interpolation between closest ranks (q in [0, 1]) of a sorted list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const base = Math.floor(pos);
  const rest = pos - base;
  return base + 1 < sorted.length ? sorted[base] + rest * (sorted[base + 1] - sorted[base]) : sorted[base];
}

/**
 * Occupancy of UNIX-aligned buckets, for `require_full_window`: a window is full when its first bucket has data and
 * at most 3 of its buckets are empty (Datadog, "Require a full window of data"). Sliding, like `SlidingWindow`.
 */
export class BucketOccupancy {
  private readonly buckets: Float64Array;
  private lo = 0;
  private hi = 0;

  constructor(times: Float64Array, private readonly bucketSeconds: number) {
    const out: number[] = [];
    for (let i = 0; i < times.length; i++) {
      const b = Math.floor(times[i] / bucketSeconds);
      if (out.length === 0 || out[out.length - 1] !== b) out.push(b);
    }
    this.buckets = Float64Array.from(out);
  }

  /** Is the window [start, end) full? */
  public isFull(start: number, end: number): boolean {
    const first = Math.floor(start / this.bucketSeconds);
    const last = Math.ceil(end / this.bucketSeconds) - 1;
    const b = this.buckets;
    while (this.lo < b.length && b[this.lo] < first) this.lo++;
    if (this.hi < this.lo) this.hi = this.lo;
    while (this.hi < b.length && b[this.hi] <= last) this.hi++;
    if (this.lo >= this.hi || b[this.lo] !== first) return false;
    const total = last - first + 1;
    return total - (this.hi - this.lo) <= 3;
  }
}
