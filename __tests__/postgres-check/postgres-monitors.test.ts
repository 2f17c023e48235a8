import { Testing, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PostgresMonitors, PostgresMonitorsProps } from '../../constructs/postgres-monitors/postgres-monitors';

const runbookUrl = 'https://runbooks.example.com/postgres/connections';

function synth(props: Partial<PostgresMonitorsProps> = {}): { json: string; monitors: Record<string, Record<string, unknown>> } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new DatadogProvider(stack, 'datadog', {});
  new PostgresMonitors(stack, 'pg', { runbookUrl, ...props });
  const json = Testing.synth(stack, true);
  return { json, monitors: JSON.parse(json).resource?.datadog_monitor ?? {} };
}

function byName(monitors: Record<string, Record<string, unknown>>, part: string): Record<string, unknown> {
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

describe('PostgresMonitors', () => {
  it('alerts on connection usage at 0.85 with a warning at 0.7', () => {
    const { json } = synth({ scopeTags: ['env:prod'] });
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'datadog_monitor' }, {
      type: 'metric alert',
      query: 'avg(last_5m):max:postgresql.percent_usage_connections{env:prod} by {server,port} > 0.85',
      monitor_thresholds: { critical: '0.85', warning: '0.7' },
    });
  });

  it('alerts on a percent change of connection counts', () => {
    const { json } = synth();
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'datadog_monitor' }, {
      query: 'pct_change(avg(last_10m),last_10m):sum:postgresql.connections{*} by {server,port} > 50',
      monitor_thresholds: { critical: '50', warning: '25' },
    });
  });

  it('alerts on idle connections per application from the connection-state metric', () => {
    const { json } = synth({ scopeTags: ['env:prod', 'service:orders-db'], idleConnections: { critical: 30, warning: 20 } });
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'datadog_monitor' }, {
      query:
        'min(last_15m):sum:postgresql.connection_state{env:prod,service:orders-db,state:idle} by {server,port,application_name} > 30',
      monitor_thresholds: { critical: '30', warning: '20' },
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

  it('puts the runbook on every message and routes alert and warning recipients with their recoveries', () => {
    const { monitors } = synth({ alertRecipients: ['@pagerduty-db'], warningRecipients: ['@slack-db'] });
    expect(Object.keys(monitors)).toHaveLength(3);
    for (const m of Object.values(monitors)) {
      const message = String(m.message);
      expect(message).toContain(`Runbook: ${runbookUrl}`);
      expect(message).toContain('{{#is_alert}}@pagerduty-db{{/is_alert}}\n{{#is_alert_recovery}}@pagerduty-db{{/is_alert_recovery}}');
      expect(message).toContain('{{#is_warning}}@slack-db{{/is_warning}}\n{{#is_warning_recovery}}@slack-db{{/is_warning_recovery}}');
    }
  });

  it('names each group in the monitor name', () => {
    const { monitors } = synth();
    expect(byName(monitors, 'Connection usage').name).toBe('[Postgres] Connection usage high on {{server.name}}:{{port.name}}');
  });

  it('leaves out the alerts turned off', () => {
    const { monitors } = synth({ connectionChange: false, idleConnections: false });
    expect(Object.values(monitors).map((m) => m.query)).toEqual([
      'avg(last_5m):max:postgresql.percent_usage_connections{*} by {server,port} > 0.85',
    ]);
  });

  it('passes priority and monitor tags', () => {
    const { json } = synth({ priority: 2, monitorTags: ['team:orders'] });
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'datadog_monitor' }, { priority: '2', tags: ['team:orders'] });
  });

  it('reports every bad value at once, naming the construct and the field', () => {
    const message = problems({
      runbookUrl: 'wiki/pg',
      scopeTags: ['env:prod,region:x'],
      alertRecipients: ['pagerduty-db'],
      priority: 7,
      connectionUsage: { critical: 85, warning: 0.9 },
      connectionChange: { criticalPercent: 20, warningPercent: 30 },
      idleConnections: { critical: 10, warning: 10, windowMinutes: 0 },
    });
    for (const expected of [
      'test/pg: runbookUrl "wiki/pg" is not an http(s) URL',
      'test/pg: scopeTags: "env:prod,region:x" is invalid',
      'test/pg: alertRecipients: "pagerduty-db" is invalid; allowed: a handle starting with @',
      'test/pg: priority 7 is invalid',
      'test/pg: connectionUsage.critical 85 is invalid; allowed: a fraction of max_connections in (0, 1]',
      'test/pg: connectionChange.warningPercent 30 is invalid; allowed: above 0 and below critical 20',
      'test/pg: idleConnections.warning 10 is invalid',
      'test/pg: idleConnections.windowMinutes 0 is invalid; allowed: an integer from 1 to 10080',
    ]) {
      expect(message).toContain(expected);
    }
  });
});
