import { CatalogEntry, keyOf, shardMonitors } from '../../../constructs/monitors/catalog';
import { stableHash } from '../../../constructs/monitors/catalog/keys';
import { cpuSpec, entries } from './helpers';

const teamOf = (e: CatalogEntry) => e.spec.tags!.find((t) => t.startsWith('team:'))!.slice('team:'.length);

function keysByShard(shards: ReturnType<typeof shardMonitors>): Record<string, string[]> {
  return Object.fromEntries(shards.map((s) => [s.name, s.entries.map(keyOf)]));
}

describe('shardMonitors', () => {
  const all = entries(500, 7);

  it('puts every monitor in exactly one shard', () => {
    const shards = shardMonitors(all, { by: teamOf, shards: 3 });
    const placed = shards.flatMap((s) => s.entries.map(keyOf));
    expect(placed).toHaveLength(all.length);
    expect(new Set(placed)).toEqual(new Set(all.map(keyOf)));
    expect(shards.map((s) => s.name)).toEqual(
      ['team-0', 'team-1', 'team-2', 'team-3', 'team-4', 'team-5', 'team-6'].flatMap((t) => [`${t}-0`, `${t}-1`, `${t}-2`]),
    );
  });

  it('puts each monitor in the shard whose name hashed with its key, stableHash(<name>\\0<key>), is largest', () => {
    const names = ['team-3-0', 'team-3-1', 'team-3-2', 'team-3-3', 'team-3-4'];
    for (const shard of shardMonitors(all, { by: teamOf, shards: 5 }).filter((s) => s.name.startsWith('team-3-'))) {
      for (const key of shard.entries.map(keyOf)) {
        const best = names.reduce((a, b) => (stableHash(`${b}\u0000${key}`) > stableHash(`${a}\u0000${key}`) ? b : a));
        expect(shard.name).toBe(best);
      }
    }
  });

  it('gives the same shards for the same monitors in any order', () => {
    const shuffled = [...all].sort((a, b) => (keyOf(a).split('').reverse().join('') < keyOf(b).split('').reverse().join('') ? -1 : 1));
    expect(keysByShard(shardMonitors(shuffled, { by: teamOf, shards: 4 }))).toEqual(keysByShard(shardMonitors(all, { by: teamOf, shards: 4 })));
  });

  it('keeps one shard per group, named after the group, by default', () => {
    const shards = shardMonitors(all, { by: teamOf });
    expect(shards.map((s) => [s.name, s.entries.length])).toEqual([
      ['team-0', 72], ['team-1', 72], ['team-2', 72], ['team-3', 71], ['team-4', 71], ['team-5', 71], ['team-6', 71],
    ]);
    expect(shardMonitors(all).map((s) => s.name)).toEqual(['all']);
  });

  it('moves monitors only into the new shard when the shard count grows', () => {
    const before = keysByShard(shardMonitors(all, { shards: 4 }));
    const after = keysByShard(shardMonitors(all, { shards: 5 }));
    for (const name of Object.keys(before)) {
      for (const key of after[name]!) expect(before[name]).toContain(key);
    }
    // Roughly a fifth moves, and the shards stay roughly balanced.
    expect(after['all-4']!.length).toBeGreaterThan(60);
    expect(after['all-4']!.length).toBeLessThan(140);
  });

  it('keeps a monitor in its shard when others are added or removed', () => {
    const base = keysByShard(shardMonitors(all, { by: teamOf, shards: 3 }));
    const more = keysByShard(shardMonitors([...all.slice(100), { spec: cpuSpec('team-2', 'brand-new') }], { by: teamOf, shards: 3 }));
    for (const [name, keys] of Object.entries(more)) {
      for (const key of keys) if (key !== 'team-2-cpu-high-on-brand-new') expect(base[name]).toContain(key);
    }
  });

  it('reports shards over the size limit and bad groups, all at once', () => {
    const withBad = [...all, { key: 'odd', spec: cpuSpec('bad team', 'x') }];
    expect(() => shardMonitors(withBad, { by: teamOf, shards: (g) => (g === 'team-0' ? 2 : 1), maxPerShard: 60 })).toThrow(
      /monitor 'odd': group 'bad team'[\s\S]*shard 'team-1': 72 monitors, more than maxPerShard 60; raise 'shards' for group 'team-1'/,
    );
    expect(() => shardMonitors(all, { shards: 0 })).toThrow(/group 'all': shards must be a positive integer, got 0/);
  });
});
