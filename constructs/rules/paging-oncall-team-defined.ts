import type { IConstruct } from 'constructs';
import type { OnCallPlan, TeamPlan } from '../oncall/plan';
import { CHECK_HORIZON_DAYS, horizonStart, uncoveredSegments } from '../oncall/plan';
import { scheduleTimeline } from '../oncall/layers';
import { datadogOrganisation } from './monitor-rules';
import type { MonitorRule } from './rule';

// Recognised by brand rather than class, so that this rule loads neither the on-call constructs nor their providers.
const ON_CALL = Symbol.for('houndstack.OnCall');
type OnCallLike = IConstruct & { readonly plan: OnCallPlan };

/** On-call teams by organisation and handle, per app (built once). */
const TEAMS = new WeakMap<IConstruct, Map<string, Map<string, TeamPlan>>>();

function teamsOf(root: IConstruct): Map<string, Map<string, TeamPlan>> {
  let byOrg = TEAMS.get(root);
  if (!byOrg) {
    byOrg = new Map();
    for (const c of root.node.findAll()) {
      if ((c as { [ON_CALL]?: boolean })[ON_CALL] !== true) continue;
      const org = datadogOrganisation(c);
      const handles = byOrg.get(org) ?? new Map<string, TeamPlan>();
      for (const t of (c as OnCallLike).plan.teams) handles.set(t.spec.handle, t);
      byOrg.set(org, handles);
    }
    TEAMS.set(root, byOrg);
  }
  return byOrg;
}

const GAPS = new WeakMap<TeamPlan, boolean>();

function hasGaps(t: TeamPlan): boolean {
  let gaps = GAPS.get(t);
  if (gaps === undefined) {
    const from = horizonStart(t.primary!);
    gaps = uncoveredSegments(scheduleTimeline(t.primary!, from, from + CHECK_HORIZON_DAYS * 86_400_000)).length > 0;
    GAPS.set(t, gaps);
  }
  return gaps;
}

/**
 * HS-ONCALL-1: a monitor that pages `@oncall-<handle>` names a team defined here (an `OnCall` in the same Datadog
 * organisation) with a schedule and an escalation policy. Organisations without any `OnCall` manage On-Call elsewhere:
 * there is nothing to check against, and the rule stays silent.
 */
export const pagingOnCallTeamDefined: MonitorRule = {
  id: 'HS-ONCALL-1',
  cause: 'A monitor pages an On-Call team that is not defined, has no schedule or no escalation policy.',
  explanation: 'Datadog accepts the handle and the page reaches nobody: define the team in oncall (teams.<key>.handle), with a primary rotation and an escalation policy, or page another team.',
  level: 'error',
  evaluate(subject, ctx) {
    const handles = [...new Set(ctx.analysis(subject).handles.filter((h) => h.kind === 'oncall' && h.states.includes('alert')).map((h) => h.handle))];
    if (handles.length === 0) return [];
    const teams = teamsOf(subject.construct.node.root).get(subject.organisation ?? datadogOrganisation(subject.construct));
    if (!teams) return [];
    const out: string[] = [];
    for (const handle of handles) {
      const name = handle.slice('@oncall-'.length);
      const team = teams.get(name);
      if (!team) {
        out.push(`pages ${handle} but no on-call team has handle "${name}" in this Datadog organisation (defined: ${[...teams.keys()].join(', ')})`);
      } else if (team.spec.backend === 'pagerduty') {
        out.push(`pages ${handle} but team "${team.spec.key}" is on PagerDuty; page @pagerduty-${team.spec.pagerduty?.serviceName ?? team.spec.handle}`);
      } else if (!team.primary || team.primary.layers.length === 0) {
        out.push(`pages ${handle} but team "${team.spec.key}" has no schedule (no primary rotation)`);
      } else if (!team.spec.escalation) {
        out.push(`pages ${handle} but team "${team.spec.key}" has no escalation policy`);
      } else if (team.spec.coverage === 'restricted' && hasGaps(team)) {
        out.push(`pages ${handle} but team "${team.spec.key}" leaves hours of the week with nobody on call (coverage: restricted)`);
      }
    }
    return out;
  },
};
