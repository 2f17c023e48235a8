import { Testing } from 'cdktf';
import { CatalogEntry } from '../../constructs/monitors/catalog';
import { monitorShardStacks } from '../../stacks/monitor-shard-stack';
import { entries, stackJson } from '../monitors/catalog/helpers';

const teamOf = (e: CatalogEntry) => e.spec.tags!.find((t) => t.startsWith('team:'))!.slice('team:'.length);

describe('monitorShardStacks', () => {
  it('makes one stack per shard, every monitor in exactly one, at the same address whatever the shard', () => {
    const all = entries(60, 3);
    const stacks = monitorShardStacks(Testing.app(), all, { site: 'datadoghq.eu', sharding: { by: teamOf, shards: 2 } });
    expect(stacks.map((s) => s.node.id)).toEqual(['monitors-team-0-0', 'monitors-team-0-1', 'monitors-team-1-0', 'monitors-team-1-1', 'monitors-team-2-0', 'monitors-team-2-1']);
    const addresses = stacks.flatMap((s) => Object.keys(stackJson(s).resource.datadog_monitor ?? {}));
    expect(addresses).toHaveLength(60);
    expect(new Set(addresses)).toEqual(new Set(all.map((e) => `monitors_${e.spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`)));
  });

  it('gives each shard its provider and its own state', () => {
    const [stack] = monitorShardStacks(Testing.app(), entries(3, 1), {
      site: 'datadoghq.eu',
      backend: { s3: { bucket: 'acme-state', region: 'eu-west-1', keyPrefix: 'houndstack/', locking: 'lockfile' } },
    });
    const json = JSON.parse(Testing.synth(stack!)) as { provider: { datadog: Array<{ api_url: string }> }; terraform: { backend: { s3: { key: string } } } };
    expect(json.provider.datadog[0]!.api_url).toBe('https://api.datadoghq.eu/');
    expect(json.terraform.backend.s3.key).toBe('houndstack/monitors-all/terraform.tfstate');
  });
});
