/**
 * Service time and queueing delay from nginx's JSON access logs, as data: the nginx `log_format` and proxy headers,
 * the Datadog pipeline that derives the two durations, and the log-based metrics on them. Pure (no cdktf): the
 * `NginxLatencyLogs` construct renders it, tests apply the very same pipeline to real nginx output.
 *
 * Where the queue is: behind nginx, a saturated upstream leaves new connections in its listen backlog; the kernel
 * completes their TCP handshake, so `$upstream_connect_time` stays flat and the wait lands inside
 * `$upstream_response_time`. Queueing delay is therefore upstream response time − the application's own service time
 * (a response header such as Rails' `X-Runtime`), or the queue time the application measured itself from nginx's
 * `X-Request-Start: t=<msec>`. `$request_time − $upstream_response_time` is nginx's and the client's share, not the
 * queue.
 */
import { metricNameProblem } from '../monitors/query/parser';
import { logSearchProblem } from '../monitors/query/logs-search';
import { formula, LogPipelineModel, LogProcessor } from './pipeline';

const { attr, divide, minus, num, times } = formula;

/** Unit of a duration an application reports in a header. */
export type HeaderTimeUnit = 'seconds' | 'milliseconds' | 'microseconds';

export interface NginxLatencyOptions {
  /** The application behind nginx (Datadog `service`). */
  readonly service: string;
  readonly env: string;
  /** Response header with the application's service time. @default 'X-Runtime' (Rails sets it, in seconds) */
  readonly serviceTimeHeader?: string;
  /** @default 'seconds' */
  readonly serviceTimeUnit?: HeaderTimeUnit;
  /**
   * Response header with the queue time the application measured from `X-Request-Start`; when a log has it, it is the
   * queueing delay, else upstream response time − service time is.
   * @default - none: queueing delay is always upstream response time − service time
   */
  readonly queueTimeHeader?: string;
  /** @default 'seconds' */
  readonly queueTimeUnit?: HeaderTimeUnit;
  /** Attribute the pipeline writes the service time to, in seconds. @default 'web.service_time' */
  readonly serviceTimeAttribute?: string;
  /** Attribute the pipeline writes the queueing delay to, in seconds. @default 'web.queueing_delay' */
  readonly queueingDelayAttribute?: string;
  /** Prefix of the log-based metrics (org-wide names). @default `web.<service>.<env>` (lower case, `_` for other characters) */
  readonly metricPrefix?: string;
  /** Logs the pipeline and metrics take. @default `source:nginx service:<service> env:<env>` */
  readonly filterQuery?: string;
  /** A request counts as queued above this delay (`<prefix>.queued_requests`). @default 100 */
  readonly queuedThresholdMilliseconds?: number;
  /** nginx `log_format` name. @default `datadog_<service>` */
  readonly logFormatName?: string;
  /** Path of the JSON access log the snippet's `access_log` writes (the Agent tails it). @default `/var/log/nginx/<service>.json.log` */
  readonly accessLogPath?: string;
}

/** Datadog's reserved attributes (Attributes and Aliasing): a pipeline must not write its durations there. */
export const RESERVED_LOG_ATTRIBUTES = ['host', 'source', 'status', 'service', 'trace_id', 'message'] as const;

const ATTRIBUTE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const LOG_FORMAT_NAME = /^[A-Za-z0-9_]+$/;

/** The attributes the JSON log line carries, path → nginx variable (quoted: a string; bare: a number). */
function logFields(o: Resolved): [string, string, 'string' | 'number'][] {
  const fields: [string, string, 'string' | 'number'][] = [
    ['date', '$time_iso8601', 'string'],
    ['message', '$request_method $request_uri $status', 'string'],
    ['service', o.service, 'string'],
    ['network.client.ip', '$remote_addr', 'string'],
    ['network.bytes_read', '$request_length', 'number'],
    ['network.bytes_written', '$bytes_sent', 'number'],
    ['http.method', '$request_method', 'string'],
    ['http.url', '$request_uri', 'string'],
    ['http.version', '$server_protocol', 'string'],
    ['http.status_code', '$status', 'number'],
    ['http.referer', '$http_referer', 'string'],
    ['http.useragent', '$http_user_agent', 'string'],
    ['http.request_id', '$request_id', 'string'],
    ['http.url_details.host', '$host', 'string'],
    ['http.url_details.path', '$uri', 'string'],
    ['nginx.request_time', '$request_time', 'number'],
    ['nginx.upstream.addr', '$upstream_addr', 'string'],
    ['nginx.upstream.status', '$upstream_status', 'string'],
    ['nginx.upstream.connect_time', '$upstream_connect_time', 'string'],
    ['nginx.upstream.header_time', '$upstream_header_time', 'string'],
    ['nginx.upstream.response_time', '$upstream_response_time', 'string'],
    [o.serviceTimeField, headerVariable(o.serviceTimeHeader), 'string'],
  ];
  if (o.queueTimeHeader) fields.push([o.queueTimeField, headerVariable(o.queueTimeHeader), 'string']);
  return fields;
}

