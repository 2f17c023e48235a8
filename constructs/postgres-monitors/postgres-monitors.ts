import { Token } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { Construct } from 'constructs';

/**
 * The seed's Postgres alerts as `datadog_monitor` resources:
 * - connection usage: `postgresql.percent_usage_connections` (a fraction of `max_connections`), critical 0.85, warning 0.7;
 * - a change alert on `postgresql.connections` (percent change over a window);
 * - idle connections per application, from the connection-state custom metric of the ready query
 *   (`postgresql.connection_state`, tagged `application_name` and `state`).
 *
 * Emitted directly with the provider's `Monitor` until the general monitors library lands; the queries follow the
 * metric-alert grammar in FACTS.md and Datadog's create-time rules are checked here (critical equals the query's number,
 * warning on the alerting side of critical).
 */
export interface PostgresMonitorsProps {
  /**
   * Tags that select the Postgres instances (`key:value`, `!key:value`, wildcards), ANDed.
   * @default - every instance reporting the metrics (`{*}`)
   */
  readonly scopeTags?: readonly string[];
  /**
   * Tag keys to alert by: one group per Postgres server. The postgres check tags every metric `server` (the configured
   * host) and `port`, unless the instance sets `disable_generic_tags: true` (kennel's model never does); then group by
   * `database_instance`, which it always sends. Not `host`: cluster checks submit without a host name.
   * @default ['server', 'port']
   */
  readonly groupBy?: readonly string[];
  /** Link to the runbook; put on every page. Must be an http(s) URL. */
  readonly runbookUrl: string;
  /**
   * Handles notified on alert and its recovery (recovery resolves PagerDuty incidents and On-Call pages),
   * e.g. `['@pagerduty-orders-db']`.
   * @default - none
   */
  readonly alertRecipients?: readonly string[];
  /**
   * Handles notified on warning and its recovery, e.g. `['@slack-orders-db']`.
   * @default - none
   */
  readonly warningRecipients?: readonly string[];
  /**
   * Prefix of every monitor name.
   * @default '[Postgres]'
   */
  readonly namePrefix?: string;
  /**
   * Tags on the monitors themselves (`team:orders`).
   * @default - none
   */
  readonly monitorTags?: readonly string[];
  /**
   * Priority 1 (highest) to 5, on all three monitors.
   * @default - no priority
   */
  readonly priority?: number;
  /**
   * Connection usage alert; `false` leaves it out.
   * @default - critical 0.85, warning 0.7 over 5 minutes
   */
  readonly connectionUsage?: ConnectionUsageAlert | false;
  /**
   * Change alert on connection counts; `false` leaves it out.
   * @default - critical +50 %, warning +25 % over 10 minutes
   */
  readonly connectionChange?: ConnectionChangeAlert | false;
  /**
   * Idle connections per application; `false` leaves it out.
   * @default - critical above 20 idle connections for 15 minutes, no warning
   */
  readonly idleConnections?: IdleConnectionsAlert | false;
}

export interface ConnectionUsageAlert {
  /** Fraction of `max_connections` (0–1). @default 0.85 */
  readonly critical?: number;
  /** @default 0.7 */
  readonly warning?: number;
  /** @default 5 */
  readonly windowMinutes?: number;
}

export interface ConnectionChangeAlert {
  /** Percent change of the number of connections over the window, upwards. @default 50 */
  readonly criticalPercent?: number;
  /** @default 25 */
  readonly warningPercent?: number;
  /** Compared with the same-length window before it. @default 10 */
  readonly windowMinutes?: number;
}

export interface IdleConnectionsAlert {
  /** Idle connections held by one application on one server. @default 20 */
  readonly critical?: number;
  /** @default - no warning */
  readonly warning?: number;
  /** Every point of the window must be above the threshold. @default 15 */
  readonly windowMinutes?: number;
  /** The connection-state metric. @default 'postgresql.connection_state' */
  readonly metric?: string;
  /** Its application tag key. @default 'application_name' */
  readonly applicationTag?: string;
  /** Its state tag key. @default 'state' */
  readonly stateTag?: string;
  /** The value of the state tag for idle connections. @default 'idle' */
  readonly idleState?: string;
}

