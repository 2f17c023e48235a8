import { isAbsolute, join } from 'node:path';
import { Construct } from 'constructs';
import { AwsIntegrationHealthPack } from '../constructs/monitors/packs/aws-integration-health';
import type { PackProps } from '../constructs/monitors/packs/common';
import { PostgresConnectionsPack } from '../constructs/monitors/packs/postgres-connections';
import { WebLatencyPack } from '../constructs/monitors/packs/web-latency';
import { MonitorInventory, type MonitorInventoryProps } from '../constructs/monitors/inventory';
import { dynamoDbReadCapacityMonitor, dynamoDbTableKey, dynamoDbTableSchema, type DynamoDbTable } from '../constructs/monitors/inventory/dynamodb';
import { loadInventoryFile } from '../constructs/monitors/inventory/load';
import type { NotificationPolicy } from '../constructs/monitors/routing';
import type { AccountMonitorsConfig, MonitoringConfig, TeamPolicyConfig } from './monitors-schema';
import { addMonitorCatalogs, releaseShardedCatalogs } from './monitor-catalogs';
import { RunbookFiles } from './runbooks';

type InventoryConfig = NonNullable<AccountMonitorsConfig['inventories']>[number];

function policy(name: string, config: TeamPolicyConfig): NotificationPolicy {
  return {
    team: name,
    chat: config.chat,
    pager: config.pager,
    ...(config.owner ? { owner: config.owner } : {}),
    ...(config.ticket ? { ticket: config.ticket } : {}),
    ...(config.priority !== undefined ? { priority: config.priority } : {}),
  };
}

export interface AccountMonitorsProps {
  readonly alias: string;
  readonly accountId: string;
  readonly config: AccountMonitorsConfig;
  readonly monitoring?: MonitoringConfig;
  /** Directory inventory files are relative to (the accounts file's). */
  readonly baseDir: string;
  /**
   * Reads the entries' `runbook` files and adds the dashboards; the caller calls `finish()`.
   * @default - one of its own on the accounts file's directory and datadoghq.com, finished here
   */
  readonly runbooks?: RunbookFiles;
}

/**
 * The monitors of one account, from its `monitors:` entry: construct `monitors` in the stack, with children
 * `aws-integration-health`, `postgres-<name>`, `web-latency-<service>-<env>` and `inventory-<name>` (stable IDs).
 * Inventory files are read here, by the stack's code, not by the constructs.
 */
export function addAccountMonitors(scope: Construct, props: AccountMonitorsProps): Construct {
  const root = new Construct(scope, 'monitors');
  const { config } = props;
  const teams = props.monitoring?.teams ?? {};
  const policyOf = (team: string | undefined): NotificationPolicy => {
    const name = team ?? config.team ?? 'unknown';
    const found = teams[name];
    // The accounts file check reports unknown teams; a policy without handles fails rule HS-MON-2 at synth.
    return found ? policy(name, found) : { team: name };
  };
  /** A pack entry split into the pack's common props and its own. */
  // A pack entry's `runbook:` markdown: read here; its paging monitors link to their runbook dashboards.
  const runbooks = props.runbooks ?? new RunbookFiles(props.baseDir, 'datadoghq.com');
  const split = <T extends PackEntry>(entry: T, field: string): [PackProps, Omit<T, keyof PackEntry>, string | undefined] => {
    const { team, runbookUrl, runbook, page, audience, tags, ...own } = entry;
    const steps = runbooks.read(`monitors.${field}.runbook`, runbook);
    const link = runbooks.link(steps);
    return [{
      policy: policyOf(team),
      ...(runbookUrl ? { runbookUrl } : {}),
      ...(link ? { runbookLink: link } : {}),
      ...(page !== undefined ? { page } : {}), ...(audience ? { audience } : {}), ...(tags ? { tags } : {}),
    }, own, steps];
  };
  if (config.awsIntegrationHealth) {
    const [common, own, steps] = split(config.awsIntegrationHealth, 'awsIntegrationHealth');
    runbooks.addDashboards(new AwsIntegrationHealthPack(root, 'aws-integration-health', { ...common, ...own, accountId: props.accountId, accountName: props.alias }), steps);
  }
  for (const [i, entry] of (config.postgresConnections ?? []).entries()) {
    const [common, own, steps] = split(entry, `postgresConnections[${i}]`);
    runbooks.addDashboards(new PostgresConnectionsPack(root, `postgres-${entry.name}`, { ...common, ...own }), steps);
  }
  for (const [i, entry] of (config.webLatency ?? []).entries()) {
    const [common, own, steps] = split(entry, `webLatency[${i}]`);
    runbooks.addDashboards(new WebLatencyPack(root, `web-latency-${entry.service}-${entry.env}`, { ...common, ...own }), steps);
  }
  if (!props.runbooks) runbooks.finish();
  // With `monitors.shards`, the inventories' monitors live in shard stacks of their own (stacks/monitor-shards.ts).
  for (const inv of config.shards ? [] : (config.inventories ?? [])) {
    new MonitorInventory(root, `inventory-${inv.name}`, inventoryMonitors(inv, props));
  }
  // With `monitors.shards`, the catalogs' monitors live in shard stacks too; the account stack only lets go of them.
  if (config.shards) releaseShardedCatalogs(root, config.catalogs ?? [], props.baseDir);
  else addMonitorCatalogs(root, config.catalogs ?? [], props.baseDir);
  return root;
}

/**
 * What an inventory entry expands to: its file's items (read here, relative to the accounts file), their keys, and
 * the monitor of each, routed by the items' team tags. Shared by the account stack and the shard stacks.
 */
export function inventoryMonitors(
  inv: InventoryConfig,
  props: Pick<AccountMonitorsProps, 'accountId' | 'config' | 'monitoring' | 'baseDir'>,
): MonitorInventoryProps<DynamoDbTable> {
  const teams = props.monitoring?.teams ?? {};
  const defaultTeam = inv.defaultTeam ?? props.config.team ?? 'unknown';
  const file = isAbsolute(inv.file) ? inv.file : join(props.baseDir, inv.file);
  // 'dynamodb-read-capacity' is the only inventory kind so far (the schema's enum).
  const tables = loadInventoryFile(file, { itemSchema: dynamoDbTableSchema, listKey: 'tables' })
    // An inventory may list several accounts' tables: this account's, and those that name none (filled in).
    .filter((t) => t.accountId === undefined || t.accountId === props.accountId)
    .map((t) => ({ ...t, accountId: props.accountId }));
  return {
    items: tables,
    key: dynamoDbTableKey,
    monitor: dynamoDbReadCapacityMonitor({
      policies: Object.fromEntries(Object.entries(teams).map(([name, c]) => [name, policy(name, c)])),
      defaultPolicy: teams[defaultTeam] ? policy(defaultTeam, teams[defaultTeam]) : { team: defaultTeam },
      ...(inv.runbookUrl ? { runbookUrl: inv.runbookUrl } : {}),
      ...(inv.criticalFraction !== undefined ? { criticalFraction: inv.criticalFraction } : {}),
      ...(inv.warningFraction !== undefined ? { warningFraction: inv.warningFraction } : {}),
    }),
  };
}

interface PackEntry {
  team?: string | undefined;
  runbookUrl?: string | undefined;
  runbook?: string | undefined;
  page?: boolean | undefined;
  audience?: 'pager' | 'ticket' | 'chat' | undefined;
  tags?: string[] | undefined;
}
