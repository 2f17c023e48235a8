import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Construct } from 'constructs';
import { CatalogEntry, RefreshModel, Shard, keyOf, monitorsPerShard, refreshModel, refreshSeconds, splitIntoShards } from '../constructs/monitors/catalog';
import { expandInventory } from '../constructs/monitors/inventory';
import { AccountsFile, AccountConfig, loadAccountsFile } from './accounts-file';
import { InventoryFileError } from '../constructs/monitors/inventory/load';
import { inventoryMonitors } from './account-monitors';
import { MonitorShardStack, type ShardCatalog } from './monitor-shard-stack';
import { CatalogFileError, type LoadedCatalog, loadMonitorCatalogs } from './monitor-catalogs';
import type { CatalogRef } from './monitor-catalogs-schema';
import type { MonitorShardsConfig } from './monitor-shards-schema';

/*
 * Accounts whose `monitors.shards` is set: their catalog monitors (the inventories' monitors and the catalog files'
 * monitors, `monitors.catalogs`) are split into shards,
 * one MonitorShardStack (own state, own Datadog provider) each, named `<alias>-monitors-<shard>`. The same split gives
 * `houndstack shards plan` its table, so what is planned is what is synthesized.
 */

/** One account's shards, with the problems of the split (one line each, naming the accounts-file field). */
export interface AccountShards {
  readonly account: AccountConfig;
  readonly config: MonitorShardsConfig;
  /** `<alias>-monitors-`: a shard's stack is this plus the shard's name. */
  readonly stackPrefix: string;
  readonly shards: readonly Shard[];
  /** Inventory name of each monitor key, to tell which shards a changed inventory file touches. */
  readonly inventoryOf: ReadonlyMap<string, string>;
  /**
   * The catalog-file monitors, by their shard key `catalog:<catalog name>/<key>` (`:` keeps them apart from inventory
   * keys): which catalog each comes from, and its entry as the file has it.
   */
  readonly catalogOf: ReadonlyMap<string, { readonly ref: CatalogRef; readonly entry: CatalogEntry }>;
  /** The catalog files read, to tell which shards a changed catalog file touches. */
  readonly catalogs: readonly LoadedCatalog[];
  readonly model: Required<RefreshModel>;
  readonly maxPerShard: number;
  readonly problems: readonly string[];
}

/** The group of a monitor: its team tag (characters a stack name cannot hold become `_`), or `unowned`. */
function teamGroup(entry: CatalogEntry): string {
  const team = entry.spec.tags?.find((t) => t.startsWith('team:'))?.slice('team:'.length);
  return team ? team.replace(/[^A-Za-z0-9_-]/g, '_') : 'unowned';
}

/** `catalog:<name>/`: the shard keys of catalog `name`'s monitors start with it (`catalog:legacy/41230001`). */
export function catalogShardKeyPrefix(name: string): string {
  return `catalog:${name}/`;
}

/**
 * What one shard's stack holds: its inventory monitors (the `monitors` catalog) and, per catalog file in the order the
 * accounts file lists them, that catalog's monitors as the file has them (keys, `monitorId`s).
 */
export function shardContents(a: AccountShards, shard: Shard): { shard: Shard; catalogs: ShardCatalog[] } {
  const inventory: CatalogEntry[] = [];
  const byCatalog = new Map<string, CatalogEntry[]>();
  for (const e of shard.entries) {
    const from = a.catalogOf.get(keyOf(e));
    if (!from) inventory.push(e);
    else {
      let list = byCatalog.get(from.ref.name);
      if (!list) byCatalog.set(from.ref.name, (list = []));
      list.push(from.entry);
    }
  }
  const catalogs = a.catalogs.filter((c) => byCatalog.has(c.ref.name)).map((c) => ({ ref: c.ref, entries: byCatalog.get(c.ref.name)! }));
  return { shard: { name: shard.name, entries: inventory }, catalogs };
}

