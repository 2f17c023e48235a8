import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import {
  connectionStates,
  connectionUsage,
  formatProblem,
  idleInTransactionAge,
  longRunningQueries,
  PostgresCheck,
  PostgresCheckConfig,
  PostgresDelivery,
  PostgresInstance,
  replicationLag,
  SecretValue,
  validatePostgresCheck,
  type CustomQuery,
} from '../constructs/postgres-check';
import { PostgresCheckFile } from '../constructs/postgres-delivery/config-file/postgres-check-file';
import { ecsDockerLabels } from '../constructs/postgres-delivery/ecs-labels/ecs-docker-labels';
import { helmClusterCheckValues, helmConfdValues } from '../constructs/postgres-delivery/helm-values/helm-values';
import { kubernetesPodAnnotations } from '../constructs/postgres-delivery/kubernetes-annotations/kubernetes-annotations';
import { PostgresPasswordSecret } from '../constructs/postgres-delivery/secret/postgres-password-secret';
import { PostgresCheckParameter } from '../constructs/postgres-delivery/ssm-parameter/postgres-check-parameter';
import { PostgresMonitors } from '../constructs/postgres-monitors/postgres-monitors';
import { runbookFields } from './runbooks-schema';
import type { RunbookFiles } from './runbooks';

/*
 * `postgres:` of an account in the accounts file: Postgres checks, each with its instances, the ready queries to run,
 * where the config goes (delivery) and the seed's monitors. Your own custom queries are code, not YAML: see
 * examples/postgres-stack.ts.
 */

/** The ready queries by name (constructs/postgres-check/queries.ts). */
export const READY_QUERIES: Readonly<Record<string, () => CustomQuery>> = {
  connection_states: () => connectionStates(),
  idle_in_transaction: () => idleInTransactionAge(),
  connection_usage: () => connectionUsage(),
  long_running_queries: () => longRunningQueries(),
  replication_lag: () => replicationLag(),
};
const readyQueryName = z.enum(Object.keys(READY_QUERIES) as [string, ...string[]]);

/** A password the Agent resolves at run time; never a literal (the file is checked for those too). */
const passwordSchema = z.union([
  z.strictObject({
    /** Agent 7.70+ reads it with `secret_backend_type: aws.secrets`; houndstack grants the Agent role read access. */
    secretsManager: z.strictObject({
      secretArn: z.string(),
      key: z.string().default('password'),
      kmsKeyArn: z.string().optional(),
    }),
  }),
  /** A handle for the secret backend the Agent already has: rendered `ENC[<handle>]`. */
  z.strictObject({ encHandle: z.string().min(1) }),
  /** `%%env_NAME%%`: only for ECS and Kubernetes delivery. */
  z.strictObject({ envVar: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') }),
]);

const instanceSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().optional(),
  username: z.string().min(1).default('datadog'),
  password: passwordSchema.optional(),
  dbname: z.string().optional(),
  ssl: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  tags: z.array(z.string()).optional(),
  aws: z
    .strictObject({
      instanceEndpoint: z.string().optional(),
      region: z.string().optional(),
      managedAuthentication: z.boolean().optional(),
    })
    .optional(),
  dbm: z.boolean().optional(),
  collectActivityMetrics: z.boolean().optional(),
  collectDatabaseSizeMetrics: z.boolean().optional(),
  queryTimeoutMs: z.number().int().optional(),
  minCollectionIntervalSeconds: z.number().int().optional(),
  /** Ready queries to run on this instance. */
  queries: z.array(readyQueryName).default(['connection_states']),
});

