import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DataDatadogUser } from '@cdktf/provider-datadog/lib/data-datadog-user';
import { Team } from '@cdktf/provider-datadog/lib/team';
import { TeamMembership } from '@cdktf/provider-datadog/lib/team-membership';
import { TeamPermissionSetting } from '@cdktf/provider-datadog/lib/team-permission-setting';
import { OnCallSchedule, type OnCallScheduleLayer } from '@cdktf/provider-datadog/lib/on-call-schedule';
import { OnCallEscalationPolicy } from '@cdktf/provider-datadog/lib/on-call-escalation-policy';
import { OnCallTeamRoutingRules, type OnCallTeamRoutingRulesRule } from '@cdktf/provider-datadog/lib/on-call-team-routing-rules';
import type { OnCallModel, OnCallTeamSpec, RestrictionSpec, RoutingRuleSpec } from './model';
import type { LayerPlan, SchedulePlan, WeeklyWindow } from './layers';
import { formatOnCallProblem, planOnCall, type OnCallPlan, type TeamPlan } from './plan';
import { formatRfc3339, formatTimeOfDay } from './time';
import type { DataPagerdutyUser } from '@cdktf/provider-pagerduty/lib/data-pagerduty-user';
import type { DataPagerdutyVendor } from '@cdktf/provider-pagerduty/lib/data-pagerduty-vendor';
import type { PagerDutyTeam } from './pagerduty';
import { escapeTerraformTemplate as literal } from '../terraform/escape';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on use: see pagerDuty() */
/**
 * `@cdktf/provider-pagerduty` is an optional peer dependency: an app whose teams are all on Datadog On-Call never
 * loads it (nor needs it installed). Loaded here, the first time a team's backend is `pagerduty`.
 */
