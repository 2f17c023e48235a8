/**
 * `houndstack pg preview`: what the Agent would submit for each custom query, following its rules
 * (datadog_checks_base QueryManager and AgentCheck): NULL metric skipped, NULL tag `name:None`, column-count
 * mismatch skips every row, a SQL error skips the query, metric names `<metric_prefix>.<column>`.
 */
import { Client } from 'pg';
import { DEFAULT_METRIC_PREFIX } from '../constructs/postgres-check/render';

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Submission {
  readonly kind: 'metric' | 'service_check' | 'metadata';
  readonly name: string;
  /** gauge, count, monotonic_count, rate, histogram, historate; service checks: the status. */
  readonly type: string;
  readonly value: number | string;
  readonly tags: string[];
}

export interface QueryOutcome {
  /** Where the query is in the file. */
  readonly where: string;
  /** The Agent's name for it: `custom query #N`. */
  readonly agentName: string;
  readonly submissions: Submission[];
  /** What the Agent would log (errors), in its words where it has words. */
  readonly errors: string[];
}

/** Python's str() of a driver value, as the Agent formats tags. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '+00:00');
  return String(value);
}

/** datadog_checks.base.is_affirmative */
function isAffirmative(value: unknown): boolean {
  if (typeof value === 'string') return ['yes', 'true', '1', 'y', 'on'].includes(value.toLowerCase());
  return Boolean(value);
}

const TIME_UNITS: Record<string, number> = { second: 1, millisecond: 1e3, microsecond: 1e6, nanosecond: 1e9 };
const METRIC_TYPES = new Set(['gauge', 'count', 'monotonic_count', 'rate', 'histogram', 'historate']);

class CheckRunCrash extends Error {}

/** AgentCheck._submit_metric: float(value); a NULL is skipped, text is a warning, a timestamp a TypeError. */
function toFloat(value: unknown, metric: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date || isMapping(value) || Array.isArray(value)) {
    throw new CheckRunCrash(`float() of ${value instanceof Date ? 'a timestamp' : 'a structured value'} in metric ${metric}: the whole check run crashes (use time_elapsed or EXTRACT(EPOCH FROM …))`);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (String(value).trim() === '' || Number.isNaN(n)) throw new Error(`Metric: ${metric} has non float value: ${pyStr(value)}. Only float values can be submitted as metrics.`);
  return n;
}

function submitMetric(out: Submission[], type: string, name: string, value: unknown, tags: string[]): void {
  const v = toFloat(value, name);
  if (v === undefined) return;
  if (type === 'monotonic_gauge') {
    out.push({ kind: 'metric', name: `${name}.total`, type: 'gauge', value: v, tags });
    out.push({ kind: 'metric', name: `${name}.count`, type: 'monotonic_count', value: v, tags });
  } else {
    out.push({ kind: 'metric', name, type, value: v, tags });
  }
}

/** One row through the query's columns, as QueryExecutor.execute does. */
function evaluateRow(query: Mapping, row: unknown[], baseTags: string[], now: Date): { submissions: Submission[]; errors: string[] } {
  const columns = query['columns'] as unknown[];
  const prefix = typeof query['metric_prefix'] === 'string' ? query['metric_prefix'] : undefined;
  const metricName = (n: string) => `${prefix ?? DEFAULT_METRIC_PREFIX}.${n}`;
  const rawName = (n: string) => (prefix !== undefined ? n : `${DEFAULT_METRIC_PREFIX}.${n}`);
  const tags = [...baseTags];
  const sources: Record<string, unknown> = {};
  const queue: Array<() => void> = [];
  const submissions: Submission[] = [];
  const errors: string[] = [];
  columns.forEach((c, i) => {
    if (!isMapping(c) || Object.keys(c).length === 0) return;
    const name = String(c['name']);
    const type = String(c['type']);
    const value = row[i];
    sources[name] = value;
    switch (type) {
      case 'source':
        return;
      case 'tag':
        tags.push(`${name}:${c['boolean'] !== undefined && isAffirmative(c['boolean']) ? String(isAffirmative(value)).toLowerCase() : pyStr(value)}`);
        return;
      case 'tag_not_null':
        if (value !== null && value !== undefined) tags.push(`${name}:${pyStr(value)}`);
        return;
      case 'tag_list': {
        const items = Array.isArray(value) ? value : String(value).split(',').map((v) => v.trim());
        tags.push(...items.map((v) => `${name}:${pyStr(v)}`));
        return;
      }
      default:
        break;
    }
    queue.push(() => {
      if (METRIC_TYPES.has(type) || type === 'monotonic_gauge') submitMetric(submissions, type, metricName(name), value, tags);
      else if (type === 'temporal_percent') {
        const scale = typeof c['scale'] === 'string' ? TIME_UNITS[c['scale'].toLowerCase()]! : Number(c['scale']);
        const v = toFloat(value, metricName(name));
        if (v !== undefined) submissions.push({ kind: 'metric', name: metricName(name), type: 'rate', value: (v / scale) * 100, tags });
      } else if (type === 'time_elapsed') {
        if (value === null || value === undefined) return;
        const at = value instanceof Date ? value : new Date(String(value));
        submissions.push({ kind: 'metric', name: metricName(name), type: 'gauge', value: (now.getTime() - at.getTime()) / 1000, tags });
      } else if (type === 'match') {
        const items = isMapping(c['items']) ? c['items'] : {};
        const item = items[pyStr(value)];
        if (!isMapping(item)) return;
        const source = String(item['source'] ?? c['source']);
        submitMetric(submissions, String(item['type']), rawName(String(item['name'])), sources[source], tags);
      } else if (type === 'service_check') {
        const map = isMapping(c['status_map']) ? c['status_map'] : {};
        const status = map[pyStr(value)];
        submissions.push({ kind: 'service_check', name: metricName(name), type: typeof status === 'string' ? status.toUpperCase() : 'UNKNOWN', value: pyStr(value), tags });
      } else if (type === 'metadata') {
        submissions.push({ kind: 'metadata', name, type: 'metadata', value: pyStr(value), tags });
      }
    });
  });
  for (const submit of queue) {
    try {
      submit();
    } catch (e) {
      if (e instanceof CheckRunCrash) throw e;
      errors.push((e as Error).message);
    }
  }
  return { submissions, errors };
}

