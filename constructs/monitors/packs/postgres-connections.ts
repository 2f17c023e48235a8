import { Construct } from 'constructs';
import { DatadogMonitor } from '../monitor';
import type { MetricMonitorSpec, ServiceCheckMonitorSpec } from '../model';
import { PackProps, packSpec } from './common';
import { POSTGRES_CONNECTION_USAGE, postgresConnectionUsageSpec } from './postgres-specs';

export interface PostgresConnectionsPackProps extends PackProps {
  /** Name in monitor names, e.g. `orders-db`. */
  readonly name: string;
  /** Tag filters selecting the servers, e.g. `['env:prod', 'service:orders-db']`. */
  readonly scope: readonly string[];
  /** Fraction (0–1) of `max_connections` in use that alerts. @default 0.85 (as `PostgresMonitors`) */
  readonly usageCritical?: number;
  /** Fraction that warns. @default 0.7 (as `PostgresMonitors`) */
  readonly usageWarning?: number;
  /**
   * Group the usage and connectivity monitors by these tags. For cluster checks (no host), use `['server', 'port']`
   * as `PostgresMonitors` does.
   * @default ['host']
   */
  readonly groupBy?: readonly string[];
  /**
   * Alert on transactions left open by an application, from the custom query of the Postgres check
   * (`postgresql.idle_in_transaction.*`). @default - no such monitor
   */
  readonly idleInTransaction?: {
    /** @default 'postgresql.idle_in_transaction.max_transaction_seconds' */
    readonly metric?: string;
    /** Seconds a transaction may stay open. */
    readonly criticalSeconds: number;
    /** @default - none */
    readonly warningSeconds?: number;
  };
}

/**
 * Postgres connections: how close each server is to `max_connections` (`postgresql.percent_usage_connections`,
 * a fraction, from the Agent's Postgres check), whether the Agent can connect (`postgres.can_connect`), and
 * optionally transactions left idle by an application.
 *
 * The usage monitor's query and default thresholds are `PostgresMonitors`' (`postgresConnectionUsageSpec`): one
 * source of truth for both.
 */
export class PostgresConnectionsPack extends Construct {
  public readonly usage: DatadogMonitor;
  public readonly canConnect: DatadogMonitor;
  public readonly idleInTransaction?: DatadogMonitor;

  constructor(scope: Construct, id: string, props: PostgresConnectionsPackProps) {
    super(scope, id);
    const groupBy = props.groupBy ?? ['host'];
    const tags = ['pack:postgres-connections', ...props.scope.filter((t) => /^(env|service|team):/.test(t))];
    const critical = props.usageCritical ?? POSTGRES_CONNECTION_USAGE.critical;
    const warning = props.usageWarning ?? POSTGRES_CONNECTION_USAGE.warning;
    const groupVars = groupBy.map((g) => `{{${g}.name}}`).join(' ');
    this.usage = new DatadogMonitor(this, 'Usage', packSpec<MetricMonitorSpec>(props, {
      ...postgresConnectionUsageSpec({ scope: props.scope, groupBy, critical, warning }),
      name: `Postgres ${props.name}: connections above ${Math.round(critical * 100)}% of max_connections`,
    }, {
      title: `Postgres ${props.name} ${groupVars} is using {{value}} of max_connections`,
      text: 'At 100% new connections fail with "too many connections". Find the application holding connections (postgresql.connection_state by application_name), check pool sizes, then raise max_connections or add a pooler.',
    }, tags));
    this.canConnect = new DatadogMonitor(this, 'CanConnect', packSpec<ServiceCheckMonitorSpec>(props, {
      kind: 'service-check',
      name: `Postgres ${props.name}: the Agent cannot connect`,
      check: 'postgres.can_connect',
      over: props.scope,
      groupBy,
      lastCount: 3,
      critical: 2,
      ok: 1,
    }, {
      title: `The Datadog Agent cannot connect to Postgres ${props.name} ${groupVars}`,
      text: 'Either the server is down or refusing connections (max_connections reached, pg_hba.conf, password), or the Agent lost access.',
    }, tags));
    if (props.idleInTransaction) {
      const it = props.idleInTransaction;
      this.idleInTransaction = new DatadogMonitor(this, 'IdleInTransaction', packSpec<MetricMonitorSpec>(props, {
        kind: 'metric',
        name: `Postgres ${props.name}: transaction idle too long`,
        metric: it.metric ?? 'postgresql.idle_in_transaction.max_transaction_seconds',
        scope: props.scope,
        groupBy: ['application_name', 'datname'],
        spaceAggregation: 'max',
        timeAggregation: 'min',
        windowMinutes: 5,
        comparator: '>',
        critical: it.criticalSeconds,
        ...(it.warningSeconds !== undefined ? { warning: it.warningSeconds } : {}),
      }, {
        title: `{{application_name.name}} holds a transaction open for {{value}} s on ${props.name} ({{datname.name}})`,
        text: 'An open transaction holds its connection and blocks vacuum. Find the session in pg_stat_activity (state = idle in transaction) and fix the application code path that does not commit.',
      }, tags));
    }
  }
}
