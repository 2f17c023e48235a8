import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { DatadogMonitor, type DatadogMonitorProps } from '../../constructs/monitors/monitor';
import { buildMessage } from '../../constructs/monitors/message';
import { OnCall, type OnCallTeamSpec } from '../../constructs/oncall';
import { applyMonitorRules, suppressMonitorRule } from '../../constructs/rules';
import { datadogStack, synthErrors } from '../support/datadog-stack';
import { buildApp } from '../../main';

const identity: OnCallTeamSpec = {
  key: 'identity', name: 'Identity', handle: 'identity', backend: 'datadog', timeZone: 'Europe/Paris',
  primary: [{ name: 'weekly', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30' }],
  escalation: { steps: [{ targets: [{ schedule: 'primary' }] }] },
};

/** A monitor paging `handle` (alerts and their recovery), with runbook and team tag. */
function paging(handle: string): DatadogMonitorProps {
  return {
    kind: 'metric', name: 'login errors', metric: 'identity.login.errors', scope: ['env:prod', 'service:login'], comparator: '>', critical: 10,
    tags: ['team:identity', 'env:prod', 'service:login'],
    message: buildMessage({ runbookUrl: 'https://runbooks.example.com/login', notify: { policy: { team: 'identity', chat: ['@slack-identity'], pager: [handle] } } }),
  };
}

function check(handle: string, teams: OnCallTeamSpec[], setup?: (m: DatadogMonitor) => void): string {
  const app = Testing.app();
  const stack = datadogStack(app);
  new OnCall(stack, 'oncall', { teams });
  const m = new DatadogMonitor(stack, 'M', paging(handle));
  setup?.(m);
  applyMonitorRules(app);
  return synthErrors(stack);
}

describe('HS-ONCALL-1: a monitor pages only on-call teams defined here, with a schedule and an escalation policy', () => {
  it('accepts a page to a defined team', () => {
    expect(check('@oncall-identity', [identity])).toBe('');
  });

  it('refuses a page to a handle no team has, in one line', () => {
    expect(check('@oncall-idenity', [identity])).toContain(
      '[test/M] HS-ONCALL-1: pages @oncall-idenity but no on-call team has handle "idenity" in this Datadog organisation (defined: identity). Datadog accepts the handle and the page reaches nobody: define the team in oncall (teams.<key>.handle), with a primary rotation and an escalation policy, or page another team.',
    );
  });

  it('refuses a team without a schedule, and one without an escalation policy', () => {
    expect(check('@oncall-identity', [{ ...identity, primary: undefined, escalation: undefined } as OnCallTeamSpec])).toContain('[test/M] HS-ONCALL-1: pages @oncall-identity but team "identity" has no schedule (no primary rotation).');
    expect(check('@oncall-identity', [{ ...identity, escalation: undefined } as OnCallTeamSpec])).toContain('[test/M] HS-ONCALL-1: pages @oncall-identity but team "identity" has no escalation policy.');
  });

  it('refuses @oncall- to a team on PagerDuty, naming the handle to use', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new PagerdutyProvider(stack, 'pagerduty', {});
    new OnCall(stack, 'oncall', { teams: [{ ...identity, backend: 'pagerduty', pagerduty: { serviceName: 'identity-login' } }] });
    new DatadogMonitor(stack, 'M', paging('@oncall-identity'));
    applyMonitorRules(app);
    expect(synthErrors(stack)).toContain('[test/M] HS-ONCALL-1: pages @oncall-identity but team "identity" is on PagerDuty; page @pagerduty-identity-login.');
  });

  it('refuses paging a restricted team that leaves hours uncovered', () => {
    const business = { ...identity, coverage: 'restricted' as const, primary: [{ ...identity.primary![0]!, restrictions: [{ startDay: 'monday' as const, startTime: '09:00', endDay: 'friday' as const, endTime: '18:00' }] }] };
    expect(check('@oncall-identity', [business])).toContain('[test/M] HS-ONCALL-1: pages @oncall-identity but team "identity" leaves hours of the week with nobody on call (coverage: restricted).');
  });

  it('can be suppressed with a reason', () => {
    expect(check('@oncall-legacy', [identity], (m) => suppressMonitorRule(m, 'HS-ONCALL-1', 'legacy team, on call in the Datadog UI until Q3'))).toBe('');
  });

  it('looks only at teams of the same Datadog organisation, and is silent where no OnCall is defined', () => {
    const app = Testing.app();
    const us = datadogStack(app, 'us');
    const eu = new TerraformStack(app, 'eu');
    new DatadogProvider(eu, 'datadog', { apiUrl: 'https://api.datadoghq.eu/' });
    new OnCall(us, 'oncall', { teams: [identity] });
    new DatadogMonitor(eu, 'M', paging('@oncall-identity'));
    applyMonitorRules(app);
    expect(synthErrors(eu)).toBe('');
  });
});

describe('the accounts file, as a new user tries it', () => {
  it('fails synth with one clear line when a monitor pages an on-call team that is not defined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houndstack-oncall-'));
    cpSync('examples/inventory', join(dir, 'inventory'), { recursive: true });
    const text = readFileSync('examples/accounts.yaml', 'utf8').replace('oncall: identity, owner', 'pager: ["@oncall-identiy"], owner');
    writeFileSync(join(dir, 'accounts.yaml'), text);
    const app = buildApp(join(dir, 'accounts.yaml'), join(dir, 'out'));
    // The example shards payments-prod's inventory monitors by team: identity's are in their own stack.
    const stack = app.node.findChild('payments-prod-monitors-identity') as TerraformStack;
    const errors = synthErrors(stack);
    const lines = errors.split('\n').filter((l) => l.includes('HS-ONCALL-1'));
    expect(lines).toEqual([
      '  [payments-prod-monitors-identity/monitors] dynamodb-tables/111111111111/us-east-1/login-sessions: HS-ONCALL-1: pages @oncall-identiy but no on-call team has handle "identiy" in this Datadog organisation (defined: identity, platform, payments). Datadog accepts the handle and the page reaches nobody: define the team in oncall (teams.<key>.handle), with a primary rotation and an escalation policy, or page another team.',
    ]);
  });
});
