import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogSite, datadogApiUrl } from '../constructs/aws-integration/sites';
import { CatalogEntry, MonitorCatalog, Shard, ShardOptions, shardMonitors } from '../constructs/monitors/catalog';
import { BackendConfig } from './accounts-file';
import { configureBackend } from './account-stack';
import { addCatalog } from './monitor-catalogs';
import type { CatalogRef } from './monitor-catalogs-schema';

/** The part of one catalog file (`monitors.catalogs`) that a shard holds. */
export interface ShardCatalog {
  /** The catalog's accounts-file entry: its name (the construct id `catalog-<name>`, so the addresses) and suppressions. */
  readonly ref: CatalogRef;
  /** The catalog's monitors this shard holds; an entry with `monitorId` adopts its monitor here (an `import` block). */
  readonly entries: readonly CatalogEntry[];
}

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
  /**
   * How the shard's Datadog provider retries rate-limited (HTTP 429) and failed (5xx) API calls.
   * @default - `PLAN_SAFE_RETRY`: 10 retries within 300 s, waiting as Datadog's `X-RateLimit-Reset` header says
   */
  readonly providerRetry?: ProviderRetry;
  /**
   * Monitors of catalog files (`monitors.catalogs`) this shard holds, each catalog as a `MonitorCatalog` of its own,
   * `catalog-<name>`, as in the account stack: same addresses (`datadog_monitor.catalog-<name>_<key>`), and the
   * catalog's suppressions apply to exactly its monitors.
   * @default - none: the shard holds only `shard.entries`
   */
  readonly catalogs?: readonly ShardCatalog[];
}

/**
 * The Datadog provider's retry options (provider 3.82.0: `http_client_retry_*`). On a 429 its API client waits the
 * seconds of the response's `X-RateLimit-Reset` header, otherwise `backoffBaseSeconds × backoffMultiplier^attempt`.
 */
export interface ProviderRetry {
  /** @default 10 (the provider's own default is 3) */
  readonly maxRetries?: number;
  /** The HTTP request retry timeout period. @default 300 (the provider's own default is 60) */
  readonly timeoutSeconds?: number;
  /** @default 2 (as the provider) */
  readonly backoffBaseSeconds?: number;
  /** @default 2 (as the provider) */
  readonly backoffMultiplier?: number;
}

/**
 * Retries that carry a refresh of a shard through Datadog's rate limits: Terraform runs 10 API calls at a time, and
 * when a rate-limit period runs out all of them get a 429 and wait for the same reset, so one plan can meet several
 * resets in a row; the provider's default of 3 retries within 60 s fails such a plan.
 */
export const PLAN_SAFE_RETRY: Required<ProviderRetry> = { maxRetries: 10, timeoutSeconds: 300, backoffBaseSeconds: 2, backoffMultiplier: 2 };

/**
 * One shard of a monitor catalog: its own stack, state and Datadog provider, holding one `MonitorCatalog` with the id
 * `monitors` in every shard — so a monitor's address (`datadog_monitor.monitors_<key>`) is the same whichever shard
 * holds it, and a move between shards is `catalog.release(key)` here plus `catalog.adopt(key, id)` there.
 */
export class MonitorShardStack extends TerraformStack {
  public readonly catalog: MonitorCatalog;
  /** The catalog files' monitors this shard holds, by catalog name (see `catalogs`). */
  public readonly catalogs: ReadonlyMap<string, MonitorCatalog>;
  public readonly datadogProvider: DatadogProvider;

  constructor(scope: Construct, props: MonitorShardStackProps) {
    const id = `${props.stackPrefix ?? 'monitors-'}${props.shard.name}`;
    super(scope, id);
    // Keys come from DD_API_KEY and DD_APP_KEY in the environment of the deploy.
    const retry = { ...PLAN_SAFE_RETRY, ...props.providerRetry };
    this.datadogProvider = new DatadogProvider(this, 'datadog', {
      apiUrl: datadogApiUrl(props.site),
      httpClientRetryEnabled: 'true',
      httpClientRetryMaxRetries: retry.maxRetries,
      httpClientRetryTimeout: retry.timeoutSeconds,
      httpClientRetryBackoffBase: retry.backoffBaseSeconds,
      httpClientRetryBackoffMultiplier: retry.backoffMultiplier,
    });
    this.node.addValidation({ validate: () => retryProblems(retry) });
    configureBackend(this, id, props.backend ?? { local: {} });
    this.catalog = new MonitorCatalog(this, 'monitors', { monitors: props.shard.entries });
    this.catalogs = new Map((props.catalogs ?? []).map((c) => [c.ref.name, addCatalog(this, c.ref, c.entries)]));
  }
}

function retryProblems(retry: Required<ProviderRetry>): string[] {
  const problems: string[] = [];
  const check = (name: keyof ProviderRetry, value: number, ok: boolean, allowed: string) => {
    if (!ok) problems.push(`providerRetry.${name}: ${value} is not allowed; ${allowed}`);
  };
  check('maxRetries', retry.maxRetries, Number.isInteger(retry.maxRetries) && retry.maxRetries >= 0, 'use a whole number of retries, 0 or more');
  check('timeoutSeconds', retry.timeoutSeconds, Number.isInteger(retry.timeoutSeconds) && retry.timeoutSeconds > 0, 'use a whole number of seconds above 0');
  check('backoffBaseSeconds', retry.backoffBaseSeconds, Number.isInteger(retry.backoffBaseSeconds) && retry.backoffBaseSeconds > 0, 'use a whole number of seconds above 0');
  check('backoffMultiplier', retry.backoffMultiplier, Number.isInteger(retry.backoffMultiplier) && retry.backoffMultiplier >= 1, 'use a whole number, 1 or more');
  return problems;
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
