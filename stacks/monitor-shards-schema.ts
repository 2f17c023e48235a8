import { z } from 'zod';

/*
 * `accounts[].monitors.shards`: the account's catalog monitors (its inventories' and its catalog files' monitors) go to shard stacks
 * of their own — `<alias>-monitors-<shard>`, each with its own state — instead of the account's stack, so that a plan
 * refreshes only the monitors of the shards a change touches. Sizing: stacks/monitor-shards.ts and the README.
 */

const positive = z.number().positive();
const shardCount = z.number().int('must be a whole number of shards').min(1, 'must be at least 1');

export const monitorShardsSchema = z.strictObject({
  /** Groups monitors into shards: `team` by the monitor's `team:` tag (`unowned` without one), `none` in one group. */
  by: z.enum(['team', 'none']).default('team'),
  /**
   * Shards per group. Raising a group's count from k to k+1 moves only the ~1/(k+1) of its monitors that land in the
   * new shard (each moves between states: see the catalog README).
   */
  count: shardCount.default(1),
  /** Shards of particular teams (with `by: team`), over `count`: `{ payments: 3 }`. */
  teams: z.record(z.string(), shardCount).optional(),
  /** The most monitors a shard may hold before synth fails naming it. Defaults to the sizing rule's figure. */
  maxPerShard: z.number().int().min(1).optional(),
  /** The sizing rule's inputs (see the README, "Sizing shards"). */
  refresh: z
    .strictObject({
      parallelism: z.number().int().min(1).optional(),
      apiRequestsPerSecond: positive.optional(),
      requestSeconds: positive.optional(),
      targetRefreshSeconds: positive.optional(),
    })
    .optional(),
});

export type MonitorShardsConfig = z.output<typeof monitorShardsSchema>;
