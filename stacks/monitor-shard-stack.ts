import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogSite, datadogApiUrl } from '../constructs/aws-integration/sites';
import { CatalogEntry, MonitorCatalog, Shard, ShardOptions, shardMonitors } from '../constructs/monitors/catalog';
import { BackendConfig } from './accounts-file';
import { configureBackend } from './account-stack';

export interface MonitorShardStackProps {
  readonly shard: Shard;
  /** The Datadog site the monitors live on. */
  readonly site: DatadogSite;
  /**
   * Where the shard keeps its state; the shard's stack id names the state (S3 key, HCP workspace, local file).
   * @default - local state, as for account stacks
   */
  readonly backend?: BackendConfig;
  /**
   * Prefix of the stack id: the stack is `<prefix><shard name>` (`cdktf deploy monitors-team-a`).
   * @default 'monitors-'
   */
  readonly stackPrefix?: string;
}

/**
 * One shard of a monitor catalog: its own stack, state and Datadog provider, holding one `MonitorCatalog` with the id
 * `monitors` in every shard — so a monitor's address (`datadog_monitor.monitors_<key>`) is the same whichever shard
 * holds it, and a move between shards is `catalog.release(key)` here plus `catalog.adopt(key, id)` there.
 */
export class MonitorShardStack extends TerraformStack {
  public readonly catalog: MonitorCatalog;
  public readonly datadogProvider: DatadogProvider;

  constructor(scope: Construct, props: MonitorShardStackProps) {
    const id = `${props.stackPrefix ?? 'monitors-'}${props.shard.name}`;
    super(scope, id);
    // Keys come from DD_API_KEY and DD_APP_KEY in the environment of the deploy.
    this.datadogProvider = new DatadogProvider(this, 'datadog', { apiUrl: datadogApiUrl(props.site) });
    configureBackend(this, id, props.backend ?? { local: {} });
    this.catalog = new MonitorCatalog(this, 'monitors', { monitors: props.shard.entries });
  }
}

/** Shards `entries` (see `shardMonitors`) and makes one `MonitorShardStack` per shard, in shard-name order. */
export function monitorShardStacks(
  scope: Construct,
  entries: readonly CatalogEntry[],
  props: Omit<MonitorShardStackProps, 'shard'> & { readonly sharding?: ShardOptions },
): MonitorShardStack[] {
  const { sharding, ...stackProps } = props;
  return shardMonitors(entries, sharding).map((shard) => new MonitorShardStack(scope, { ...stackProps, shard }));
}
