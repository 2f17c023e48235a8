import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { DatadogAwsIntegrationProps } from '../constructs/aws-integration/datadog-aws-integration';
import { AWS_PARTITIONS, DATADOG_SITES, DatadogSite } from '../constructs/aws-integration/sites';
import { validateIntegrationProps } from '../constructs/aws-integration/validation';
import { postgresCheckSchema, postgresProblems } from './postgres';
import { accountMonitorsSchema, checkAccountMonitors, monitoringSchema, teamNamesOnly } from './monitors-schema';
import { checkOnCall, onCallSchema } from './oncall-schema';

/*
 * The accounts file: one entry per AWS account, validated as a whole. Every object is strict, so a misspelt key is an
 * error rather than a silently ignored setting.
 */

/** The accounts file `npm run synth` and the CLI read when none is named. */
export const DEFAULT_ACCOUNTS_FILE = 'examples/accounts.yaml';

const alias = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes, starting with a letter (it names the stack)');

const integrationSchema = z.strictObject({
  roleName: z.string().optional(),
  rolePath: z.string().optional(),
  permissionsBoundaryArn: z.string().optional(),
  roleTags: z.record(z.string(), z.string()).optional(),
  maxSessionDurationSeconds: z.number().optional(),
  existingRoleName: z.string().optional(),
  preventRoleDestroy: z.boolean().optional(),
  verifyCallerAccount: z.boolean().optional(),
  resourceCollection: z.boolean().optional(),
  cspm: z.boolean().optional(),
  regions: z.array(z.string()).optional(),
  metricsEnabled: z.boolean().optional(),
  automute: z.boolean().optional(),
  collectCloudwatchAlarms: z.boolean().optional(),
  collectCustomMetrics: z.boolean().optional(),
  namespaceIncludeOnly: z.array(z.string()).optional(),
  namespaceExcludeOnly: z.array(z.string()).optional(),
  metricTagFilters: z.array(z.strictObject({ namespace: z.string(), tags: z.array(z.string()) })).optional(),
  logForwarderArns: z.array(z.string()).optional(),
  logSources: z.array(z.string()).optional(),
  xrayServices: z.union([z.literal('all'), z.array(z.string())]).optional(),
  accountTags: z.array(z.string()).optional(),
});

const accountSchema = z.strictObject({
  /** Names the stack: `cdktf deploy <alias>`. */
  alias,
  accountId: z.string({ error: 'must be a string of 12 digits; quote it in YAML ("012345678901") so leading zeros stay' }),
  partition: z.enum(AWS_PARTITIONS).default('aws'),
  /** Overrides the file's `datadog.site`. */
  site: z.enum(DATADOG_SITES).optional(),
  /** The AWS provider's region. */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d+$/, 'must be an AWS region name such as us-east-1'),
  /** Role the deploy assumes in the account (cross-account deploys from a central runner). */
  assumeRoleArn: z.string().regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN').optional(),
  /** AWS CLI profile the deploy uses. */
  profile: z.string().min(1).optional(),
  /** Default tags for every AWS resource of the stack. */
  tags: z.record(z.string(), z.string()).optional(),
  integration: integrationSchema.default({}),
  /** Postgres checks of the account: instances, ready queries, delivery, monitors (stacks/postgres.ts). */
  postgres: z.array(postgresCheckSchema).optional(),
  /** Packs and inventories of monitors for this account (see stacks/monitors-schema.ts). */
  monitors: accountMonitorsSchema.optional(),
});

