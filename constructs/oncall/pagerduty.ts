import { Construct } from 'constructs';
import { DataPagerdutyUser } from '@cdktf/provider-pagerduty/lib/data-pagerduty-user';
import { DataPagerdutyVendor } from '@cdktf/provider-pagerduty/lib/data-pagerduty-vendor';
import { Schedule, type ScheduleLayer } from '@cdktf/provider-pagerduty/lib/schedule';
import { EscalationPolicy } from '@cdktf/provider-pagerduty/lib/escalation-policy';
import { Service } from '@cdktf/provider-pagerduty/lib/service';
import { ServiceIntegration } from '@cdktf/provider-pagerduty/lib/service-integration';
import { IntegrationPagerdutyServiceObject } from '@cdktf/provider-datadog/lib/integration-pagerduty-service-object';
import type { LayerPlan, SchedulePlan } from './layers';
import { weekSecond } from './layers';
import { pagerDutyServiceName, type TeamPlan } from './plan';
import { escapeTerraformTemplate as literal } from '../terraform/escape';
import { WEEKDAYS, formatRfc3339, formatTimeOfDay, parseTimeOfDay } from './time';

export interface PagerDutyTeamProps {
  readonly plan: TeamPlan;
  /** `pagerduty_user` lookup by e-mail, shared by the teams. */
  readonly user: (email: string) => DataPagerdutyUser;
  /** The `Datadog` vendor, shared by the teams. */
  readonly vendor: () => DataPagerdutyVendor;
}

/** PagerDuty's name for a weekday: 1 = monday … 7 = sunday. */
const dayOfWeek = (day: (typeof WEEKDAYS)[number]) => WEEKDAYS.indexOf(day) + 1;

const WEEK = 7 * 86_400;


/**
 * A team's PagerDuty side, from the same plan as Datadog On-Call: schedules (the same layers), an escalation policy,
 * a service with urgency rules and support hours, and the Datadog integration (vendor integration on the service,
 * `datadog_integration_pagerduty_service_object` in Datadog with its key) so that `@pagerduty-<service>` pages it.
 *
 * PagerDuty rewrites a layer's `start` to the time it was saved when that is in the past, which plans a change on
 * every run: the schedules ignore changes to `layer[i].start` (rotation_virtual_start still anchors the handoffs).
 */
export class PagerDutyTeam extends Construct {
  public readonly primarySchedule?: Schedule;
  public readonly secondarySchedule?: Schedule;
  public readonly escalationPolicy?: EscalationPolicy;
  public readonly service?: Service;
  public readonly integration?: ServiceIntegration;
  /** The Datadog side: the service name monitors page, with the integration key (never a literal). */
  public readonly serviceObject?: IntegrationPagerdutyServiceObject;

  constructor(scope: Construct, id: string, props: PagerDutyTeamProps) {
    super(scope, id);
    const t = props.plan;
    const layer = (l: LayerPlan): ScheduleLayer => ({
      name: literal(l.name),
      start: formatRfc3339(l.effectiveMs, l.timeZone),
      ...(l.endMs !== undefined ? { end: formatRfc3339(l.endMs, l.timeZone) } : {}),
      rotationVirtualStart: formatRfc3339(l.rotationStartMs, l.timeZone),
      rotationTurnLengthSeconds: l.interval.days * 86_400 + l.interval.seconds,
      users: l.users.map((m) => props.user(m).id),
      ...(l.restrictions.length > 0
        ? {
            restriction: l.restrictions.map((w) => {
              const start = weekSecond(w.startDay, w.startSecond);
              const end = weekSecond(w.endDay, w.endSecond);
              return {
                type: 'weekly_restriction',
                startDayOfWeek: dayOfWeek(w.startDay),
                startTimeOfDay: formatTimeOfDay(w.startSecond),
                durationSeconds: (end - start + WEEK) % WEEK,
              };
            }),
          }
        : {}),
    });
    const schedule = (s: SchedulePlan | undefined, id: string) => {
      if (!s || s.layers.length === 0) return undefined;
      const r = new Schedule(this, id, { name: literal(s.name), timeZone: s.timeZone, layer: s.layers.map(layer) });
      r.addOverride('lifecycle.ignore_changes', s.layers.map((_, i) => `layer[${i}].start`));
      return r;
    };
    this.primarySchedule = schedule(t.primary, 'primary-schedule');
    this.secondarySchedule = schedule(t.secondary, 'secondary-schedule');
    const e = t.spec.escalation;
    if (!e) return;
    this.escalationPolicy = new EscalationPolicy(this, 'escalation-policy', {
      name: literal(`${t.spec.name} escalation`),
      numLoops: e.retries ?? 0,
      rule: e.steps.map((step) => ({
        escalationDelayInMinutes: step.escalateAfterMinutes ?? 10,
        ...(step.assignment === 'round-robin' ? { escalationRuleAssignmentStrategy: { type: 'round_robin' } } : {}),
        target: step.targets.map((target) => {
          if ('schedule' in target) {
            const sched = target.schedule === 'primary' ? this.primarySchedule : this.secondarySchedule;
            return { type: 'schedule_reference', id: sched?.id ?? '' };
          }
          // Team targets are refused by the plan on PagerDuty.
          return { type: 'user_reference', id: 'user' in target ? props.user(target.user).id : '' };
        }),
      })),
    });
    const pd = t.spec.pagerduty ?? {};
    const hours = pd.supportHours;
    const toHms = (text: string) => formatTimeOfDay(parseTimeOfDay(text) ?? 0);
    this.service = new Service(this, 'service', {
      name: pagerDutyServiceName(t),
      description: literal(`${t.spec.name}, managed by houndstack`),
      escalationPolicy: this.escalationPolicy.id,
      alertCreation: 'create_alerts_and_incidents',
      ...(pd.acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeout: String(pd.acknowledgementTimeoutMinutes * 60) } : { acknowledgementTimeout: 'null' }),
      ...(pd.autoResolveTimeoutMinutes !== undefined ? { autoResolveTimeout: String(pd.autoResolveTimeoutMinutes * 60) } : { autoResolveTimeout: 'null' }),
      incidentUrgencyRule: hours
        ? {
            type: 'use_support_hours',
            duringSupportHours: { type: 'constant', urgency: 'high' },
            outsideSupportHours: { type: 'constant', urgency: 'low' },
          }
        : { type: 'constant', urgency: 'high' },
      ...(hours
        ? {
            supportHours: {
              type: 'fixed_time_per_day',
              timeZone: t.spec.timeZone,
              daysOfWeek: hours.days.map(dayOfWeek),
              startTime: toHms(hours.startTime),
              endTime: toHms(hours.endTime),
            },
            // Incidents raised at low urgency overnight become high when support hours start, as PagerDuty's UI offers.
            scheduledActions: [{ type: 'urgency_change', toUrgency: 'high', at: [{ type: 'named_time', name: 'support_hours_start' }] }],
          }
        : {}),
    });
    this.integration = new ServiceIntegration(this, 'datadog-integration', {
      name: 'Datadog',
      service: this.service.id,
      vendor: props.vendor().id,
    });
    this.serviceObject = new IntegrationPagerdutyServiceObject(this, 'datadog-service-object', {
      serviceName: pagerDutyServiceName(t),
      serviceKey: this.integration.integrationKey,
    });
  }
}
