import { buildMessage, analyzeMessage, handlesFor, runbookUrlOf } from '../../constructs/monitors/message';
import type { MonitorSpec } from '../../constructs/monitors/model';
import { notificationText, withTeam, policyProblems, NotificationPolicy } from '../../constructs/monitors/routing';

const payments: NotificationPolicy = { team: 'payments', chat: ['@slack-payments'], pager: ['@pagerduty-payments', '@oncall-payments'], owner: ['@team-payments'], priority: 2 };
const search: NotificationPolicy = { team: 'search', chat: ['@slack-search'], pager: ['@oncall-search'] };

describe('routing', () => {
  it('warnings to chat, alerts and their recovery to the pager, no-data to the owner', () => {
    expect(notificationText({ policy: payments })).toBe([
      '{{#is_warning}}@slack-payments{{/is_warning}}',
      '{{#is_warning_recovery}}@slack-payments{{/is_warning_recovery}}',
      '{{#is_alert}}@pagerduty-payments @oncall-payments{{/is_alert}}',
      '{{#is_alert_recovery}}@pagerduty-payments @oncall-payments{{/is_alert_recovery}}',
      '{{#is_no_data}}@team-payments{{/is_no_data}}',
    ].join('\n'));
  });

  it('page: false sends alerts to chat', () => {
    const a = analyzeMessage(notificationText({ policy: payments, page: false }));
    expect(handlesFor(a, 'alert')).toEqual(['@slack-payments']);
  });

  it('a team without a pager gets alerts in chat, and no-data there too', () => {
    const a = analyzeMessage(notificationText({ policy: { team: 'x', chat: ['@slack-x'] } }));
    expect(handlesFor(a, 'alert')).toEqual(['@slack-x']);
    expect(handlesFor(a, 'no_data')).toEqual(['@slack-x']);
  });

  it('routes by a group-by tag with is_exact_match, other values to the default policy', () => {
    expect(notificationText({ policy: { team: 'sre', chat: ['@slack-sre'] }, routeBy: { tag: 'team', routes: { search, payments } } })).toBe([
      '{{#is_exact_match "team.name" "payments"}}',
      '{{#is_warning}}@slack-payments{{/is_warning}}',
      '{{#is_warning_recovery}}@slack-payments{{/is_warning_recovery}}',
      '{{#is_alert}}@pagerduty-payments @oncall-payments{{/is_alert}}',
      '{{#is_alert_recovery}}@pagerduty-payments @oncall-payments{{/is_alert_recovery}}',
      '{{#is_no_data}}@team-payments{{/is_no_data}}',
      '{{/is_exact_match}}',
      '{{#is_exact_match "team.name" "search"}}',
      '{{#is_warning}}@slack-search{{/is_warning}}',
      '{{#is_warning_recovery}}@slack-search{{/is_warning_recovery}}',
      '{{#is_alert}}@oncall-search{{/is_alert}}',
      '{{#is_alert_recovery}}@oncall-search{{/is_alert_recovery}}',
      '{{#is_no_data}}@slack-search{{/is_no_data}}',
      '{{/is_exact_match}}',
      '{{^is_exact_match "team.name" "payments" "search"}}',
      '@slack-sre',
      '{{/is_exact_match}}',
    ].join('\n'));
  });

  it('routed output is balanced, its handles valid, on-call reaches the recovery', () => {
    const text = notificationText({ policy: payments, routeBy: { tag: 'team', routes: { search } } });
    const a = analyzeMessage(text);
    expect(a.problems).toEqual([]);
    expect(a.tagVariables).toEqual(['team']);
    expect(handlesFor(a, 'alert_recovery')).toEqual(['@oncall-search', '@pagerduty-payments', '@oncall-payments']);
  });

  it('withTeam adds the team tag once and the policy priority', () => {
    const input: MonitorSpec = { kind: 'metric', name: 'm', message: '', metric: 'a', comparator: '>', critical: 1, tags: ['env:prod'] };
    const spec = withTeam(input, payments);
    expect(spec.tags).toEqual(['env:prod', 'team:payments']);
    expect(spec.priority).toBe(2);
  });
});

