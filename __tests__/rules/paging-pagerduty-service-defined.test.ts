import { TerraformStack, Testing } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { DatadogMonitor, type DatadogMonitorProps } from '../../constructs/monitors/monitor';
import { buildMessage } from '../../constructs/monitors/message';
import { notificationTextFor } from '../../constructs/monitors/message/template';
import { OnCall, type OnCallTeamSpec } from '../../constructs/oncall';
import { applyMonitorRules, suppressMonitorRule } from '../../constructs/rules';
import { datadogStack, synthErrors } from '../support/datadog-stack';

const payments: OnCallTeamSpec = {
  key: 'payments', name: 'Payments', handle: 'payments', backend: 'pagerduty', timeZone: 'America/New_York',
  primary: [{ name: 'weekly', members: ['a@example.com', 'b@example.com'], startDate: '2026-12-02' }],
  escalation: { steps: [{ targets: [{ schedule: 'primary' }] }] },
  pagerduty: { serviceName: 'payments-core' },
};
const identity: OnCallTeamSpec = {
  key: 'identity', name: 'Identity', handle: 'identity', backend: 'datadog', timeZone: 'Europe/Paris',
  primary: [{ name: 'weekly', members: ['c@example.com', 'd@example.com'], startDate: '2026-11-30' }],
  escalation: { steps: [{ targets: [{ schedule: 'primary' }] }] },
};

/** A monitor paging `handle` (alerts and their recovery), with runbook and team tag; `text` in its message. */
function paging(handle: string, text?: string): DatadogMonitorProps {
  return {
    kind: 'metric', name: 'orders failing', metric: 'payments.orders.failed', scope: ['env:prod', 'service:orders'], comparator: '>', critical: 10,
    tags: ['team:payments', 'env:prod', 'service:orders'],
    message: buildMessage({ title: 'Orders failing', ...(text ? { text } : {}), runbookUrl: 'https://runbooks.example.com/orders', notify: { policy: { team: 'payments', chat: ['@slack-payments'], pager: [handle] } } }),
  };
}

function stackWith(teams: OnCallTeamSpec[], monitor: DatadogMonitorProps, setup?: (m: DatadogMonitor) => void) {
  const app = Testing.app();
  const stack = datadogStack(app);
  if (teams.some((t) => t.backend === 'pagerduty')) new PagerdutyProvider(stack, 'pagerduty', {});
  if (teams.length > 0) new OnCall(stack, 'oncall', { teams });
  const m = new DatadogMonitor(stack, 'M', monitor);
  setup?.(m);
  applyMonitorRules(app);
  return stack;
}

const warningsOf = (scope: IConstruct) =>
  scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `[${c.node.path}] ${m.data}`));

describe('HS-ONCALL-2: a monitor pages only PagerDuty services of on-call teams defined here', () => {
  it('accepts a page to the service of a team on PagerDuty', () => {
    expect(synthErrors(stackWith([payments, identity], paging('@pagerduty-payments-core')))).toBe('');
  });

  it('refuses a service no team on PagerDuty has, in one line', () => {
    expect(synthErrors(stackWith([payments, identity], paging('@pagerduty-payments')))).toContain(
      '[test/M] HS-ONCALL-2: pages @pagerduty-payments but no on-call team on PagerDuty has service "payments" in this Datadog organisation (defined: payments-core). Datadog accepts the handle and the page reaches nobody: page @pagerduty-<service> of a team with backend pagerduty in oncall (teams.<key>.pagerduty.serviceName, default its handle), with an escalation policy, or page another team.',
    );
  });

  it('refuses @pagerduty- to a team on Datadog On-Call, naming the handle to use', () => {
    expect(synthErrors(stackWith([payments, identity], paging('@pagerduty-identity')))).toContain(
      '[test/M] HS-ONCALL-2: pages @pagerduty-identity but team "identity" is on Datadog On-Call; page @oncall-identity.',
    );
  });

  it('refuses a team on PagerDuty without an escalation policy (no service is created)', () => {
    const errors = synthErrors(stackWith([{ ...payments, escalation: undefined } as OnCallTeamSpec], paging('@pagerduty-payments-core')));
    expect(errors).toContain('[test/M] HS-ONCALL-2: pages @pagerduty-payments-core but team "payments" has no escalation policy, so no PagerDuty service is created for it.');
  });

  it('can be suppressed with a reason', () => {
    const stack = stackWith([payments], paging('@pagerduty-legacy-billing'), (m) => suppressMonitorRule(m, 'HS-ONCALL-2', 'billing is paged through the legacy PagerDuty account until Q3'));
    expect(synthErrors(stack)).toBe('');
  });

  it('is silent where no team is on PagerDuty, and looks only at the same Datadog organisation', () => {
    expect(synthErrors(stackWith([identity], paging('@pagerduty-anything')))).toBe('');
    expect(synthErrors(stackWith([], paging('@pagerduty-anything')))).toBe('');
    const app = Testing.app();
    const us = datadogStack(app, 'us');
    new PagerdutyProvider(us, 'pagerduty', {});
    new OnCall(us, 'oncall', { teams: [payments] });
    const eu = new TerraformStack(app, 'eu');
    new DatadogProvider(eu, 'datadog', { apiUrl: 'https://api.datadoghq.eu/' });
    new DatadogMonitor(eu, 'M', paging('@pagerduty-payments'));
    applyMonitorRules(app);
    expect(synthErrors(eu)).toBe('');
  });
});

describe('HS-ONCALL-3: PagerDuty receives at most 1,024 characters of the notification', () => {
  it('warns, naming the monitor and the length of its alert notification', () => {
    const text = 'Orders are failing. '.repeat(60).trim();
    const stack = stackWith([], paging('@pagerduty-payments', text));
    const message = (stack.node.findChild('M') as DatadogMonitor).body.message as string;
    const length = notificationTextFor(message, 'alert').length;
    expect(length).toBe(1286);
    expect(synthErrors(stack)).toBe('');
    expect(warningsOf(stack)).toEqual([
      '[test/M] HS-ONCALL-3: monitor "orders failing" pages @pagerduty-payments with an alert notification of 1,286 characters (template variables as written); PagerDuty keeps the first 1,024. PagerDuty receives at most 1,024 characters of the notification: the rest (often the links and the last steps) never reaches the responder. Shorten the text and move the steps to the runbook.',
    ]);
  });

  it('counts the alert notification only: blocks for other states do not count', () => {
    // 1,100 characters that only warnings and recoveries show: the alert is short.
    const text = `{{#is_warning}}${'w'.repeat(1100)}{{/is_warning}}`;
    const stack = stackWith([], paging('@pagerduty-payments', text));
    expect(warningsOf(stack)).toEqual([]);
  });

  it('is silent for monitors that do not page PagerDuty, however long', () => {
    const stack = stackWith([identity], paging('@oncall-identity', 'x'.repeat(2000)));
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe('notificationTextFor', () => {
  it('keeps the blocks of the state, drops the others, keeps variables and other conditions as written', () => {
    const message = 'CPU {{value}} on {{host.name}}\n{{#is_alert}}@pagerduty-ops{{/is_alert}}{{^is_alert}}calm{{/is_alert}}{{#is_match "env.name" "prod"}} prod!{{/is_match}}{{#is_recovery}} back{{/is_recovery}}';
    expect(notificationTextFor(message, 'alert')).toBe('CPU {{value}} on {{host.name}}\n@pagerduty-ops prod!');
    expect(notificationTextFor(message, 'alert_recovery')).toBe('CPU {{value}} on {{host.name}}\ncalm prod! back');
  });
});