function pagerDuty() {
  try {
    return {
      DataPagerdutyUser: (require('@cdktf/provider-pagerduty/lib/data-pagerduty-user') as typeof import('@cdktf/provider-pagerduty/lib/data-pagerduty-user')).DataPagerdutyUser,
      DataPagerdutyVendor: (require('@cdktf/provider-pagerduty/lib/data-pagerduty-vendor') as typeof import('@cdktf/provider-pagerduty/lib/data-pagerduty-vendor')).DataPagerdutyVendor,
      PagerDutyTeam: (require('./pagerduty') as typeof import('./pagerduty')).PagerDutyTeam,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      'A team with backend "pagerduty" needs @cdktf/provider-pagerduty, an optional peer dependency of houndstack: npm install --save-exact @cdktf/provider-pagerduty@14.3.9',
    );
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

export type OnCallProps = OnCallModel;

/** What one Datadog On-Call team is made of; everything is exposed for `addOverride`. */
export interface DatadogOnCallTeamResources {
  readonly backend: 'datadog';
  readonly team: Team;
  readonly memberships: readonly TeamMembership[];
  readonly permissionSettings: readonly TeamPermissionSetting[];
  readonly primarySchedule?: OnCallSchedule;
  readonly secondarySchedule?: OnCallSchedule;
  readonly escalationPolicy?: OnCallEscalationPolicy;
  readonly routingRules?: OnCallTeamRoutingRules;
}

/** A team on PagerDuty: its Datadog team (ownership, `@team-`) and its PagerDuty resources. */
export interface PagerDutyOnCallTeamResources {
  readonly backend: 'pagerduty';
  readonly team: Team;
  readonly memberships: readonly TeamMembership[];
  readonly permissionSettings: readonly TeamPermissionSetting[];
  readonly pagerduty: PagerDutyTeam;
}

export type OnCallTeamResources = DatadogOnCallTeamResources | PagerDutyOnCallTeamResources;

const ON_CALL = Symbol.for('houndstack.OnCall');

/** `alice@example.com` → `alice_at_example_com` (construct IDs; Terraform names stay readable and distinct). */
export function emailId(email: string): string {
  return email.toLowerCase().replace(/@/g, '_at_').replace(/[^a-z0-9_]/g, '_');
}

function window(w: WeeklyWindow): { startDay: string; startTime: string; endDay: string; endTime: string } {
  return { startDay: w.startDay, startTime: formatTimeOfDay(w.startSecond), endDay: w.endDay, endTime: formatTimeOfDay(w.endSecond) };
}

/** A routing rule's query: `priority:(1 OR 2) AND alert_status:error AND tags.service:api`. */
export function routingQuery(rule: RoutingRuleSpec): string | undefined {
  const group = (name: string, values: readonly (string | number)[]) => (values.length === 1 ? `${name}:${values[0]}` : `${name}:(${values.join(' OR ')})`);
  const parts = [
    ...(rule.priorities?.length ? [group('priority', rule.priorities)] : []),
    ...(rule.alertStatuses?.length ? [group('alert_status', rule.alertStatuses)] : []),
    ...Object.entries(rule.tags ?? {}).map(([k, v]) => `tags.${k}:${v}`),
  ];
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}

/**
 * On-call as code for one Datadog organisation: teams, their members (looked up by e-mail), schedules, escalation
 * policies and routing rules on Datadog On-Call, or schedules, escalation policies and a service on PagerDuty wired
 * to Datadog so monitors page `@pagerduty-<service>`. The model is checked at construction (limits Datadog enforces
 * only at apply, coverage of every hour, nobody primary and secondary at once); problems fail synth, each with its path.
 *
 * Needs the Datadog provider in the stack, and the PagerDuty provider when a team is on PagerDuty.
 */
export class OnCall extends Construct {
  /** The checked, compiled model: the preview simulates exactly this. */
  public readonly plan: OnCallPlan;
  /** `datadog_user` lookups by e-mail, shared by every team. */
  public readonly users: ReadonlyMap<string, DataDatadogUser>;
  /** Resources by team key. */
  public readonly teams: Readonly<Record<string, OnCallTeamResources>>;

  public static isOnCall(x: unknown): x is OnCall {
    return typeof x === 'object' && x !== null && (x as { [ON_CALL]?: boolean })[ON_CALL] === true;
  }

  constructor(scope: Construct, id: string, props: OnCallProps) {
    super(scope, id);
    Object.defineProperty(this, ON_CALL, { value: true });
    this.plan = planOnCall(props);
    const errors = this.plan.problems.filter((p) => p.level === 'error').map(formatOnCallProblem);
    for (const w of this.plan.problems.filter((p) => p.level === 'warning')) Annotations.of(this).addWarning(formatOnCallProblem(w));
    this.node.addValidation({ validate: () => errors });

    const users = new Map<string, DataDatadogUser>();
    const user = (email: string): DataDatadogUser => {
      let u = users.get(email);
      if (!u) {
        u = new DataDatadogUser(this, `user-${emailId(email)}`, { filter: email, exactMatch: true });
        users.set(email, u);
      }
      return u;
    };
    this.users = users;
    const pagerDutyUsers = new Map<string, DataPagerdutyUser>();
    const pagerDutyUser = (email: string): DataPagerdutyUser => {
      let u = pagerDutyUsers.get(email);
      if (!u) {
        u = new (pagerDuty().DataPagerdutyUser)(this, `pagerduty-user-${emailId(email)}`, { email });
        pagerDutyUsers.set(email, u);
      }
      return u;
    };
    let vendor: DataPagerdutyVendor | undefined;
    const datadogVendor = () => (vendor ??= new (pagerDuty().DataPagerdutyVendor)(this, 'pagerduty-vendor-datadog', { name: 'Datadog' }));

    // Teams first: escalation steps may page another team.
    const datadogTeams = new Map<string, Team>();
    const scopes = new Map<string, Construct>();
    for (const t of this.plan.teams) {
      const teamScope = new Construct(this, t.spec.key);
      scopes.set(t.spec.key, teamScope);
      datadogTeams.set(
        t.spec.key,
        new Team(teamScope, 'team', { name: literal(t.spec.name), handle: t.spec.handle, description: literal(t.spec.description ?? `${t.spec.name}, managed by houndstack`) }),
      );
    }
    const teams: Record<string, OnCallTeamResources> = {};
    for (const t of this.plan.teams) {
      const teamScope = scopes.get(t.spec.key)!;
      const team = datadogTeams.get(t.spec.key)!;
      // On PagerDuty the responders are PagerDuty users: the Datadog team lists only its explicit members and admins.
      const datadogMembers = t.spec.backend === 'pagerduty' ? [...new Set([...(t.spec.members ?? []), ...t.admins])] : t.members;
      const memberships = datadogMembers.map(
        (m) =>
          new TeamMembership(teamScope, `member-${emailId(m)}`, {
            teamId: team.id,
            userId: user(m).id,
            ...(t.admins.includes(m) ? { role: 'admin' } : {}),
          }),
      );
      // Without these, anyone in the organisation may edit the team or its members, and Terraform drifts.
      const permissionSettings = (['manage_membership', 'edit'] as const).map(
        (action) => new TeamPermissionSetting(teamScope, `permission-${action.replace('_', '-')}`, { teamId: team.id, action, value: 'admins' }),
      );
      if (t.spec.backend === 'pagerduty') {
        teams[t.spec.key] = { backend: 'pagerduty', team, memberships, permissionSettings, pagerduty: new (pagerDuty().PagerDutyTeam)(teamScope, 'pagerduty', { plan: t, user: pagerDutyUser, vendor: datadogVendor }) };
      } else {
        teams[t.spec.key] = { backend: 'datadog', team, memberships, permissionSettings, ...this.renderDatadog(teamScope, t, team, datadogTeams, user) };
      }
    }
    this.teams = teams;
  }

  private renderDatadog(
    scope: Construct,
    t: TeamPlan,
    team: Team,
    datadogTeams: ReadonlyMap<string, Team>,
    user: (email: string) => DataDatadogUser,
  ): Pick<DatadogOnCallTeamResources, 'primarySchedule' | 'secondarySchedule' | 'escalationPolicy' | 'routingRules'> {
    const layer = (schedule: SchedulePlan, l: LayerPlan): OnCallScheduleLayer => ({
      name: literal(l.name),
      effectiveDate: formatRfc3339(l.effectiveMs, l.timeZone),
      ...(l.endMs !== undefined ? { endDate: formatRfc3339(l.endMs, l.timeZone) } : {}),
      rotationStart: formatRfc3339(l.rotationStartMs, l.timeZone),
      ...(l.timeZone !== schedule.timeZone ? { timeZone: l.timeZone } : {}),
      interval: { days: l.interval.days, seconds: l.interval.seconds },
      users: l.users.map((m) => user(m).id),
      ...(l.restrictions.length > 0 ? { restriction: l.restrictions.map(window) } : {}),
    });
    const schedule = (s: SchedulePlan | undefined, id: string) =>
      s && s.layers.length > 0
        ? new OnCallSchedule(scope, id, { name: literal(s.name), timeZone: s.timeZone, teams: [team.id], layer: s.layers.map((l) => layer(s, l)) })
        : undefined;
    const primarySchedule = schedule(t.primary, 'primary-schedule');
    const secondarySchedule = schedule(t.secondary, 'secondary-schedule');
    const e = t.spec.escalation;
    const escalationPolicy = e
      ? new OnCallEscalationPolicy(scope, 'escalation-policy', {
          name: literal(`${t.spec.name} escalation`),
          teams: [team.id],
          retries: e.retries ?? 0,
          resolvePageOnPolicyEnd: e.resolvePageOnPolicyEnd ?? false,
          step: e.steps.map((s) => ({
            escalateAfterSeconds: (s.escalateAfterMinutes ?? 10) * 60,
            assignment: s.assignment ?? 'default',
            target: s.targets.map((target) => {
              if ('schedule' in target) {
                const sched = target.schedule === 'primary' ? primarySchedule : secondarySchedule;
                return { schedule: sched?.id ?? '', position: target.position ?? 'current' };
              }
              if ('team' in target) return { team: datadogTeams.get(target.team)?.id ?? '' };
              return { user: user(target.user).id };
            }),
          })),
        })
      : undefined;
    const routingRules = escalationPolicy
      ? new OnCallTeamRoutingRules(scope, 'routing-rules', {
          id: team.id,
          rule: [
            ...(t.spec.routing ?? []).map((r) => routingRule(r, t.spec, escalationPolicy)),
            // Datadog requires the last rule to catch everything and page someone (HTTP 400 at apply otherwise).
            { escalationPolicy: escalationPolicy.id, urgency: t.spec.defaultUrgency ?? 'dynamic' },
          ],
        })
      : undefined;
    return {
      ...(primarySchedule ? { primarySchedule } : {}),
      ...(secondarySchedule ? { secondarySchedule } : {}),
      ...(escalationPolicy ? { escalationPolicy } : {}),
      ...(routingRules ? { routingRules } : {}),
    };
  }
}

function routingRule(r: RoutingRuleSpec, team: OnCallTeamSpec, policy: OnCallEscalationPolicy): OnCallTeamRoutingRulesRule {
  const query = routingQuery(r);
  const page = r.page ?? true;
  const restriction = (w: RestrictionSpec) => ({
    startDay: w.startDay,
    startTime: w.startTime.length === 5 ? `${w.startTime}:00` : w.startTime,
    endDay: w.endDay,
    endTime: w.endTime.length === 5 ? `${w.endTime}:00` : w.endTime,
  });
  const action = [
    ...(r.slack ? [{ sendSlackMessage: { channel: r.slack.channel, workspace: r.slack.workspace } }] : []),
    ...(r.msTeams ? [{ sendTeamsMessage: { channel: r.msTeams.channel, team: r.msTeams.team, tenant: r.msTeams.tenant } }] : []),
  ];
  return {
    ...(query ? { query } : {}),
    ...(page ? { escalationPolicy: policy.id, urgency: r.urgency ?? 'dynamic' } : {}),
    ...(r.timeWindow ? { timeRestrictions: { timeZone: r.timeWindow.timeZone ?? team.timeZone, restriction: r.timeWindow.restrictions.map(restriction) } } : {}),
    ...(action.length > 0 ? { action } : {}),
  };
}
