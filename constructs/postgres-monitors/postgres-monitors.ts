import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { MonitorPriority, MonitorSpec } from '../monitors/model';
import { DatadogMonitor } from '../monitors/monitor';
import {
  POSTGRES_CONNECTION_CHANGE,
  POSTGRES_CONNECTION_USAGE,
  POSTGRES_IDLE_CONNECTIONS,
  postgresConnectionChangeSpec,
  postgresConnectionUsageSpec,
  postgresIdleConnectionsSpec,
  type PostgresIdleConnectionsOptions,
} from '../monitors/packs/postgres-specs';
import { NotificationPolicy, withTeam } from '../monitors/routing';
import { messageWithRunbook } from '../monitors/packs/common';

/**
 * The seed's Postgres alerts as `DatadogMonitor`s:
 * - connection usage: `postgresql.percent_usage_connections` (a fraction of `max_connections`), critical 0.85, warning 0.7;
 * - a change alert on `postgresql.connections` (percent change over a window);
 * - idle connections per application, from the connection-state custom metric of the ready query
 *   (`postgresql.connection_state`, tagged `application_name` and `state`).
 *
 * Queries and default thresholds come from the same factories as `PostgresConnectionsPack`
 * (`constructs/monitors/packs/postgres-specs.ts`); messages are built and routed by the monitors library (warnings and
 * their recovery to `warningRecipients`, alerts and their recovery to `alertRecipients`), and Datadog's create-time
 * rules are checked by `DatadogMonitor`.
 *
 * Each monitor is a `DatadogMonitor` with the construct ID it had as a plain `Monitor` (`connection-usage`,
 * `connection-change`, `idle-connections`); its resource keeps that construct's logical ID, so Terraform addresses
 * do not change.
 */
export interface PostgresMonitorsProps {
  /**
   * Tags that select the Postgres instances (`key:value`, `!key:value`, wildcards), ANDed.
   * @default - every instance reporting the metrics (`{*}`)
   */
  readonly scopeTags?: readonly string[];
  /**
   * Tag keys to alert by: one group per Postgres server. The postgres check tags every metric `server` (the configured
   * host) and `port`, unless the instance sets `disable_generic_tags: true` (houndstack's model never does); then group by
   * `database_instance`, which it always sends. Not `host`: cluster checks submit without a host name.
   * @default ['server', 'port']
   */
  readonly groupBy?: readonly string[];
  /**
   * Link to the runbook; put on every page. Must be an http(s) URL.
   * @default - none: paging monitors need `runbookLink` (rule HS-MON-1)
   */
  readonly runbookUrl?: string;
  /**
   * The link to a paging monitor's runbook dashboard, by monitor name (`runbookLink` of constructs/oncall): paging
   * monitors carry it as their `Runbook:` link (and `runbookUrl` as `Runbook docs:`). The caller adds the dashboards.
   * @default - every monitor links `runbookUrl`
   */
  readonly runbookLink?: (monitorName: string) => string;
  /**
   * Handles notified on alert and its recovery (recovery resolves PagerDuty incidents and On-Call pages),
   * e.g. `['@pagerduty-orders-db']`.
   * @default - none: alerts go to `warningRecipients` (the library's routing without a pager)
   */
  readonly alertRecipients?: readonly string[];
  /**
   * Handles notified on warning and its recovery (and on no data, when enabled), e.g. `['@slack-orders-db']`.
   * @default - none
   */
  readonly warningRecipients?: readonly string[];
  /**
   * Prefix of every monitor name.
   * @default '[Postgres]'
   */
  readonly namePrefix?: string;
  /**
   * Tags on the monitors themselves (`cost-center:42`); `team`, `service` and `env` are added from their props.
   * @default - none
   */
  readonly monitorTags?: readonly string[];
  /**
   * Owning team: the tag `team:<team>` (rule HS-MON-1 wants one on every paging monitor).
   * @default - the `team:` tag of `monitorTags`, else none
   */
  readonly team?: string;
  /**
   * Service the monitors watch: the tag `service:<service>`.
   * @default - the `service:` tag of `monitorTags`, else the `service:` tag of `scopeTags`, else none
   */
  readonly service?: string;
  /**
   * Environment: the tag `env:<env>`.
   * @default - the `env:` tag of `monitorTags`, else the `env:` tag of `scopeTags`, else none
   */
  readonly env?: string;
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

export type IdleConnectionsAlert = PostgresIdleConnectionsOptions;

const TAG = /^!?[A-Za-z][\w\-./:*]*$/;
const TAG_KEY = /^[A-Za-z][\w\-./]*$/;
const HANDLE = /^@[\w\-.@+]+$/;
const METRIC = /^[A-Za-z][\w.]*$/;

export class PostgresMonitors extends Construct {
  /** The connection-usage monitor, unless turned off (its provider resource: `.resource`). */
  readonly connectionUsage?: DatadogMonitor;
  /** The connection-change monitor, unless turned off. */
  readonly connectionChange?: DatadogMonitor;
  /** The idle-connections-per-application monitor, unless turned off. */
  readonly idleConnections?: DatadogMonitor;
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
    if (props.runbookUrl !== undefined && !Token.isUnresolved(props.runbookUrl) && !/^https?:\/\/\S+$/.test(props.runbookUrl)) {
      this.problems.push(`runbookUrl ${JSON.stringify(props.runbookUrl)} is not an http(s) URL`);
    }
    if (props.priority !== undefined && !(Number.isInteger(props.priority) && props.priority >= 1 && props.priority <= 5)) {
      this.problems.push(`priority ${props.priority} is invalid; allowed: an integer from 1 to 5`);
    }
    for (const key of ['team', 'service', 'env'] as const) {
      const v = props[key];
      if (v !== undefined && !Token.isUnresolved(v) && !/^[^:\s,{}]+$/.test(v)) {
        this.problems.push(`${key} ${JSON.stringify(v)} is invalid; allowed: a tag value without spaces, commas, colons or braces`);
      }
    }

