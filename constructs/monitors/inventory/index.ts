import { Construct } from 'constructs';
import { DatadogMonitor } from '../monitor';
import type { MonitorSpec } from '../model';

export * from './load';
export * from './dynamodb';

/** A spec as a function of a resource: zero or one monitor per item. */
export type MonitorForItem<T> = (item: T) => MonitorSpec | undefined;

/** One monitor an inventory expands to. */
export interface ExpandedMonitor<T> {
  /** The item's key: its identity, stable when the inventory is re-ordered. */
  readonly key: string;
  readonly item: T;
  readonly spec: MonitorSpec;
}

/** Expansion, pure: one monitor per item that has one, in key order; duplicate keys are problems. */
export function expandInventory<T>(
  items: readonly T[],
  key: (item: T) => string,
  monitor: MonitorForItem<T>,
): { monitors: ExpandedMonitor<T>[]; problems: string[] } {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  const monitors: ExpandedMonitor<T>[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (typeof k !== 'string' || k.trim() === '') {
      problems.push(`item ${index}: the key is empty; every item needs a stable, unique key`);
      return;
    }
    const before = seen.get(k);
    if (before !== undefined) {
      problems.push(`items ${before} and ${index} have the same key ${JSON.stringify(k)}; keys must be unique (they become construct IDs)`);
      return;
    }
    seen.set(k, index);
    const spec = monitor(item);
    if (spec) monitors.push({ key: k, item, spec });
  });
  monitors.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { monitors, problems };
}

/** A construct ID from an inventory key: `/` is not allowed in IDs, so it becomes `--`. */
export function constructIdForKey(key: string): string {
  return key.replace(/\//g, '--');
}

export interface MonitorInventoryProps<T> {
  /** The resources: items from `loadInventoryFile`, an array, or a function returning them (called once). */
  readonly items: readonly T[] | (() => readonly T[]);
  /** Identity of an item, e.g. `eu-west-1/orders`; becomes the monitor's construct ID, so keep it stable. */
  readonly key: (item: T) => string;
  /** The monitor for an item, or undefined for none. */
  readonly monitor: MonitorForItem<T>;
}

/**
 * Monitors expanded from an inventory (Interferon's host sources): one `DatadogMonitor` per item that has one, with
 * construct ID from the item's key, so re-ordering or inserting items changes nothing in Terraform state.
 */
export class MonitorInventory<T> extends Construct {
  /** Monitors by item key. */
  public readonly monitors: ReadonlyMap<string, DatadogMonitor>;

  constructor(scope: Construct, id: string, props: MonitorInventoryProps<T>) {
    super(scope, id);
    const items = typeof props.items === 'function' ? props.items() : props.items;
    const { monitors, problems } = expandInventory(items, props.key, props.monitor);
    const byKey = new Map<string, DatadogMonitor>();
    const ids = new Map<string, string>();
    for (const m of monitors) {
      const cid = constructIdForKey(m.key);
      const clash = ids.get(cid);
      if (clash !== undefined) {
        problems.push(`keys ${JSON.stringify(clash)} and ${JSON.stringify(m.key)} give the same construct ID ${JSON.stringify(cid)}`);
        continue;
      }
      ids.set(cid, m.key);
      byKey.set(m.key, new DatadogMonitor(this, cid, m.spec));
    }
    this.monitors = byKey;
    this.node.addValidation({ validate: () => problems });
  }
}
