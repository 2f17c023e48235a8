/**
 * Reading existing Agent configs: YAML as the Agent parses it, the legacy `custom_metrics` format converted to
 * `custom_queries`, and the Agent form mapped back onto the typed model (for `houndstack pg check --convert`).
 * Pure functions: the CLI reads the file.
 */
import { parse } from 'yaml';
import { SecretValue, ENC_HANDLE, ENV_TEMPLATE } from './secret';
import type {
  CustomQuery,
  CustomQueryColumn,
  PostgresCheckConfig,
  PostgresInstance,
  Problem,
} from './types';

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses like the Agent (PyYAML, YAML 1.1): `yes`/`on` are booleans there, and the Agent refuses some of them. */
export function parseAgentYaml(text: string): unknown {
  return parse(text, { version: '1.1' });
}

const LEGACY_METHODS: Record<string, string> = { GAUGE: 'gauge', RATE: 'rate', MONOTONIC: 'monotonic_count' };

/** Python's `query % args` for `%s` and `%%`; undefined when the arguments do not match (Python raises). */
function pythonPercent(template: string, args: string[]): string | undefined {
  let i = 0;
  let failed = false;
  const out = template.replace(/%(.)/gs, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 's' && i < args.length) return args[i++]!;
    failed = true;
    return '';
  });
  return failed || i !== args.length ? undefined : out;
}

/** Longest common run of leading dot-segments that leaves every name at least one segment. */
function commonPrefix(names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  const split = names.map((n) => n.split('.'));
  const max = Math.min(...split.map((s) => s.length - 1));
  let n = 0;
  while (n < max && split.every((s) => s[n] === split[0]![n])) n++;
  return n === 0 ? undefined : split[0]!.slice(0, n).join('.');
}

/**
 * One legacy `custom_metrics` entry as a modern custom query. The legacy query selects the descriptor columns
 * first and `%s` expands to the metric columns, so columns are the descriptors (tags) then the metrics in order;
 * metric names become `metric_prefix` (their common leading segments) + column names (the rest).
 */
export function convertLegacyCustomMetric(entry: unknown, at: string): { query?: Mapping; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isMapping(entry)) return { problems: [{ path: at, message: 'must be a mapping with descriptors, metrics, query and relation' }] };
  for (const key of ['descriptors', 'metrics', 'query', 'relation']) {
    if (!(key in entry)) problems.push({ path: `${at}.${key}`, message: 'is required in a custom_metrics entry (the Agent refuses the check)', effect: 'refuses' });
  }
  if (problems.length > 0) return { problems };
  const descriptors = entry['descriptors'];
  const metrics = entry['metrics'];
  const query = entry['query'];
  if (!Array.isArray(descriptors) || descriptors.some((d) => !Array.isArray(d) || d.length !== 2 || typeof d[1] !== 'string')) {
    problems.push({ path: `${at}.descriptors`, message: 'must be a list of [column, tag name] pairs' });
  }
  if (!isMapping(metrics) || Object.keys(metrics).length === 0) problems.push({ path: `${at}.metrics`, message: 'must map column expressions to [metric name, GAUGE|RATE|MONOTONIC]' });
  if (typeof query !== 'string') problems.push({ path: `${at}.query`, message: 'must be a string with %s where the metric columns go' });
  if (entry['relation']) {
    problems.push({ path: `${at}.relation`, message: 'relation: true is not converted automatically: write the relation filter into the query and set relation: false' });
  }
  if (problems.length > 0) return { problems };

  const metricEntries = Object.entries(metrics as Mapping);
  const specs: Array<{ expr: string; name: string; type: string }> = [];
  for (const [expr, spec] of metricEntries) {
    const [name, method] = Array.isArray(spec) ? spec : [];
    const type = typeof method === 'string' ? LEGACY_METHODS[method.toUpperCase()] : undefined;
    if (typeof name !== 'string' || !type) {
      problems.push({ path: `${at}.metrics.${expr}`, message: `${JSON.stringify(spec)} is not [metric name, GAUGE|RATE|MONOTONIC]`, effect: 'refuses' });
      continue;
    }
    specs.push({ expr, name, type });
  }
  if (problems.length > 0) return { problems };
  const sql = pythonPercent(query as string, [specs.map((s) => s.expr).join(', ')]);
  if (sql === undefined) problems.push({ path: `${at}.query`, message: 'must contain exactly one %s (where the metric columns go); write a literal % as %%' });
  const prefix = commonPrefix(specs.map((s) => s.name));
  if (specs.length > 0 && prefix === undefined) {
    problems.push({
      path: `${at}.metrics`,
      message: `metric names ${specs.map((s) => JSON.stringify(s.name)).join(', ')} share no leading segment, so one metric_prefix cannot keep them; split the entry`,
    });
  }
  if (problems.length > 0) return { problems };

  const columns = [
    ...(descriptors as Array<[string, string]>).map(([, tag]) => ({ name: tag, type: 'tag' })),
    ...specs.map((s) => ({ name: s.name.slice(prefix!.length + 1), type: s.type })),
  ];
  return { query: { metric_prefix: prefix, query: sql, columns }, problems };
}

