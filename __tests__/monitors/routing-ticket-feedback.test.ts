import { analyzeMessage, buildMessage, feedbackText, handleProblem, handlesFor } from '../../constructs/monitors/message';
import { notificationText, policyProblems, NotificationPolicy } from '../../constructs/monitors/routing';
import { notifiedHandles } from '../../constructs/monitors/evaluate';

const payments: NotificationPolicy = { team: 'payments', chat: ['@slack-payments'], pager: ['@pagerduty-payments'], ticket: ['@jira-PAY-Task'] };

describe('the ticket audience', () => {
  it("sends a ticket-audience monitor's alerts and alert recoveries to the ticket handles, never to the pager", () => {
    const a = analyzeMessage(notificationText({ policy: payments, audience: 'ticket' }));
    expect(handlesFor(a, 'alert')).toEqual(['@jira-PAY-Task']);
    expect(handlesFor(a, 'alert_recovery')).toEqual(['@jira-PAY-Task']);
    expect(handlesFor(a, 'warning')).toEqual(['@slack-payments']);
    expect(a.handles.some((h) => h.handle === '@pagerduty-payments')).toBe(false);
    expect(a.problems).toEqual([]);
  });

  it('keeps paging by default, and a policy without ticket handles sends ticket alerts to chat', () => {
    expect(handlesFor(analyzeMessage(notificationText({ policy: payments })), 'alert')).toEqual(['@pagerduty-payments']);
    expect(handlesFor(analyzeMessage(notificationText({ policy: { team: 'x', chat: ['@slack-x'], pager: ['@oncall-x'] }, audience: 'ticket' })), 'alert')).toEqual(['@slack-x']);
  });

  it('routes each group to its team\'s tickets with routeBy', () => {
    const search: NotificationPolicy = { team: 'search', chat: ['@slack-search'], ticket: ['@servicenow-search'] };
    const message = notificationText({ policy: payments, audience: 'ticket', routeBy: { tag: 'team', routes: { search } } });
    expect(notifiedHandles(message, 'alert', ['team:search'])).toEqual(['@servicenow-search']);
    expect(notifiedHandles(message, 'alert', ['team:other'])).toEqual(['@jira-PAY-Task']);
  });

  it('accepts Jira and ServiceNow handles and checks ticket handles of a policy', () => {
    expect(handleProblem('@jira-PAY-Task')).toBeUndefined();
    expect(handleProblem('@servicenow-acme')).toBeUndefined();
    expect(policyProblems({ ...payments, ticket: ['jira-PAY'] })).toEqual(["ticket[0]: handle 'jira-PAY' must start with '@'"]);
  });
});

describe('feedback links', () => {
  it('adds useful/noise links with the monitor and the group to alerts and warnings, not recoveries', () => {
    const message = buildMessage({
      title: 'CPU high on {{host.name}}',
      feedback: { url: 'https://feedback.example.com/alerts', monitor: 'cpu-high', groupBy: ['host', 'env'] },
      notify: { policy: payments },
    });
    const line = 'Was this alert useful? [Useful](https://feedback.example.com/alerts?monitor=cpu-high&group=host%3A{{host.name}}%2Cenv%3A{{env.name}}&verdict=useful) · [Noise](https://feedback.example.com/alerts?monitor=cpu-high&group=host%3A{{host.name}}%2Cenv%3A{{env.name}}&verdict=noise)';
    expect(message.split('\n\n')).toEqual(['CPU high on {{host.name}}', `{{^is_recovery}}${line}{{/is_recovery}}`, expect.stringContaining('{{#is_warning}}@slack-payments{{/is_warning}}')]);
    expect(analyzeMessage(message).tagVariables).toEqual(['host', 'env']);
  });

  it('percent-encodes the monitor name and appends to a URL that has a query already', () => {
    expect(feedbackText({ url: 'https://f.example.com/v?team=pay', monitor: 'checkout (prod): errors' })).toBe(
      '{{^is_recovery}}Was this alert useful? [Useful](https://f.example.com/v?team=pay&monitor=checkout%20(prod)%3A%20errors&verdict=useful) · [Noise](https://f.example.com/v?team=pay&monitor=checkout%20(prod)%3A%20errors&verdict=noise){{/is_recovery}}',
    );
  });

  it('refuses a URL that is not http(s), naming the field', () => {
    expect(() => feedbackText({ url: 'feedback.example.com', monitor: 'x' })).toThrow('feedback.url: "feedback.example.com" is not an http(s) URL without a fragment');
  });
});