const TAG = /^!?[A-Za-z][\w\-./:*]*$/;
const TAG_KEY = /^[A-Za-z][\w\-./]*$/;
const HANDLE = /^@[\w\-.@+]+$/;
const METRIC = /^[A-Za-z][\w.]*$/;

export class PostgresMonitors extends Construct {
  /** The connection-usage monitor, unless turned off. */
  readonly connectionUsage?: Monitor;
  /** The connection-change monitor, unless turned off. */
  readonly connectionChange?: Monitor;
  /** The idle-connections-per-application monitor, unless turned off. */
  readonly idleConnections?: Monitor;
  private readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: PostgresMonitorsProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.problems.map((p) => `${this.node.path}: ${p}`) });

    const scopeTags = props.scopeTags ?? [];
    const groupBy = props.groupBy ?? ['server', 'port'];
    this.check(scopeTags, (t) => TAG.test(t), 'scopeTags', 'a tag such as env:prod or !region:x, without spaces, commas or braces');
    this.check(groupBy, (t) => TAG_KEY.test(t), 'groupBy', 'a tag key such as server');
    if (groupBy.length === 0) this.problems.push('groupBy is empty; allowed: at least one tag key');
    this.check(props.alertRecipients ?? [], (h) => HANDLE.test(h), 'alertRecipients', 'a handle starting with @');
    this.check(props.warningRecipients ?? [], (h) => HANDLE.test(h), 'warningRecipients', 'a handle starting with @');
    if (!Token.isUnresolved(props.runbookUrl) && !/^https?:\/\/\S+$/.test(props.runbookUrl)) {
      this.problems.push(`runbookUrl ${JSON.stringify(props.runbookUrl)} is not an http(s) URL`);
    }
    if (props.priority !== undefined && !(Number.isInteger(props.priority) && props.priority >= 1 && props.priority <= 5)) {
      this.problems.push(`priority ${props.priority} is invalid; allowed: an integer from 1 to 5`);
    }

    const prefix = props.namePrefix ?? '[Postgres]';
    const by = `by {${groupBy.join(',')}}`;
    const where = groupBy.map((k) => `{{${k}.name}}`).join(':');
    const common = {
      tags: props.monitorTags ? [...props.monitorTags] : undefined,
      priority: props.priority === undefined ? undefined : String(props.priority),
      includeTags: true,
      requireFullWindow: false,
    };

    if (props.connectionUsage !== false) {
      const c = props.connectionUsage ?? {};
      const critical = c.critical ?? 0.85;
      const warning = c.warning ?? 0.7;
      const window = c.windowMinutes ?? 5;
      this.checkWindow('connectionUsage.windowMinutes', window);
      if (!(critical > 0 && critical <= 1)) this.problems.push(`connectionUsage.critical ${critical} is invalid; allowed: a fraction of max_connections in (0, 1]`);
      if (!(warning > 0 && warning < critical)) this.problems.push(`connectionUsage.warning ${warning} is invalid; allowed: above 0 and below critical ${critical}`);
      this.connectionUsage = new Monitor(this, 'connection-usage', {
        ...common,
        name: `${prefix} Connection usage high on ${where}`,
        type: 'metric alert',
        query: `avg(last_${window}m):max:postgresql.percent_usage_connections${scopeOf(scopeTags)} ${by} > ${critical}`,
        monitorThresholds: { critical: String(critical), warning: String(warning) },
        message: this.message(props, [
          `Postgres ${where} uses {{value}} of max_connections (warning {{warn_threshold}}, critical {{threshold}}).`,
          'New connections fail with "FATAL: too many connections" at 1.0. Find the application holding them with the ' +
            'connection-state metric, by application_name and state.',
        ]),
      });
    }

    if (props.connectionChange !== false) {
      const c = props.connectionChange ?? {};
      const critical = c.criticalPercent ?? 50;
      const warning = c.warningPercent ?? 25;
      const window = c.windowMinutes ?? 10;
      this.checkWindow('connectionChange.windowMinutes', window);
      if (!(critical > 0)) this.problems.push(`connectionChange.criticalPercent ${critical} is invalid; allowed: a number above 0`);
      if (!(warning > 0 && warning < critical)) this.problems.push(`connectionChange.warningPercent ${warning} is invalid; allowed: above 0 and below critical ${critical}`);
      this.connectionChange = new Monitor(this, 'connection-change', {
        ...common,
        name: `${prefix} Connection count jumped on ${where}`,
        type: 'metric alert',
        query: `pct_change(avg(last_${window}m),last_${window}m):sum:postgresql.connections${scopeOf(scopeTags)} ${by} > ${critical}`,
        monitorThresholds: { critical: String(critical), warning: String(warning) },
        message: this.message(props, [
          `Connections on Postgres ${where} rose by {{value}} % within ${window} minutes (warning {{warn_threshold}} %, critical {{threshold}} %).`,
          'A deploy, a connection leak or a retry storm is the usual cause.',
        ]),
      });
    }

    if (props.idleConnections !== false) {
      const c = props.idleConnections ?? {};
      const critical = c.critical ?? 20;
      const warning = c.warning;
      const window = c.windowMinutes ?? 15;
      const metric = c.metric ?? 'postgresql.connection_state';
      const appTag = c.applicationTag ?? 'application_name';
      const stateTag = c.stateTag ?? 'state';
      const idle = c.idleState ?? 'idle';
      this.checkWindow('idleConnections.windowMinutes', window);
      if (!METRIC.test(metric)) this.problems.push(`idleConnections.metric ${JSON.stringify(metric)} is not a metric name`);
      this.check([appTag, stateTag], (t) => TAG_KEY.test(t), 'idleConnections tag keys', 'a tag key');
      if (!/^[\w\-./]+$/.test(idle)) this.problems.push(`idleConnections.idleState ${JSON.stringify(idle)} is not a tag value`);
      if (!(Number.isInteger(critical) && critical >= 0)) this.problems.push(`idleConnections.critical ${critical} is invalid; allowed: an integer ≥ 0`);
      if (warning !== undefined && !(Number.isInteger(warning) && warning >= 0 && warning < critical)) {
        this.problems.push(`idleConnections.warning ${warning} is invalid; allowed: an integer ≥ 0 below critical ${critical}`);
      }
      const groups = groupBy.includes(appTag) ? groupBy : [...groupBy, appTag];
      this.idleConnections = new Monitor(this, 'idle-connections', {
        ...common,
        name: `${prefix} Idle connections held by {{${appTag}.name}} on ${where}`,
        type: 'metric alert',
        query: `min(last_${window}m):sum:${metric}${scopeOf([...scopeTags, `${stateTag}:${idle}`])} by {${groups.join(',')}} > ${critical}`,
        monitorThresholds: warning === undefined ? { critical: String(critical) } : { critical: String(critical), warning: String(warning) },
        message: this.message(props, [
          `{{${appTag}.name}} has held more than {{threshold}} idle connections on Postgres ${where} for ${window} minutes ({{value}} now).`,
          'Lower its pool size or idle timeout; idle connections count against max_connections.',
        ]),
      });
    }
  }

  private message(props: PostgresMonitorsProps, lines: string[]): string {
    const alert = (props.alertRecipients ?? []).join(' ');
    const warn = (props.warningRecipients ?? []).join(' ');
    const out = [...lines, '', `Runbook: ${props.runbookUrl}`];
    if (alert) out.push('', `{{#is_alert}}${alert}{{/is_alert}}`, `{{#is_alert_recovery}}${alert}{{/is_alert_recovery}}`);
    if (warn) out.push('', `{{#is_warning}}${warn}{{/is_warning}}`, `{{#is_warning_recovery}}${warn}{{/is_warning_recovery}}`);
    return out.join('\n');
  }

  private check(values: readonly string[], ok: (v: string) => boolean, field: string, allowed: string): void {
    for (const v of values) {
      if (!Token.isUnresolved(v) && !ok(v)) this.problems.push(`${field}: ${JSON.stringify(v)} is invalid; allowed: ${allowed}`);
    }
  }

  private checkWindow(field: string, minutes: number): void {
    if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 10080)) {
      this.problems.push(`${field} ${minutes} is invalid; allowed: an integer from 1 to 10080`);
    }
  }
}

function scopeOf(tags: readonly string[]): string {
  return tags.length === 0 ? '{*}' : `{${tags.join(',')}}`;
}
