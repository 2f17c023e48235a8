import { App } from 'cdktf';
import { monitorShardStacks } from '../../stacks/monitor-shard-stack';
import { catalogEntries } from '../fixtures';

/** The catalog split by team (40 teams) into one MonitorShardStack per shard: provider, local state, one catalog. */
export function run(n: number, outdir: string): void {
  const app = new App({ outdir });
  monitorShardStacks(app, catalogEntries(n), { site: 'datadoghq.com', sharding: { by: (e) => e.key!.split('/')[0]! } });
  app.synth();
}
