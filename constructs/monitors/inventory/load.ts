import { readTextFile } from '../../../cli/input';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** An inventory file that is not what its schema says: every problem, each naming the file and the item. */
export class InventoryFileError extends Error {
  constructor(public readonly fileName: string, public readonly problems: readonly string[]) {
    super(`${fileName}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'InventoryFileError';
  }
}

export interface ParseInventoryOptions<T> {
  /** Shown in errors. */
  readonly fileName: string;
  /** Schema of one item. */
  readonly itemSchema: z.ZodType<T>;
  /** When the file is a mapping, the key of the list. @default 'items' */
  readonly listKey?: string;
  /** How to read the text. @default - YAML (JSON is YAML too) */
  readonly format?: 'yaml' | 'json';
  /** Label of an item in errors. @default - its `name` or `id` field, if any */
  readonly label?: (raw: unknown) => string | undefined;
}

function defaultLabel(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    for (const k of ['name', 'id', 'key']) if (typeof r[k] === 'string') return r[k] as string;
  }
  return undefined;
}

/**
 * Parse an inventory (a list of items, or a mapping with the list under `listKey`) and validate each item. Pure;
 * throws `InventoryFileError` listing every bad item, e.g. `tables.yaml: tables[2] (orders): readCapacityUnits: …`.
 */
export function parseInventory<T>(text: string, options: ParseInventoryOptions<T>): T[] {
  const listKey = options.listKey ?? 'items';
  let doc: unknown;
  try {
    doc = options.format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InventoryFileError(options.fileName, [`not valid ${options.format ?? 'YAML'}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[listKey] : undefined;
  const where = Array.isArray(doc) ? '' : listKey;
  if (!Array.isArray(list)) {
    throw new InventoryFileError(options.fileName, [`expected a list of items, or a mapping with the list under '${listKey}'`]);
  }
  const problems: string[] = [];
  const items: T[] = [];
  list.forEach((raw, i) => {
    const r = options.itemSchema.safeParse(raw);
    if (r.success) {
      items.push(r.data);
      return;
    }
    const label = (options.label ?? defaultLabel)(raw);
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.');
      problems.push(`${where}[${i}]${label ? ` (${label})` : ''}: ${path ? `${path}: ` : ''}${issue.message}`);
    }
  });
  if (problems.length > 0) throw new InventoryFileError(options.fileName, problems);
  return items;
}

/** Read and parse an inventory file (`.yaml`, `.yml` or `.json`). For stacks and main.ts: constructs never read files. */
export function loadInventoryFile<T>(path: string, options: Omit<ParseInventoryOptions<T>, 'fileName' | 'format'>): T[] {
  // The shared reader: missing, directory, binary, too large… as one problem that names the file.
  const input = readTextFile(path);
  if (!input.ok) throw new InventoryFileError(path, [input.problem.slice(path.length + 2)]);
  const text = input.value;
  return parseInventory(text, { ...options, fileName: path, format: path.endsWith('.json') ? 'json' : 'yaml' });
}
