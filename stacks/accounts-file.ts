import { parseYamlText, readYamlFile } from '../cli/input';
import { findSecretIn, redactSecrets, SECRET_KEY_NAME } from '../constructs/terraform/secrets';
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
  /** Role the deploy assumes in the account (cross-account deploys from a central runner); in `accountId`'s account. */
  assumeRoleArn: z.string().superRefine((value, ctx) => {
    const problem = roleArnProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
  /** AWS CLI profile the deploy uses (the credentials that assume `assumeRoleArn`, when both are set). */
  profile: z.string().min(1).superRefine((value, ctx) => {
    if (/^arn:/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is an ARN, not an AWS CLI profile name; a role to assume goes in assumeRoleArn` });
    }
  }).optional(),
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
  /** Every problem; anything in them that looks like a credential (a value or a key echoed back) is `***`. */
  public readonly problems: readonly string[];

  constructor(
    public readonly file: string,
    problems: readonly string[],
    /** The file could not be used at all (unreadable, not YAML, not a mapping): exit code 2 rather than 1. */
    public readonly unusable = false,
  ) {
    const safe = problems.map(redactSecrets);
    super(`${file}: ${safe.length} problem${safe.length === 1 ? '' : 's'}:\n${safe.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AccountsFileError';
    this.problems = safe;
  }
}

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/[\w+=,.@\/-]{1,512}$/;

/** Why `value` is not an IAM role ARN, with the likely mix-up named; undefined when it is one. */
function roleArnProblem(value: string): string | undefined {
  if (ROLE_ARN.test(value)) return undefined;
  const expected = 'must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>';
  if (/^arn:[\w-]+:sts::\d{12}:assumed-role\//.test(value)) return `${expected}; this is an assumed-role (session) ARN: give the role's ARN, arn:…:iam::<account>:role/<role name>`;
  if (/^arn:[\w-]+:iam::\d{12}:(user|group|instance-profile|policy)\//.test(value)) {
    return `${expected}; this is an IAM ${/:(user|group|instance-profile|policy)\//.exec(value)![1]} ARN (a user's credentials go in a profile, named by profile:)`;
  }
  if (!value.startsWith('arn:')) return `${expected}; "${value}" looks like a name: an AWS CLI profile goes in profile:`;
  return expected;
}

/** Reads and validates an accounts file; throws `AccountsFileError` listing every problem (reading problems included). */
export function loadAccountsFile(file: string): AccountsFile {
  const input = readYamlFile(file, { maxBytes: MAX_ACCOUNTS_FILE_BYTES });
  if (!input.ok) throw new AccountsFileError(file, [input.problem.slice(file.length + 2)], true);
  return parseAccountsValue(input.value, file);
}

/** An accounts file is written by hand: 8 MiB is far above any real one, and parses in well under a second. */
export const MAX_ACCOUNTS_FILE_BYTES = 8 * 1024 * 1024;

/** Validates the text of an accounts file; `file` names it in the messages. */
export function parseAccounts(text: string, file: string): AccountsFile {
  const input = parseYamlText(text, file);
  if (!input.ok) throw new AccountsFileError(file, [input.problem.slice(file.length + 2)], true);
  return parseAccountsValue(input.value, file);
}

/** Validates a parsed accounts file, field by field: one field's problem never hides another's, nor the cross-checks. */
export function parseAccountsValue(raw: unknown, file: string): AccountsFile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AccountsFileError(file, [`(top level): expected a mapping with accounts: (and optionally datadog:, backend:, monitoring:), found ${describeType(raw)}`], true);
  }
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
    const account = salvageAccount(candidate);
    if (account) wellFormed.push([index, account]);
  });
  const site = accountsFileSchema.shape.datadog.safeParse((raw as { datadog?: unknown }).datadog);
  problems.push(...crossCheck(wellFormed, site.success ? site.data.site : 'datadoghq.com', raw));
  // Team references are checked against the team names even when a team's policy has its own problems.
  problems.push(...checkAccountMonitors(wellFormed, teamNamesOnly((raw as { monitoring?: unknown }).monitoring)));
  throw new AccountsFileError(file, problems.sort(byAccountOrder));
}

/**
 * The fields of an account that are right on their own, for the cross-checks: an unknown key or a wrong type in one
 * field leaves the others checked (duplicate aliases and IDs, the integration's rules, Postgres, monitors). Objects
 * (the account, its integration) are salvaged field by field; anything else is kept only when it is right as a whole.
 */
function salvageAccount(candidate: unknown): AccountConfig | undefined {
  // Checks read the fields they need and skip what is absent (left to its own problem).
  return salvage(accountSchema, candidate) as AccountConfig | undefined;
}

function salvage(schema: z.ZodType, value: unknown): unknown {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  if ((def.type === 'default' || def.type === 'optional') && value !== undefined && def.innerType) return salvage(def.innerType, value);
  if (def.type !== 'object' || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries((schema as z.ZodObject).shape)) {
    const kept = salvage(field as z.ZodType, (value as Record<string, unknown>)[key]);
    if (kept !== undefined) fields[key] = kept;
  }
  return fields;
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
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
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return `missing: this field is required (expected ${issue.expected})`;
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
      const what = findSecretIn(value);
      if (what) {
        problems.push(
          `${where(raw, path)}: this value ${/^[0-9A-Za-z]+$/.test(value) ? 'looks like' : 'holds what looks like'} ${what}; keys never go in the accounts file ` +
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

/** Rules across fields and accounts, on the fields whose own shape is right (an account may lack some). */
function crossCheck(accounts: [number, AccountConfig][], defaultSite: DatadogSite, raw?: unknown): string[] {
  const problems: string[] = [];
  const firstByAlias = new Map<string, number>();
  const firstById = new Map<string, number>();
  for (const [index, account] of accounts) {
    const at = raw !== undefined ? where(raw, ['accounts', index]) : `accounts[${index}] (alias "${account.alias}")`;
    if (account.alias !== undefined) {
      const aliasSeen = firstByAlias.get(account.alias);
      if (aliasSeen !== undefined) {
        problems.push(`${at}.alias: "${account.alias}" is also the alias of accounts[${aliasSeen}]; aliases name stacks and must be unique`);
      } else firstByAlias.set(account.alias, index);
    }
    if (account.accountId !== undefined) {
      const idSeen = firstById.get(account.accountId);
      if (idSeen !== undefined) {
        problems.push(`${at}.accountId: ${account.accountId} is also the account of accounts[${idSeen}]; connect each AWS account once (Datadog's external ID is per account)`);
      } else firstById.set(account.accountId, index);
    }
    const roleArn = account.assumeRoleArn !== undefined ? ROLE_ARN.exec(account.assumeRoleArn) : null;
    if (roleArn && account.accountId !== undefined && /^\d{12}$/.test(account.accountId) && roleArn[2] !== account.accountId) {
      problems.push(
        `${at}.assumeRoleArn: the role is in account ${roleArn[2]}, not in accountId ${account.accountId}; the deploy must assume a role ` +
          "in the account it deploys (the AWS provider's allowed_account_ids refuses any other)",
      );
    }
    if (roleArn && account.partition !== undefined && roleArn[1] !== account.partition) {
      problems.push(`${at}.assumeRoleArn: the role is in partition ${roleArn[1]}, the account in ${account.partition}; use arn:${account.partition}:iam::…`);
    }
    // The integration's rules need the account ID; a malformed integration block is left to its own problems, and the
    // account ID, site and partition are still checked against an empty one.
    if (account.accountId !== undefined && account.partition !== undefined) {
      const props = integrationProps({ ...account, integration: account.integration ?? {} }, account.site ?? defaultSite);
      for (const { field, message } of validateIntegrationProps(props)) {
        const location = ['accountId', 'site', 'partition'].includes(field) ? field : `integration.${field}`;
        problems.push(`${at}.${location}: ${message}`);
      }
    }
    problems.push(...postgresProblems(at, account.postgres ?? []));
  }
  return problems;
}

/** The integration construct's props for an account. */
export function integrationProps(account: AccountConfig, site: DatadogSite): DatadogAwsIntegrationProps {
  return { ...account.integration, accountId: account.accountId, partition: account.partition, site };
}