/**
 * The same config with every instance's `custom_metrics` turned into `custom_queries` (appended after existing
 * ones). Problems name the legacy entry that could not be converted.
 */
export function convertLegacyConfig(raw: unknown): { config: unknown; problems: Problem[] } {
  if (!isMapping(raw) || !Array.isArray(raw['instances'])) return { config: raw, problems: [] };
  const problems: Problem[] = [];
  const instances = raw['instances'].map((instance, i) => {
    if (!isMapping(instance) || instance['custom_metrics'] === undefined) return instance;
    const legacy = instance['custom_metrics'];
    const { custom_metrics: _legacy, ...rest } = instance;
    void _legacy;
    const converted: Mapping[] = [];
    (Array.isArray(legacy) ? legacy : []).forEach((entry, j) => {
      const r = convertLegacyCustomMetric(entry, `instances[${i}].custom_metrics[${j}]`);
      problems.push(...r.problems);
      if (r.query) converted.push(r.query);
    });
    const own = Array.isArray(rest['custom_queries']) ? rest['custom_queries'] : [];
    return { ...rest, custom_queries: [...own, ...converted] };
  });
  return { config: { ...raw, instances }, problems };
}

const camelColumn = (c: unknown): CustomQueryColumn => {
  if (!isMapping(c) || Object.keys(c).length === 0) return { type: 'skip' };
  const { status_map, ...rest } = c;
  return (status_map !== undefined ? { ...rest, statusMap: status_map } : rest) as unknown as CustomQueryColumn;
};

function toQuery(q: unknown): CustomQuery {
  const m = isMapping(q) ? q : {};
  return {
    query: m['query'] as string,
    columns: (Array.isArray(m['columns']) ? m['columns'] : []).map(camelColumn),
    ...(m['metric_prefix'] !== undefined ? { metricPrefix: m['metric_prefix'] as string } : {}),
    ...(m['tags'] !== undefined ? { tags: m['tags'] as string[] } : {}),
    ...(m['collection_interval'] !== undefined ? { collectionIntervalSeconds: m['collection_interval'] as number } : {}),
  };
}

/** Instance keys houndstack's model carries; others are reported by fromAgentConfig as not carried over. */
const INSTANCE_KEYS = new Set([
  'host', 'port', 'username', 'password', 'dbname', 'ssl', 'tags', 'aws', 'collect_activity_metrics',
  'collect_database_size_metrics', 'query_timeout', 'min_collection_interval', 'dbm', 'custom_queries',
  'use_global_custom_queries',
]);

function toSecret(value: unknown): SecretValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && ENC_HANDLE.test(value)) return SecretValue.encHandle(value.slice(4, -1));
  if (typeof value === 'string' && ENV_TEMPLATE.test(value)) return SecretValue.envVar(value.slice(6, -2));
  // A literal stays a literal string so that validation refuses it rather than the converter hiding it.
  return value as unknown as SecretValue;
}

/**
 * The Agent form (already free of legacy entries) as the typed model. `dropped` lists keys houndstack does not
 * model, which a conversion would lose.
 */