const deliverySchema = z.strictObject({
  /** Host file in SSM Parameter Store, read policy attached to `agentRoleName`. */
  ssmParameter: z
    .strictObject({ parameterName: z.string().optional(), tier: z.enum(['Standard', 'Advanced']).optional() })
    .optional(),
  /** `cdktf.out/stacks/<alias>/postgres/<name>/conf.yaml` for configuration management. */
  file: z.strictObject({ relativePath: z.string().optional() }).optional(),
  /** Helm values as the Terraform output `postgres_<name>_helm_values`. */
  helm: z.enum(['confd', 'cluster-check']).optional(),
  /** ECS docker labels (JSON map) as the Terraform output `postgres_<name>_ecs_docker_labels`. */
  ecsLabels: z.boolean().optional(),
  /** Pod annotations (JSON map) as the Terraform output `postgres_<name>_pod_annotations`. */
  kubernetesAnnotations: z.strictObject({ containerName: z.string() }).optional(),
});

const thresholds = <T extends z.ZodRawShape>(shape: T) => z.union([z.literal(false), z.strictObject(shape)]).optional();

const tagValue = z.string().regex(/^[^:\s,{}]+$/, 'must be a tag value: no spaces, commas, colons or braces');

const monitorsSchema = z.strictObject({
  ...runbookFields(z.string()),
  /**
   * Owning team: the monitors' `team:` tag.
   * @default - the account's `monitors.team`, else its `team` tag
   */
  team: tagValue.optional(),
  /**
   * The monitors' `service:` tag.
   * @default - the `service:` tag of `scopeTags` (the instances' common tags), else the check's name
   */
  service: tagValue.optional(),
  /**
   * The monitors' `env:` tag.
   * @default - the `env:` tag of `scopeTags` (the instances' common tags), else the account's `env` tag
   */
  env: tagValue.optional(),
  /**
   * Tags selecting this check's instances in Datadog.
   * @default - the tags every instance of the check has
   */
  scopeTags: z.array(z.string()).optional(),
  groupBy: z.array(z.string()).optional(),
  alertRecipients: z.array(z.string()).optional(),
  warningRecipients: z.array(z.string()).optional(),
  monitorTags: z.array(z.string()).optional(),
  priority: z.number().int().optional(),
  connectionUsage: thresholds({ critical: z.number().optional(), warning: z.number().optional(), windowMinutes: z.number().int().optional() }),
  connectionChange: thresholds({
    criticalPercent: z.number().optional(),
    warningPercent: z.number().optional(),
    windowMinutes: z.number().int().optional(),
  }),
  idleConnections: thresholds({ critical: z.number().int().optional(), warning: z.number().int().optional(), windowMinutes: z.number().int().optional() }),
});

export const postgresCheckSchema = z.strictObject({
  /** Names the check: construct IDs, the SSM parameter, outputs. Unique within the account. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be lowercase letters, digits and dashes, starting with a letter'),
  /** IAM role the Agent runs as: the SSM parameter and Secrets Manager read policies are attached to it. */
  agentRoleName: z.string().optional(),
  instances: z.array(instanceSchema).min(1, 'list at least one instance'),
  delivery: deliverySchema.refine((d) => Object.values(d).some((v) => v !== undefined && v !== false), {
    message: 'choose at least one of ssmParameter, file, helm, ecsLabels, kubernetesAnnotations',
  }),
  monitors: monitorsSchema.optional(),
});

export type PostgresCheckEntry = z.output<typeof postgresCheckSchema>;
type InstanceEntry = PostgresCheckEntry['instances'][number];

/** The deliveries an entry uses, as the model names them (for template-variable checks). */
export function deliveriesOf(entry: PostgresCheckEntry): PostgresDelivery[] {
  const d = entry.delivery;
  const out: PostgresDelivery[] = [];
  if (d.ssmParameter) out.push('host');
  if (d.file) out.push('file');
  if (d.helm === 'confd') out.push('helm');
  if (d.helm === 'cluster-check') out.push('cluster-check');
  if (d.ecsLabels) out.push('ecs');
  if (d.kubernetesAnnotations) out.push('kubernetes');
  return out;
}

