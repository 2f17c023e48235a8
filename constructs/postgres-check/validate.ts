import { metricNameProblem, tagKeyProblem, tagProblem } from './names';
import { DEFAULT_METRIC_PREFIX, renderCustomQuery, renderPostgresCheck } from './render';
import { isUnresolvedToken, passwordProblem } from './secret';
import { selectColumnCount } from './sql-select';
import { COLUMN_TYPES, TAG_COLUMN_TYPES, type CustomQuery, type PostgresCheckConfig, type PostgresDelivery, type Problem, type ProblemEffect } from './types';

export interface ValidationContext {
  /**
   * Where the config goes; decides which template variables can be resolved.
   * @default - template variables are not checked
   */
  readonly delivery?: PostgresDelivery;
  /**
   * The config is a fragment (only `custom_queries:` / `custom_metrics:`, wrapped by `fragmentAsConfig` into one
   * instance): the instance's connection fields are not required.
   * @default false - a whole config: host and username are required as the Agent requires them
   */
  readonly fragment?: boolean;
}

/** Labels for queries that the Agent format cannot carry (our `CustomQuery.name`). */
export interface QueryLabels {
  readonly global?: ReadonlyArray<string | undefined>;
  readonly instances?: ReadonlyArray<ReadonlyArray<string | undefined> | undefined>;
}

type Mapping = Record<string, unknown>;

const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUnresolved = isUnresolvedToken;
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

const METRIC_TYPES = new Set(['gauge', 'count', 'monotonic_count', 'rate', 'histogram', 'historate']);
/** Keyword arguments AgentCheck.gauge & co. accept; anything else on a metric column is a TypeError on every run. */
const SUBMIT_KWARGS = new Set(['raw', 'hostname', 'device_name']);
const MATCH_ITEM_TYPES = new Set([...METRIC_TYPES, 'monotonic_gauge', 'temporal_percent', 'time_elapsed']);
const TIME_UNITS = new Set(['second', 'millisecond', 'microsecond', 'nanosecond']);
const STATUSES = new Set(['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']);
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
const USE_GLOBAL = ['true', 'false', 'extend'];
/** Strings pydantic (lax mode, the Agent's config models) reads as booleans. */
const PYDANTIC_BOOL_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no', '1', 'on', 't', 'true', 'y', 'yes']);

/**
 * Which template variables each delivery resolves. Only Autodiscovery templates are resolved; a clusterAgent.confd
 * check has no container or service behind it, so it gets `%%env_…%%` but no `%%host%%`/`%%port%%`.
 */
function templateAllowed(delivery: PostgresDelivery, variable: string): boolean {
  switch (delivery) {
    case 'ecs':
    case 'kubernetes':
      return true; // Autodiscovery resolves every template variable from the container.
    case 'cluster-check':
      return variable.startsWith('env_'); // no container behind a clusterAgent.confd check: no host or port
    default:
      return false; // host file, Helm datadog.confd and plain files are not Autodiscovery templates
  }
}

/** Metric names a column submits, given the query's prefix (`undefined`: the check's namespace). */
function submittedNames(column: Mapping, prefix: string | undefined): string[] {
  const full = (name: string) => `${prefix ?? DEFAULT_METRIC_PREFIX}.${name}`;
  const name = column['name'];
  const type = column['type'];
  if (typeof name !== 'string' || typeof type !== 'string') return [];
  if (METRIC_TYPES.has(type) || type === 'temporal_percent' || type === 'time_elapsed') return [full(name)];
  if (type === 'monotonic_gauge') return [full(`${name}.total`), full(`${name}.count`)];
  if (type === 'match' && isMapping(column['items'])) {
    // Match items are not prefixed by metric_prefix; without one the namespace still applies.
    const itemName = (n: string) => (prefix !== undefined ? n : `${DEFAULT_METRIC_PREFIX}.${n}`);
    return Object.values(column['items']).flatMap((item) => {
      if (!isMapping(item) || typeof item['name'] !== 'string') return [];
      const n = item['name'];
      return item['type'] === 'monotonic_gauge' ? [itemName(`${n}.total`), itemName(`${n}.count`)] : [itemName(n)];
    });
  }
  return [];
}

interface Located {
  readonly where: string;
}

class Collector {
  readonly problems: Problem[] = [];
  private readonly seen = new Set<string>();
  add(path: string, message: string, effect?: ProblemEffect): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(effect ? { path, message, effect } : { path, message });
  }
}