const backendSchema = z.union([
  z.strictObject({ local: z.strictObject({ directory: z.string().optional() }) }),
  z.strictObject({
    s3: z.strictObject({
      bucket: z.string().min(3),
      region: z.string(),
      /** The state of stack `<alias>` lives at `<keyPrefix><alias>/terraform.tfstate`. */
      keyPrefix: z.string().default('houndstack/'),
      /** `lockfile` (S3-native locking, Terraform 1.10+) or the name of a DynamoDB table. */
      locking: z.union([z.literal('lockfile'), z.strictObject({ dynamodbTable: z.string().min(3) })]).default('lockfile'),
      roleArn: z.string().optional(),
      kmsKeyId: z.string().optional(),
    }),
  }),
  z.strictObject({
    hcp: z.strictObject({
      organization: z.string().min(1),
      /** Workspace of stack `<alias>`: `<workspacePrefix><alias>`. */
      workspacePrefix: z.string().default('houndstack-'),
      /** Terraform Enterprise host. */
      hostname: z.string().default('app.terraform.io'),
    }),
  }),
]);

export const accountsFileSchema = z.strictObject({
  datadog: z.strictObject({ site: z.enum(DATADOG_SITES).default('datadoghq.com') }).default({ site: 'datadoghq.com' }),
  backend: backendSchema.optional(),
  /** Team notification policies the accounts' monitors refer to. */
  monitoring: monitoringSchema.optional(),
  /** On-call teams, rotations, escalation and routing (stacks/oncall-schema.ts). */
  oncall: onCallSchema.optional(),
  accounts: z.array(accountSchema).min(1, 'list at least one account'),
});

export type AccountsFile = z.output<typeof accountsFileSchema>;
export type AccountConfig = AccountsFile['accounts'][number];
export type BackendConfig = NonNullable<AccountsFile['backend']>;

/** The accounts file failed validation; `problems` holds every problem, each `<file>: <where>: <what>`. */
export class AccountsFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AccountsFileError';
  }
}

// Datadog API keys are 32 hex characters, application keys 40; AWS access key IDs start with AKIA/ASIA.
const LOOKS_LIKE_SECRET: { pattern: RegExp; what: string }[] = [
  { pattern: /^[0-9a-f]{32}$/i, what: 'a Datadog API key' },
  { pattern: /^[0-9a-f]{40}$/i, what: 'a Datadog application key' },
  { pattern: /^(AKIA|ASIA)[0-9A-Z]{16}$/, what: 'an AWS access key ID' },
];
const SECRET_KEY_NAME = /^((dd_?)?(api|app|application)[_-]?key|password|secret|token|secret_?access_?key)$/i;

/** Reads and validates an accounts file; throws `AccountsFileError` listing every problem. */
export function loadAccountsFile(file: string): AccountsFile {
  return parseAccounts(readFileSync(file, 'utf8'), file);
}

/** Validates the text of an accounts file; `file` names it in the messages. */
export function parseAccounts(text: string, file: string): AccountsFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new AccountsFileError(file, document.errors.map((error) => error.message.split('\n')[0]!));
  }
  const raw: unknown = document.toJS();
  const problems = findLiteralSecrets(raw);
  const parsed = accountsFileSchema.safeParse(raw);
  if (parsed.success) {
    problems.push(...crossCheck(parsed.data.accounts.map((account, index) => [index, account]), parsed.data.datadog.site));
    problems.push(...checkAccountMonitors(parsed.data.accounts.map((account, index) => [index, account]), parsed.data.monitoring));
    problems.push(...checkOnCall(parsed.data));
    if (problems.length > 0) throw new AccountsFileError(file, problems);
    return parsed.data;
  }
  for (const issue of parsed.error.issues) {
    problems.push(`${where(raw, issue.path)}: ${describeIssue(issue)}`);
  }
  // The accounts whose own shape is right are still checked, so that one run reports every problem.
  const rawAccounts = (raw as { accounts?: unknown }).accounts;
  const wellFormed: [number, AccountConfig][] = [];
  (Array.isArray(rawAccounts) ? rawAccounts : []).forEach((candidate, index) => {
    const account = accountSchema.safeParse(candidate);
    if (account.success) wellFormed.push([index, account.data]);
  });
  const site = accountsFileSchema.shape.datadog.safeParse((raw as { datadog?: unknown }).datadog);
  problems.push(...crossCheck(wellFormed, site.success ? site.data.site : 'datadoghq.com'));
  // Team references are checked against the team names even when a team's policy has its own problems.
  problems.push(...checkAccountMonitors(wellFormed, teamNamesOnly((raw as { monitoring?: unknown }).monitoring)));
  throw new AccountsFileError(file, problems.sort(byAccountOrder));
}

