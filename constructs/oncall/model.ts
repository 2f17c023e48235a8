import type { Weekday } from './time';

/*
 * The on-call model: plain data, no cdktf. `planOnCall` turns it into layers and problems; the constructs render the
 * plan to Datadog On-Call or PagerDuty, and `houndstack oncall preview` simulates the same plan hour by hour.
 */

/** Where a team's schedules, escalation and routing live. */
export type OnCallBackend = 'datadog' | 'pagerduty';

/** A weekly window in which a rotation is on call, in the rotation's zone; it may wrap past sunday. */
export interface RestrictionSpec {
  readonly startDay: Weekday;
  /** `hh:mm` or `hh:mm:ss`. */
  readonly startTime: string;
  readonly endDay: Weekday;
  /** `hh:mm` or `hh:mm:ss`; the window ends at this time (exclusive). */
  readonly endTime: string;
}

/**
 * A change to a live rotation, from a date on. Rendered as the pattern Datadog's guide prescribes: the current layer
 * ends at its next handoff on or after `effectiveDate`, and a new layer starts there, so nobody's current shift moves.
 */
export interface RotationChangeSpec {
  /** `YYYY-MM-DD` (midnight in the rotation's zone) or an RFC 3339 date-time. */
  readonly effectiveDate: string;
  /** The new member list, in rotation order. @default - unchanged */
  readonly members?: readonly string[];
  /** New shift length in days. @default - unchanged */
  readonly shiftLengthDays?: number;
  /** New shift length in hours (instead of days). @default - unchanged */
  readonly shiftLengthHours?: number;
  /** New handoff weekday. @default - unchanged */
  readonly handoffWeekday?: Weekday;
  /** New handoff time, `hh:mm`. @default - unchanged */
  readonly handoffTime?: string;
}

/** One rotation: members taking turns, one shift each, handing off at a local weekday and time. */
export interface RotationSpec {
  /** Names the layer (layers are keyed by name: keep it stable). */
  readonly name: string;
  /** E-mail addresses, in rotation order. */
  readonly members: readonly string[];
  /** Shift length in whole days. @default 7 (weekly), unless shiftLengthHours is set */
  readonly shiftLengthDays?: number;
  /** Shift length in hours, for shifts that are not whole days (12-hour follow-the-sun shifts). @default - days */
  readonly shiftLengthHours?: number;
  /** Weekday of the first handoff on or after the start date. @default 'monday' */
  readonly handoffWeekday?: Weekday;
  /** Local time of every handoff, `hh:mm`. @default '09:00' */
  readonly handoffTime?: string;
  /** IANA time zone of the handoff and the restrictions. @default - the team's time zone */
  readonly timeZone?: string;
  /** `YYYY-MM-DD`: the rotation starts at the first handoff on or after this date. */
  readonly startDate: string;
  /** Windows in which this rotation is on call (business hours, one half of follow-the-sun). @default - always */
  readonly restrictions?: readonly RestrictionSpec[];
  /** Changes from a date on (new members, shift length or handoff), oldest first. @default - none */
  readonly changes?: readonly RotationChangeSpec[];
}

/** Who an escalation step pages. Exactly one of schedule, team or user. */
export type EscalationTargetSpec =
  | { readonly schedule: 'primary' | 'secondary'; readonly position?: 'current' | 'previous' | 'next' }
  | { readonly team: string }
  | { readonly user: string };

export interface EscalationStepSpec {
  /** Who is paged at this step (1–10). */
  readonly targets: readonly EscalationTargetSpec[];
  /** Minutes before the page moves on to the next step (Datadog: 1–600; PagerDuty: at least 1). @default 10 */
  readonly escalateAfterMinutes?: number;
  /** Page every target, or one of them in turn. @default 'default' (every target) */
  readonly assignment?: 'default' | 'round-robin';
}

export interface EscalationSpec {
  /** Steps in order (1–10). */
  readonly steps: readonly EscalationStepSpec[];
  /** How many times the whole policy repeats when nobody acknowledges (0–10). @default 0 */
  readonly retries?: number;
  /** Resolve the page when the last step passes unacknowledged (Datadog only). @default false */
  readonly resolvePageOnPolicyEnd?: boolean;
}