function checkTemplates(value: unknown, path: string, delivery: PostgresDelivery | undefined, out: Collector): void {
  if (!delivery) return;
  if (typeof value === 'string') {
    for (const m of value.matchAll(/%%([A-Za-z0-9_]+)%%/g)) {
      if (!templateAllowed(delivery, m[1]!)) {
        const allowed =
          delivery === 'cluster-check' ? 'only %%env_NAME%% (cluster checks have no container to take host or port from)' : 'none (not an Autodiscovery template)';
        out.add(path, `template variable ${m[0]} cannot be resolved with ${delivery} delivery, so the Agent uses the text as it is; allowed: ${allowed}`);
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkTemplates(v, `${path}[${i}]`, delivery, out));
  } else if (isMapping(value)) {
    const join = (k: string) => (!path ? k : path.endsWith(':') ? `${path} ${k}` : `${path}.${k}`);
    for (const [k, v] of Object.entries(value)) checkTemplates(v, join(k), delivery, out);
  }
}

function checkTagList(tags: unknown[], at: string, out: Collector): void {
  tags.forEach((tag, i) => {
    if (typeof tag !== 'string' || isUnresolved(tag) || /%%\w+%%/.test(tag)) return;
    const p = tagProblem(tag);
    if (p) out.add(`${at}[${i}]`, p);
  });
}

function checkColumn(column: unknown, at: string, names: Map<string, number>, index: number, out: Collector): void {
  // An empty mapping (or null) skips the column.
  if (column === null || column === undefined || (isMapping(column) && Object.keys(column).length === 0)) return;
  if (!isMapping(column)) {
    out.add(at, `must be a mapping with name and type (or {} to skip the column), got ${show(column)}`, 'refuses');
    return;
  }
  const name = column['name'];
  // A YAML 1.1 boolean (`name: n`) reaches the Agent as False or True: refused as missing or not a string.
  if (name === undefined || name === '' || name === null) out.add(`${at}.name`, 'is required (the Agent refuses the instance)', 'refuses');
  else if (typeof name === 'boolean') out.add(`${at}.name`, `is the YAML boolean ${name} (YAML 1.1 reads y/n/yes/no/on/off so): quote the name`, 'refuses');
  else if (typeof name !== 'string') out.add(`${at}.name`, `must be a string, got ${show(name)}`, 'refuses');
  else if (names.has(name)) {
    out.add(`${at}.name`, `"${name}" is already the name of columns[${names.get(name)}]; column names (tags included) must be unique`, 'refuses');
  } else names.set(name, index);

  const type = column['type'];
  if (type === undefined || type === '' || type === null) {
    out.add(`${at}.type`, `is required (the Agent refuses the instance); allowed: ${COLUMN_TYPES.join(', ')}`, 'refuses');
    return;
  }
  if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
    out.add(`${at}.type`, `${show(type)} is not a column type; allowed: ${COLUMN_TYPES.join(', ')}`, 'refuses');
    return;
  }
  if (typeof name === 'string' && TAG_COLUMN_TYPES.includes(type as never)) {
    const p = tagKeyProblem(name);
    if (p) out.add(`${at}.name`, p);
  }

  const extra = Object.keys(column).filter((k) => k !== 'name' && k !== 'type');
  const crashes = (allowed: string[]) => {
    for (const key of extra) {
      if (!allowed.includes(key) && !SUBMIT_KWARGS.has(key)) {
        out.add(`${at}.${key}`, `is not a modifier of ${type} columns: the Agent passes it to the submission and the whole check run crashes; allowed: ${[...allowed, ...SUBMIT_KWARGS].join(', ')}`, 'crashes');
      }
    }
  };
  switch (type) {
    case 'gauge':
    case 'count':
    case 'rate':
    case 'histogram':
    case 'historate':
    case 'monotonic_gauge':
      crashes([]);
      break;
    case 'monotonic_count':
      crashes(['flush_first_value']);
      break;
    case 'temporal_percent': {
      const scale = column['scale'];
      if (scale === undefined) out.add(`${at}.scale`, 'is required for temporal_percent; allowed: second, millisecond, microsecond, nanosecond, or parts of a second (1000)', 'refuses');
      else if (typeof scale === 'string' ? !TIME_UNITS.has(scale.toLowerCase()) : !Number.isInteger(scale)) {
        out.add(`${at}.scale`, `${show(scale)} is not a scale; allowed: second, millisecond, microsecond, nanosecond, or an integer`, 'refuses');
      }
      crashes(['scale']);
      break;
    }
    case 'time_elapsed':
      if (column['format'] !== undefined && typeof column['format'] !== 'string') out.add(`${at}.format`, `must be a string (strptime format), got ${show(column['format'])}`, 'refuses');
      crashes(['format']);
      break;
    case 'service_check': {
      const map = column['status_map'];
      if (!isMapping(map) || Object.keys(map).length === 0) {
        out.add(`${at}.status_map`, 'is required for service_check: a non-empty mapping of values to OK, WARNING, CRITICAL or UNKNOWN', 'refuses');
      } else {
        for (const [value, status] of Object.entries(map)) {
          if (typeof status !== 'string' || !STATUSES.has(status.toUpperCase())) {
            out.add(`${at}.status_map.${value}`, `${show(status)} is not a status; allowed: OK, WARNING, CRITICAL, UNKNOWN`, 'refuses');
          }
        }
      }
      break;
    }
    case 'match': {
      const items = column['items'];
      if (!isMapping(items)) {
        out.add(`${at}.items`, 'is required for match: a mapping of matched values to {name, type[, source]}', 'refuses');
        break;
      }
      for (const [key, item] of Object.entries(items)) {
        const ip = `${at}.items.${key}`;
        if (!isMapping(item)) {
          out.add(ip, 'must be a mapping with name and type', 'refuses');
          continue;
        }
        if (typeof item['name'] !== 'string' || item['name'] === '') out.add(`${ip}.name`, 'is required', 'refuses');
        if (typeof item['type'] !== 'string' || !MATCH_ITEM_TYPES.has(item['type'])) {
          out.add(`${ip}.type`, `${show(item['type'])} is not a metric type; allowed: ${[...MATCH_ITEM_TYPES].join(', ')}`, 'refuses');
        }
        if (item['source'] === undefined && column['source'] === undefined) {
          out.add(`${ip}.source`, 'is required when the match column has no source', 'refuses');
        }
      }
      break;
    }
    default:
      break; // tag, tag_list, tag_not_null, source, metadata ignore or accept other keys
  }
}