/** Splits the sharded accounts' monitors. Reads the inventory and catalog files (relative to `baseDir`, the accounts file's). */
export function accountShards(file: AccountsFile, baseDir: string): AccountShards[] {
  const out: AccountShards[] = [];
  file.accounts.forEach((account, index) => {
    const config = account.monitors?.shards;
    if (!config) return;
    const at = `accounts[${index}] (alias "${account.alias}").monitors`;
    const problems: string[] = [];
    const entries: CatalogEntry[] = [];
    const inventoryOf = new Map<string, string>();
    for (const [i, inv] of (account.monitors?.inventories ?? []).entries()) {
      let props: ReturnType<typeof inventoryMonitors>;
      try {
        props = inventoryMonitors(inv, { accountId: account.accountId, config: account.monitors!, ...(file.monitoring ? { monitoring: file.monitoring } : {}), baseDir });
      } catch (error) {
        if (!(error instanceof InventoryFileError)) throw error;
        for (const p of error.problems) problems.push(`${at}.inventories[${i}].file: ${error.fileName}: ${p}`);
        continue;
      }
      const items = typeof props.items === 'function' ? props.items() : props.items;
      const expanded = expandInventory(items, props.key, props.monitor);
      for (const p of expanded.problems) problems.push(`${at}.inventories (name "${inv.name}"): ${p}`);
      for (const m of expanded.monitors) {
        const key = `${inv.name}/${m.key}`;
        inventoryOf.set(key, inv.name);
        entries.push({ key, spec: m.spec });
      }
    }
    const catalogOf = new Map<string, { ref: CatalogRef; entry: CatalogEntry }>();
    let catalogs: LoadedCatalog[] = [];
    try {
      catalogs = loadMonitorCatalogs(account.monitors?.catalogs ?? [], baseDir);
    } catch (error) {
      if (!(error instanceof CatalogFileError)) throw error;
      for (const p of error.problems) problems.push(`${at}.catalogs: ${p}`);
    }
    for (const { ref, entries: inFile } of catalogs) {
      for (const entry of inFile) {
        // Sharded by the catalog's own key (the Datadog ID for imported entries), grouped by the entry's team tag.
        const key = `${catalogShardKeyPrefix(ref.name)}${keyOf(entry)}`;
        catalogOf.set(key, { ref, entry });
        entries.push({ key, spec: entry.spec });
      }
    }
    let model: Required<RefreshModel>;
    try {
      model = refreshModel(config.refresh ?? {});
    } catch (error) {
      problems.push(`${at}.shards.refresh: ${(error as Error).message}`);
      model = refreshModel();
    }
    const maxPerShard = config.maxPerShard ?? monitorsPerShard(model);
    const split = splitIntoShards(entries, {
      by: config.by === 'team' ? teamGroup : () => 'all',
      shards: (group) => config.teams?.[group] ?? config.teams?.[group.replace(/_/g, '.')] ?? config.count,
      maxPerShard,
    });
    for (const p of split.problems) {
      problems.push(`${at}.shards: ${p.replace(/raise 'shards' for group '([^']*)'$/, (_, g: string) => (config.by === 'team' ? `raise shards.teams.${g} (or shards.count)` : 'raise shards.count'))}`);
    }
    out.push({ account, config, stackPrefix: `${account.alias}-monitors-`, shards: split.shards, inventoryOf, catalogOf, catalogs, model, maxPerShard, problems });
  });
  return out;
}

/**
 * One `MonitorShardStack` per shard of every sharded account (main.ts, after the account stacks), and every problem
 * of the split (a shard over `maxPerShard`, an unreadable inventory), each naming the accounts-file field. An account
 * with problems gets no shard stacks.
 */
export function addMonitorShardStacks(scope: Construct, file: AccountsFile, accountsFile: string): { stacks: MonitorShardStack[]; problems: string[] } {
  const all = accountShards(file, dirname(accountsFile));
  const stacks = all
    .filter((a) => a.problems.length === 0)
    .flatMap((a) =>
      a.shards.map(
        (shard) =>
          new MonitorShardStack(scope, {
            ...shardContents(a, shard),
            site: a.account.site ?? file.datadog.site,
            stackPrefix: a.stackPrefix,
            ...(file.backend ? { backend: file.backend } : {}),
          }),
      ),
    );
  return { stacks, problems: all.flatMap((a) => a.problems) };
}

/** One row of `houndstack shards plan`. */
export interface ShardPlanRow {
  /** The shard's stack: `cdktf diff <stack>`. */
  readonly stack: string;
  readonly account: string;
  readonly shard: string;
  readonly monitors: number;
  /** Estimated seconds a plan of this shard spends refreshing its monitors (the sizing rule's arithmetic). */
  readonly refreshSeconds: number;
  readonly maxPerShard: number;
  /** Holds more monitors than the sizing rule (or `maxPerShard`) allows. */
  readonly overLimit: boolean;
  /** Touched by one of the changed specs or files. */
  readonly changed: boolean;
}