export function fromAgentConfig(raw: unknown): { config: PostgresCheckConfig; dropped: string[] } {
  const m = isMapping(raw) ? raw : {};
  const init = isMapping(m['init_config']) ? m['init_config'] : {};
  const dropped: string[] = [];
  for (const key of Object.keys(init)) if (key !== 'global_custom_queries') dropped.push(`init_config.${key}`);
  const instances = (Array.isArray(m['instances']) ? m['instances'] : []).map((inst, i): PostgresInstance => {
    const r = isMapping(inst) ? inst : {};
    for (const key of Object.keys(r)) if (!INSTANCE_KEYS.has(key)) dropped.push(`instances[${i}].${key}`);
    const aws = isMapping(r['aws']) ? r['aws'] : undefined;
    const managed = aws && isMapping(aws['managed_authentication']) ? aws['managed_authentication'] : undefined;
    const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return defined({
      host: r['host'] as string,
      port: r['port'] as number | undefined,
      username: r['username'] as string,
      password: toSecret(r['password']),
      dbname: r['dbname'] as string | undefined,
      ssl: r['ssl'] as PostgresInstance['ssl'],
      tags: r['tags'] as string[] | undefined,
      aws: aws
        ? defined({
            instanceEndpoint: aws['instance_endpoint'] as string | undefined,
            region: aws['region'] as string | undefined,
            managedAuthentication: managed ? defined({ enabled: Boolean(managed['enabled']), roleArn: managed['role_arn'] as string | undefined }) : undefined,
          })
        : undefined,
      collectActivityMetrics: r['collect_activity_metrics'] as boolean | undefined,
      collectDatabaseSizeMetrics: r['collect_database_size_metrics'] as boolean | undefined,
      queryTimeoutMs: r['query_timeout'] as number | undefined,
      minCollectionIntervalSeconds: r['min_collection_interval'] as number | undefined,
      dbm: r['dbm'] as boolean | undefined,
      useGlobalCustomQueries: r['use_global_custom_queries'] as PostgresInstance['useGlobalCustomQueries'],
      customQueries: Array.isArray(r['custom_queries']) ? r['custom_queries'].map(toQuery) : undefined,
    });
  });
  const globals = Array.isArray(init['global_custom_queries']) ? init['global_custom_queries'].map(toQuery) : undefined;
  return { config: { ...(globals ? { initConfig: { globalCustomQueries: globals } } : {}), instances }, dropped };
}

/** What a pasted fragment holds: the queries of one instance, in the modern or the legacy format. */
export type ConfigFragment = 'custom_queries' | 'custom_metrics';

const LEGACY_KEYS = ['descriptors', 'relation', 'metrics'];
const FRAGMENT_KEYS = new Set(['custom_queries', 'custom_metrics', 'use_global_custom_queries']);

/**
 * A file as the Agent config it stands for. A whole config (`instances:`) is returned as it is. A fragment, as
 * custom queries are published and pasted — a mapping holding only `custom_queries:` and/or `custom_metrics:`, or
 * a bare list of entries (legacy when they have `descriptors`, `metrics` or `relation`) — becomes one instance
 * with those queries, and `fragment` says which keys it held: check it with `{ fragment: true }` (no connection
 * fields required) and report paths without the `instances[0].` of the wrapper (`fragmentPath`).
 */
export function fragmentAsConfig(raw: unknown): { config: unknown; fragment: ConfigFragment[] | undefined } {
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isMapping)) {
    const legacy = raw.every((entry) => LEGACY_KEYS.some((k) => k in entry));
    const key: ConfigFragment = legacy ? 'custom_metrics' : 'custom_queries';
    return { config: { init_config: {}, instances: [{ [key]: raw }] }, fragment: [key] };
  }
  if (isMapping(raw) && !('instances' in raw) && !('init_config' in raw)) {
    const keys = Object.keys(raw);
    if (keys.length > 0 && keys.every((k) => FRAGMENT_KEYS.has(k)) && keys.some((k) => k !== 'use_global_custom_queries')) {
      return { config: { init_config: {}, instances: [raw] }, fragment: keys.filter((k): k is ConfigFragment => k !== 'use_global_custom_queries') };
    }
  }
  return { config: raw, fragment: undefined };
}

/** A problem path of a wrapped fragment as the user's file has it: `instances[0].custom_queries[1]` → `custom_queries[1]`. */
export function fragmentPath(path: string): string {
  return path.startsWith('instances[0].') ? path.slice('instances[0].'.length) : path;
}

/** A wrapped fragment's `custom_queries` as houndstack's model (render them back with `renderCustomQuery`). */
export function fragmentQueries(config: unknown): CustomQuery[] {
  const instance = isMapping(config) && Array.isArray(config['instances']) && isMapping(config['instances'][0]) ? config['instances'][0] : {};
  return (Array.isArray(instance['custom_queries']) ? instance['custom_queries'] : []).map(toQuery);
}