function checkQuery(
  query: unknown,
  at: string,
  label: string | undefined,
  delivery: PostgresDelivery | undefined,
  out: Collector,
): string {
  const prefixLabel = isMapping(query) && typeof query['metric_prefix'] === 'string' && query['metric_prefix'] ? query['metric_prefix'] : undefined;
  const name = label ?? prefixLabel;
  const where = name ? `${at} (${name})` : at;
  if (!isMapping(query)) {
    out.add(where, `must be a mapping with query and columns, got ${show(query)}`, 'refuses');
    return where;
  }
  const sql = query['query'];
  if (sql === undefined || sql === null || sql === '') out.add(`${where}: query`, 'is required (the Agent refuses the instance)', 'refuses');
  else if (typeof sql !== 'string') out.add(`${where}: query`, `must be a string, got ${show(sql)}`, 'refuses');

  const prefix = query['metric_prefix'];
  if (prefix !== undefined) {
    if (typeof prefix !== 'string') out.add(`${where}: metric_prefix`, `must be a string, got ${show(prefix)}`, 'refuses');
    else if (prefix === '') out.add(`${where}: metric_prefix`, 'must not be empty (the Agent refuses the instance); omit it for postgresql.<column>', 'refuses');
    else if (prefix.endsWith('.')) out.add(`${where}: metric_prefix`, `"${prefix}" must not end with a dot (metrics would be "${prefix}.<column>")`);
  }

  const tags = query['tags'];
  if (tags !== undefined && tags !== null && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    out.add(`${where}: tags`, `must be a list of strings, got ${show(tags)}`, 'refuses');
  } else if (Array.isArray(tags)) checkTagList(tags, `${where}: tags`, out);

  const interval = query['collection_interval'];
  if (interval !== undefined && interval !== null && !isUnresolved(interval)) {
    if (typeof interval !== 'number' || Number.isNaN(interval)) {
      out.add(`${where}: collection_interval`, `must be a number of seconds, got ${show(interval)} (the Agent refuses the instance)`, 'refuses');
    } else if (Math.trunc(interval) <= 0 || !Number.isInteger(interval)) {
      out.add(`${where}: collection_interval`, `must be a positive whole number of seconds, got ${interval}`, 'refuses');
    }
  }

  const columns = query['columns'];
  if (!Array.isArray(columns) || columns.length === 0) {
    out.add(`${where}: columns`, 'is required: one entry per column of the SELECT list (the Agent refuses the instance)', 'refuses');
    return where;
  }
  const names = new Map<string, number>();
  columns.forEach((c, i) => checkColumn(c, `${where}: columns[${i}]`, names, i, out));

  if (typeof sql === 'string' && !isUnresolved(sql)) {
    const count = selectColumnCount(sql);
    if (count !== undefined && count !== columns.length) {
      out.add(
        `${where}: columns`,
        `${columns.length} declared but the SELECT list has ${count}; the Agent would skip every row ("expected ${columns.length} columns, got ${count}")`,
        'skips-rows',
      );
    }
  }

  const effectivePrefix = typeof prefix === 'string' && prefix !== '' ? prefix : undefined;
  columns.forEach((c, i) => {
    if (!isMapping(c)) return;
    for (const metric of submittedNames(c, effectivePrefix)) {
      const p = metricNameProblem(metric);
      if (p) out.add(`${where}: columns[${i}].name`, p);
    }
  });
  checkTemplates(query, `${where}:`, delivery, out);
  return where;
}

