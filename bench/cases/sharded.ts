import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { MonitorCatalog, shardMonitors } from '../../constructs/monitors/catalog';
import { catalogEntries } from '../fixtures';

/** The catalog split by team (40 teams) into one stack per shard, each with its provider and one MonitorCatalog. */
export function run(n: number, outdir: string): void {
  const app = new App({ outdir });
  for (const shard of shardMonitors(catalogEntries(n), { by: (e) => e.key!.split('/')[0]! })) {
    const stack = new TerraformStack(app, `monitors-${shard.name}`);
    new DatadogProvider(stack, 'datadog', {});
    new MonitorCatalog(stack, 'monitors', { monitors: shard.entries });
  }
  app.synth();
}
