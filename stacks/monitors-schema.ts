import { z } from 'zod';
// The message module is pure (no cdktf): the accounts file check stays light.
import { handleProblem } from '../constructs/monitors/message/template';
import { checkWebLatencySource, webLatencySourceFields } from './web-latency-schema';
import { catalogRefProblems, catalogsSchema } from './monitor-catalogs-schema';
import { monitorShardsSchema } from './monitor-shards-schema';
import { runbookFields } from './runbooks-schema';

/*
 * Monitors in the accounts file: team notification policies at the top (`monitoring.teams`), and per account the packs
 * and inventory files (`accounts[].monitors`). Every object is strict, as in the rest of the file.
 */

const handle = z.string().superRefine((value, ctx) => {
  const problem = handleProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { error: 'must be a priority from 1 to 5' });
const teamName = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a team name: lowercase letters, digits, "-", "_", "."');
const url = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL');

const teamPolicySchema = z.strictObject({
  /** Warnings (and their recoveries) go here. */
  chat: z.array(handle).default([]),
  /** Alerts (and their recoveries) go here; without it, alerts go to chat. */
  pager: z.array(handle).default([]),
  /** No-data goes here; defaults to chat. */
  owner: z.array(handle).optional(),
  /** Alerts of packs with `audience: ticket` go here (e.g. @jira-payments-task); defaults to chat. */
  ticket: z.array(handle).optional(),
  priority: priority.optional(),
  /** An on-call team of `oncall.teams` whose pager handle (@oncall- or @pagerduty-) alerts page, after `pager`. */
  oncall: teamName.optional(),
}).refine((p) => p.chat.length + p.pager.length > 0 || p.oncall !== undefined, 'a team needs at least one chat or pager handle, or an on-call team');

/** `monitoring:` at the top of the accounts file. */
export const monitoringSchema = z.strictObject({
  /** Team name → notification policy. */
  teams: z.record(teamName, teamPolicySchema).default({}),
  /** Saved `GET /api/v2/notifications/handles` response (or a list of handles), relative to the accounts file: synth fails on a handle not in it (stacks/handles-file.ts). */
  handlesFile: z.string().min(1).optional(),
});

const packBase = {
  /** Team from `monitoring.teams`; defaults to the account's `monitors.team`. */
  team: teamName.optional(),
  ...runbookFields(url),
  /** Send alerts to chat instead of the pager. */
  page: z.boolean().optional(),
  /** Who alerts reach: the team's pager (default), its ticket handles, or its chat. */
  audience: z.enum(['pager', 'ticket', 'chat']).optional(),
  tags: z.array(z.string()).optional(),
};

const awsIntegrationHealthSchema = z.strictObject({
  ...packBase,
  heartbeatMetrics: z.array(z.string().min(1)).min(1).optional(),
  metricsSilenceMinutes: z.number().int().min(10).optional(),
  expectLogs: z.boolean().optional(),
  logsSilenceMinutes: z.number().int().min(5).optional(),
});

const postgresConnectionsSchema = z.strictObject({
  ...packBase,
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes (it names the monitors)'),
  scope: z.array(z.string().min(1)).min(1, 'select the servers, e.g. [env:prod, service:orders-db]'),
  usageCritical: z.number().gt(0).lte(1).optional(),
  usageWarning: z.number().gt(0).lt(1).optional(),
  groupBy: z.array(z.string()).optional(),
  idleInTransaction: z.strictObject({
    metric: z.string().optional(),
    criticalSeconds: z.number().positive(),
    warningSeconds: z.number().positive().optional(),
  }).optional(),
});

const webLatencySchema = z.strictObject({
  ...packBase,
  service: z.string().min(1),
  env: z.string().min(1),
  frontService: z.string().optional(),
  appOperation: z.string().optional(),
  frontOperation: z.string().optional(),
  serviceTimeCriticalSeconds: z.number().positive().optional(),
  serviceTimeWarningSeconds: z.number().positive().optional(),
  queueingCriticalSeconds: z.number().positive().optional(),
  queueingWarningSeconds: z.number().positive().optional(),
  slo: z.strictObject({
    thresholdSeconds: z.number().positive(),
    target: z.number().gt(0).lt(100),
    warning: z.number().gt(0).lt(100).optional(),
    timeframe: z.enum(['7d', '30d', '90d']).optional(),
  }).optional(),
  ...webLatencySourceFields,
}).superRefine(checkWebLatencySource);

/** Inventory kinds houndstack ships. */
export const INVENTORY_KINDS = ['dynamodb-read-capacity'] as const;

const inventorySchema = z.strictObject({
  /** Names the construct (`monitors/inventory-<name>`): keep it stable. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes (it names the construct)'),
  kind: z.enum(INVENTORY_KINDS),
  /** YAML or JSON file, relative to the accounts file. */
  file: z.string().min(1),
  runbookUrl: url.optional(),
  /** Team for items whose tags name no known team; defaults to the account's `monitors.team`. */
  defaultTeam: teamName.optional(),
  /** Fraction of provisioned capacity that alerts. */
  criticalFraction: z.number().gt(0).lte(1).optional(),
  warningFraction: z.number().gt(0).lt(1).optional(),
});

/** `monitors:` of one account. */
export const accountMonitorsSchema = z.strictObject({
  /** Default owner of the account's packs and inventories (a team from `monitoring.teams`). */
  team: teamName.optional(),
  awsIntegrationHealth: awsIntegrationHealthSchema.optional(),
  postgresConnections: z.array(postgresConnectionsSchema).optional(),
  webLatency: z.array(webLatencySchema).optional(),
  inventories: z.array(inventorySchema).optional(),
  /** Monitor catalog files, e.g. written by `houndstack monitors import` (stacks/monitor-catalogs.ts). */
  catalogs: catalogsSchema.optional(),
  /** Catalog monitors (inventories) in shard stacks of their own (see stacks/monitor-shards-schema.ts). */
  shards: monitorShardsSchema.optional(),
});

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type AccountMonitorsConfig = z.output<typeof accountMonitorsSchema>;
export type TeamPolicyConfig = z.output<typeof teamPolicySchema>;

/** Every team a monitors config refers to, with where. */
function teamReferences(m: AccountMonitorsConfig): { where: string; team: string | undefined }[] {
  return [
    ...(m.awsIntegrationHealth ? [{ where: 'awsIntegrationHealth.team', team: m.awsIntegrationHealth.team ?? m.team }] : []),
    ...(m.postgresConnections ?? []).map((p, i) => ({ where: `postgresConnections[${i}].team`, team: p.team ?? m.team })),
    ...(m.webLatency ?? []).map((p, i) => ({ where: `webLatency[${i}].team`, team: p.team ?? m.team })),
    ...(m.inventories ?? []).map((p, i) => ({ where: `inventories[${i}].defaultTeam`, team: p.defaultTeam ?? m.team })),
  ];
}

/** Cross-checks once shapes are right: every team referred to exists; inventory and pack names are unique. */
export function checkAccountMonitors(
  accounts: readonly [number, { alias: string; monitors?: AccountMonitorsConfig | undefined }][],
  monitoring: MonitoringConfig | undefined,
): string[] {
  const teams = monitoring?.teams ?? {};
  const problems: string[] = [];
  for (const [index, account] of accounts) {
    const m = account.monitors;
    if (!m) continue;
    const at = `accounts[${index}]${account.alias !== undefined ? ` (alias "${account.alias}")` : ''}.monitors`;
    for (const ref of teamReferences(m)) {
      if (ref.team === undefined) {
        problems.push(`${at}.${ref.where}: no team; set it here or as monitors.team`);
      } else if (!(ref.team in teams)) {
        const known = Object.keys(teams);
        problems.push(`${at}.${ref.where}: team "${ref.team}" is not in monitoring.teams (${known.length > 0 ? `known: ${known.join(', ')}` : 'none defined'})`);
      }
    }
    const dup = (list: string[], what: string) => {
      // A set, not indexOf: linear in the length of the list.
      const seen = new Set<string>();
      for (const n of list) {
        if (seen.has(n)) problems.push(`${at}: ${what} "${n}" appears twice; names become construct IDs and must be unique`);
        seen.add(n);
      }
    };
    dup((m.postgresConnections ?? []).map((p) => p.name), 'postgresConnections name');
    dup((m.webLatency ?? []).map((p) => `${p.service}/${p.env}`), 'webLatency service/env');
    dup((m.inventories ?? []).map((p) => p.name), 'inventory name');
    problems.push(...catalogRefProblems(at, m.catalogs ?? []));
  }
  return problems;
}


/** The team names of a raw `monitoring:` value, for cross-checks when the file has other problems. */
export function teamNamesOnly(raw: unknown): MonitoringConfig {
  const teams = raw && typeof raw === 'object' ? (raw as { teams?: unknown }).teams : undefined;
  const names = teams && typeof teams === 'object' && !Array.isArray(teams) ? Object.keys(teams) : [];
  return { teams: Object.fromEntries(names.map((n) => [n, { chat: [], pager: [] }])) };
}
