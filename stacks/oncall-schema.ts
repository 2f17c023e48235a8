import { z } from 'zod';
// The model and its checks are pure (no cdktf): the accounts file check stays light.
import type { OnCallModel, OnCallTeamSpec } from '../constructs/oncall/model';
import { formatOnCallProblem, planOnCall, type OnCallProblem } from '../constructs/oncall/plan';
import { WEEKDAYS } from '../constructs/oncall/time';

/*
 * `oncall:` in the accounts file: the teams of the Datadog organisation with their rotations, escalation and routing,
 * on Datadog On-Call or PagerDuty. Field names are the model's (constructs/oncall/model.ts); every object is strict.
 */

const weekday = z.enum(WEEKDAYS);
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address');
const teamKey = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a team key: lowercase letters, digits, "-", "_", "."');

const restriction = z.strictObject({ startDay: weekday, startTime: z.string(), endDay: weekday, endTime: z.string() });

const change = z.strictObject({
  effectiveDate: z.string(),
  members: z.array(email).optional(),
  shiftLengthDays: z.number().optional(),
  shiftLengthHours: z.number().optional(),
  handoffWeekday: weekday.optional(),
  handoffTime: z.string().optional(),
});

const rotation = z.strictObject({
  name: z.string(),
  members: z.array(email),
  shiftLengthDays: z.number().optional(),
  shiftLengthHours: z.number().optional(),
  handoffWeekday: weekday.optional(),
  handoffTime: z.string().optional(),
  timeZone: z.string().optional(),
  startDate: z.string(),
  restrictions: z.array(restriction).optional(),
  changes: z.array(change).optional(),
});

const target = z.union(
  [
    z.strictObject({ schedule: z.enum(['primary', 'secondary']), position: z.enum(['current', 'previous', 'next']).optional() }),
    z.strictObject({ team: teamKey }),
    z.strictObject({ user: email }),
  ],
  { error: 'a target is one of { schedule: primary|secondary, position? }, { team: <key> } or { user: <e-mail> }' },
);

const escalation = z.strictObject({
  steps: z.array(
    z.strictObject({
      targets: z.array(target),
      escalateAfterMinutes: z.number().optional(),
      assignment: z.enum(['default', 'round-robin']).optional(),
    }),
  ),
  retries: z.number().optional(),
  resolvePageOnPolicyEnd: z.boolean().optional(),
});

const routingRule = z.strictObject({
  priorities: z.array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { error: 'must be a priority from 1 to 5' })).optional(),
  alertStatuses: z.array(z.enum(['error', 'warn'])).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  timeWindow: z.strictObject({ timeZone: z.string().optional(), restrictions: z.array(restriction) }).optional(),
  page: z.boolean().optional(),
  urgency: z.enum(['high', 'low', 'dynamic']).optional(),
  slack: z.strictObject({ channel: z.string().min(1), workspace: z.string().min(1) }).optional(),
  msTeams: z.strictObject({ channel: z.string().min(1), team: z.string().min(1), tenant: z.string().min(1) }).optional(),
});

const team = z.strictObject({
  /** Display name. @default - the key */
  name: z.string().optional(),
  /** Monitors page `@oncall-<handle>`. @default - the key */
  handle: z.string().optional(),
  description: z.string().optional(),
  backend: z.enum(['datadog', 'pagerduty']),
  timeZone: z.string(),
  members: z.array(email).optional(),
  admins: z.array(email).optional(),
  primary: z.array(rotation).optional(),
  secondary: z.union([z.literal('next-member'), z.array(rotation)]).optional(),
  escalation: escalation.optional(),
  routing: z.array(routingRule).optional(),
  defaultUrgency: z.enum(['high', 'low', 'dynamic']).optional(),
  coverage: z.enum(['24x7', 'restricted']).optional(),
  pagerduty: z
    .strictObject({
      serviceName: z.string().optional(),
      supportHours: z.strictObject({ days: z.array(weekday), startTime: z.string(), endTime: z.string() }).optional(),
      acknowledgementTimeoutMinutes: z.number().optional(),
      autoResolveTimeoutMinutes: z.number().optional(),
    })
    .optional(),
});

/** `oncall:` at the top of the accounts file. */
export const onCallSchema = z.strictObject({
  /** Name of the stack that holds the on-call resources (`cdktf deploy oncall`). @default 'oncall' */
  stack: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes, starting with a letter (it names the stack)').default('oncall'),
  teams: z.record(teamKey, team),
});