    const prefix = props.namePrefix ?? '[Postgres]';
    const where = groupBy.map((k) => `{{${k}.name}}`).join(':');
    const tags = ownershipTags(props, scopeTags);
    const team = props.team ?? tags.find((t) => t.startsWith('team:'))?.slice('team:'.length);
    // Warnings (and their recovery) to chat, alerts (and their recovery, which resolves the page) to the pager.
    const policy: NotificationPolicy = {
      team: team ?? '',
      ...(props.warningRecipients ? { chat: props.warningRecipients } : {}),
      ...(props.alertRecipients ? { pager: props.alertRecipients } : {}),
    };
    const notify = (props.alertRecipients ?? []).length + (props.warningRecipients ?? []).length > 0 ? { policy } : undefined;
    const monitor = <S extends MonitorSpec>(cid: string, spec: Omit<S, 'message' | 'tags'>, title: string, text: string): DatadogMonitor => {
      const full = {
        ...spec,
        tags,
        ...(props.priority !== undefined ? { priority: props.priority as MonitorPriority } : {}),
        includeTags: true,
        requireFullWindow: false,
        message: messageWithRunbook({ title, text, ...(notify ? { notify } : {}) }, spec.name, props),
      } as unknown as S;
      const m = new DatadogMonitor(this, cid, team ? withTeam(full, policy) : full);
      // Keep the address the plain `Monitor` had at this construct's path (`…_connection-usage_<hash>`).
      m.resource.overrideLogicalId(TerraformStack.of(this).getLogicalId(m.node));
      return m;
    };

    if (props.connectionUsage !== false) {
      const c = props.connectionUsage ?? {};
      const critical = c.critical ?? POSTGRES_CONNECTION_USAGE.critical;
      const warning = c.warning ?? POSTGRES_CONNECTION_USAGE.warning;
      const window = c.windowMinutes ?? POSTGRES_CONNECTION_USAGE.windowMinutes;
      this.checkWindow('connectionUsage.windowMinutes', window);
      if (!(critical > 0 && critical <= 1)) this.problems.push(`connectionUsage.critical ${critical} is invalid; allowed: a fraction of max_connections in (0, 1]`);
      if (!(warning > 0 && warning < critical)) this.problems.push(`connectionUsage.warning ${warning} is invalid; allowed: above 0 and below critical ${critical}`);
      this.connectionUsage = monitor(
        'connection-usage',
        { ...postgresConnectionUsageSpec({ scope: scopeTags, groupBy, critical, warning, windowMinutes: window }), name: `${prefix} Connection usage high on ${where}` },
        `Postgres ${where} uses {{value}} of max_connections (warning {{warn_threshold}}, critical {{threshold}}).`,
        'New connections fail with "FATAL: too many connections" at 1.0. Find the application holding them with the ' +
          'connection-state metric, by application_name and state.',
      );
    }