export interface ShardPlan {
  readonly rows: readonly ShardPlanRow[];
  /** Problems with the split, one line each (exit 1). */
  readonly problems: readonly string[];
  /** How each changed item was matched, for the reader: `<item>: <what it touches>`. */
  readonly notes: readonly string[];
}

/**
 * The shards of an accounts file and, for `changed` items, which shards a change touches. An item is a monitor key
 * (`<inventory>/<item key>`), the accounts file (touches every shard: sharding options may move anything), an
 * inventory file (the shards holding its monitors) or any other file (touches none). A key that no shard holds was
 * deleted or renamed: its old shard is not known from the files, so it touches every shard of its account.
 */
export function planShards(accountsFile: string, changed: readonly string[] = []): ShardPlan {
  const file = loadAccountsFile(accountsFile);
  const baseDir = dirname(accountsFile);
  const all = accountShards(file, baseDir);
  const touched = new Set<string>();
  const notes: string[] = [];
  const stackOf = (a: AccountShards, s: Shard) => `${a.stackPrefix}${s.name}`;
  const shardOfKey = new Map<string, string>();
  for (const a of all) for (const s of a.shards) for (const e of s.entries) shardOfKey.set(keyOf(e), stackOf(a, s));
  const touchAll = (why: string, item: string, accounts: readonly AccountShards[] = all) => {
    for (const a of accounts) for (const s of a.shards) touched.add(stackOf(a, s));
    notes.push(`${item}: ${why}`);
  };
  for (const item of changed) {
    const stack = shardOfKey.get(item);
    if (stack !== undefined) {
      touched.add(stack);
      notes.push(`${item}: monitor in ${stack}`);
      continue;
    }
    const path = resolve(item);
    if (path === resolve(accountsFile)) {
      touchAll('the accounts file: every shard', item);
      continue;
    }
    const inventories = all.flatMap((a) =>
      (a.account.monitors?.inventories ?? []).filter((inv) => resolve(isAbsolute(inv.file) ? inv.file : join(baseDir, inv.file)) === path).map((inv) => [a, inv.name] as const),
    );
    if (inventories.length > 0) {
      const stacks = new Set<string>();
      for (const [a, name] of inventories) for (const s of a.shards) if (s.entries.some((e) => a.inventoryOf.get(keyOf(e)) === name)) stacks.add(stackOf(a, s));
      for (const s of stacks) touched.add(s);
      notes.push(`${item}: inventory file of ${stacks.size > 0 ? [...stacks].join(', ') : 'no shard'}`);
      continue;
    }
    const catalogFiles = all.flatMap((a) =>
      a.catalogs.filter((c) => resolve(isAbsolute(c.ref.file) ? c.ref.file : join(baseDir, c.ref.file)) === path).map((c) => [a, c.ref.name] as const),
    );
    if (catalogFiles.length > 0) {
      const stacks = new Set<string>();
      for (const [a, name] of catalogFiles) for (const s of a.shards) if (s.entries.some((e) => a.catalogOf.get(keyOf(e))?.ref.name === name)) stacks.add(stackOf(a, s));
      for (const s of stacks) touched.add(s);
      notes.push(`${item}: catalog file of ${stacks.size > 0 ? [...stacks].join(', ') : 'no shard'}`);
      continue;
    }
    if (existsSync(path)) {
      notes.push(`${item}: no shard reads this file`);
      continue;
    }
    touchAll('no shard holds this monitor key (deleted or renamed?): every shard, since its old shard is not known', item);
  }
  const rows = all.flatMap((a) =>
    a.shards.map((s) => ({
      stack: stackOf(a, s),
      account: a.account.alias,
      shard: s.name,
      monitors: s.entries.length,
      refreshSeconds: refreshSeconds(s.entries.length, a.model),
      maxPerShard: a.maxPerShard,
      overLimit: s.entries.length > a.maxPerShard,
      changed: touched.has(stackOf(a, s)),
    })),
  );
  return { rows, problems: all.flatMap((a) => a.problems), notes };
}