describe('message builder', () => {
  it('title, text, runbook, dashboard and log links, then notifications', () => {
    const message = buildMessage({
      title: 'CPU above 90% on {{host.name}}',
      text: 'Check the deploys of the last hour.',
      runbookUrl: 'https://runbooks.example.com/cpu',
      dashboardUrl: 'https://app.datadoghq.com/dashboard/abc',
      logSearchUrl: 'https://app.datadoghq.com/logs?query=host%3A{{host.name}}',
      notify: { policy: search },
    });
    expect(message).toBe([
      'CPU above 90% on {{host.name}}',
      '',
      'Check the deploys of the last hour.',
      '',
      'Runbook: https://runbooks.example.com/cpu',
      'Dashboard: https://app.datadoghq.com/dashboard/abc',
      'Logs: https://app.datadoghq.com/logs?query=host%3A{{host.name}}',
      '',
      '{{#is_warning}}@slack-search{{/is_warning}}',
      '{{#is_warning_recovery}}@slack-search{{/is_warning_recovery}}',
      '{{#is_alert}}@oncall-search{{/is_alert}}',
      '{{#is_alert_recovery}}@oncall-search{{/is_alert_recovery}}',
      '{{#is_no_data}}@slack-search{{/is_no_data}}',
    ].join('\n'));
    expect(runbookUrlOf(message)).toBe('https://runbooks.example.com/cpu');
    expect(analyzeMessage(message).tagVariables).toEqual(['host']);
  });

  it('handles: the six kinds are accepted, others are problems', () => {
    const a = analyzeMessage('@slack-a @pagerduty-b @oncall-c @webhook-d @team-e @jane.doe@example.com @opsgenie-f');
    expect(a.handles.map((h) => h.kind)).toEqual(['slack', 'pagerduty', 'oncall', 'webhook', 'team', 'email', undefined]);
    expect(a.problems).toEqual([expect.stringContaining("unknown notification handle '@opsgenie-f'")]);
  });

  it('a handle outside any block reaches every state; inverted blocks exclude theirs', () => {
    const a = analyzeMessage('@slack-all {{^is_warning}}@slack-notwarn{{/is_warning}}');
    expect(handlesFor(a, 'warning')).toEqual(['@slack-all']);
    expect(handlesFor(a, 'alert_recovery')).toEqual(['@slack-all', '@slack-notwarn']);
  });
});

describe('policy problems', () => {
  it('bad handles and priority, each naming the field', () => {
    expect(policyProblems({ team: 'web', chat: ['@slack-web', 'slack-x'], pager: ['@pagerduty-web', '@pd-web'], priority: 7 as 1 })).toEqual([
      "chat[1]: handle 'slack-x' must start with '@'",
      expect.stringMatching(/^pager\[1\]: unknown notification handle '@pd-web'/),
      'priority: a whole number from 1 to 5 (got 7)',
    ]);
  });

  it('a policy that reaches nobody', () => {
    expect(policyProblems({ team: 'web' })).toEqual(['chat, pager: a policy needs at least one chat or pager handle']);
  });
});

describe('routing to one audience', () => {
  it('when chat, alerts and no-data reach the same handles, they are written once, outside any block', () => {
    expect(notificationText({ policy: { team: 'x', chat: ['@slack-x', '@team-x'] } })).toBe('@slack-x @team-x');
    expect(notificationText({ policy: payments, page: false })).toBe([
      '{{#is_warning}}@slack-payments{{/is_warning}}',
      '{{#is_warning_recovery}}@slack-payments{{/is_warning_recovery}}',
      '{{#is_alert}}@slack-payments{{/is_alert}}',
      '{{#is_alert_recovery}}@slack-payments{{/is_alert_recovery}}',
      '{{#is_no_data}}@team-payments{{/is_no_data}}',
    ].join('\n'));
  });
});