    if (props.connectionChange !== false) {
      const c = props.connectionChange ?? {};
      const critical = c.criticalPercent ?? POSTGRES_CONNECTION_CHANGE.criticalPercent;
      const warning = c.warningPercent ?? POSTGRES_CONNECTION_CHANGE.warningPercent;
      const window = c.windowMinutes ?? POSTGRES_CONNECTION_CHANGE.windowMinutes;
      this.checkWindow('connectionChange.windowMinutes', window);
      if (!(critical > 0)) this.problems.push(`connectionChange.criticalPercent ${critical} is invalid; allowed: a number above 0`);
      if (!(warning > 0 && warning < critical)) this.problems.push(`connectionChange.warningPercent ${warning} is invalid; allowed: above 0 and below critical ${critical}`);
      this.connectionChange = monitor(
        'connection-change',
        {
          ...postgresConnectionChangeSpec({ scope: scopeTags, groupBy, criticalPercent: critical, warningPercent: warning, windowMinutes: window }),
          name: `${prefix} Connection count jumped on ${where}`,
        },
        `Connections on Postgres ${where} rose by {{value}} % within ${window} minutes (warning {{warn_threshold}} %, critical {{threshold}} %).`,
        'A deploy, a connection leak or a retry storm is the usual cause.',
      );
    }

    if (props.idleConnections !== false) {
      const c = props.idleConnections ?? {};
      const d = POSTGRES_IDLE_CONNECTIONS;
      const critical = c.critical ?? d.critical;
      const warning = c.warning;
      const window = c.windowMinutes ?? d.windowMinutes;
      const metric = c.metric ?? d.metric;
      const appTag = c.applicationTag ?? d.applicationTag;
      const stateTag = c.stateTag ?? d.stateTag;
      const idle = c.idleState ?? d.idleState;
      this.checkWindow('idleConnections.windowMinutes', window);
      if (!METRIC.test(metric)) this.problems.push(`idleConnections.metric ${JSON.stringify(metric)} is not a metric name`);
      this.check([appTag, stateTag], (t) => TAG_KEY.test(t), 'idleConnections tag keys', 'a tag key');
      if (!/^[\w\-./]+$/.test(idle)) this.problems.push(`idleConnections.idleState ${JSON.stringify(idle)} is not a tag value`);
      if (!(Number.isInteger(critical) && critical >= 0)) this.problems.push(`idleConnections.critical ${critical} is invalid; allowed: an integer ≥ 0`);
      if (warning !== undefined && !(Number.isInteger(warning) && warning >= 0 && warning < critical)) {
        this.problems.push(`idleConnections.warning ${warning} is invalid; allowed: an integer ≥ 0 below critical ${critical}`);
      }
      this.idleConnections = monitor(
        'idle-connections',
        {
          ...postgresIdleConnectionsSpec({
            scope: scopeTags,
            groupBy,
            critical,
            ...(warning !== undefined ? { warning } : {}),
            windowMinutes: window,
            metric,
            applicationTag: appTag,
            stateTag,
            idleState: idle,
          }),
          name: `${prefix} Idle connections held by {{${appTag}.name}} on ${where}`,
        },
        `{{${appTag}.name}} has held more than {{threshold}} idle connections on Postgres ${where} for ${window} minutes ({{value}} now).`,
        'Lower its pool size or idle timeout; idle connections count against max_connections.',
      );
    }
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

/** `monitorTags`, then `team:`, `service:`, `env:` from their props or (service, env) the scope, each key once. */
function ownershipTags(props: PostgresMonitorsProps, scopeTags: readonly string[]): string[] {
  const tags = [...(props.monitorTags ?? [])];
  const has = (key: string) => tags.some((t) => t.startsWith(`${key}:`));
  const fromScope = (key: string) => scopeTags.find((t) => t.startsWith(`${key}:`) && !t.includes('*'))?.slice(key.length + 1);
  const values = { team: props.team, service: props.service ?? fromScope('service'), env: props.env ?? fromScope('env') };
  for (const [key, value] of Object.entries(values)) if (value !== undefined && !has(key)) tags.push(`${key}:${value}`);
  return tags;
}