function password(entry: InstanceEntry, secretsManager: (arn: string, key: string, kms?: string) => SecretValue): SecretValue | undefined {
  const p = entry.password;
  if (!p) return undefined;
  if ('secretsManager' in p) return secretsManager(p.secretsManager.secretArn, p.secretsManager.key, p.secretsManager.kmsKeyArn);
  if ('encHandle' in p) return SecretValue.encHandle(p.encHandle);
  return SecretValue.envVar(p.envVar);
}

function instanceConfig(entry: InstanceEntry, pw: SecretValue | undefined): PostgresInstance {
  const { queries, aws, ...rest } = entry;
  return {
    ...rest,
    password: pw, // replaces the accounts-file form of the password
    aws: aws && {
      instanceEndpoint: aws.instanceEndpoint,
      region: aws.region,
      managedAuthentication: aws.managedAuthentication === undefined ? undefined : { enabled: aws.managedAuthentication },
    },
    customQueries: queries.map((name) => READY_QUERIES[name]!()),
  };
}

/** The model of an entry, with Secrets Manager passwords as handles (no grants): for validation. */
export function postgresCheckConfig(entry: PostgresCheckEntry): PostgresCheckConfig {
  return {
    instances: entry.instances.map((i) => instanceConfig(i, password(i, (arn, key) => SecretValue.secretsManager(arn, key)))),
  };
}

function commonTags(entry: PostgresCheckEntry): string[] {
  const [first, ...others] = entry.instances.map((i) => i.tags ?? []);
  return (first ?? []).filter((t) => others.every((tags) => tags.includes(t)));
}

/**
 * Problems of one account's `postgres` entries, each `<where>: <what>` relative to `at` (the account): every problem
 * the Agent would have with the check, for each delivery chosen, plus names used twice and monitors that would watch
 * every Postgres in the organisation.
 */
export function postgresProblems(at: string, entries: readonly PostgresCheckEntry[]): string[] {
  const problems = new Set<string>();
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const here = `${at}.postgres[${index}] (name "${entry.name}")`;
    const first = seen.get(entry.name);
    if (first !== undefined) problems.add(`${here}.name: "${entry.name}" is also the name of postgres[${first}]; names must be unique in an account`);
    else seen.set(entry.name, index);
    const config = postgresCheckConfig(entry);
    const deliveries = deliveriesOf(entry);
    for (const delivery of deliveries.length > 0 ? deliveries : [undefined]) {
      for (const p of validatePostgresCheck(config, { delivery })) problems.add(`${here}.${formatProblem(p)}`);
    }
    if (entry.monitors && entry.monitors.idleConnections !== false && !entry.instances.some((i) => i.queries.includes('connection_states'))) {
      problems.add(
        `${here}.monitors.idleConnections: watches postgresql.connection_state, which no instance collects; add connection_states to an instance's queries or set idleConnections: false`,
      );
    }
    if (entry.monitors && entry.monitors.scopeTags === undefined && commonTags(entry).length === 0) {
      problems.add(
        `${here}.monitors.scopeTags: missing, and the instances share no tag; without a scope the monitors would watch every Postgres of the organisation`,
      );
    }
  });
  return [...problems];
}

/** What an account's Postgres entry became in its stack. */
export interface PostgresCheckResources {
  readonly check: PostgresCheck;
  readonly parameter?: PostgresCheckParameter;
  readonly file?: PostgresCheckFile;
  readonly passwords: readonly PostgresPasswordSecret[];
  readonly monitors?: PostgresMonitors;
}

/** Account-level defaults of the checks' monitors. */
export interface PostgresMonitorDefaults {
  /** The account's owning team (`monitors.team`, else its `team` tag). @default - none */
  readonly team?: string;
  /** The account's `env` tag. @default - none */
  readonly env?: string;
  /** Reads `monitors.runbook` files and adds the dashboards of paging monitors. @default - `runbook:` is ignored */
  readonly runbooks?: RunbookFiles;
}