/** `X-Runtime` → `$upstream_http_x_runtime`. */
export function headerVariable(header: string): string {
  return `$upstream_http_${header.toLowerCase().replace(/-/g, '_')}`;
}

interface Resolved {
  service: string;
  env: string;
  serviceTimeHeader: string;
  serviceTimeUnit: HeaderTimeUnit;
  queueTimeHeader: string | undefined;
  queueTimeUnit: HeaderTimeUnit;
  serviceTimeAttribute: string;
  queueingDelayAttribute: string;
  metricPrefix: string;
  filterQuery: string;
  queuedThresholdMilliseconds: number;
  logFormatName: string;
  accessLogPath: string;
  /** Where the raw header values land in the log. */
  serviceTimeField: string;
  queueTimeField: string;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_');

function resolve(o: NginxLatencyOptions): Resolved {
  const serviceTimeHeader = o.serviceTimeHeader ?? 'X-Runtime';
  const queueTimeHeader = o.queueTimeHeader;
  return {
    service: o.service,
    env: o.env,
    serviceTimeHeader,
    serviceTimeUnit: o.serviceTimeUnit ?? 'seconds',
    queueTimeHeader,
    queueTimeUnit: o.queueTimeUnit ?? 'seconds',
    serviceTimeAttribute: o.serviceTimeAttribute ?? 'web.service_time',
    queueingDelayAttribute: o.queueingDelayAttribute ?? 'web.queueing_delay',
    metricPrefix: o.metricPrefix ?? `web.${slug(o.service)}.${slug(o.env)}`,
    filterQuery: o.filterQuery ?? `source:nginx service:${o.service} env:${o.env}`,
    queuedThresholdMilliseconds: o.queuedThresholdMilliseconds ?? 100,
    logFormatName: o.logFormatName ?? `datadog_${slug(o.service)}`,
    accessLogPath: o.accessLogPath ?? `/var/log/nginx/${slug(o.service)}.json.log`,
    serviceTimeField: `nginx.upstream.header.${slug(serviceTimeHeader)}`,
    queueTimeField: `nginx.upstream.header.${slug(queueTimeHeader ?? 'queue_time')}`,
  };
}

/** A problem with one option: the field it names, the bad value and what is allowed. */
export interface NginxLatencyProblem {
  readonly field: string;
  readonly message: string;
}

/** Every problem with the options, each naming its field (options are synth-time values, never tokens). */
export function nginxLatencyProblems(o: NginxLatencyOptions): NginxLatencyProblem[] {
  const out: NginxLatencyProblem[] = [];
  const add = (field: string, message: string) => out.push({ field, message });
  const r = resolve(o);
  for (const [field, value] of [['serviceTimeHeader', o.serviceTimeHeader], ['queueTimeHeader', o.queueTimeHeader]] as const) {
    if (value !== undefined && !HEADER_NAME.test(value)) add(field, `${JSON.stringify(value)} is not an HTTP header name; allowed: letters, digits and '-', e.g. X-Runtime`);
  }
  if (o.queueTimeHeader !== undefined && o.queueTimeHeader.toLowerCase() === r.serviceTimeHeader.toLowerCase()) {
    add('queueTimeHeader', `${JSON.stringify(o.queueTimeHeader)} is also the service-time header; a header holds one duration`);
  }
  const written = new Set(logFields(r).map(([path]) => path));
  for (const [field, value] of [['serviceTimeAttribute', r.serviceTimeAttribute], ['queueingDelayAttribute', r.queueingDelayAttribute]] as const) {
    const root = value.split('.')[0];
    if ((RESERVED_LOG_ATTRIBUTES as readonly string[]).includes(value) || (RESERVED_LOG_ATTRIBUTES as readonly string[]).includes(root)) {
      add(field, `${JSON.stringify(value)} is an attribute Datadog reserves (${RESERVED_LOG_ATTRIBUTES.join(', ')}); choose another, e.g. web.${field === 'serviceTimeAttribute' ? 'service_time' : 'queueing_delay'}`);
    } else if (value === 'duration' || value.startsWith('duration.')) {
      add(field, `${JSON.stringify(value)} is Datadog's standard duration (nanoseconds, the whole request here); choose another name`);
    } else if (!ATTRIBUTE_PATH.test(value)) {
      add(field, `${JSON.stringify(value)} is not an attribute path; allowed: dot-separated names of letters, digits and _ (no '@', no spaces)`);
    } else if (written.has(value) || [...written].some((w) => w.startsWith(`${value}.`) || value.startsWith(`${w}.`))) {
      add(field, `${JSON.stringify(value)} is already written by the nginx log format; choose another name`);
    }
  }
  if (r.serviceTimeAttribute === r.queueingDelayAttribute) add('queueingDelayAttribute', `${JSON.stringify(r.queueingDelayAttribute)} is also serviceTimeAttribute; they must differ`);
  for (const m of metricNames(r)) {
    const problem = metricNameProblem(m);
    if (problem) {
      add('metricPrefix', `metric ${JSON.stringify(m)} is not a valid Datadog metric name: ${problem}`);
      break;
    }
  }
  const search = logSearchProblem(r.filterQuery);
  if (search) add('filterQuery', `${search} (got ${JSON.stringify(r.filterQuery)})`);
  if (!(r.queuedThresholdMilliseconds > 0)) add('queuedThresholdMilliseconds', `a threshold above 0 is needed (got ${r.queuedThresholdMilliseconds})`);
  if (o.logFormatName !== undefined && !LOG_FORMAT_NAME.test(o.logFormatName)) add('logFormatName', `${JSON.stringify(o.logFormatName)} is not an nginx format name; allowed: letters, digits and _`);
  if (o.accessLogPath !== undefined && (!o.accessLogPath.startsWith('/') || /[\s;'"{}]/.test(o.accessLogPath))) {
    add('accessLogPath', `${JSON.stringify(o.accessLogPath)} must be an absolute path without spaces, quotes, braces or ';'`);
  }
  return out;
}

function metricNames(r: Resolved): string[] {
  return Object.values(metricSet(r)).map((m) => m.name);
}

// ----------------------------------------------------------------------------------------------------------------
// nginx side

export interface NginxLogFormat {
  /** `log_format <name> escape=json '{…}';` for the `http` block. */
  readonly logFormat: string;
  /** `proxy_set_header` lines for the `location` that proxies to the application. */
  readonly proxyHeaders: string;
  /** `access_log <path> <name>;` for the `server` (or `location`). */
  readonly accessLog: string;
  /** All three with comments saying where each goes: the file houndstack writes. */
  readonly snippet: string;
  /**
   * The Agent's log collection for the file (`conf.d/nginx.d/<service>.yaml`): `source: nginx`, the service and the
   * `env` tag the pipeline filter selects on.
   */
  readonly agentLogsConfig: string;
  /** Attribute path → nginx variable, what the JSON line carries. */
  readonly fields: Readonly<Record<string, string>>;
}

type Tree = { [key: string]: Tree | [string, 'string' | 'number'] };

function jsonTemplate(fields: [string, string, 'string' | 'number'][]): string {
  const tree: Tree = {};
  for (const [path, variable, kind] of fields) {
    const parts = path.split('.');
    let at = tree;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Tree;
    at[parts[parts.length - 1]] = [variable, kind];
  }
  const render = (t: Tree): string => `{${Object.entries(t).map(([k, v]) => `"${k}":${Array.isArray(v) ? (v[1] === 'string' ? `"${v[0]}"` : v[0]) : render(v)}`).join(',')}}`;
  return render(tree);
}

/**
 * The nginx side: a JSON `log_format` (`escape=json`) whose attributes follow Datadog's standard names, durations in
 * seconds as nginx writes them (the pipeline turns them into nanoseconds for `duration`), upstream timings, the
 * request ID and the application's headers; and the headers nginx sends the application.
 */
export function nginxLogFormat(options: NginxLatencyOptions): NginxLogFormat {
  const r = resolve(options);
  const fields = logFields(r);
  // Numbers are written bare (always numeric in nginx); upstream values are strings: `-`, empty, or comma-separated.
  const logFormat = `log_format ${r.logFormatName} escape=json '${jsonTemplate(fields)}';`;
  const proxyHeaders = [
    'proxy_set_header X-Request-Start "t=${msec}";',
    'proxy_set_header X-Request-ID $request_id;',
  ].join('\n');
  const accessLog = `access_log ${r.accessLogPath} ${r.logFormatName};`;
  const snippet = [
    `# houndstack: nginx JSON access log for ${r.service} (${r.env}): service time and queueing delay in Datadog.`,
    `# The application reports its service time in the ${r.serviceTimeHeader} response header (${r.serviceTimeUnit})${r.queueTimeHeader ? ` and the queue time it measured from X-Request-Start in ${r.queueTimeHeader} (${r.queueTimeUnit})` : ''}.`,
    `# The Datadog Agent tails ${r.accessLogPath} (see the .agent.yaml file beside this one).`,
    '',
    '# In the http { } block:',
    logFormat,
    '',
    '# In the server { } block that serves the application:',
    accessLog,
    '',
    '# In the location { } block that proxies to the application (beside proxy_pass):',
    proxyHeaders,
    '',
  ].join('\n');
  const agentLogsConfig = [
    `# houndstack: copy to /etc/datadog-agent/conf.d/nginx.d/${slug(r.service)}.yaml (logs_enabled: true in datadog.yaml).`,
    'logs:',
    '  - type: file',
    `    path: ${r.accessLogPath}`,
    '    source: nginx',
    `    service: ${JSON.stringify(r.service)}`,
    `    tags: [${JSON.stringify(`env:${r.env}`)}]`,
    '',
  ].join('\n');
  return { logFormat, proxyHeaders, accessLog, snippet, agentLogsConfig, fields: Object.fromEntries(fields.map(([p, v]) => [p, v])) };
}

// ----------------------------------------------------------------------------------------------------------------
// Datadog side

const TO_SECONDS: Record<HeaderTimeUnit, number> = { seconds: 1, milliseconds: 1000, microseconds: 1_000_000 };

/** Attributes the pipeline writes besides the two durations. */
export const DERIVED_ATTRIBUTES = {
  /** The last upstream's response time, seconds: the one whose headers the log carries. */
  lastUpstreamResponseTime: 'nginx.upstream.last_response_time',
  statusClass: 'http.status_class',
  statusCategory: 'http.status_category',
} as const;

/**
 * The pipeline: `duration` (ns) from `$request_time`; the last upstream's response time (nginx lists one per upstream
 * tried, `a, b` or `a : b` across internal redirects; `-` or empty when there was none, and then nothing is computed);
 * the service time in seconds; the queueing delay; status class and status.
 */
export function nginxLatencyPipeline(options: NginxLatencyOptions): LogPipelineModel {
  const r = resolve(options);
  const last = DERIVED_ATTRIBUTES.lastUpstreamResponseTime;
  const seconds = (field: string, unit: HeaderTimeUnit) => (TO_SECONDS[unit] === 1 ? times(attr(field), num(1)) : divide(attr(field), num(TO_SECONDS[unit])));
  const processors: LogProcessor[] = [
    { type: 'arithmetic', name: 'duration (ns) from nginx request_time (s)', target: 'duration', expression: times(attr('nginx.request_time'), num(1_000_000_000)) },
    {
      type: 'grok',
      name: 'last upstream response time',
      source: 'nginx.upstream.response_time',
      matchRules: [
        { name: 'one_upstream', pieces: [{ matcher: 'number', target: last }] },
        { name: 'several_upstreams', pieces: [{ matcher: 'data' }, ', ', { matcher: 'number', target: last }] },
        { name: 'internal_redirect', pieces: [{ matcher: 'data' }, ' : ', { matcher: 'number', target: last }] },
      ],
      samples: ['0.105', '0.002, 0.105', '0.003 : 0.105'],
    },
    { type: 'arithmetic', name: `service time (s) from ${r.serviceTimeHeader}`, target: r.serviceTimeAttribute, expression: seconds(r.serviceTimeField, r.serviceTimeUnit) },
    { type: 'arithmetic', name: 'queueing delay (s) = upstream response time - service time', target: r.queueingDelayAttribute, expression: minus(attr(last), attr(r.serviceTimeAttribute)) },
  ];
  if (r.queueTimeHeader) {
    // After the subtraction: when the application measured its queue time, that value wins (the target is overwritten).
    processors.push({ type: 'arithmetic', name: `queueing delay (s) from ${r.queueTimeHeader}`, target: r.queueingDelayAttribute, expression: seconds(r.queueTimeField, r.queueTimeUnit) });
  }
  processors.push(
    {
      type: 'category',
      name: 'status class',
      target: DERIVED_ATTRIBUTES.statusClass,
      categories: [1, 2, 3, 4, 5].map((c) => ({ name: `${c}xx`, query: `@http.status_code:[${c}00 TO ${c}99]` })),
    },
    {
      type: 'category',
      name: 'status category',
      target: DERIVED_ATTRIBUTES.statusCategory,
      categories: [
        { name: 'error', query: '@http.status_code:[500 TO 599]' },
        { name: 'warn', query: '@http.status_code:[400 TO 499]' },
        { name: 'info', query: '@http.status_code:[100 TO 399]' },
      ],
    },
    { type: 'status-remapper', name: 'status from the status category', sources: [DERIVED_ATTRIBUTES.statusCategory] },
  );
  return { name: `nginx latency: ${r.service} (${r.env})`, filterQuery: r.filterQuery, processors };
}

/** One log-based metric: a distribution of a measure or a count of matching logs. */
export interface LogMetricModel {
  readonly name: string;
  readonly kind: 'distribution' | 'count';
  /** Measure path for distributions (`@web.service_time`). */
  readonly path?: string;
  readonly filterQuery: string;
  /** path → tag name */
  readonly groupBy: readonly { readonly path: string; readonly tagName: string }[];
}

function metricSet(r: Resolved): Record<'requestTime' | 'serviceTime' | 'queueingDelay' | 'requests' | 'queuedRequests', LogMetricModel> {
  const groupBy = [{ path: 'service', tagName: 'service' }, { path: `@${DERIVED_ATTRIBUTES.statusClass}`, tagName: 'status_class' }];
  const proxied = `${r.filterQuery} @${r.queueingDelayAttribute}:*`;
  return {
    requestTime: { name: `${r.metricPrefix}.request_time`, kind: 'distribution', path: '@nginx.request_time', filterQuery: r.filterQuery, groupBy },
    serviceTime: { name: `${r.metricPrefix}.service_time`, kind: 'distribution', path: `@${r.serviceTimeAttribute}`, filterQuery: r.filterQuery, groupBy },
    queueingDelay: { name: `${r.metricPrefix}.queueing_delay`, kind: 'distribution', path: `@${r.queueingDelayAttribute}`, filterQuery: r.filterQuery, groupBy },
    requests: { name: `${r.metricPrefix}.requests`, kind: 'count', filterQuery: proxied, groupBy },
    queuedRequests: {
      name: `${r.metricPrefix}.queued_requests`,
      kind: 'count',
      filterQuery: `${r.filterQuery} @${r.queueingDelayAttribute}:>${r.queuedThresholdMilliseconds / 1000}`,
      groupBy,
    },
  };
}

/**
 * The log-based metrics, seconds for durations (so monitor thresholds read as seconds), by service and status class:
 * request time (what users see), service time, queueing delay; and the count of proxied requests with a queueing
 * delay and of those queued longer than the threshold (their ratio is the share of requests that queue).
 */
export function nginxLatencyMetrics(options: NginxLatencyOptions): ReturnType<typeof metricSet> {
  return metricSet(resolve(options));
}

/** The resolved defaults callers show (prefix, filter, attributes). */
export function nginxLatencySettings(options: NginxLatencyOptions): Readonly<Resolved> {
  return resolve(options);
}
