import { CatalogEntry } from './catalog';
import { slugOf, stableHashFrom, stableHashPrefix } from './keys';

/** One shard: the monitors one stack (one Terraform state) holds. */
export interface Shard {
  /** Stack-id-safe name: `<group>` or `<group>-<index>`; never depends on the other shards. */
  readonly name: string;
  readonly entries: readonly CatalogEntry[];
}

export interface ShardOptions {
  /**
   * Groups monitors by a key such as team or service; each group gets its own shards. Must return a non-empty string.
   * @default - one group, named 'all'
   */
  readonly by?: (entry: CatalogEntry) => string;
  /**
   * Shards per group. A monitor's shard is chosen by rendezvous hashing of its key over the shard names, so raising
   * this from k to k+1 moves only the ~1/(k+1) of the group's monitors that land in the new shard; nothing else moves.
   * A number applies to every group; a function can give big groups more.
   * @default 1
   */
  readonly shards?: number | ((group: string) => number);
  /**
   * The most monitors one shard may hold. Exceeding it is an error naming the shard (raise `shards` for its group):
   * the shard count never changes by itself, because changing it moves monitors between states.
   * @default - no limit
   */
  readonly maxPerShard?: number;
}

/** The monitor key the catalog will use (explicit key, else the slug of the name). */
export function keyOf(entry: CatalogEntry): string {
  return entry.key ?? slugOf(entry.spec.name);
}

/**
 * Splits monitors across shards. Deterministic: the same monitors give the same shards whatever their order; every
 * monitor lands in exactly one shard. Shards are sorted by name, monitors within a shard by key. Empty shards are
 * kept (a stack with no monitors plans to nothing), so a shard never disappears because a group shrank.
 * Throws one error listing every problem (bad group names, bad shard counts, shards over `maxPerShard`).
 */
export function shardMonitors(entries: readonly CatalogEntry[], options: ShardOptions = {}): Shard[] {
  const { shards, problems } = splitIntoShards(entries, options);
  if (problems.length > 0) throw new Error(`Cannot shard monitors:\n  ${problems.join('\n  ')}`);
  return shards;
}

/**
 * `shardMonitors` without the throw: the shards and every problem, one line each. Shards over `maxPerShard` are
 * returned too (a plan can show them); groups with bad names or counts are left out.
 */
export function splitIntoShards(entries: readonly CatalogEntry[], options: ShardOptions = {}): { shards: Shard[]; problems: string[] } {
  const problems: string[] = [];
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const group = options.by ? options.by(entry) : 'all';
    if (typeof group !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(group)) {
      problems.push(`monitor '${keyOf(entry)}': group '${String(group)}' must be letters, digits, '_' and '-' (it names a stack)`);
      continue;
    }
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(entry);
  }
  const shards: Shard[] = [];
  for (const group of [...groups.keys()].sort()) {
    const count = typeof options.shards === 'function' ? options.shards(group) : (options.shards ?? 1);
    if (!Number.isInteger(count) || count < 1) {
      problems.push(`group '${group}': shards must be a positive integer, got ${count}`);
      continue;
    }
    const names = count === 1 ? [group] : Array.from({ length: count }, (_, i) => `${group}-${i}`);
    const buckets = new Map<string, CatalogEntry[]>(names.map((n) => [n, []]));
    const prefixes = names.map((n) => stableHashPrefix(`${n}\u0000`));
    for (const entry of groups.get(group)!) {
      const key = keyOf(entry);
      buckets.get(count === 1 ? group : rendezvous(key, names, prefixes))!.push(entry);
    }
    for (const name of names) {
      const inShard = buckets.get(name)!.sort((a, b) => compare(keyOf(a), keyOf(b)));
      if (options.maxPerShard !== undefined && inShard.length > options.maxPerShard) {
        problems.push(`shard '${name}': ${inShard.length} monitors, more than maxPerShard ${options.maxPerShard}; raise 'shards' for group '${group}'`);
      }
      shards.push({ name, entries: inShard });
    }
  }
  return { shards, problems };
}

/**
 * Highest-random-weight choice: the shard whose hash with the key, `stableHash(<name>\0<key>)`, is largest. Ties
 * (astronomically rare) go to the first name. `prefixes` holds each name's hash state after `<name>\0`, so a key
 * costs one pass over the key per shard rather than over name and key.
 */
function rendezvous(key: string, names: readonly string[], prefixes: readonly number[]): string {
  let best = names[0]!;
  let bestScore = -1;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const score = stableHashFrom(prefixes[i]!, key);
    if (score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
