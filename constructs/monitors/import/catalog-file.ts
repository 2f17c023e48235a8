/**
 * The monitor catalog file: a YAML (or JSON) file of `MonitorSpec`s, each with the Datadog ID of the monitor it adopts.
 * An account lists it in the accounts file under `monitors.catalogs`; `houndstack monitors import` writes and updates it.
 *
 * ```yaml
 * monitors:
 *   - id: "1234567"          # Datadog monitor ID: synth writes an import block for it
 *     kind: query            # any MonitorSpec kind; the importer writes 'query' (type and query verbatim)
 *     type: metric alert
 *     name: CPU high on {{host.name}}
 *     query: avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90
 *     message: "… @slack-ops"
 *     includeTags: true
 *     requireFullWindow: false
 * ```
 * Pure: text in, entries or text out; stacks/ and the CLI read and write the files.
 */
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { MonitorSpec } from '../model/spec';
import { renderMonitor } from '../model/render';
import { closest } from '../query/vocabulary';
import { fastYamlValue } from './catalog-yaml';
import type { ImportedMonitor } from './from-datadog';

/** One monitor of a catalog file, ready for `MonitorCatalog.add`. */
export interface CatalogFileEntry {
  /** The catalog key: the entry's `key`, else its ID, else the slug of its name (the catalog's default). */
  readonly key?: string;
  /** Datadog ID of the monitor the entry adopts. @default - a monitor Terraform creates */
  readonly monitorId?: string;
  readonly spec: MonitorSpec;
}

/** Spec fields every kind takes, with the JSON type each must have. */
const OPTION_TYPES: Record<string, 'string' | 'number' | 'boolean' | 'strings' | 'object'> = {
  name: 'string', message: 'string', tags: 'strings', priority: 'number', warning: 'number', criticalRecovery: 'number',
  warningRecovery: 'number', notifyNoData: 'boolean', noDataTimeframeMinutes: 'number', renotifyIntervalMinutes: 'number',
  renotifyOccurrences: 'number', renotifyStatuses: 'strings', escalationMessage: 'string', requireFullWindow: 'boolean',
  evaluationDelaySeconds: 'number', newGroupDelaySeconds: 'number', includeTags: 'boolean', timeoutHours: 'number',
  notifyBy: 'strings', onMissingData: 'string', restrictedRoles: 'strings', newHostDelaySeconds: 'number', notifyAudit: 'boolean',
  groupRetentionDuration: 'string', enableLogsSample: 'boolean', groupbySimpleMonitor: 'boolean', enableSamples: 'boolean',
  notificationPresetName: 'string', draftStatus: 'string', schedulingOptions: 'object', variables: 'object', locked: 'boolean',
  ignoreChanges: 'strings',
};

/** Fields of each kind beyond the common options (checked by `renderMonitor`). */
const KIND_FIELDS: Record<string, readonly string[]> = {
  query: ['type', 'query', 'critical', 'criticalFromQuery', 'ok', 'unknown', 'windowMinutes', 'triggerWindow', 'recoveryWindow'],
  metric: ['metric', 'scope', 'groupBy', 'spaceAggregation', 'modifier', 'series', 'timeAggregation', 'windowMinutes', 'comparator', 'critical'],
  change: ['metric', 'scope', 'groupBy', 'spaceAggregation', 'modifier', 'series', 'changeType', 'timeAggregation', 'windowMinutes', 'comparedToMinutesAgo', 'comparator', 'critical'],
  anomaly: ['metric', 'scope', 'groupBy', 'spaceAggregation', 'modifier', 'series', 'algorithm', 'deviations', 'direction', 'alertWindowMinutes', 'recoveryWindowMinutes', 'intervalSeconds', 'seasonality', 'countDefaultZero', 'queryWindowMinutes', 'critical', 'safetyRail'],
  forecast: ['metric', 'scope', 'groupBy', 'spaceAggregation', 'modifier', 'series', 'algorithm', 'deviations', 'horizon', 'timeAggregation', 'intervalMinutes', 'history', 'model', 'seasonality', 'comparator', 'critical'],
  outlier: ['metric', 'scope', 'groupBy', 'spaceAggregation', 'modifier', 'series', 'algorithm', 'tolerance', 'percent', 'windowMinutes'],
  'service-check': ['check', 'over', 'exclude', 'groupBy', 'lastCount', 'critical', 'ok', 'unknown'],
  log: ['search', 'rollup', 'measure', 'groupBy', 'windowMinutes', 'comparator', 'critical', 'indexes'],
  event: ['search', 'rollup', 'measure', 'groupBy', 'windowMinutes', 'comparator', 'critical'],
  apm: ['signal', 'service', 'env', 'operation', 'percentile', 'scope', 'groupBy', 'windowMinutes', 'critical'],
  composite: ['expression'],
};

