/**
 * The parser's test set: real monitor queries, valid and invalid, with where each came from.
 *
 * Sources (short names used below):
 * - API-REF: Datadog API reference, "Create a monitor" → Query Types (docs.datadoghq.com/api/latest/monitors/; the
 *   same text is the docstring of `create_monitor` in DataDog/datadog-api-client-python).
 * - API-EX: DataDog/datadog-api-client-typescript, examples/v1/monitors/*.ts (official request examples).
 * - TF-DOC: DataDog/terraform-provider-datadog, docs/resources/monitor.md.
 * - TF-TEST: the Datadog provider's acceptance tests (recorded against Datadog).
 * - DOC-FILTER: docs.datadoghq.com/metrics/advanced-filtering/ (boolean and wildcard scope examples); the metric part
 *   is from the page, the `avg(last_5m):… > N` around it is ours.
 * - DOC-SMOOTH: docs.datadoghq.com/dashboards/functions/smoothing/ (ewma_N list; autosmooth refused in monitors).
 * - DOC-ACTIONS: docs.datadoghq.com workflow action "Create monitor" (logs query examples).
 * - DOC-ANOMALY: docs.datadoghq.com/monitors/types/anomaly/ ("API" section; also the provider's acceptance test).
 * - DOC-FORECAST: docs.datadoghq.com/monitors/types/forecasts/ (API query format).
 * - PUBLIC-TF: `datadog_monitor` queries in public Terraform/YAML repositories found by code search (real, in use).
 * - GIST-2017: a 2017 `terraform apply` transcript creating an outlier monitor with 'DBSCAN' (accepted by Datadog).
 * - FACTS: /work/shared/FACTS.md "Monitors"; ISSUE: issue 4.
 * - OURS: written for this set to exercise one rule; the note says which.
 */
export interface QueryCase {
  readonly query: string;
  readonly valid: boolean;
  /** Expected 1-based error column (invalid cases). */
  readonly column?: number;
  /** A fragment the error message must contain (invalid cases). */
  readonly message?: string;
  readonly note: string;
  readonly source: string;
}

