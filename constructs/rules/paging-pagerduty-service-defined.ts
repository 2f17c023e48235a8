import { pagerDutyServiceName, type TeamPlan } from '../oncall/plan';
import { datadogOrganisation } from './monitor-rules';
import { onCallTeamsOf } from './paging-oncall-team-defined';
import type { MonitorRule } from './rule';

/**
 * HS-ONCALL-2: a monitor that pages `@pagerduty-<service>`, in a Datadog organisation whose on-call teams include one
 * on PagerDuty, names the service of such a team (`datadog_integration_pagerduty_service_object` of an `OnCall`).
 * Organisations with no team on PagerDuty manage their services elsewhere: the rule stays silent.
 */
export const pagingPagerDutyServiceDefined: MonitorRule = {
  id: 'HS-ONCALL-2',
  cause: 'A monitor pages a PagerDuty service that no on-call team on PagerDuty defines.',
  explanation: 'Datadog accepts the handle and the page reaches nobody: page @pagerduty-<service> of a team with backend pagerduty in oncall (teams.<key>.pagerduty.serviceName, default its handle), with an escalation policy, or page another team.',
  level: 'error',
  evaluate(subject, ctx) {
    const handles = [...new Set(ctx.analysis(subject).handles.filter((h) => h.kind === 'pagerduty' && h.states.includes('alert')).map((h) => h.handle))];
    if (handles.length === 0) return [];
    const teams = onCallTeamsOf(subject.construct.node.root).get(subject.organisation ?? datadogOrganisation(subject.construct));
    const onPagerDuty = [...(teams?.values() ?? [])].filter((t) => t.spec.backend === 'pagerduty');
    if (onPagerDuty.length === 0) return [];
    const services = new Map<string, TeamPlan>(onPagerDuty.map((t) => [pagerDutyServiceName(t), t]));
    const out: string[] = [];
    for (const handle of handles) {
      const name = handle.slice('@pagerduty-'.length);
      const team = services.get(name);
      const onDatadog = teams?.get(name);
      if (!team && onDatadog && onDatadog.spec.backend === 'datadog') {
        out.push(`pages ${handle} but team "${onDatadog.spec.key}" is on Datadog On-Call; page @oncall-${onDatadog.spec.handle}`);
      } else if (!team) {
        out.push(`pages ${handle} but no on-call team on PagerDuty has service "${name}" in this Datadog organisation (defined: ${[...services.keys()].join(', ')})`);
      } else if (!team.spec.escalation) {
        out.push(`pages ${handle} but team "${team.spec.key}" has no escalation policy, so no PagerDuty service is created for it`);
      }
    }
    return out;
  },
};