/** Records metric names across the queries an instance runs; a second query submitting the same name is a problem. */
function checkDuplicateMetrics(applied: Array<{ query: unknown; where: string }>, out: Collector): void {
  const owners = new Map<string, Located>();
  for (const { query, where } of applied) {
    if (!isMapping(query) || !Array.isArray(query['columns'])) continue;
    const prefix = typeof query['metric_prefix'] === 'string' && query['metric_prefix'] !== '' ? query['metric_prefix'] : undefined;
    query['columns'].forEach((c, i) => {
      if (!isMapping(c)) return;
      const here = `${where}: columns[${i}]`;
      for (const metric of submittedNames(c, prefix)) {
        const owner = owners.get(metric);
        if (!owner) owners.set(metric, { where: here });
        else if (owner.where !== here) {
          out.add(`${here}.name`, `metric "${metric}" is also submitted by ${owner.where}; one name per instance, or the series mix`);
        }
      }
    });
  }
}

/**
 * The legacy format as the Agent reads it (postgres config.py `map_custom_metrics`): a missing key or an unknown
 * collector method is a ConfigurationError; the format itself only earns a deprecation warning.
 */
function checkLegacyCustomMetrics(entries: unknown, at: string, out: Collector): void {
  if (!Array.isArray(entries)) {
    out.add(at, `must be a list, got ${show(entries)}`, 'refuses');
    return;
  }
  entries.forEach((m, i) => {
    const p = `${at}[${i}]`;
    out.add(p, 'custom_metrics is deprecated since Agent 6.5 (the Agent still runs it, and warns); convert it to custom_queries with `houndstack pg check --convert`');
    if (!isMapping(m)) {
      out.add(p, `must be a mapping with descriptors, metrics, query and relation, got ${show(m)}`, 'refuses');
      return;
    }
    for (const key of ['descriptors', 'metrics', 'query', 'relation']) {
      if (!(key in m)) out.add(`${p}.${key}`, 'is required in a custom_metrics entry (the Agent refuses the instance: "Missing parameter in custom metric")', 'refuses');
    }
    if (isMapping(m['metrics'])) {
      for (const [column, spec] of Object.entries(m['metrics'])) {
        const method = Array.isArray(spec) ? spec[1] : undefined;
        if (typeof method !== 'string' || !['RATE', 'GAUGE', 'MONOTONIC'].includes(method.toUpperCase())) {
          out.add(`${p}.metrics.${column}`, `${show(method)} is not a collector method; allowed: RATE, GAUGE, MONOTONIC`, 'refuses');
        }
      }
    }
  });
}