/** A Datadog On-Call routing rule; rules are tried top to bottom. */
export interface RoutingRuleSpec {
  /** Match these monitor priorities. @default - any */
  readonly priorities?: readonly (1 | 2 | 3 | 4 | 5)[];
  /** Match these alert statuses. @default - any */
  readonly alertStatuses?: readonly ('error' | 'warn')[];
  /** Match these tags of the alert (`tags.<key>:<value>`, case-sensitive). @default - any */
  readonly tags?: Readonly<Record<string, string>>;
  /** Only in these windows. @default - always */
  readonly timeWindow?: { readonly timeZone?: string; readonly restrictions: readonly RestrictionSpec[] };
  /** Page through the team's escalation policy. @default true */
  readonly page?: boolean;
  /** Urgency of the page; `dynamic` makes warnings low and alerts high. @default 'dynamic' */
  readonly urgency?: 'high' | 'low' | 'dynamic';
  /** Post to Slack. @default - no */
  readonly slack?: { readonly channel: string; readonly workspace: string };
  /** Post to Microsoft Teams. @default - no */
  readonly msTeams?: { readonly channel: string; readonly team: string; readonly tenant: string };
}

/** PagerDuty service settings of a team on the `pagerduty` backend. */
export interface PagerDutyServiceSpec {
  /** Service name; monitors page `@pagerduty-<service name>`. @default - the team's handle */
  readonly serviceName?: string;
  /** Support hours: high urgency inside, low outside. @default - none: every incident is high urgency */
  readonly supportHours?: {
    readonly days: readonly Weekday[];
    /** `hh:mm`. */
    readonly startTime: string;
    /** `hh:mm`. */
    readonly endTime: string;
  };
  /** Minutes before an acknowledged incident re-triggers. @default - never */
  readonly acknowledgementTimeoutMinutes?: number;
  /** Minutes before an open incident resolves by itself. @default - never */
  readonly autoResolveTimeoutMinutes?: number;
}

export interface OnCallTeamSpec {
  /** Key of the team in the model (construct IDs, escalation `team:` targets). */
  readonly key: string;
  /** Display name. */
  readonly name: string;
  /** Datadog team handle: monitors page `@oncall-<handle>`. */
  readonly handle: string;
  /** @default - "<name>, managed by houndstack" */
  readonly description?: string;
  readonly backend: OnCallBackend;
  /** IANA time zone of the team's schedules. */
  readonly timeZone: string;
  /** Datadog team members beyond those of the rotations and escalation (e-mails); on PagerDuty, the only Datadog
   * members besides the admins (responders are PagerDuty users). @default - only those */
  readonly members?: readonly string[];
  /** Members who administer the team (role `admin`); only admins may change memberships. @default - none */
  readonly admins?: readonly string[];
  /** Primary rotations; several when follow-the-sun halves each cover part of the day. @default - no schedule */
  readonly primary?: readonly RotationSpec[];
  /** Secondary: the primary's next member in every shift, or rotations of its own. @default - no secondary */
  readonly secondary?: 'next-member' | readonly RotationSpec[];
  /** @default - no escalation policy */
  readonly escalation?: EscalationSpec;
  /** Datadog routing rules before the catch-all (which pages the escalation policy). @default - the catch-all only */
  readonly routing?: readonly RoutingRuleSpec[];
  /** Urgency of the catch-all rule. @default 'dynamic' */
  readonly defaultUrgency?: 'high' | 'low' | 'dynamic';
  /** Must someone be on the primary every hour of the week? 'restricted' teams may leave gaps on purpose (and may
   * then not be paged: HS-ONCALL-1). @default '24x7' */
  readonly coverage?: '24x7' | 'restricted';
  /** PagerDuty service, on the `pagerduty` backend. @default - named after the handle, always high urgency */
  readonly pagerduty?: PagerDutyServiceSpec;
}

/** The whole on-call setup of one Datadog organisation. */
export interface OnCallModel {
  readonly teams: readonly OnCallTeamSpec[];
}
