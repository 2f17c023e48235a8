import { Testing, type TerraformStack } from 'cdktf';
import { buildOnCallApp } from '../../examples/oncall-stack';
import { OnCall, type OnCallTeamSpec } from '../../constructs/oncall';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { datadogStack, synthErrors } from '../support/datadog-stack';

type Json = Record<string, Record<string, Record<string, unknown>>>;

function synth(stack: TerraformStack): { resource: Json; data: Json } {
  // Metadata (`//`) left out: the assertions are on what Terraform receives.
  return JSON.parse(Testing.synth(stack, true), (k, v) => (k === '//' ? undefined : v));
}

const one = (json: Json, type: string, logicalIdStart: string): Record<string, unknown> => {
  const found = Object.entries(json[type] ?? {}).filter(([id]) => id.startsWith(logicalIdStart));
  if (found.length !== 1) throw new Error(`expected one ${type} ${logicalIdStart}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0]![1];
};

describe('OnCall on Datadog On-Call (examples/oncall-stack.ts)', () => {
  const app = buildOnCallApp(Testing.app());
  const stack = app.node.findChild('oncall') as TerraformStack;
  const { resource, data } = synth(stack);
  const user = (email: string) => `\${data.datadog_user.${Object.keys(data.datadog_user!).find((id) => id.startsWith(`oncall_user-${email.replace('@', '_at_').replace(/\./g, '_')}_`))}.id}`;
  const team = `\${datadog_team.${Object.keys(resource.datadog_team!).find((id) => id.startsWith('oncall_identity_team_'))}.id}`;

  it('looks members up by e-mail, exactly', () => {
    expect(one(data, 'datadog_user', 'oncall_user-ines_moreau_at_example_com_')).toEqual({ filter: 'ines.moreau@example.com', exact_match: true });
  });

  it('creates the team with its handle and a description', () => {
    expect(one(resource, 'datadog_team', 'oncall_identity_team_')).toEqual({ name: 'Identity', handle: 'identity', description: 'Identity, managed by houndstack' });
  });

  it('adds every rotation member and escalation user to the team, admins with role admin', () => {
    expect(one(resource, 'datadog_team_membership', 'oncall_identity_member-ines_moreau_at_example_com_')).toEqual({ team_id: team, user_id: user('ines.moreau@example.com'), role: 'admin' });
    expect(one(resource, 'datadog_team_membership', 'oncall_identity_member-camille_roux_at_example_com_')).toEqual({ team_id: team, user_id: user('camille.roux@example.com') });
    expect(Object.keys(resource.datadog_team_membership!).filter((id) => id.startsWith('oncall_identity_')).length).toBe(4);
  });

  it('lets only admins change memberships and the team, so Terraform does not drift', () => {
    expect(one(resource, 'datadog_team_permission_setting', 'oncall_identity_permission-manage-membership_')).toEqual({ team_id: team, action: 'manage_membership', value: 'admins' });
    expect(one(resource, 'datadog_team_permission_setting', 'oncall_identity_permission-edit_')).toEqual({ team_id: team, action: 'edit', value: 'admins' });
  });

  it('renders the primary schedule: zone, team, one layer with effective date, rotation start, interval and users in order', () => {
    expect(one(resource, 'datadog_on_call_schedule', 'oncall_identity_primary-schedule_')).toEqual({
      name: 'Identity primary',
      time_zone: 'Europe/Paris',
      teams: [team],
      layer: [
        {
          name: 'identity weekly',
          effective_date: '2026-11-30T10:00:00+01:00',
          rotation_start: '2026-11-30T10:00:00+01:00',
          interval: { days: 7, seconds: 0 },
          users: [user('ines.moreau@example.com'), user('jonas.weber@example.com'), user('lea.martin@example.com')],
        },
      ],
    });
  });

  it('renders the next-member secondary as the same layer with the members moved on by one', () => {
    const secondary = one(resource, 'datadog_on_call_schedule', 'oncall_identity_secondary-schedule_') as { name: string; layer: { users: string[] }[] };
    expect(secondary.name).toBe('Identity secondary');
    expect(secondary.layer[0]!.users).toEqual([user('jonas.weber@example.com'), user('lea.martin@example.com'), user('ines.moreau@example.com')]);
  });

  it('renders the escalation policy: steps in seconds, targets by reference, retries, resolve at policy end', () => {
    const schedule = (role: string) => `\${datadog_on_call_schedule.${Object.keys(resource.datadog_on_call_schedule!).find((id) => id.startsWith(`oncall_identity_${role}-schedule_`))}.id}`;
    expect(one(resource, 'datadog_on_call_escalation_policy', 'oncall_identity_escalation-policy_')).toEqual({
      name: 'Identity escalation',
      teams: [team],
      retries: 1,
      resolve_page_on_policy_end: false,
      step: [
        { escalate_after_seconds: 600, assignment: 'default', target: [{ schedule: schedule('primary'), position: 'current' }] },
        { escalate_after_seconds: 600, assignment: 'default', target: [{ schedule: schedule('secondary'), position: 'current' }] },
        { escalate_after_seconds: 900, assignment: 'default', target: [{ user: user('camille.roux@example.com') }] },
      ],
    });
  });

  it('renders routing rules with the catch-all last, paging the escalation policy', () => {
    const policy = `\${datadog_on_call_escalation_policy.${Object.keys(resource.datadog_on_call_escalation_policy!)[0]}.id}`;
    expect(one(resource, 'datadog_on_call_team_routing_rules', 'oncall_identity_routing-rules_')).toEqual({
      id: team,
      rule: [
        { query: 'priority:1', escalation_policy: policy, urgency: 'high', action: [{ send_slack_message: { channel: 'identity-incidents', workspace: 'acme' } }] },
        { escalation_policy: policy, urgency: 'dynamic' },
      ],
    });
  });

  it('matches its snapshot', () => {
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });

  it('synthesizes without warnings', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
    expect(warnings).toEqual([]);
  });
});

describe('OnCall on PagerDuty (examples/oncall-stack.ts)', () => {
  const app = buildOnCallApp(Testing.app());
  const { resource, data } = synth(app.node.findChild('oncall') as TerraformStack);
  const pdUser = (email: string) => `\${data.pagerduty_user.${Object.keys(data.pagerduty_user!).find((id) => id.startsWith(`oncall_pagerduty-user-${email.replace('@', '_at_').replace(/\./g, '_')}_`))}.id}`;
  const ref = (type: string, start: string, attr = 'id') => `\${${type}.${Object.keys(resource[type]!).find((id) => id.startsWith(start))}.${attr}}`;

  it('looks responders up in PagerDuty by e-mail, and the Datadog vendor by name', () => {
    expect(one(data, 'pagerduty_user', 'oncall_pagerduty-user-ana_silva_at_example_com_')).toEqual({ email: 'ana.silva@example.com' });
    expect(one(data, 'pagerduty_vendor', 'oncall_pagerduty-vendor-datadog_')).toEqual({ name: 'Datadog' });
  });

  it('renders the schedule from the same layers, ignoring PagerDuty\'s rewrite of layer start', () => {
    expect(one(resource, 'pagerduty_schedule', 'oncall_payments_pagerduty_primary-schedule_')).toEqual({
      name: 'Payments primary',
      time_zone: 'America/New_York',
      layer: [
        {
          name: 'payments weekly',
          start: '2026-12-02T11:00:00-05:00',
          rotation_virtual_start: '2026-12-02T11:00:00-05:00',
          rotation_turn_length_seconds: 604800,
          users: [pdUser('ana.silva@example.com'), pdUser('ben.carter@example.com')],
        },
      ],
      lifecycle: { ignore_changes: ['layer[0].start'] },
    });
  });

  it('renders the escalation policy with schedule and user references', () => {
    expect(one(resource, 'pagerduty_escalation_policy', 'oncall_payments_pagerduty_escalation-policy_')).toEqual({
      name: 'Payments escalation',
      num_loops: 0,
      rule: [
        { escalation_delay_in_minutes: 15, target: [{ type: 'schedule_reference', id: ref('pagerduty_schedule', 'oncall_payments_pagerduty_primary-schedule_') }] },
        { escalation_delay_in_minutes: 20, target: [{ type: 'user_reference', id: pdUser('dana.white@example.com') }] },
      ],
    });
  });

  it('renders the service: high urgency in support hours, low outside, raised when support starts', () => {
    expect(one(resource, 'pagerduty_service', 'oncall_payments_pagerduty_service_')).toEqual({
      name: 'payments',
      description: 'Payments, managed by houndstack',
      escalation_policy: ref('pagerduty_escalation_policy', 'oncall_payments_pagerduty_escalation-policy_'),
      alert_creation: 'create_alerts_and_incidents',
      acknowledgement_timeout: 'null',
      auto_resolve_timeout: 'null',
      incident_urgency_rule: { type: 'use_support_hours', during_support_hours: { type: 'constant', urgency: 'high' }, outside_support_hours: { type: 'constant', urgency: 'low' } },
      support_hours: { type: 'fixed_time_per_day', time_zone: 'America/New_York', days_of_week: [1, 2, 3, 4, 5], start_time: '09:00:00', end_time: '18:00:00' },
      scheduled_actions: [{ type: 'urgency_change', to_urgency: 'high', at: [{ type: 'named_time', name: 'support_hours_start' }] }],
    });
  });

  it('wires Datadog to the service: the vendor integration, and its key into the service object by reference', () => {
    expect(one(resource, 'pagerduty_service_integration', 'oncall_payments_pagerduty_datadog-integration_')).toEqual({
      name: 'Datadog',
      service: ref('pagerduty_service', 'oncall_payments_pagerduty_service_'),
      vendor: `\${data.pagerduty_vendor.${Object.keys(data.pagerduty_vendor!)[0]}.id}`,
    });
    expect(one(resource, 'datadog_integration_pagerduty_service_object', 'oncall_payments_pagerduty_datadog-service-object_')).toEqual({
      service_name: 'payments',
      service_key: ref('pagerduty_service_integration', 'oncall_payments_pagerduty_datadog-integration_', 'integration_key'),
    });
  });

  it('keeps the Datadog team of a PagerDuty team to its explicit members (responders are PagerDuty users)', () => {
    expect(one(resource, 'datadog_team', 'oncall_payments_team_')).toEqual({ name: 'Payments', handle: 'payments', description: 'Payments, managed by houndstack' });
    expect(Object.keys(resource.datadog_team_membership!).filter((id) => id.startsWith('oncall_payments_'))).toEqual([]);
  });

  it('renders restrictions as weekly restrictions with a duration, and one ignore_changes entry per layer', () => {
    const stack = datadogStack();
    const team: OnCallTeamSpec = {
      key: 'ops', name: 'Ops', handle: 'ops', backend: 'pagerduty', timeZone: 'UTC', coverage: 'restricted',
      primary: [{ name: 'nights', members: ['a@example.com', 'b@example.com'], shiftLengthDays: 1, startDate: '2026-11-30', handoffTime: '20:00',
        restrictions: [{ startDay: 'friday', startTime: '20:00', endDay: 'monday', endTime: '08:00' }],
        changes: [{ effectiveDate: '2026-12-10', members: ['a@example.com', 'b@example.com', 'c@example.com'] }] }],
    };
    new PagerdutyProvider(stack, 'pagerduty', {});
    new OnCall(stack, 'oncall', { teams: [team] });
    const schedule = one(synth(stack).resource, 'pagerduty_schedule', 'oncall_ops_pagerduty_primary-schedule_') as { layer: Record<string, unknown>[]; lifecycle: unknown };
    expect(schedule.layer.map((l) => [l.name, l.start, l.end, l.rotation_turn_length_seconds, l.restriction])).toEqual([
      ['nights', '2026-11-30T20:00:00Z', '2026-12-10T20:00:00Z', 86400, [{ type: 'weekly_restriction', start_day_of_week: 5, start_time_of_day: '20:00:00', duration_seconds: 216000 }]],
      ['nights from 2026-12-10', '2026-12-10T20:00:00Z', undefined, 86400, [{ type: 'weekly_restriction', start_day_of_week: 5, start_time_of_day: '20:00:00', duration_seconds: 216000 }]],
    ]);
    expect(schedule.lifecycle).toEqual({ ignore_changes: ['layer[0].start', 'layer[1].start'] });
  });

  it('renders a round-robin step with PagerDuty\'s assignment strategy', () => {
    const stack = datadogStack();
    new PagerdutyProvider(stack, 'pagerduty', {});
    new OnCall(stack, 'oncall', {
      teams: [{ key: 'ops', name: 'Ops', handle: 'ops', backend: 'pagerduty', timeZone: 'UTC',
        primary: [{ name: 'w', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30' }],
        escalation: { steps: [{ targets: [{ user: 'a@example.com' }, { user: 'b@example.com' }], assignment: 'round-robin', escalateAfterMinutes: 5 }] } }],
    });
    const policy = one(synth(stack).resource, 'pagerduty_escalation_policy', 'oncall_ops_pagerduty_escalation-policy_') as { rule: Record<string, unknown>[] };
    expect(policy.rule[0]!.escalation_rule_assignment_strategy).toEqual({ type: 'round_robin' });
    expect(policy.rule[0]!.escalation_delay_in_minutes).toBe(5);
  });
});

describe('OnCall validation at synth', () => {
  it('fails synth listing every problem with the construct path', () => {
    const stack = datadogStack();
    new OnCall(stack, 'oncall', {
      teams: [{ key: 'identity', name: 'Identity', handle: 'identity', backend: 'datadog', timeZone: 'Europe/Paris', primary: [{ name: 'w', members: [], startDate: '2026-11-30' }], escalation: { steps: [{ targets: [{ schedule: 'secondary' }], escalateAfterMinutes: 0 }] } }],
    });
    expect(synthErrors(stack)).toContain('[test/oncall] identity.primary[0].members: a rotation needs at least one member');
    expect(synthErrors(stack)).toContain('[test/oncall] identity.escalation.steps[0].escalateAfterMinutes: 0 is not allowed; Datadog escalates after 1 to 600 whole minutes (60–36,000 s)');
    expect(synthErrors(stack)).toContain('[test/oncall] identity.escalation.steps[0].targets[0].schedule: targets the secondary schedule, but the team has no secondary (set secondary: next-member or rotations of its own)');
  });

  it('renders routing rules by alert status and tags, in a time window, posting to Teams without paging', () => {
    const stack = datadogStack();
    new OnCall(stack, 'oncall', {
      teams: [{ key: 'sre', name: 'SRE', handle: 'sre', backend: 'datadog', timeZone: 'Europe/London', defaultUrgency: 'high',
        primary: [{ name: 'w', members: ['a@example.com', 'b@example.com'], startDate: '2026-11-30' }],
        escalation: { steps: [{ targets: [{ schedule: 'primary', position: 'next' }], assignment: 'round-robin' }], resolvePageOnPolicyEnd: true },
        routing: [
          { alertStatuses: ['warn'], tags: { service: 'batch' }, page: false, msTeams: { channel: 'batch', team: 'ops', tenant: 'acme' } },
          { priorities: [1, 2], timeWindow: { restrictions: [{ startDay: 'saturday', startTime: '00:00', endDay: 'monday', endTime: '08:00' }] }, urgency: 'high' },
        ] }],
    });
    const { resource } = synth(stack);
    const policy = `\${datadog_on_call_escalation_policy.${Object.keys(resource.datadog_on_call_escalation_policy!)[0]}.id}`;
    expect((one(resource, 'datadog_on_call_team_routing_rules', 'oncall_sre_routing-rules_') as { rule: unknown[] }).rule).toEqual([
      { query: 'alert_status:warn AND tags.service:batch', action: [{ send_teams_message: { channel: 'batch', team: 'ops', tenant: 'acme' } }] },
      {
        query: 'priority:(1 OR 2)', escalation_policy: policy, urgency: 'high',
        time_restrictions: { time_zone: 'Europe/London', restriction: [{ start_day: 'saturday', start_time: '00:00:00', end_day: 'monday', end_time: '08:00:00' }] },
      },
      { escalation_policy: policy, urgency: 'high' },
    ]);
    const steps = (one(resource, 'datadog_on_call_escalation_policy', 'oncall_sre_escalation-policy_') as { step: Record<string, unknown>[]; resolve_page_on_policy_end: boolean });
    expect(steps.resolve_page_on_policy_end).toBe(true);
    expect(steps.step[0]).toEqual({ escalate_after_seconds: 600, assignment: 'round-robin', target: [{ schedule: expect.stringMatching(/^\$\{datadog_on_call_schedule\.oncall_sre_primary-schedule_[0-9A-F]{8}\.id\}$/), position: 'next' }] });
  });

  it('renders a layer in another zone with its own time_zone, and restrictions as hh:mm:ss', () => {
    const stack = datadogStack();
    new OnCall(stack, 'oncall', {
      teams: [{ key: 'sre', name: 'SRE', handle: 'sre', backend: 'datadog', timeZone: 'Europe/London', coverage: 'restricted',
        primary: [{ name: 'amer', members: ['a@example.com'], timeZone: 'America/New_York', startDate: '2026-11-30', shiftLengthHours: 12, handoffTime: '08:00', restrictions: [{ startDay: 'monday', startTime: '08:00', endDay: 'friday', endTime: '20:00' }] }] }],
    });
    const layer = (one(synth(stack).resource, 'datadog_on_call_schedule', 'oncall_sre_primary-schedule_') as { layer: unknown[] }).layer[0];
    expect(layer).toEqual({
      name: 'amer', time_zone: 'America/New_York', effective_date: '2026-11-30T08:00:00-05:00', rotation_start: '2026-11-30T08:00:00-05:00',
      interval: { days: 0, seconds: 43200 }, users: [expect.stringMatching(/^\$\{data\.datadog_user\.oncall_user-a_at_example_com_[0-9A-F]{8}\.id\}$/)],
      restriction: [{ start_day: 'monday', start_time: '08:00:00', end_day: 'friday', end_time: '20:00:00' }],
    });
  });
});