export const VALID_CASES: readonly QueryCase[] = [
  // --- metric threshold ------------------------------------------------------------------------------------------
  { query: 'avg(last_1h):avg:aws.ec2.cpu{environment:foo,host:foo} by {host} > 4', valid: true, note: 'comma scope, group-by', source: 'TF-DOC' },
  { query: 'avg(last_1h):avg:system.disk.in_use{role:sqlserver} by {host} > 90', valid: true, note: 'threshold must match critical', source: 'TF-DOC' },
  { query: 'avg(last_5m):sum:system.net.bytes_rcvd{host:host0} > 100', valid: true, note: 'API create example', source: 'API-EX CreateMonitor.ts' },
  { query: 'avg(current_1mo):avg:system.load.5{*} > 0.5', valid: true, note: 'cumulative window, decimal threshold', source: 'API-EX CreateMonitor_2012680290.ts' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:staging AND (availability-zone:us-east-1a OR availability-zone:us-east-1c)} by {availability-zone} > 80', valid: true, note: 'boolean scope with parentheses', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:shop.ist AND availability-zone IN (us-east-1a, us-east-1b, us-east4-b)} by {availability-zone} > 80', valid: true, note: 'IN list', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod AND location NOT IN (atlanta,seattle,las-vegas)} > 80', valid: true, note: 'NOT IN list', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.disk.in_use{!device:/dev/loop*} by {device} > 0.9', valid: true, note: 'negated wildcard, slashes in a value', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):sum:kubernetes.pods.running{service:*-canary} by {service} < 1', valid: true, note: 'leading wildcard', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.disk.utilized{region:*east*} > 90', valid: true, note: 'substring wildcard', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod and not region:us-east-1} > 80', valid: true, note: 'lower-case boolean operators are accepted', source: 'DOC-FILTER' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod,!region:us-east-1} > 80', valid: true, note: 'comma style with ! negation', source: 'FACTS' },
  { query: 'avg(last_5m):avg:system.cpu.user{production} > 90', valid: true, note: 'bare tag', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{host:web-01} >= 90.5', valid: true, note: '>= and decimal', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} != 0', valid: true, note: '!= comparator', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} == 1', valid: true, note: '== comparator', source: 'OURS' },
  { query: 'avg(last_5m):avg:temperature.celsius{site:arctic} < -40', valid: true, note: 'negative threshold', source: 'OURS' },
  { query: 'min(last_1w):avg:system.uptime{*} by {host} < 3600', valid: true, note: 'last_1w', source: 'API-REF windows' },
  { query: 'max(last_10080m):max:system.disk.in_use{*} <= 0.99', valid: true, note: 'largest minute window', source: 'API-REF windows' },
  { query: 'sum(last_168h):sum:app.orders{*}.as_count() < 1', valid: true, note: 'largest hour window', source: 'API-REF windows' },
  { query: 'sum(current_1d):sum:app.signups{*}.as_count() < 10', valid: true, note: 'current_1d', source: 'FACTS' },
  { query: 'avg(current_1h):avg:system.load.1{*} > 4', valid: true, note: 'current_1h', source: 'FACTS' },
  { query: 'sum(last_5m):sum:trace.flask.request.errors{service:web,env:prod}.as_count() / sum:trace.flask.request.hits{service:web,env:prod}.as_count() > 0.05', valid: true, note: 'APM error rate: ratio of counts', source: 'ISSUE (APM trace metrics)' },
  { query: 'avg(last_10m):p99:trace.http.request{service:web,env:prod} > 0.5', valid: true, note: 'APM p99 latency (distribution percentile)', source: 'ISSUE (APM trace metrics)' },
  { query: 'percentile(last_1d):p99:trace.fastapi.request{service:svc-mark-tech} by {kube_cluster_name,env} > 10', valid: true, note: 'percentile over the window of a distribution', source: 'PUBLIC (incident write-up quoting a live monitor)' },
  { query: 'percentile(last_5m):p95:http.request.duration{service:api} > 0.5', valid: true, note: 'percentile time aggregation', source: 'PUBLIC-TF (YAML monitor set)' },
  { query: 'avg(last_15m):default_zero(sum:aws.elb.httpcode_elb_5xx{*}.as_count()) > 10', valid: true, note: 'default_zero around a count', source: 'FACTS functions' },
  { query: 'avg(last_1h):ewma_5(avg:system.load.1{*}) > 4', valid: true, note: 'smoothing', source: 'DOC-SMOOTH' },
  { query: 'avg(last_1h):ewma_20(avg:system.load.1{*}) - week_before(avg:system.load.1{*}) > 4', valid: true, note: 'arithmetic between functions', source: 'FACTS functions' },
  { query: 'max(last_5m):per_second(sum:aws.sqs.number_of_messages_sent{*}.as_count()) > 100', valid: true, note: 'per_second', source: 'FACTS functions' },
  { query: 'avg(last_5m):abs(diff(avg:system.load.1{*})) > 2', valid: true, note: 'nested functions', source: 'FACTS functions' },
  { query: 'avg(last_5m):log10(avg:app.queue.depth{*}) > 3', valid: true, note: 'log10', source: 'OURS' },
  { query: 'avg(last_5m):exclude_null(avg:kubernetes.cpu.usage.total{*} by {kube_deployment}) > 1000000', valid: true, note: 'exclude_null', source: 'FACTS functions' },
  { query: "avg(last_5m):top(avg:system.cpu.user{*} by {host}, 10, 'mean', 'desc') > 90", valid: true, note: 'top with arguments', source: 'PUBLIC-TF (inside anomalies)' },
  { query: 'avg(last_10m):avg:system.cpu.idle{*}.rollup(avg, 60).fill(zero) < 10', valid: true, note: 'rollup and fill', source: 'FACTS modifiers' },
  { query: 'sum(last_1h):sum:app.jobs.failed{env:prod} by {queue}.as_count().fill(null, 300) > 5', valid: true, note: 'modifiers after by {…}; fill limit', source: 'FACTS modifiers' },
  { query: 'avg(last_5m):sum:docker.containers.running{*}.rollup(max) <= 0', valid: true, note: 'rollup without interval', source: 'FACTS modifiers' },
  { query: 'avg(last_5m):100 * (1 - avg:system.mem.usable{*} by {host} / avg:system.mem.total{*} by {host}) > 90', valid: true, note: 'numbers and parentheses in arithmetic', source: 'FACTS arithmetic' },
  { query: 'avg(last_5m):-avg:system.cpu.user{*} < -90', valid: true, note: 'unary minus on a series', source: 'OURS' },
  { query: '  avg(last_5m) : avg:system.cpu.user{ env:prod , host:a }  by { host }  >  90  ', valid: true, note: 'spaces around tokens', source: 'OURS' },
  // --- change ----------------------------------------------------------------------------------------------------
  { query: 'change(avg(last_5m),last_5m):avg:system.load.1{*} > 3', valid: true, note: 'change, UI form', source: 'FACTS' },
  { query: 'pct_change(avg(last_1h),1h_ago):sum:nginx.net.request_per_s{env:prod} < -50', valid: true, note: 'pct_change with #h_ago shift', source: 'API-REF change form' },
  { query: 'change(max(last_2d),1d_ago):avg:system.disk.used{*} by {host} > 1000000000', valid: true, note: 'last_2d allowed in change', source: 'API-REF change form' },
  // --- anomaly ---------------------------------------------------------------------------------------------------
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{name:cassandra}, 'basic', 2, direction='above', alert_window='last_15m', interval=60, count_default_zero='true') >= 1", valid: true, note: 'basic anomaly, all arguments', source: 'FACTS anomaly grammar' },
  { query: "avg(last_4h):anomalies(sum:aws.firehose.incoming_bytes{account_name:prod}, 'agile', 2, direction='above', interval=60, alert_window='last_15m', seasonality='hourly', timezone='utc', count_default_zero='true') >= 1", valid: true, note: 'agile, hourly seasonality, timezone', source: 'PUBLIC-TF' },
  { query: "avg(last_1h):anomalies(sum:trace.graphql.resolve.errors{env:prod} by {resource_name}.as_count(), 'agile', 2, direction='above', interval=120, alert_window='last_30m', seasonality='daily', count_default_zero='true') >= 0.5", valid: true, note: 'fractional threshold', source: 'PUBLIC-TF' },
  { query: "avg(last_4h):anomalies(top(max:mongodb.atlas.system.cpu.norm.user{*} by {hostnameport}, 10, 'mean', 'desc'), 'agile', 2, direction='both', alert_window='last_30m', interval=120, count_default_zero='true') >= 1", valid: true, note: 'function inside anomalies', source: 'PUBLIC-TF' },
  { query: "avg(last_30m):anomalies(sum:cf.cc.log_count.error{deployment:prod}, 'agile', 2, direction='above') >= 0.5", valid: true, note: 'few named arguments', source: 'PUBLIC-TF (alphagov)' },
  { query: "avg(last_1d):anomalies(sum:aws.apigateway.4xxerror{*} by {env,aws_account,apiname}.as_count(), 'robust', 3, direction='both', interval=300, alert_window='last_1h', count_default_zero='true', seasonality='weekly') >= 1", valid: true, note: 'robust, weekly', source: 'PUBLIC-TF (algorithm changed to robust)' },
  { query: "avg(last_1h):anomalies(avg:system.cpu.system{name:cassandra}, 'basic', 3, direction='above', alert_window='last_5m', interval=20, count_default_zero='true') >= 1", valid: true, note: 'documented anomaly example', source: 'DOC-ANOMALY' },
  { query: "avg(last_5m):anomalies(avg:system.cpu.system{name:cassandra}, 'basic', 3, direction='above') >= 0.8", valid: true, note: 'older documented example, fraction threshold', source: 'DOC-ANOMALY (FAQ)' },
  // --- forecast --------------------------------------------------------------------------------------------------
  { query: "max(next_1w):forecast(avg:system.disk.in_use{*} by {host}, 'linear', 1, interval='60m', history='1w', model='default') >= 0.9", valid: true, note: 'linear forecast', source: 'FACTS forecast grammar' },
  { query: "max(next_3d):forecast(max:system.disk.in_use{env:prod} by {host,device}, 'seasonal', 2, interval='60m', seasonality='weekly') >= 0.95", valid: true, note: 'seasonal forecast', source: 'FACTS forecast grammar' },
  { query: "max(next_1w):forecast(avg:system.load.1{*}, 'linear', 1, interval='60m', history='1w', model='default') >= 3", valid: true, note: 'forecast with every option', source: 'PUBLIC-TF (serverless plugin docs)' },
  { query: 'max(next_3d):forecast((1 - avg:system.disk.free{*} by {host,device} / avg:system.disk.total{*} by {host,device}) * 100, "seasonal", 1, interval="60m", seasonality="weekly") >= 99', valid: true, note: 'arithmetic inside forecast, double quotes', source: 'PUBLIC (a Go monitor-query parser test)' },
  // --- outliers --------------------------------------------------------------------------------------------------
  { query: "avg(last_30m):outliers(avg:system.cpu.user{role:es-events-data} by {host}, 'dbscan', 7) > 0", valid: true, note: 'outlier example', source: 'API-REF' },
  { query: "avg(last_5m):outliers(avg:chef.resources.updated{env:prod} by {host}, 'DBSCAN', 3.0) > 0", valid: true, note: 'old upper-case algorithm spelling', source: 'GIST-2017' },
  { query: "avg(last_1h):outliers(avg:app.latency{*} by {host}, 'mad', 3, 20) > 0", valid: true, note: 'MAD with percentage', source: 'FACTS outlier grammar' },
  { query: "avg(last_1h):outliers(avg:app.latency{*} by {host}, 'scaledMAD', 3) > 0", valid: true, note: 'scaledMAD', source: 'FACTS outlier grammar' },
  // --- service checks --------------------------------------------------------------------------------------------
  { query: '"datadog.agent.up".over("*").by("host").last(2).count_by_status()', valid: true, note: 'agent up', source: 'FACTS service check grammar' },
  { query: '"custom.check".by("environment:foo").last(2).count_by_status()', valid: true, note: 'no .over()', source: 'TF-TEST' },
  { query: '"ntp.in_sync".over("env:prod").by("host").last(2).count_by_status()', valid: true, note: 'ntp', source: 'PUBLIC-TF' },
  { query: '"http.can_connect".over("env:prod","role:web").exclude("host:canary-1").by("host","instance").last(3).count_by_status()', valid: true, note: 'exclude and several groups', source: 'FACTS service check grammar' },
  { query: '"postgres.can_connect".over("*").last(4).by("host","port","db").count_by_status()', valid: true, note: 'API reference order: over, last, by', source: 'API-REF' },
  { query: '"datadog.agent.up".over("*").by("host").last(100).count_by_status()', valid: true, note: 'last(100) is the limit', source: 'API-REF' },
  // --- source family ---------------------------------------------------------------------------------------------
  { query: 'logs("@http.status_code:[500 TO 599]").index("*").rollup("count").last("20m") > 5', valid: true, note: 'logs count', source: 'DOC-ACTIONS' },
  { query: 'logs("foo").index("*").rollup("count").by("@service").last("1m") > 0', valid: true, note: 'logs by facet', source: 'DOC-ACTIONS' },
  { query: 'logs("service:foo AND type:error").index("main").rollup("count").by("source").last("5m") > 2', valid: true, note: 'logs validate example', source: 'API-EX ValidateMonitor.ts' },
  { query: 'logs("service:web").index("*").rollup("avg", "@duration").by("@http.url_details.path").last("15m") > 2000000000', valid: true, note: 'logs measure', source: 'API-REF logs grammar' },
  { query: 'logs("status:error").index("*").rollup("cardinality", "@usr.id").last("48h") > 100', valid: true, note: 'cardinality; 48h is the limit', source: 'API-REF logs grammar' },
  { query: 'ci-pipelines("ci_level:pipeline @git.branch:staging* @ci.status:error").rollup("count").by("@git.branch,@ci.pipeline.name").last("5m") >= 1', valid: true, note: 'CI pipelines', source: 'API-EX CreateMonitor_3790803616.ts' },
  { query: 'ci-tests("type:test @git.branch:staging* @test.status:fail").rollup("count").by("@test.name").last("5m") >= 1', valid: true, note: 'CI tests', source: 'API-EX CreateMonitor_2520912138.ts' },
  { query: 'error-tracking-rum("service:foo AND @error.source:source").rollup("count").by("@issue.id").last("1h") >= 1', valid: true, note: 'error tracking', source: 'API-EX CreateMonitor_440013737.ts' },
  { query: 'llm-observability("*").rollup("count").last("2h") > 0', valid: true, note: 'LLM observability', source: 'API-EX CreateMonitor_1348801712.ts' },
  { query: 'formula("query1 / query2 * 100").last("15m") >= 0.8', valid: true, note: 'formula over variables', source: 'API-EX CreateMonitor_3824294658.ts' },
  { query: 'formula("query1").rollup("sum").last("5m") > 100', valid: true, note: 'formula rollup', source: 'API-EX CreateMonitor_2082938111.ts' },
  { query: "processes('java').over('example-tag').rollup('count').last('10m') > 1", valid: true, note: 'process alert, single quotes', source: 'PUBLIC-TF (process alert)' },
  { query: 'rum("@type:view env:prod @view.device.type:mobile").rollup("pc75", "@view.largest_contentful_paint").last("30m") > 4000', valid: true, note: 'RUM percentile', source: 'PUBLIC-TF' },
  { query: 'trace-analytics("service:scanner").rollup("count").last("45m") < 1', valid: true, note: 'trace analytics', source: 'PUBLIC-TF' },
  { query: 'trace-analytics("env:prod service:spellbot").index("trace-search", "djm-search").rollup("avg", "@duration").last("5m") > 1000000000', valid: true, note: 'two indexes', source: 'PUBLIC-TF (abridged search)' },
  { query: 'events("sources:nagios status:error priority:normal").rollup("count").last("1h") > 10', valid: true, note: 'event-v2', source: 'API-REF event grammar' },
  { query: 'audits("@evt.name:Request @action:deleted").rollup("count").last("5m") > 0', valid: true, note: 'audit trail', source: 'API-REF audit grammar' },
  // --- composites ------------------------------------------------------------------------------------------------
  { query: '12345 && 67890', valid: true, note: 'composite', source: 'API-REF' },
  { query: '123 && (456 || !789)', valid: true, note: 'composite with parentheses and !', source: 'FACTS' },
  { query: '!(1 || 2) && 3', valid: true, note: 'negated group', source: 'OURS' },
];

