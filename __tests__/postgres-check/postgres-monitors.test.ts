import { Testing, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PostgresMonitors, PostgresMonitorsProps } from '../../constructs/postgres-monitors/postgres-monitors';
import { PostgresConnectionsPack } from '../../constructs/monitors/packs';
import { applyMonitorRules } from '../../constructs/rules';

const runbookUrl = 'https://runbooks.example.com/postgres/connections';

type Monitors = Record<string, Record<string, unknown>>;

function stackWith(props: Partial<PostgresMonitorsProps>): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new DatadogProvider(stack, 'datadog', {});
  new PostgresMonitors(stack, 'pg', { runbookUrl, ...props });
  return stack;
}

function synth(props: Partial<PostgresMonitorsProps> = {}): { json: string; monitors: Monitors } {
  const json = Testing.synth(stackWith(props), true);
  return { json, monitors: JSON.parse(json).resource?.datadog_monitor ?? {} };
}

function byName(monitors: Monitors, part: string): Record<string, unknown> {
  const found = Object.values(monitors).filter((m) => String(m.name).includes(part));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function problems(props: Partial<PostgresMonitorsProps>): string {
  try {
    synth(props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
}

/** The routing block every message ends with: warnings to chat, alerts and their recovery to the pager. */
const routing = [
  '{{#is_warning}}@slack-db{{/is_warning}}',
  '{{#is_warning_recovery}}@slack-db{{/is_warning_recovery}}',
  '{{#is_alert}}@pagerduty-db{{/is_alert}}',
  '{{#is_alert_recovery}}@pagerduty-db{{/is_alert_recovery}}',
  '{{#is_no_data}}@slack-db{{/is_no_data}}',
].join('\n');

describe('PostgresMonitors', () => {
  const routed: Partial<PostgresMonitorsProps> = {
    scopeTags: ['service:orders-db', 'env:prod'],
    team: 'payments',
    alertRecipients: ['@pagerduty-db'],
    warningRecipients: ['@slack-db'],
  };

  it('alerts on connection usage at 0.85 with a warning at 0.7, by server and port, routed and tagged', () => {
    const { monitors } = synth(routed);
    expect(monitors['pg_connection-usage_87C8BE28']).toEqual({
      name: '[Postgres] Connection usage high on {{server.name}}:{{port.name}}',
      type: 'query alert',
      query: 'avg(last_5m):max:postgresql.percent_usage_connections{service:orders-db,env:prod} by {server,port} > 0.85',
      monitor_thresholds: { critical: '0.85', warning: '0.7' },
      tags: ['team:payments', 'service:orders-db', 'env:prod'],
      include_tags: true,
      require_full_window: false,
      message: [
        'Postgres {{server.name}}:{{port.name}} uses {{value}} of max_connections (warning {{warn_threshold}}, critical {{threshold}}).',
        '',
        'New connections fail with "FATAL: too many connections" at 1.0. Find the application holding them with the connection-state metric, by application_name and state.',
        '',
        `Runbook: ${runbookUrl}`,
        '',
        routing,
      ].join('\n'),
    });
  });

  it('alerts on a percent change of connection counts', () => {
    const { monitors } = synth(routed);
    const m = monitors['pg_connection-change_26924F00']!;
    expect(m.query).toBe('pct_change(avg(last_10m),last_10m):sum:postgresql.connections{service:orders-db,env:prod} by {server,port} > 50');
    expect(m.monitor_thresholds).toEqual({ critical: '50', warning: '25' });
    expect(m.tags).toEqual(['team:payments', 'service:orders-db', 'env:prod']);
    expect(m.message).toBe(
      [
        'Connections on Postgres {{server.name}}:{{port.name}} rose by {{value}} % within 10 minutes (warning {{warn_threshold}} %, critical {{threshold}} %).',
        '',
        'A deploy, a connection leak or a retry storm is the usual cause.',
        '',
        `Runbook: ${runbookUrl}`,
        '',
        routing,
      ].join('\n'),
    );
  });

  it('alerts on idle connections per application from the connection-state metric', () => {
    const { monitors } = synth({ ...routed, idleConnections: { critical: 30, warning: 20 } });
    const m = monitors['pg_idle-connections_E15798CC']!;
    expect(m.name).toBe('[Postgres] Idle connections held by {{application_name.name}} on {{server.name}}:{{port.name}}');
    expect(m.query).toBe(
      'min(last_15m):sum:postgresql.connection_state{service:orders-db,env:prod,state:idle} by {server,port,application_name} > 30',
    );
    expect(m.monitor_thresholds).toEqual({ critical: '30', warning: '20' });
    expect(m.message).toBe(
      [
        '{{application_name.name}} has held more than {{threshold}} idle connections on Postgres {{server.name}}:{{port.name}} for 15 minutes ({{value}} now).',
        '',
        'Lower its pool size or idle timeout; idle connections count against max_connections.',
        '',
        `Runbook: ${runbookUrl}`,
        '',
        routing,
      ].join('\n'),
    );
  });

  it('keeps the Terraform addresses the monitors had as plain provider Monitors', () => {
    // The logical IDs of `<stack>/pg/connection-usage` etc., before the monitors became DatadogMonitors.
    const { monitors } = synth();
    expect(Object.keys(monitors).sort()).toEqual(['pg_connection-change_26924F00', 'pg_connection-usage_87C8BE28', 'pg_idle-connections_E15798CC']);
  });

  it('agrees with PostgresConnectionsPack on the connection-usage query and thresholds', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const mine = new PostgresMonitors(stack, 'pg', { runbookUrl, scopeTags: ['env:prod'] });
    const pack = new PostgresConnectionsPack(stack, 'pack', {
      name: 'orders-db', scope: ['env:prod'], groupBy: ['server', 'port'], runbookUrl, policy: { team: 'payments', chat: ['@slack-db'] },
    });
    const json = JSON.parse(Testing.synth(stack)).resource.datadog_monitor;
    const usage = (id: string) => ({ query: json[id].query, monitor_thresholds: json[id].monitor_thresholds });
    expect(usage(pack.usage.resource.friendlyUniqueId)).toEqual(usage(mine.connectionUsage!.resource.friendlyUniqueId));
    expect(usage(pack.usage.resource.friendlyUniqueId)).toEqual({
      query: 'avg(last_5m):max:postgresql.percent_usage_connections{env:prod} by {server,port} > 0.85',
      monitor_thresholds: { critical: '0.85', warning: '0.7' },
    });
  });

  it('follows a custom metric and tag names for the idle alert', () => {
    const { monitors } = synth({
      groupBy: ['db'],
      idleConnections: { metric: 'acme.pg.connections', applicationTag: 'app', stateTag: 'st', idleState: 'idle', windowMinutes: 30 },
    });
    expect(byName(monitors, 'Idle').query).toBe('min(last_30m):sum:acme.pg.connections{st:idle} by {db,app} > 20');
    expect(byName(monitors, 'Idle').monitor_thresholds).toEqual({ critical: '20' });
  });

  it('sends alerts to chat when no pager handle is given', () => {
    const { monitors } = synth({ warningRecipients: ['@slack-db'] });
    expect(String(byName(monitors, 'Connection usage').message).endsWith(`Runbook: ${runbookUrl}\n\n@slack-db`)).toBe(true);
  });

  it('leaves out the alerts turned off', () => {
    const { monitors } = synth({ connectionChange: false, idleConnections: false });
    expect(Object.values(monitors).map((m) => m.query)).toEqual([
      'avg(last_5m):max:postgresql.percent_usage_connections{*} by {server,port} > 0.85',
    ]);
  });

  it('passes priority and monitor tags, adding team, service and env once', () => {
    const { monitors } = synth({ priority: 2, monitorTags: ['team:orders', 'cost-center:42'], service: 'orders-db', env: 'staging', scopeTags: ['env:prod'] });
    expect(byName(monitors, 'Connection usage')).toMatchObject({ priority: '2', tags: ['team:orders', 'cost-center:42', 'service:orders-db', 'env:staging'] });
  });

  it('passes the monitor hygiene rules (HS-MON-1..6) as DatadogMonitors, without includeProviderMonitors', () => {
    const stack = stackWith(routed);
    applyMonitorRules(stack.node.root);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
    expect(warnings).toEqual([]);
  });

  it('fails HS-MON-1 when it pages without a team', () => {
    const stack = stackWith({ ...routed, team: undefined });
    applyMonitorRules(stack.node.root);
    expect(() => Testing.synth(stack, true)).toThrow(/HS-MON-1: pages @pagerduty-db but has no team:<name> tag/);
  });

  it('reports every bad value at once, naming the construct and the field', () => {
    const message = problems({
      runbookUrl: 'wiki/pg',
      scopeTags: ['env:prod,region:x'],
      alertRecipients: ['pagerduty-db'],
      priority: 7,
      team: 'a b',
      connectionUsage: { critical: 85, warning: 0.9 },
      connectionChange: { criticalPercent: 20, warningPercent: 30 },
      idleConnections: { critical: 10, warning: 10, windowMinutes: 0 },
    });
    for (const expected of [
      'test/pg: runbookUrl "wiki/pg" is not an http(s) URL',
      'test/pg: scopeTags: "env:prod,region:x" is invalid',
      'test/pg: alertRecipients: "pagerduty-db" is invalid; allowed: a handle starting with @',
      'test/pg: priority 7 is invalid',
      'test/pg: team "a b" is invalid',
      'test/pg: connectionUsage.critical 85 is invalid; allowed: a fraction of max_connections in (0, 1]',
      'test/pg: connectionChange.warningPercent 30 is invalid; allowed: above 0 and below critical 20',
      'test/pg: idleConnections.warning 10 is invalid',
      'test/pg: idleConnections.windowMinutes 0 is invalid; allowed: an integer from 1 to 10080',
    ]) {
      expect(message).toContain(expected);
    }
  });
});