/** Entry fields that are not the spec's. */
const ENTRY_FIELDS = ['id', 'key'];

/** The fields an entry of each kind may have, in the order hints are searched, and as a set: built once, not per entry. */
const ALLOWED: Record<string, { readonly list: readonly string[]; readonly set: ReadonlySet<string> }> = Object.fromEntries(
  Object.entries(KIND_FIELDS).map(([kind, fields]) => {
    const list = [...ENTRY_FIELDS, 'kind', ...Object.keys(OPTION_TYPES), ...fields];
    return [kind, { list, set: new Set(list) }];
  }),
);

/** `o` without `keys`. */
function omit(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function typeOk(kind: string, v: unknown): boolean {
  switch (kind) {
    case 'strings': return Array.isArray(v) && v.every((s) => typeof s === 'string');
    case 'object': return isObject(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    default: return typeof v === kind;
  }
}

/**
 * Reads a catalog file. Every problem is reported, one line each, naming the file, the entry (index, ID and name),
 * the field and what is allowed: `legacy.yaml: monitors[3] (id 123, "CPU high"): notifyNoData: must be a boolean (got "yes")`.
 * The specs' own rules (thresholds, queries…) are checked by the catalog at synth, like every monitor's.
 */
export function parseCatalogFile(text: string, file: string): { entries: CatalogFileEntry[]; problems: string[] } {
  // JSON is YAML too, and a JSON catalog (`--out monitors.json`) reads 10–20× faster: worth it from ~10,000 monitors.
  if (isJsonCatalog(file, text)) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return { entries: [], problems: [`${file}: not valid JSON: ${(e as Error).message}`] };
    }
    return catalogEntriesOf(raw, file);
  }
  // Plain values suffice here (comments matter only to re-import): the fast reader, else `yaml` with its messages.
  const fast = fastYamlValue(text);
  if (fast !== undefined) return catalogEntriesOf(fast, file);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { entries: [], problems: doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`) };
  return catalogEntriesOf(doc.toJS({ maxAliasCount: 100 }) as unknown, file);
}

/** A catalog file is read and written as JSON when its name ends in `.json` (or, unnamed, its text is a JSON object). */
export function isJsonCatalog(file: string, text?: string): boolean {
  return /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && text !== undefined && text.trimStart().startsWith('{'));
}

/** Validates the parsed content of a catalog file (see `parseCatalogFile`). */
export function catalogEntriesOf(raw: unknown, file: string): { entries: CatalogFileEntry[]; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw) || !Array.isArray(raw.monitors)) {
    return { entries: [], problems: [`${file}: a catalog file is a mapping with a "monitors" list (see houndstack monitors import --help)`] };
  }
  for (const k of Object.keys(raw)) if (k !== 'monitors') problems.push(`${file}: unknown top-level key "${k}" (only "monitors")`);
  const entries: CatalogFileEntry[] = [];
  const ids = new Map<string, number>();
  raw.monitors.forEach((item: unknown, index: number) => {
    if (!isObject(item)) {
      problems.push(`${file}: monitors[${index}]: each entry is a mapping (a MonitorSpec with "id")`);
      return;
    }
    const idText = item.id === undefined ? undefined : String(item.id);
    const label = `monitors[${index}]${idText !== undefined ? ` (id ${idText}${typeof item.name === 'string' ? `, ${JSON.stringify(item.name)}` : ''})` : typeof item.name === 'string' ? ` (${JSON.stringify(item.name)})` : ''}`;
    const at = (field: string, message: string) => problems.push(`${file}: ${label}: ${field}: ${message}`);
    const before = problems.length;
    if (item.id !== undefined && !(typeof item.id === 'string' ? /^\d+$/.test(item.id) : Number.isSafeInteger(item.id) && (item.id as number) > 0)) {
      at('id', `must be a Datadog monitor ID, digits only (got ${JSON.stringify(item.id)})`);
    } else if (idText !== undefined) {
      const seen = ids.get(idText);
      if (seen !== undefined) at('id', `duplicate: monitors[${seen}] has the same ID; one Datadog monitor can be adopted once`);
      else ids.set(idText, index);
    }
    if (item.key !== undefined && typeof item.key !== 'string') at('key', `must be a string (got ${JSON.stringify(item.key)})`);
    const kind = item.kind;
    const fields = typeof kind === 'string' ? KIND_FIELDS[kind] : undefined;
    if (!fields) {
      at('kind', `${JSON.stringify(kind)} is not a monitor kind; allowed: ${Object.keys(KIND_FIELDS).join(', ')}`);
      return;
    }
    for (const required of ['name', 'message', ...(kind === 'query' ? ['type', 'query'] : [])]) {
      if (item[required] === undefined) at(required, 'required');
    }
    const allowed = ALLOWED[kind as string]!;
    for (const [k, v] of Object.entries(item)) {
      if (!allowed.set.has(k)) {
        const hint = closest(k, allowed.list);
        at(k, `unknown field for kind '${kind}'${hint ? ` (did you mean "${hint}"?)` : ''}`);
        continue;
      }
      const t = OPTION_TYPES[k];
      if (t && v !== undefined && !typeOk(t, v)) at(k, `must be ${t === 'strings' ? 'a list of strings' : t === 'object' ? 'a mapping' : `a ${t}`} (got ${JSON.stringify(v)})`);
    }
    if (kind === 'query') {
      if (item.type !== undefined && typeof item.type !== 'string') at('type', 'must be a string');
      if (item.query !== undefined && typeof item.query !== 'string') at('query', 'must be a string');
    }
    if (problems.length > before) return;
    const key = item.key;
    const spec = omit(item, ['id', 'key']);
    entries.push({
      ...(typeof key === 'string' ? { key } : idText !== undefined ? { key: idText } : {}),
      ...(idText !== undefined ? { monitorId: idText } : {}),
      spec: spec as unknown as MonitorSpec,
    });
  });
  return { entries, problems };
}

/** Field order in written entries: identity, then the definition, then options, as `datadog_monitor` lists them. */
const FIELD_ORDER = [
  'id', 'key', 'kind', 'type', 'name', 'query', 'message', 'tags', 'priority', 'restrictedRoles', 'critical', 'warning',
  'criticalRecovery', 'warningRecovery', 'ok', 'unknown', 'triggerWindow', 'recoveryWindow',
];

/** The entry of an imported monitor as a plain object, in `FIELD_ORDER` then the options in alphabetical order. */
export function entryObject(m: ImportedMonitor): Record<string, unknown> {
  const spec = m.spec as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { id: m.id };
  for (const k of FIELD_ORDER) if (k !== 'id' && spec[k] !== undefined) out[k] = spec[k];
  for (const k of Object.keys(spec).sort()) if (!(k in out) && spec[k] !== undefined) out[k] = spec[k];
  return out;
}

/** What `updateCatalogFile` did. */
export interface CatalogUpdate {
  /** The new file text. */
  readonly text: string;
  /** IDs added at the end, in export order. */
  readonly added: readonly string[];
  /** IDs whose entry changed, updated in place. */
  readonly updated: readonly string[];
  /** IDs whose entry already said the same: left untouched (comments and hand edits included). */
  readonly unchanged: readonly string[];
  /** IDs in the file that are not in this import: kept. */
  readonly notInImport: readonly string[];
}

const HEADER = [
  ' Monitor catalog: Datadog monitors adopted by houndstack (written by `houndstack monitors import`).',
  ' List it in the accounts file under accounts[].monitors.catalogs: [{ name: <catalog id>, file: <this file> }].',
  ' Each entry is a MonitorSpec with the monitor\'s Datadog ID; synth writes an import block for each ID.',
  ' Re-running the import updates entries in place by ID; entries it does not touch keep their comments and edits.',
].join('\n');

/** Where a catalog file's entries are, whatever its format: read an entry, replace one, append one. */
interface EntryList {
  readonly length: number;
  /** The entry at `index` as plain data. */
  value(index: number): Record<string, unknown> | undefined;
  replace(index: number, entry: Record<string, unknown>): void;
  append(entry: Record<string, unknown>): void;
}

/**
 * The merge by monitor ID, on any entry list: an entry whose ID is already there is replaced in place only when its
 * monitor changed (same fields, or the same rendered `datadog_monitor`: a hand-rewritten spec that renders the same
 * is kept), keeping its `key`; new IDs are appended in the order given; entries the import does not mention are kept.
 */
function mergeById(list: EntryList, monitors: readonly ImportedMonitor[]): Omit<CatalogUpdate, 'text'> {
  const byId = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const id = list.value(i)?.id;
    if (id !== undefined) byId.set(String(id), i);
  }
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const seen = new Set<string>();
  for (const m of monitors) {
    seen.add(m.id);
    const obj = entryObject(m);
    const at = byId.get(m.id);
    if (at === undefined) {
      list.append(obj);
      byId.set(m.id, list.length - 1);
      added.push(m.id);
      continue;
    }
    const old = list.value(at) ?? {};
    const key = old.key;
    const rest = omit(old, ['id', 'key']);
    const fresh = omit(obj, ['id']);
    // Same fields: unchanged, without rendering; else compare what both render.
    if (canonical(rest) === canonical(fresh) || sameMonitor(rest as unknown as MonitorSpec, m.spec)) {
      unchanged.push(m.id);
      continue;
    }
    list.replace(at, key !== undefined ? { id: obj.id, key, ...fresh } : obj);
    updated.push(m.id);
  }
  return { added, updated, unchanged, notInImport: [...byId.keys()].filter((id) => !seen.has(id)) };
}

/**
 * Writes `monitors` into a catalog file (see `mergeById`): `existing` is the current text, or its parsed YAML document,
 * or undefined for a new file. YAML keeps the comments of the entries it does not replace, and of those it replaces.
 */
export function updateCatalogFile(existing: string | Document | undefined, monitors: readonly ImportedMonitor[], format: 'yaml' | 'json' = 'yaml'): CatalogUpdate {
  if (format === 'json') {
    const text = typeof existing === 'string' && existing.trim() !== '' ? existing : undefined;
    const raw = text !== undefined ? (JSON.parse(text) as { monitors: Record<string, unknown>[] }) : { monitors: [] };
    const items = raw.monitors;
    const result = mergeById({
      get length() { return items.length; },
      value: (i) => items[i],
      replace: (i, e) => { items[i] = e; },
      append: (e) => { items.push(e); },
    }, monitors);
    return { text: `${JSON.stringify(raw, null, 2)}\n`, ...result };
  }
  const empty = existing === undefined || (typeof existing === 'string' && existing.trim() === '');
  // A parsed document may be passed in (the importer validates it first): parsing is most of the cost at scale.
  const doc: Document = empty ? new Document({ monitors: [] }) : typeof existing === 'string' ? parseDocument(existing, { uniqueKeys: true }) : existing;
  if (empty) doc.commentBefore = HEADER;
  const found: unknown = (doc.contents as YAMLMap | null)?.get?.('monitors', true);
  let seq: YAMLSeq;
  if (isSeq(found)) seq = found;
  else {
    seq = new YAMLSeq();
    (doc.contents as YAMLMap).set('monitors', seq);
  }
  const items = seq.items;
  // Each entry is read twice (its ID, then its fields): convert it once.
  const values: (Record<string, unknown> | undefined)[] = [];
  const result = mergeById({
    get length() { return items.length; },
    value: (i) => (values[i] ??= isMap(items[i]) ? ((items[i] as YAMLMap).toJSON() as Record<string, unknown>) : undefined),
    replace: (i, e) => {
      const old = items[i] as YAMLMap;
      const node = doc.createNode(e) as YAMLMap;
      node.commentBefore = old.commentBefore;
      node.comment = old.comment;
      items[i] = node;
    },
    append: (e) => { seq.add(doc.createNode(e)); },
  }, monitors);
  return { text: doc.toString({ lineWidth: 0, blockQuote: 'literal' }), ...result };
}

/** Whether two specs render the same `datadog_monitor` (what Terraform compares). */
function sameMonitor(a: MonitorSpec, b: MonitorSpec): boolean {
  try {
    return canonical(renderMonitor(a).body) === canonical(renderMonitor(b).body);
  } catch {
    return false;
  }
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (isObject(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}