/** Problems in file order: top-level ones first, then by account index. */
function byAccountOrder(a: string, b: string): number {
  const index = (problem: string) => Number(/^accounts\[(\d+)\]/.exec(problem)?.[1] ?? -1);
  return index(a) - index(b);
}

/** `accounts[2] (alias "gov").integration.cspm`: the path, with the account's alias when it has one. */
function where(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  for (const [index, key] of path.entries()) {
    text += typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`;
    if (index === 1 && path[0] === 'accounts' && typeof key === 'number') {
      const accountAlias = (raw as { accounts?: { alias?: unknown }[] }).accounts?.[key]?.alias;
      if (typeof accountAlias === 'string') text += ` (alias "${accountAlias}")`;
    }
  }
  return text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo? houndstack never ignores a key it does not know)`;
  }
  if (issue.code === 'invalid_value') {
    return `${issue.message.replace(/^Invalid option: expected one of /, 'must be one of ')}`;
  }
  return issue.message;
}

function findLiteralSecrets(raw: unknown): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === 'string') {
      const match = LOOKS_LIKE_SECRET.find(({ pattern }) => pattern.test(value));
      if (match) {
        problems.push(
          `${where(raw, path)}: this value looks like ${match.what}; keys never go in the accounts file ` +
            '(the Datadog provider reads DD_API_KEY and DD_APP_KEY from the environment, AWS credentials come from the profile or role)',
        );
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (SECRET_KEY_NAME.test(key) && typeof item === 'string' && item !== '') {
          problems.push(
            `${where(raw, [...path, key])}: a literal secret has no place in the accounts file; ` +
              'set DD_API_KEY and DD_APP_KEY in the environment of the deploy (from your secret store)',
          );
          continue;
        }
        visit(item, [...path, key]);
      }
    }
  };
  visit(raw, []);
  return problems;
}

/** Rules across fields and accounts, once the shapes are right. */
function crossCheck(accounts: [number, AccountConfig][], defaultSite: DatadogSite): string[] {
  const problems: string[] = [];
  const firstByAlias = new Map<string, number>();
  const firstById = new Map<string, number>();
  for (const [index, account] of accounts) {
    const at = `accounts[${index}] (alias "${account.alias}")`;
    const aliasSeen = firstByAlias.get(account.alias);
    if (aliasSeen !== undefined) {
      problems.push(`${at}.alias: "${account.alias}" is also the alias of accounts[${aliasSeen}]; aliases name stacks and must be unique`);
    } else firstByAlias.set(account.alias, index);
    const idSeen = firstById.get(account.accountId);
    if (idSeen !== undefined) {
      problems.push(`${at}.accountId: ${account.accountId} is also the account of accounts[${idSeen}]; connect each AWS account once (Datadog's external ID is per account)`);
    } else firstById.set(account.accountId, index);

    for (const { field, message } of validateIntegrationProps(integrationProps(account, account.site ?? defaultSite))) {
      const location = ['accountId', 'site', 'partition'].includes(field) ? field : `integration.${field}`;
      problems.push(`${at}.${location}: ${message}`);
    }
    problems.push(...postgresProblems(at, account.postgres ?? []));
  }
  return problems;
}

/** The integration construct's props for an account. */
export function integrationProps(account: AccountConfig, site: DatadogSite): DatadogAwsIntegrationProps {
  return { ...account.integration, accountId: account.accountId, partition: account.partition, site };
}