function checkInstance(
  instance: unknown,
  i: number,
  globals: unknown[],
  labels: QueryLabels | undefined,
  context: ValidationContext,
  out: Collector,
): void {
  const at = `instances[${i}]`;
  if (!isMapping(instance)) {
    out.add(at, `must be a mapping, got ${show(instance)}`, 'refuses');
    return;
  }
  // postgres config.py: "Specify a Postgres host to connect to." / "Please specify a user to connect to Postgres."
  // are configuration errors; a non-string fails the instance's config model.
  const str = (key: string, required: string | undefined) => {
    const v = instance[key];
    if (v === undefined || v === null || v === '') {
      if (required && !context.fragment) out.add(`${at}.${key}`, `is required (the Agent refuses the instance: "${required}")`, 'refuses');
    } else if (typeof v !== 'string') out.add(`${at}.${key}`, `must be a string, got ${show(v)}`, 'refuses');
  };
  str('host', 'Specify a Postgres host to connect to.');
  str('username', 'Please specify a user to connect to Postgres.');
  str('dbname', undefined);

  const port = instance['port'];
  if (port !== undefined && !isUnresolved(port)) {
    const n = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
    const template = typeof port === 'string' && /^%%port(_\w+)?%%$/.test(port);
    const number = typeof n === 'number' && Number.isInteger(n);
    if (!template && !number) {
      // `int(port)` in the check's config: a ValueError before the first run.
      out.add(`${at}.port`, `${show(port)} is not a TCP port (1-65535); the Agent refuses the instance`, 'refuses');
    } else if (!template && ((n as number) < 1 || (n as number) > 65535)) {
      out.add(`${at}.port`, `${show(port)} is not a TCP port (1-65535): every connection fails`);
    }
  }

  const password = instance['password'];
  if (password !== undefined && password !== null) {
    if (typeof password !== 'string') out.add(`${at}.password`, `must be a string, got ${show(password)}`, 'refuses');
    else {
      // The Agent accepts a literal; it is a finding for whoever can read the file, not a refusal.
      const p = passwordProblem(password);
      if (p) out.add(`${at}.password`, p.startsWith('is a literal password') ? `${p}; the Agent accepts it, but whoever can read this config has the password` : p);
    }
  }

  const ssl = instance['ssl'];
  if (ssl !== undefined && (typeof ssl !== 'string' || !SSL_MODES.includes(ssl))) {
    out.add(`${at}.ssl`, `${show(ssl)} is not an SSL mode, so the Agent warns and uses 'allow' (no certificate check); allowed: ${SSL_MODES.join(', ')}`);
  }

  const tags = instance['tags'];
  if (tags !== undefined && tags !== null && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) {
    out.add(`${at}.tags`, `must be a list of strings, got ${show(tags)} (the Agent refuses the instance)`, 'refuses');
  } else if (Array.isArray(tags)) checkTagList(tags, `${at}.tags`, out);

  for (const key of ['collect_activity_metrics', 'collect_database_size_metrics', 'dbm']) {
    const v = instance[key];
    if (v === undefined || v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string' && PYDANTIC_BOOL_STRINGS.has(v.toLowerCase())) out.add(`${at}.${key}`, `is the string ${show(v)}; the Agent reads it as a boolean, write true or false`);
    else if (v === 0 || v === 1) out.add(`${at}.${key}`, `is the number ${v}; the Agent reads it as a boolean, write true or false`);
    else out.add(`${at}.${key}`, `must be true or false, got ${show(v)} (the Agent refuses the instance)`, 'refuses');
  }
  const timeout = instance['query_timeout'];
  if (timeout !== undefined && timeout !== null) {
    const n = typeof timeout === 'string' && /^-?\d+$/.test(timeout.trim()) ? Number(timeout) : timeout;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      out.add(`${at}.query_timeout`, `must be a whole number of milliseconds, got ${show(timeout)} (the Agent refuses the instance)`, 'refuses');
    } else if (n <= 0) out.add(`${at}.query_timeout`, `${n} turns the statement timeout off: a stuck query holds the check run; the default is 5000 ms`);
  }
  const mci = instance['min_collection_interval'];
  if (mci !== undefined && mci !== null) {
    if (typeof mci !== 'number' || Number.isNaN(mci)) out.add(`${at}.min_collection_interval`, `must be a number of seconds, got ${show(mci)} (the Agent refuses the instance)`, 'refuses');
    else if (!(mci > 0)) out.add(`${at}.min_collection_interval`, `${mci} is not a positive number of seconds; the Agent's default is 15`);
  }

  const useGlobal = instance['use_global_custom_queries'];
  if (useGlobal !== undefined && (typeof useGlobal !== 'string' || !USE_GLOBAL.includes(useGlobal))) {
    out.add(
      `${at}.use_global_custom_queries`,
      `${show(useGlobal)} ${typeof useGlobal === 'boolean' ? 'is a YAML boolean; the Agent refuses it' : 'is not allowed'}: use the string 'true', 'false' or 'extend'`,
      'refuses',
    );
  }

  if (instance['custom_metrics'] !== undefined) checkLegacyCustomMetrics(instance['custom_metrics'], `${at}.custom_metrics`, out);

  const own = instance['custom_queries'];
  const applied: Array<{ query: unknown; where: string }> = [];
  if (own !== undefined && own !== null && !Array.isArray(own)) {
    out.add(`${at}.custom_queries`, `must be a list, got ${show(own)} (the Agent refuses the instance)`, 'refuses');
  } else if (Array.isArray(own)) {
    own.forEach((q, j) => {
      const where = checkQuery(q, `${at}.custom_queries[${j}]`, labels?.instances?.[i]?.[j], context.delivery, out);
      applied.push({ query: q, where });
    });
  }
  // The Agent's QueryManager: 'extend' adds the globals; the default ('true') uses them only without own queries.
  const ownCount = Array.isArray(own) ? own.length : 0;
  const mode = typeof useGlobal === 'string' ? useGlobal : 'true';
  if (mode === 'extend' || (mode === 'true' && ownCount === 0)) {
    // The Agent drops a global query identical to one the instance already has (iter_unique).
    const ownJson = new Set(applied.map((a) => JSON.stringify(a.query)));
    globals.forEach((q, j) => {
      if (ownJson.has(JSON.stringify(q))) return;
      const label = labels?.global?.[j] ?? (isMapping(q) && typeof q['metric_prefix'] === 'string' ? q['metric_prefix'] : undefined);
      applied.push({ query: q, where: `init_config.global_custom_queries[${j}]${label ? ` (${label})` : ''}` });
    });
  }
  checkDuplicateMetrics(applied, out);

  // Queries were checked with their own paths above.
  const connection = { ...instance };
  delete connection['custom_queries'];
  checkTemplates(connection, at, context.delivery, out);
}

