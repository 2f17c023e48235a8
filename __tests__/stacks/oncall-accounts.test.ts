import { Testing, type TerraformStack } from 'cdktf';
import { parseAccounts } from '../../stacks/accounts-file';
import { accountsProblems as problemsOf } from '../support/accounts';
import { buildApp } from '../../main';

const FILE = 'accounts.yaml';


const accounts = `
accounts:
  - alias: prod
    accountId: "111111111111"
    region: us-east-1
`;

const team = `
oncall:
  teams:
    identity:
      backend: datadog
      timeZone: Europe/Paris
      primary:
        - { name: weekly, members: [a@example.com, b@example.com], startDate: 2026-11-30 }
      escalation:
        steps: [{ targets: [{ schedule: primary }] }]
`;

describe('the accounts file oncall: section', () => {
  it('accepts a team, the key as name and handle, the stack named oncall', () => {
    const file = parseAccounts(accounts + team, FILE);
    expect(file.oncall).toEqual({
      stack: 'oncall',
      teams: {
        identity: {
          backend: 'datadog',
          timeZone: 'Europe/Paris',
          primary: [{ name: 'weekly', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30' }],
          escalation: { steps: [{ targets: [{ schedule: 'primary' }] }] },
        },
      },
    });
  });

  it('refuses unknown keys and bad values with their paths', () => {
    const text = accounts + team.replace('backend: datadog', 'backend: opsgenie\n      timezone: UTC').replace('a@example.com, b@example.com', 'a@example.com, bob');
    expect(problemsOf(text)).toEqual([
      'oncall.teams.identity.backend: must be one of "datadog"|"pagerduty"',
      'oncall.teams.identity.primary[0].members[1]: must be an e-mail address',
      'oncall.teams.identity: unknown key "timezone" (a typo? houndstack never ignores a key it does not know)',
    ]);
  });

  it('reports the model problems as oncall.teams.<key>.<field>', () => {
    const text = accounts + team.replace('startDate: 2026-11-30', 'startDate: 2026-11-30, restrictions: [{ startDay: monday, startTime: "09:00", endDay: friday, endTime: "18:00" }]');
    expect(problemsOf(text)).toEqual([
      'oncall.teams.identity.primary: nobody is on call friday 18:00 – monday 09:00 (Europe/Paris), every week; add a rotation or widen the restrictions, or set coverage: restricted for a team that is never paged',
    ]);
  });

  it('lets a notification policy name an on-call team, and refuses one that is not defined', () => {
    const policies = `
monitoring:
  teams:
    identity: { chat: ["@slack-identity"], oncall: identity }
    search: { chat: ["@slack-search"], oncall: serch }
`;
    expect(problemsOf(accounts + policies + team)).toEqual(['monitoring.teams.search.oncall: on-call team "serch" is not in oncall.teams (known: identity)']);
    const fixed = parseAccounts(accounts + policies.replace('oncall: serch', 'oncall: identity') + team, FILE);
    expect(fixed.monitoring?.teams.identity?.pager).toEqual(['@oncall-identity']);
  });

  it('refuses a policy naming an on-call team whose pages would reach nobody', () => {
    const policies = 'monitoring:\n  teams:\n    identity: { chat: ["@slack-identity"], oncall: identity }\n';
    expect(problemsOf(accounts + policies + team.replace(/      escalation:\n.*\n/, ''))).toEqual([
      'monitoring.teams.identity.oncall: on-call team "identity" has no escalation policy; its pages would reach nobody',
    ]);
  });

  it('pages @pagerduty-<service> for a policy naming a PagerDuty team', () => {
    const pd = team.replace('backend: datadog', 'backend: pagerduty\n      pagerduty: { serviceName: identity-login }');
    const file = parseAccounts(accounts + 'monitoring:\n  teams:\n    identity: { chat: ["@slack-identity"], oncall: identity }\n' + pd, FILE);
    expect(file.monitoring?.teams.identity?.pager).toEqual(['@pagerduty-identity-login']);
  });

  it('refuses an on-call stack named like an account', () => {
    expect(problemsOf(accounts + team.replace('  teams:', '  stack: prod\n  teams:'))).toEqual(['oncall.stack: "prod" is also an account\'s alias; the on-call stack needs a name of its own']);
  });
});

describe('the example accounts file', () => {
  const app = buildApp('examples/accounts.yaml', Testing.app().outdir);
  const stack = app.node.findChild('oncall') as TerraformStack;
  const json = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, Record<string, unknown>>> };

  it('synthesizes both backends in the oncall stack: three Datadog teams, two On-Call teams, one PagerDuty service', () => {
    const names = (type: string, field = 'name') => Object.values(json.resource[type] ?? {}).map((r) => r[field]);
    expect(names('datadog_team', 'handle')).toEqual(['identity', 'payments', 'platform']);
    expect(names('datadog_on_call_schedule')).toEqual(['Identity primary', 'Identity secondary', 'Platform SRE primary']);
    expect(names('datadog_on_call_escalation_policy')).toEqual(['Identity escalation', 'Platform SRE escalation']);
    expect(names('pagerduty_schedule')).toEqual(['Payments primary', 'Payments secondary']);
    expect(names('pagerduty_service')).toEqual(['payments']);
    expect(names('datadog_integration_pagerduty_service_object', 'service_name')).toEqual(['payments']);
  });

  it('escalates identity in five steps: SRE team, primary, secondary, manager, director', () => {
    const policy = Object.values(json.resource.datadog_on_call_escalation_policy!).find((p) => p.name === 'Identity escalation') as { step: { target: Record<string, string>[] }[] };
    expect(policy.step.map((s) => Object.entries(s.target[0]!).map(([k, v]) => `${k}=${v.replace(/_[0-9A-F]{8}\.id\}$/, '').replace(/^\$\{(data\.)?/, '')}`).join(' '))).toEqual([
      'team=datadog_team.oncall_platform_team',
      'position=current schedule=datadog_on_call_schedule.oncall_identity_primary-schedule',
      'position=current schedule=datadog_on_call_schedule.oncall_identity_secondary-schedule',
      'user=datadog_user.oncall_user-camille_roux_at_example_com',
      'user=datadog_user.oncall_user-henri_blanc_at_example_com',
    ]);
  });

  it('adds Ravi to identity with the layer-change pattern: the old layer ends at a handoff, the new one starts there', () => {
    const primary = Object.values(json.resource.datadog_on_call_schedule!).find((s) => s.name === 'Identity primary') as { layer: Record<string, unknown>[] };
    expect(primary.layer.map((l) => [l.name, l.effective_date, l.end_date, (l.users as string[]).length])).toEqual([
      ['identity weekly', '2026-11-30T10:00:00+01:00', '2027-01-11T10:00:00+01:00', 3],
      ['identity weekly from 2027-01-11', '2027-01-11T10:00:00+01:00', undefined, 4],
    ]);
  });

  it('matches its snapshot', () => {
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });
});
