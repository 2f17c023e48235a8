/**
 * How many monitors one shard (one Terraform state) should hold, from what limits a plan: a plan refreshes every
 * monitor of its state with one `GET /api/v1/monitor/{id}` (the provider's read), Terraform runs `parallelism` such
 * calls at a time (default 10), and Datadog answers at most `apiRequestsPerSecond` of them for the organisation before
 * it returns 429. Pure arithmetic: no cdktf, no I/O.
 *
 *     calls per second  = min(parallelism / requestSeconds, apiRequestsPerSecond)
 *     refresh seconds   = monitors / calls per second
 *     monitors per shard = floor(targetRefreshSeconds × calls per second)
 *
 * With the defaults (10 in flight, 0.25 s a call, 10 calls a second, a 120 s plan): min(40, 10) = 10 calls a second,
 * so 1,200 monitors per shard. The organisation's limit is shared: plans of several shards at once divide it, which is
 * why CI should plan only the shards a change touches (`houndstack shards plan --changed`).
 */
export interface RefreshModel {
  /**
   * Calls Terraform makes at once (`terraform plan -parallelism=N`).
   * @default 10 (Terraform's default)
   */
  readonly parallelism?: number;
  /**
   * Monitor API calls per second Datadog allows the organisation. Datadog does not publish this limit; every response
   * carries it (`X-RateLimit-Limit` calls per `X-RateLimit-Period` seconds): read yours and set it here.
   * @default 10 (100 calls per 10 s, the limit Datadog's API reported for SLO reads in provider issue #907)
   */
  readonly apiRequestsPerSecond?: number;
  /**
   * Round trip of one call, seconds.
   * @default 0.25
   */
  readonly requestSeconds?: number;
  /**
   * How long one shard's plan may spend refreshing, seconds: what the sizing rule sizes shards for.
   * @default 120
   */
  readonly targetRefreshSeconds?: number;
}

export const DEFAULT_REFRESH_MODEL: Required<RefreshModel> = { parallelism: 10, apiRequestsPerSecond: 10, requestSeconds: 0.25, targetRefreshSeconds: 120 };

/** The model with defaults filled in; throws one error listing every value that is not a positive number. */
export function refreshModel(model: RefreshModel = {}): Required<RefreshModel> {
  const full = { ...DEFAULT_REFRESH_MODEL, ...model };
  const bad = (Object.keys(DEFAULT_REFRESH_MODEL) as Array<keyof RefreshModel>).filter((k) => !(Number.isFinite(full[k]) && full[k] > 0));
  if (!Number.isInteger(full.parallelism) && !bad.includes('parallelism')) bad.push('parallelism');
  if (bad.length > 0) throw new Error(`refresh model: ${bad.map((k) => `${k} must be a positive ${k === 'parallelism' ? 'integer' : 'number'}, got ${String(full[k])}`).join('; ')}`);
  return full;
}

/** Monitor reads per second one plan achieves: bounded by Terraform's parallelism and by Datadog's rate limit. */
export function callsPerSecond(model: RefreshModel = {}): number {
  const m = refreshModel(model);
  return Math.min(m.parallelism / m.requestSeconds, m.apiRequestsPerSecond);
}

/** Estimated seconds a plan spends refreshing `monitors` monitors (one read each). */
export function refreshSeconds(monitors: number, model: RefreshModel = {}): number {
  return monitors / callsPerSecond(model);
}

/** The sizing rule: the most monitors a shard should hold so that its refresh fits `targetRefreshSeconds`. */
export function monitorsPerShard(model: RefreshModel = {}): number {
  const m = refreshModel(model);
  return Math.max(1, Math.floor(m.targetRefreshSeconds * callsPerSecond(m)));
}

/** Shards a group of `monitors` monitors needs under the sizing rule. */
export function shardsFor(monitors: number, model: RefreshModel = {}): number {
  return Math.max(1, Math.ceil(monitors / monitorsPerShard(model)));
}