export const INVALID_CASES: readonly QueryCase[] = [
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod > 90', valid: false, column: 33, message: "expected '}' to close the scope opened at col 33", note: 'unclosed scope: point at the opening brace', source: 'ISSUE' },
  { query: 'avg(last_5m):avg:mymetric{env:prod AND !region:us-east} > 1', valid: false, column: 40, message: 'cannot mix', note: '! inside a boolean scope', source: 'DOC-FILTER (its invalid example)' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod,region:x AND host:y} > 1', valid: false, column: 52, message: 'cannot mix', note: 'comma then AND', source: 'FACTS' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod region:us} > 1', valid: false, column: 43, message: "expected ',', AND, OR or '}'", note: 'two tags without an operator', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{} > 1', valid: false, column: 34, message: 'empty scope', note: 'empty scope', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*,env:prod} > 1', valid: false, column: 34, message: "'*' stands for everything", note: '* not alone', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{env:prod AND} > 1', valid: false, column: 46, message: 'expected a tag filter', note: 'AND without a right operand', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{env IN (prod, } > 1', valid: false, column: 48, message: 'expected a tag value in the IN list', note: 'unfinished IN list', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} by {} > 1', valid: false, column: 41, message: 'expected a tag key to group by', note: 'empty group-by', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} by {host > 1', valid: false, column: 40, message: "expected '}' to close the group-by opened at col 40", note: 'unclosed group-by', source: 'OURS' },
  { query: 'avg(last_10081m):avg:system.cpu.user{*} > 1', valid: false, column: 5, message: 'last_10080m', note: 'minutes above 10080', source: 'API-REF windows' },
  { query: 'avg(last_169h):avg:system.cpu.user{*} > 1', valid: false, column: 5, message: 'last_168h', note: 'hours above 168', source: 'API-REF windows' },
  { query: 'avg(last_2d):avg:system.cpu.user{*} > 1', valid: false, column: 5, message: 'only last_1d', note: 'days other than 1 outside change alerts', source: 'FACTS windows' },
  { query: 'avg(current_1w):avg:system.cpu.user{*} > 1', valid: false, column: 5, message: 'current_1h, current_1d and current_1mo', note: 'cumulative windows', source: 'FACTS windows' },
  { query: 'avg(last5m):avg:system.cpu.user{*} > 1', valid: false, column: 5, message: 'expected a window', note: 'malformed window', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} by {host}', valid: false, column: 46, message: 'expected a comparison', note: 'no threshold', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} > ', valid: false, column: 39, message: "expected a number after '>'", note: 'comparator without a number', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} => 90', valid: false, column: 37, message: 'expected a comparison', note: '=> is not a comparator', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} > 90 extra', valid: false, column: 42, message: 'after the end of the query', note: 'trailing text', source: 'OURS' },
  { query: 'average(last_5m):avg:system.cpu.user{*} > 1', valid: false, column: 1, message: "unknown query start 'average'", note: 'unknown time aggregation', source: 'OURS' },
  { query: 'percentile(last_5m):avg:trace.http.request{*} > 1', valid: false, column: 21, message: 'percentile space aggregation', note: 'percentile over a non-percentile series', source: 'OURS' },
  { query: 'avg(last_5m):mean:system.cpu.user{*} > 1', valid: false, column: 14, message: "unknown space aggregation 'mean'", note: 'unknown space aggregation', source: 'API-REF space_aggr' },
  { query: 'avg(last_5m):system.cpu.user{*} > 1', valid: false, column: 14, message: 'expected a space aggregation before the metric', note: 'missing space aggregation', source: 'API-REF grammar' },
  { query: 'avg(last_5m):avg:system.cpu.user > 1', valid: false, column: 34, message: "expected '{' with the scope", note: 'missing scope', source: 'API-REF grammar' },
  { query: 'avg(last_5m):avg:system..cpu{*} > 1', valid: false, column: 18, message: 'empty segment', note: 'bad metric name', source: 'OURS' },
  { query: 'avg(last_5m):avg:1system.cpu{*} > 1', valid: false, column: 18, message: 'must start with a letter', note: 'metric starting with a digit', source: 'OURS' },
  { query: 'avg(last_5m):defualt_zero(avg:system.cpu.user{*}) > 1', valid: false, column: 14, message: "did you mean 'default_zero'", note: 'misspelt function', source: 'OURS' },
  { query: 'avg(last_5m):autosmooth(avg:system.cpu.user{*}) > 1', valid: false, column: 14, message: 'cannot be used in monitors', note: 'autosmooth refused in monitors', source: 'DOC-SMOOTH' },
  { query: 'avg(last_5m):ewma_4(avg:system.cpu.user{*}) > 1', valid: false, column: 14, message: "unknown function 'ewma_4'", note: 'ewma spans are 1, 3, 5, 7, 10, 20', source: 'DOC-SMOOTH' },
  { query: 'avg(last_5m):default_zero() > 1', valid: false, column: 14, message: 'takes 1 argument', note: 'function without its series', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*}.as_count().as_rate() > 1', valid: false, column: 47, message: 'one of .as_count() or .as_rate()', note: 'both count and rate', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*}.rollup(mean, 60) > 1', valid: false, column: 44, message: 'expected a rollup aggregator', note: 'bad rollup aggregator', source: 'FACTS modifiers' },
  { query: 'avg(last_5m):avg:system.cpu.user{*}.rollup(avg, -60) > 1', valid: false, column: 49, message: 'positive whole number', note: 'negative rollup interval', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*}.fill(previous) > 1', valid: false, column: 42, message: 'expected a fill mode', note: 'bad fill mode', source: 'FACTS modifiers' },
  { query: 'avg(last_5m):avg:system.cpu.user{*}.as_cnt() > 1', valid: false, column: 37, message: "did you mean '.as_count()'", note: 'misspelt modifier', source: 'OURS' },
  { query: 'avg(last_5m):(avg:system.cpu.user{*} + 1 > 1', valid: false, column: 42, message: "expected ')'", note: 'unclosed parenthesis', source: 'OURS' },
  { query: 'avg(last_5m):avg:system.cpu.user{*} + > 1', valid: false, column: 39, message: 'expected a metric series', note: 'operator without operand', source: 'OURS' },
  { query: 'change(avg(last_5m),last_5m):avg:system.load.1{*}', valid: false, column: 50, message: 'expected a comparison', note: 'change without threshold', source: 'OURS' },
  { query: 'change(avg(last_5m),7m_ago):avg:system.load.1{*} > 1', valid: false, column: 21, message: 'not a shift Datadog offers', note: 'shift outside 5/10/15/30m, 1/2/4h, 1d', source: 'API-REF change form' },
  { query: 'change(avg(last_3d),last_5m):avg:system.load.1{*} > 1', valid: false, column: 12, message: 'last_1d or last_2d', note: 'change window too long', source: 'API-REF change form' },
  { query: 'change(last_5m):avg:system.load.1{*} > 1', valid: false, column: 8, message: 'expected a time aggregation', note: 'change without inner aggregation', source: 'FACTS' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'basic', 2, seasonality='weekly') >= 1", valid: false, column: 60, message: "'basic' algorithm takes no seasonality", note: 'basic has no seasonality', source: 'FACTS anomaly rules' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'adaptive', 2) >= 1", valid: false, column: 49, message: "unknown anomaly algorithm 'adaptive'", note: 'algorithm closed set', source: 'FACTS anomaly rules' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'agile', 2, direction='up') >= 1", valid: false, column: 70, message: "direction must be one of 'above', 'below', 'both'", note: 'direction closed set', source: 'FACTS anomaly rules' },
  { query: "avg(last_15m):anomalies(avg:system.cpu.user{*}, 'agile', 2, alert_window='last_1h') >= 1", valid: false, column: 75, message: 'query window must be at least the alert window', note: 'alert window longer than query window', source: 'FACTS anomaly rules' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'agile', 2) >= 5", valid: false, column: 63, message: 'from 0 to 1', note: 'anomaly threshold is a fraction', source: 'FACTS anomaly rules' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'agile', 2, alert_windw='last_15m') >= 1", valid: false, column: 60, message: "did you mean 'alert_window'", note: 'misspelt named argument', source: 'OURS' },
  { query: "avg(last_1h):anomalies(avg:system.cpu.system{name:cassandra}, 'basic', 3, directions='above', alert_window='last_5m') >= 1", valid: false, column: 75, message: "did you mean 'direction'", note: 'typo seen in a public repository', source: 'PUBLIC (hiring-challenge script)' },
  { query: "avg(last_4h):anomalies(avg:system.cpu.user{*}, 'agile', 0) >= 1", valid: false, column: 57, message: 'deviations must be positive', note: 'zero deviations', source: 'OURS' },
  { query: "avg(last_5m):avg:system.cpu.user{*} + anomalies(avg:x{*}, 'basic', 2) > 1", valid: false, column: 39, message: 'must be the whole query', note: 'anomalies nested in arithmetic', source: 'OURS' },
  { query: "avg(last_5m):outliers(avg:system.cpu.user{*} by {host}, 'kmeans', 3) > 0", valid: false, column: 58, message: "unknown outlier algorithm 'kmeans'", note: 'outlier algorithm closed set', source: 'FACTS outlier grammar' },
  { query: "avg(last_1w):forecast(avg:system.disk.in_use{*}, 'linear', 1) >= 0.9", valid: false, column: 5, message: 'expected a window such as next_1w', note: 'forecast needs a next_ window', source: 'FACTS forecast grammar' },
  { query: "max(next_1w):forecast(avg:system.disk.in_use{*}, 'exponential', 1) >= 0.9", valid: false, column: 51, message: "unknown forecast algorithm 'exponential'", note: 'forecast algorithm closed set', source: 'FACTS forecast grammar' },
  { query: 'max(next_1w):avg:system.disk.in_use{*} >= 0.9', valid: false, column: 5, message: 'forecast horizon', note: 'next_ window without forecast', source: 'OURS' },
  { query: '"datadog.agent.up".over("*").by("host").last(101).count_by_status()', valid: false, column: 46, message: 'from 1 to 100', note: 'last(N) above 100', source: 'API-REF service check' },
  { query: '"datadog.agent.up".over("*").by("host").last(0).count_by_status()', valid: false, column: 46, message: 'from 1 to 100', note: 'last(0)', source: 'API-REF service check' },
  { query: '"datadog.agent.up".over("*").by("host").count_by_status()', valid: false, column: 40, message: 'expected .last(N)', note: 'missing last(N)', source: 'API-REF service check' },
  { query: '"datadog.agent.up".over().last(2).count_by_status()', valid: false, column: 25, message: 'expected a quoted tag in .over', note: 'over cannot be blank', source: 'API-REF service check' },
  { query: '"datadog.agent.up".over("*").last(2)', valid: false, column: 37, message: ".count_by_status()", note: 'missing count_by_status', source: 'API-REF service check' },
  { query: '"datadog.agent.up".over("*").last(2).count_by_status() > 1', valid: false, column: 56, message: 'after the end of the query', note: 'service checks have no threshold in the query', source: 'API-REF service check' },
  { query: 'logs("status:error").index("*").rollup("count") > 5', valid: false, column: 49, message: 'expected .last("5m")', note: 'missing last', source: 'API-REF logs grammar' },
  { query: 'logs("status:error").index("*").rollup("count").last("3d") > 5', valid: false, column: 54, message: 'out of range', note: 'window above 48h', source: 'API-REF logs grammar' },
  { query: 'logs("status:error").index("*").rollup("avg").last("5m") > 5', valid: false, column: 45, message: 'needs the attribute to aggregate', note: 'avg without measure', source: 'API-REF logs grammar' },
  { query: 'logs("status:error").index("*").rollup("p95", "@duration").last("5m") > 5', valid: false, column: 40, message: "unknown rollup 'p95'", note: 'bad rollup method', source: 'OURS' },
  { query: 'logs("status:error").index("*").rollup("count").last("5m")', valid: false, column: 59, message: 'expected a comparison', note: 'logs without threshold', source: 'OURS' },
  { query: 'logs("status:error', valid: false, column: 6, message: 'unterminated string', note: 'unterminated search', source: 'OURS' },
  { query: 'audit("@evt.name:Request").rollup("count").last("5m") > 0', valid: false, column: 1, message: 'audits(', note: 'the audit source is audits()', source: 'API-REF audit grammar' },
  { query: 'logs("status:error").rolup("count").last("5m") > 5', valid: false, column: 22, message: "did you mean '.rollup()'", note: 'misspelt method', source: 'OURS' },
  { query: '123 && && 456', valid: false, column: 8, message: 'expected a monitor ID', note: 'double operator', source: 'OURS' },
  { query: '123 &&', valid: false, column: 7, message: 'expected a monitor ID', note: 'trailing operator', source: 'OURS' },
  { query: '123 & 456', valid: false, column: 5, message: 'after the end of the query', note: 'single &', source: 'OURS' },
  { query: '(123 || 456', valid: false, column: 12, message: "expected ')'", note: 'unclosed parenthesis', source: 'OURS' },
  { query: '123 && monitor_a', valid: false, column: 8, message: 'expected a monitor ID', note: 'names are placeholders only in parseCompositeExpression', source: 'OURS' },
  { query: '', valid: false, column: 1, message: 'empty query', note: 'empty', source: 'OURS' },
];
