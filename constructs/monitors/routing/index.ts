import type { MonitorPriority, MonitorSpec } from '../model/spec';
import { handleProblem } from '../message/template';

/**
 * Who a team wants to hear from its monitors: warnings to chat, alerts to the pager, no-data to the owner.
 * Plain data (it can come from the accounts file); handles are validated in every monitor message that uses them.
 */
export interface NotificationPolicy {
  /** Owning team; monitors routed by this policy get the tag `team:<team>`. */
  readonly team: string;
  /** Chat handles for warnings and their recoveries, e.g. `@slack-payments-alerts`. @default - none */
  readonly chat?: readonly string[];
  /** Pager handles for alerts and their recoveries, e.g. `@pagerduty-payments`, `@oncall-payments`. @default - none: alerts go to chat */
  readonly pager?: readonly string[];
  /** Handles told when data stops arriving. @default - the chat handles */
  readonly owner?: readonly string[];
  /**
   * Ticket handles (`@jira-<project>-<issue type>`, `@servicenow-<instance>`, `@webhook-…`) for monitors routed with
   * `audience: 'ticket'`: cleanup tasks that need no one at 3 a.m. Their alerts and alert recoveries go here.
   * @default - none: such alerts go to chat
   */
  readonly ticket?: readonly string[];
  /** Priority of monitors routed by this policy, when they do not set their own. @default - none */
  readonly priority?: MonitorPriority;
}

/** How a monitor's notifications are routed. */
export interface RoutingProps {
  /** The policy for every group, or for groups no route matches. */
  readonly policy: NotificationPolicy;
  /** Page on alerts; when false, alerts go to chat like warnings. Superseded by `audience`. @default true */
  readonly page?: boolean;
  /**
   * Who alerts (and their recoveries) reach: the policy's pager, its ticket handles, or its chat. Warnings always go
   * to chat and no-data to the owner.
   * @default - 'pager' ('chat' when `page` is false)
   */
  readonly audience?: Audience;
  /** Route groups by the value of a group-by tag (`{{#is_exact_match "<tag>.name" "<value>"}}`). @default - no conditional routing */
  readonly routeBy?: {
    /** The group-by key, e.g. `team`. The query must group by it. */
    readonly tag: string;
    /** Tag value → policy. Groups with other values go to `policy`. */
    readonly routes: Readonly<Record<string, NotificationPolicy>>;
  };
}

/** The audiences of a notification policy's alerts. */
export type Audience = 'pager' | 'ticket' | 'chat';

function block(cond: string, handles: readonly string[]): string[] {
  return handles.length > 0 ? [`{{#${cond}}}${handles.join(' ')}{{/${cond}}}`] : [];
}

function policyLines(policy: NotificationPolicy, audience: Audience): string[] {
  const chat = policy.chat ?? [];
  const target = audience === 'pager' ? (policy.pager ?? []) : audience === 'ticket' ? (policy.ticket ?? []) : [];
  const alert = target.length > 0 ? target : chat;
  const owner = policy.owner ?? chat;
  // One audience for every state: the handles, unconditionally (the same notifications, easier to read).
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((h, i) => h === b[i]);
  if (chat.length > 0 && same(chat, alert) && same(chat, owner)) return [chat.join(' ')];
  return [
    ...block('is_warning', chat),
    ...block('is_warning_recovery', chat),
    ...block('is_alert', alert),
    // The recovery must reach the pager: PagerDuty resolves the incident and On-Call the page only if it does.
    ...block('is_alert_recovery', alert),
    ...block('is_no_data', owner),
  ];
}

/**
 * The notification part of a message. Warnings (and their recoveries) go to chat, alerts (and their recoveries) to
 * the pager (or, with `audience`, to the ticket handles or chat), no-data to the owner; with `routeBy`, each listed tag value gets its team's handles and every other value
 * the default policy.
 */
export function notificationText(props: RoutingProps): string {
  const audience: Audience = props.audience ?? (props.page === false ? 'chat' : 'pager');
  if (!props.routeBy) return policyLines(props.policy, audience).join('\n');
  const { tag, routes } = props.routeBy;
  const variable = JSON.stringify(`${tag}.name`);
  const values = Object.keys(routes).sort();
  const lines: string[] = [];
  for (const value of values) {
    lines.push(`{{#is_exact_match ${variable} ${JSON.stringify(value)}}}`, ...policyLines(routes[value], audience), '{{/is_exact_match}}');
  }
  const others = values.length > 0 ? ` ${values.map((v) => JSON.stringify(v)).join(' ')}` : '';
  lines.push(`{{^is_exact_match ${variable}${others}}}`, ...policyLines(props.policy, audience), '{{/is_exact_match}}');
  return lines.join('\n');
}

/**
 * A spec routed by a policy: the team tag added (once), the priority defaulted from the policy.
 * The message is left alone: build it with `buildMessage({ …, notify })`.
 */
export function withTeam<S extends MonitorSpec>(spec: S, policy: NotificationPolicy): S {
  const tags = spec.tags ?? [];
  const teamTag = `team:${policy.team}`;
  return {
    ...spec,
    tags: tags.some((t) => t.startsWith('team:')) ? tags : [...tags, teamTag],
    ...(spec.priority === undefined && policy.priority !== undefined ? { priority: policy.priority } : {}),
  };
}

/** Problems of a policy on its own (bad handles, bad priority), each naming the field: for config files. */
export function policyProblems(policy: NotificationPolicy): string[] {
  const out: string[] = [];
  if (typeof policy.team !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/i.test(policy.team)) {
    out.push(`team: ${JSON.stringify(policy.team)} is not a team name (letters, digits, '-', '_', '.')`);
  }
  for (const field of ['chat', 'pager', 'owner', 'ticket'] as const) {
    (policy[field] ?? []).forEach((h, i) => {
      const p = handleProblem(h);
      if (p) out.push(`${field}[${i}]: ${p}`);
    });
  }
  if ((policy.chat ?? []).length === 0 && (policy.pager ?? []).length === 0) out.push('chat, pager: a policy needs at least one chat or pager handle');
  if (policy.priority !== undefined && ![1, 2, 3, 4, 5].includes(policy.priority)) out.push(`priority: a whole number from 1 to 5 (got ${policy.priority})`);
  return out;
}