export type OnCallConfig = z.output<typeof onCallSchema>;

/** The model of an `oncall:` section. */
export function onCallModel(config: OnCallConfig): OnCallModel {
  return {
    teams: Object.entries(config.teams).map(([key, t]): OnCallTeamSpec => {
      const { name, handle, ...rest } = t;
      return JSON.parse(JSON.stringify({ ...rest, key, name: name ?? key, handle: handle ?? key })) as OnCallTeamSpec;
    }),
  };
}

/** The section's problems once its shape is right, each `oncall.teams.<key>.<field>: <what>`; warnings separately. */
export function onCallProblems(config: OnCallConfig, accountAliases: readonly string[]): { errors: string[]; warnings: string[] } {
  const plan = planOnCall(onCallModel(config));
  const at = (p: OnCallProblem) => `oncall.teams.${formatOnCallProblem(p)}`;
  const errors = plan.problems.filter((p) => p.level === 'error').map(at);
  if (accountAliases.includes(config.stack)) {
    errors.unshift(`oncall.stack: "${config.stack}" is also an account's alias; the on-call stack needs a name of its own`);
  }
  return { errors, warnings: plan.problems.filter((p) => p.level === 'warning').map(at) };
}

/** The pager handle of an on-call team: `@oncall-<handle>`, or `@pagerduty-<service>` on PagerDuty. */
export function onCallPagerHandle(config: OnCallConfig | undefined, key: string): string | undefined {
  const t = config?.teams[key];
  if (!t) return undefined;
  if (t.backend === 'pagerduty') return `@pagerduty-${t.pagerduty?.serviceName ?? t.handle ?? key}`;
  return `@oncall-${t.handle ?? key}`;
}

/**
 * Cross-checks of the `oncall:` section once the file's shape is right: the model's problems, the stack's name, and
 * every `monitoring.teams.<team>.oncall` naming a team defined here. Each policy's `oncall` then becomes its pager handle.
 */
export function checkOnCall(file: {
  accounts: readonly { alias: string }[];
  monitoring?: { teams: Record<string, { pager: string[]; oncall?: string | undefined }> } | undefined;
  oncall?: OnCallConfig | undefined;
}): string[] {
  const problems = file.oncall ? onCallProblems(file.oncall, file.accounts.map((a) => a.alias)).errors : [];
  for (const [name, policy] of Object.entries(file.monitoring?.teams ?? {})) {
    if (policy.oncall === undefined) continue;
    const handle = onCallPagerHandle(file.oncall, policy.oncall);
    if (handle === undefined) {
      const known = Object.keys(file.oncall?.teams ?? {});
      problems.push(`monitoring.teams.${name}.oncall: on-call team "${policy.oncall}" is not in oncall.teams (${known.length > 0 ? `known: ${known.join(', ')}` : 'none defined'})`);
    } else {
      const t = file.oncall!.teams[policy.oncall]!;
      // The pages of this policy would reach nobody: say so here, before any monitor is built.
      if (!t.primary?.length) problems.push(`monitoring.teams.${name}.oncall: on-call team "${policy.oncall}" has no primary rotation; its pages would reach nobody`);
      else if (!t.escalation) problems.push(`monitoring.teams.${name}.oncall: on-call team "${policy.oncall}" has no escalation policy; its pages would reach nobody`);
      if (!policy.pager.includes(handle)) policy.pager.push(handle);
    }
  }
  return problems;
}

/**
 * An overrides file for `houndstack oncall preview --overrides`: vacations and swaps, checked before they are entered
 * in the pager's UI (no Terraform provider manages overrides).
 *
 * ```yaml
 * overrides:
 *   - { team: identity, from: 2026-12-24T10:00, to: 2026-12-28T10:00, who: jonas.weber@example.com, reason: Ines on vacation }
 * ```
 */
export const overridesFileSchema = z.strictObject({
  overrides: z.array(
    z.strictObject({
      team: teamKey,
      schedule: z.enum(['primary', 'secondary']).optional(),
      /** `YYYY-MM-DDThh:mm` in the team's zone, or RFC 3339. */
      from: z.string(),
      to: z.string(),
      who: email,
      reason: z.string().optional(),
    }),
  ),
});

export type OverridesFile = z.output<typeof overridesFileSchema>;