/**
 * Every problem of a config in the Agent's own form (a parsed `conf.yaml`, or `renderPostgresCheck` output): what
 * the Agent refuses or crashes on, plus the column count against the SELECT list, metric names Datadog rejects,
 * duplicate metric names within an instance, literal passwords and unresolvable template variables.
 */
export function validateAgentConfig(raw: unknown, context: ValidationContext = {}, labels?: QueryLabels): Problem[] {
  const out = new Collector();
  if (!isMapping(raw)) {
    out.add('(file)', 'must be a mapping with init_config and instances (or a custom_queries: / custom_metrics: fragment); the Agent loads nothing', 'refuses');
    return out.problems;
  }
  const init = raw['init_config'];
  let globals: unknown[] = [];
  if (init !== undefined && init !== null && !isMapping(init)) out.add('init_config', `must be a mapping, got ${show(init)} (the Agent loads no instance)`, 'refuses');
  else if (isMapping(init) && init['global_custom_queries'] !== undefined) {
    const g = init['global_custom_queries'];
    if (!Array.isArray(g)) out.add('init_config.global_custom_queries', `must be a list, got ${show(g)} (the Agent refuses the instances that use it)`, 'refuses');
    else {
      globals = g;
      g.forEach((q, j) => {
        checkQuery(q, `init_config.global_custom_queries[${j}]`, labels?.global?.[j], context.delivery, out);
      });
    }
  }
  const instances = raw['instances'];
  if (!Array.isArray(instances) || instances.length === 0) {
    out.add('instances', 'is required: a list with at least one instance (without one the Agent runs nothing)', 'refuses');
    return out.problems;
  }
  instances.forEach((instance, i) => checkInstance(instance, i, globals, labels, context, out));
  return out.problems;
}

/** Every problem of a typed config, each naming the instance and query. */
export function validatePostgresCheck(config: PostgresCheckConfig, context: ValidationContext = {}): Problem[] {
  const labels: QueryLabels = {
    global: (config.initConfig?.globalCustomQueries ?? []).map((q) => q.name),
    instances: config.instances.map((inst) => (inst.customQueries ?? []).map((q) => q.name)),
  };
  return validateAgentConfig(renderPostgresCheck(config), context, labels);
}

/** Problems of one query on its own (no instance context: no duplicate-metric or delivery checks). */
export function validateCustomQuery(query: CustomQuery, at = 'custom_query'): Problem[] {
  const out = new Collector();
  checkQuery(renderCustomQuery(query), at, query.name, undefined, out);
  return out.problems;
}
