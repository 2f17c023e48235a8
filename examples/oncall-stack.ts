// On-call as code in a stack of your own (the README quotes this file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { DatadogMonitor, OnCall, RunbookDashboard, applyMonitorRules, buildMessage, runbookLink, withTeam, type NotificationPolicy, type OnCallTeamSpec } from '../constructs';

// Datadog On-Call: a weekly primary, the next member as secondary, escalation from the schedule to the manager.
const identity: OnCallTeamSpec = {
  key: 'identity', name: 'Identity', handle: 'identity', backend: 'datadog', timeZone: 'Europe/Paris',
  admins: ['ines.moreau@example.com'],
  primary: [{
    name: 'identity weekly', members: ['ines.moreau@example.com', 'jonas.weber@example.com', 'lea.martin@example.com'],
    handoffWeekday: 'monday', handoffTime: '10:00', startDate: '2026-11-30',
  }],
  secondary: 'next-member',
  escalation: {
    retries: 1,
    steps: [
      { targets: [{ schedule: 'primary' }], escalateAfterMinutes: 10 },
      { targets: [{ schedule: 'secondary' }], escalateAfterMinutes: 10 },
      { targets: [{ user: 'camille.roux@example.com' }], escalateAfterMinutes: 15 },
    ],
  },
  // Priority 1 pages at high urgency and posts to Slack; everything else reaches the catch-all (dynamic urgency).
  routing: [{ priorities: [1], urgency: 'high', slack: { channel: 'identity-incidents', workspace: 'acme' } }],
};

// PagerDuty from the same model: monitors page @pagerduty-payments; high urgency in support hours, low outside.
const payments: OnCallTeamSpec = {
  key: 'payments', name: 'Payments', handle: 'payments', backend: 'pagerduty', timeZone: 'America/New_York',
  primary: [{ name: 'payments weekly', members: ['ana.silva@example.com', 'ben.carter@example.com'], handoffWeekday: 'wednesday', handoffTime: '11:00', startDate: '2026-12-02' }],
  escalation: { steps: [{ targets: [{ schedule: 'primary' }], escalateAfterMinutes: 15 }, { targets: [{ user: 'dana.white@example.com' }], escalateAfterMinutes: 20 }] },
  pagerduty: { supportHours: { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '09:00', endTime: '18:00' } },
};

export class OnCallExampleStack extends TerraformStack {
  public readonly onCall: OnCall;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // DD_API_KEY, DD_APP_KEY and PAGERDUTY_TOKEN come from the environment.
    new DatadogProvider(this, 'datadog', {});
    new PagerdutyProvider(this, 'pagerduty', {});
    // Checked here: Datadog's limits, every hour covered, nobody primary and secondary at once.
    this.onCall = new OnCall(this, 'oncall', { teams: [identity, payments] });

    // A monitor paging the team (HS-ONCALL-1 checks the handle names a team above), with its runbook dashboard:
    // the steps live next to the spec, in runbooks/<monitor>.md.
    const policy: NotificationPolicy = { team: 'identity', chat: ['@slack-identity'], pager: ['@oncall-identity'] };
    const name = 'login (prod): error rate';
    const errors = new DatadogMonitor(this, 'LoginErrors', withTeam({
      kind: 'metric', name, tags: ['service:login', 'env:prod'],
      series: 'sum:identity.login.errors{env:prod,service:login} by {region}.as_count() / sum:identity.login.attempts{env:prod,service:login} by {region}.as_count()',
      timeAggregation: 'sum', windowMinutes: 5, comparator: '>', critical: 0.05,
      message: buildMessage({ title: 'Login errors at {{value}} in {{region.name}}', runbookUrl: runbookLink(name), notify: { policy } }),
    }, policy));
    new RunbookDashboard(this, 'LoginErrorsRunbook', {
      monitor: errors,
      stepsMarkdown: readFileSync(join(__dirname, 'runbooks', 'identity-login-errors.md'), 'utf8'),
    });
  }
}

export function buildOnCallApp(app: App = new App()): App {
  new OnCallExampleStack(app, 'oncall');
  applyMonitorRules(app);
  return app;
}

if (require.main === module) buildOnCallApp().synth();
