import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdktf';
import { CatalogEntry } from '../../constructs/monitors/catalog';
import { monitorShardStacks } from '../../stacks/monitor-shard-stack';
import { entries, stackJson, synthErrors } from '../monitors/catalog/helpers';

const teamOf = (e: CatalogEntry) => e.spec.tags!.find((t) => t.startsWith('team:'))!.slice('team:'.length);

interface ShardJson {
  provider: { datadog: Array<Record<string, unknown>> };
  terraform: { backend: Record<string, Record<string, unknown>>; cloud?: { workspaces: { name: string } } };
  resource?: { datadog_monitor?: Record<string, unknown> };
}

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
    const json = JSON.parse(Testing.synth(stack!)) as ShardJson;
    expect(json.provider.datadog[0]!.api_url).toBe('https://api.datadoghq.eu/');
    expect(json.terraform.backend.s3!.key).toBe('houndstack/monitors-all/terraform.tfstate');
  });

  it('sets the provider to retry rate-limited calls long enough for a refresh, and lets the user tune it', () => {
    const [defaults] = monitorShardStacks(Testing.app(), entries(2, 1), { site: 'datadoghq.com' });
    expect((JSON.parse(Testing.synth(defaults!)) as ShardJson).provider.datadog[0]).toEqual({
      api_url: 'https://api.datadoghq.com/',
      http_client_retry_enabled: 'true',
      http_client_retry_max_retries: 10,
      http_client_retry_timeout: 300,
      http_client_retry_backoff_base: 2,
      http_client_retry_backoff_multiplier: 2,
    });
    const [tuned] = monitorShardStacks(Testing.app(), entries(2, 1), { site: 'datadoghq.com', providerRetry: { maxRetries: 20, timeoutSeconds: 900 } });
    const provider = (JSON.parse(Testing.synth(tuned!)) as ShardJson).provider.datadog[0]!;
    expect([provider.http_client_retry_max_retries, provider.http_client_retry_timeout, provider.http_client_retry_backoff_base]).toEqual([20, 900, 2]);
  });

  it('refuses retry options the provider would refuse, naming each', () => {
    const [stack] = monitorShardStacks(Testing.app(), entries(2, 1), { site: 'datadoghq.com', providerRetry: { maxRetries: -1, timeoutSeconds: 0.5, backoffMultiplier: 0 } });
    const errors = synthErrors(stack!);
    expect(errors).toContain('providerRetry.maxRetries: -1 is not allowed; use a whole number of retries, 0 or more');
    expect(errors).toContain('providerRetry.timeoutSeconds: 0.5 is not allowed; use a whole number of seconds above 0');
    expect(errors).toContain('providerRetry.backoffMultiplier: 0 is not allowed; use a whole number, 1 or more');
  });

  it('at 100 shards on S3, writes 100 stacks, each with its own state key and its share of the monitors', () => {
    const app = Testing.app();
    const all = entries(2000, 20);
    monitorShardStacks(app, all, {
      site: 'datadoghq.com',
      backend: { s3: { bucket: 'acme-state', region: 'us-east-1', keyPrefix: 'houndstack/', locking: 'lockfile' } },
      sharding: { by: teamOf, shards: 5 },
    });
    app.synth();
    const dir = join(app.outdir, 'stacks');
    const stacks = readdirSync(dir).sort();
    expect(stacks).toHaveLength(100);
    const files = stacks.map((s) => JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8')) as ShardJson);
    const keys = files.map((f) => f.terraform.backend.s3!.key);
    expect(new Set(keys).size).toBe(100);
    expect(keys[0]).toBe(`houndstack/${stacks[0]}/terraform.tfstate`);
    const monitors = files.flatMap((f) => Object.keys(f.resource?.datadog_monitor ?? {}));
    expect(monitors).toHaveLength(2000);
    expect(new Set(monitors).size).toBe(2000);
  });

  it('at 100 shards on HCP Terraform, gives each shard its own workspace', () => {
    const app = Testing.app();
    const stacks = monitorShardStacks(app, entries(500, 100), {
      site: 'datadoghq.com',
      backend: { hcp: { organization: 'acme', workspacePrefix: 'houndstack-', hostname: 'app.terraform.io' } },
      sharding: { by: teamOf },
    });
    const workspaces = stacks.map((s) => (JSON.parse(Testing.synth(s)) as ShardJson).terraform.cloud!.workspaces.name);
    expect(workspaces).toHaveLength(100);
    expect(new Set(workspaces).size).toBe(100);
    expect(workspaces).toContain('houndstack-monitors-team-42');
  });
});