/** The preview could not connect: the message says why in a user's words, never with the password. */
export class PreviewConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewConnectionError';
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

/** pg's connection failures, by code: network errors (Node) and the server's SQLSTATEs. */
function connectionProblem(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  switch (code) {
    case 'ECONNREFUSED':
      return 'cannot connect: connection refused (is PostgreSQL running and listening on that host and port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot connect: host not found';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot connect: ${code === 'ETIMEDOUT' ? 'timed out' : 'host unreachable'}`;
    case '28P01':
    case '28000':
      return `login refused: ${message}`;
    case '3D000':
      return `unknown database: ${message}`;
    default:
      if (/timeout/i.test(message)) return `cannot connect: no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
      return `cannot connect: ${message}`;
  }
}

export interface PreviewTarget {
  readonly where: string;
  readonly query: Mapping;
}

/**
 * Runs each query on one connection like the Agent's QueryManager: `statement_timeout` = query_timeout, one
 * query after the other, errors logged and the query skipped.
 */
export async function previewQueries(
  url: string,
  targets: PreviewTarget[],
  options: { instanceTags?: string[]; queryTimeoutMs?: number } = {},
): Promise<{ outcomes: QueryOutcome[]; crash?: string }> {
  const client = new Client({ connectionString: url, application_name: 'houndstack-pg-preview', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A client that failed to connect may still emit 'error' later (a reset socket): never an unhandled event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new PreviewConnectionError(connectionProblem(e));
  }
  const outcomes: QueryOutcome[] = [];
  try {
    await client.query(`SET statement_timeout = ${Math.trunc(options.queryTimeoutMs ?? 5000)}`);
    for (const [n, { where, query }] of targets.entries()) {
      const agentName = `custom query #${n + 1}`;
      const baseTags = [...(options.instanceTags ?? []), ...((query['tags'] as string[] | undefined) ?? [])];
      const outcome: QueryOutcome = { where, agentName, submissions: [], errors: [] };
      outcomes.push(outcome);
      let rows: unknown[][];
      try {
        rows = (await client.query({ text: String(query['query']), rowMode: 'array' })).rows;
      } catch (e) {
        outcome.errors.push(`Error querying ${agentName}: ${(e as Error).message}`);
        continue;
      }
      const columns = query['columns'] as unknown[];
      const now = new Date();
      for (const row of rows) {
        if (row.length !== columns.length) {
          outcome.errors.push(`Query ${agentName} expected ${columns.length} column${columns.length > 1 ? 's' : ''}, got ${row.length}`);
          continue;
        }
        try {
          const r = evaluateRow(query, row, baseTags, now);
          outcome.submissions.push(...r.submissions);
          outcome.errors.push(...r.errors);
        } catch (e) {
          return { outcomes, crash: `${where}: ${(e as Error).message}` };
        }
      }
    }
  } finally {
    await client.end();
  }
  return { outcomes };
}

export function formatSubmission(s: Submission): string {
  const tags = s.tags.length > 0 ? s.tags.join(',') : '-';
  return `${s.kind === 'metric' ? 'metric' : s.kind} ${s.name} ${s.type} ${s.value} ${tags}`;
}