/** Builds the checks of an account in `stack`, under `postgres-<name>`. */
export function addPostgresChecks(stack: Construct, entries: readonly PostgresCheckEntry[], defaults: PostgresMonitorDefaults = {}): PostgresCheckResources[] {
  return entries.map((entry, index) => {
    const scope = new Construct(stack, `postgres-${entry.name}`);
    const outputName = (what: string) => `postgres_${entry.name.replace(/-/g, '_')}_${what}`;
    const passwords = new Map<string, PostgresPasswordSecret>();
    const secretsManager = (secretArn: string, key: string, kmsKeyArn?: string): SecretValue => {
      const id = `${secretArn};${key}`;
      let secret = passwords.get(id);
      if (!secret) {
        secret = new PostgresPasswordSecret(scope, passwords.size === 0 ? `${entry.name}-password` : `${entry.name}-password-${passwords.size + 1}`, {
          secretArn,
          key,
          kmsKeyArn,
          roleName: entry.agentRoleName,
        });
        passwords.set(id, secret);
      }
      return secret.password;
    };
    const check = new PostgresCheck(scope, entry.name, {
      instances: entry.instances.map((i) => instanceConfig(i, password(i, secretsManager))),
    });

    const d = entry.delivery;
    const parameter = d.ssmParameter
      ? new PostgresCheckParameter(scope, 'ssm-parameter', {
          check,
          parameterName: d.ssmParameter.parameterName,
          tier: d.ssmParameter.tier,
          roleName: entry.agentRoleName,
        })
      : undefined;
    const file = d.file ? new PostgresCheckFile(scope, 'file', { check, relativePath: d.file.relativePath }) : undefined;
    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(scope, id, { value, description }).overrideLogicalId(outputName(id));
    if (d.helm) {
      // A Secrets Manager password: turn the Agent's native backend on, in the secret's region.
      const secretArn = entry.instances.map((i) => (i.password && 'secretsManager' in i.password ? i.password.secretsManager.secretArn : undefined)).find(Boolean);
      const options = { secretsManagerRegion: secretArn?.split(':')[3] || undefined };
      const helm = d.helm === 'confd' ? helmConfdValues(check, options) : helmClusterCheckValues(check, options);
      output('helm_values', helm.yaml, `Helm values (datadog chart) for the ${entry.name} postgres check`);
    }
    if (d.ecsLabels) {
      output('ecs_docker_labels', JSON.stringify(ecsDockerLabels(check)), `ECS dockerLabels for the ${entry.name} postgres check`);
    }
    if (d.kubernetesAnnotations) {
      const annotations = kubernetesPodAnnotations(check, d.kubernetesAnnotations.containerName);
      output('pod_annotations', JSON.stringify(annotations), `Pod annotations for the ${entry.name} postgres check`);
    }

    const m = entry.monitors;
    let monitors: PostgresMonitors | undefined;
    if (m) {
      const { team, service, env, runbook, ...rest } = m;
      const steps = defaults.runbooks?.read(`postgres[${index}].monitors.runbook`, runbook);
      const link = defaults.runbooks?.link(steps);
      const scopeTags = m.scopeTags ?? commonTags(entry);
      // A service or env the query is scoped to is the tag (rule HS-MON-5); the construct reads it from the scope.
      const scoped = (key: string) => scopeTags.some((t) => t.startsWith(`${key}:`) && !t.includes('*'));
      const teamTag = team ?? defaults.team;
      const serviceTag = service ?? (scoped('service') ? undefined : entry.name);
      const envTag = env ?? (scoped('env') ? undefined : defaults.env);
      monitors = new PostgresMonitors(scope, 'monitors', {
        ...rest,
        scopeTags,
        namePrefix: `[Postgres ${entry.name}]`,
        ...(teamTag !== undefined ? { team: teamTag } : {}),
        ...(serviceTag !== undefined ? { service: serviceTag } : {}),
        ...(envTag !== undefined ? { env: envTag } : {}),
        ...(link ? { runbookLink: link } : {}),
      });
      defaults.runbooks?.addDashboards(monitors, steps);
    }
    return { check, parameter, file, passwords: [...passwords.values()], monitors };
  });
}
