import { Op, TerraformOutput, TerraformOutputConfig, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IntegrationAwsAccount } from '@cdktf/provider-datadog/lib/integration-aws-account';
import { IntegrationAwsExternalId } from '@cdktf/provider-datadog/lib/integration-aws-external-id';
import {
  DATADOG_RESOURCE_COLLECTION_PERMISSIONS,
  DATADOG_STANDARD_PERMISSIONS,
  PolicyDocument,
  allowActionsPolicy,
  splitIntoManagedPolicies,
} from './permissions';
import { AwsPartition, DatadogSite, datadogAwsAccountFor, datadogPrincipalArn } from './sites';
import { validateIntegrationProps } from './validation';
import { guardSingleCdktf } from '../terraform/single-cdktf';

/** A metric tag filter: only resources of `namespace` carrying one of `tags` send metrics. */
export interface MetricTagFilter {
  /** CloudWatch namespace, e.g. `AWS/EC2`. */
  readonly namespace: string;
  /** Tags in `key:value` form; `!key:value` excludes, `*` wildcards. */
  readonly tags: readonly string[];
}

export interface DatadogAwsIntegrationProps {
  /** The 12-digit ID of the AWS account to connect. */
  readonly accountId: string;
  /**
   * The Datadog site of the organisation; it decides which Datadog AWS account is trusted.
   * @default 'datadoghq.com'
   */
  readonly site?: DatadogSite;
  /**
   * The partition of the AWS account. `aws-cn` is refused: Datadog has no role-delegation principal in China.
   * @default 'aws'
   */
  readonly partition?: AwsPartition;

  /**
   * Name of the IAM role to create.
   * @default 'DatadogIntegrationRole'
   */
  readonly roleName?: string;
  /**
   * IAM path of the role and its managed policies.
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * ARN of a permissions boundary for the role.
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Tags of the role and its managed policies.
   * @default - none beyond the AWS provider's default tags
   */
  readonly roleTags?: Readonly<Record<string, string>>;
  /**
   * Maximum session duration of the role, 3,600 to 43,200 seconds.
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Register a role you manage yourself instead of creating one. houndstack then creates no IAM resources: your role's
   * trust policy must require `integration.externalId` as `sts:ExternalId`, and its permissions are yours to grant
   * (`integration.standardPolicy` and `integration.resourceCollectionPolicies` hold the documents).
   * @default - houndstack creates the role and its policies
   */
  readonly existingRoleName?: string;
  /**
   * Keep Terraform from destroying the role (`lifecycle.prevent_destroy`).
   * @default false
   */
  readonly preventRoleDestroy?: boolean;
  /**
   * Fail the plan when the AWS credentials belong to another account than `accountId` (a precondition on the role,
   * or on the Datadog account when the role is your own).
   * @default true
   */
  readonly verifyCallerAccount?: boolean;

  /**
   * Resource collection (Datadog's "extended collection"): grants the resource-collection permissions, split into as
   * many managed policies as IAM's size limit needs, and turns `extended_collection` on.
   * @default false - only the standard permissions, which cover metrics, tags and logs
   */
  readonly resourceCollection?: boolean;
  /**
   * Cloud Security Posture Management: attaches AWS's `SecurityAudit` policy and turns CSPM collection on.
   * Needs `resourceCollection`.
   * @default false
   */
  readonly cspm?: boolean;

  /**
   * Regions Datadog collects from; an empty list is refused (it would collect nothing).
   * @default - all regions
   */
  readonly regions?: readonly string[];

  /**
   * Collect CloudWatch metrics.
   * @default true
   */
  readonly metricsEnabled?: boolean;
  /**
   * Mute monitors of EC2 instances that AWS stopped or terminated on purpose.
   * @default true
   */
  readonly automute?: boolean;
  /**
   * Collect CloudWatch alarms as Datadog events.
   * @default false
   */
  readonly collectCloudwatchAlarms?: boolean;
  /**
   * Collect custom CloudWatch metrics (namespaces not starting with `AWS/`).
   * @default false
   */
  readonly collectCustomMetrics?: boolean;
  /**
   * Collect only these CloudWatch namespaces. Cannot be combined with `namespaceExcludeOnly`.
   * @default - every namespace but those excluded
   */
  readonly namespaceIncludeOnly?: readonly string[];
  /**
   * Skip these CloudWatch namespaces. Cannot be combined with `namespaceIncludeOnly`.
   * @default ['AWS/SQS', 'AWS/ElasticMapReduce', 'AWS/Usage'] - Datadog's default exclusions
   */
  readonly namespaceExcludeOnly?: readonly string[];
  /**
   * Per-namespace tag filters for metric collection.
   * @default - none
   */
  readonly metricTagFilters?: readonly MetricTagFilter[];

  /**
   * ARNs of Datadog Lambda forwarders that ship this account's logs.
   * @default - none
   */
  readonly logForwarderArns?: readonly string[];
  /**
   * Log sources the forwarders subscribe to automatically (e.g. `s3`, `lambda`, `elbv2`).
   * @default - none
   */
  readonly logSources?: readonly string[];

  /**
   * X-Ray services whose traces Datadog collects: `'all'` or a list.
   * @default - none
   */
  readonly xrayServices?: 'all' | readonly string[];

  /**
   * Tags Datadog adds to every metric and resource of this account, in `key:value` form.
   * @default - none
   */
  readonly accountTags?: readonly string[];
}

/** Datadog's default CloudWatch namespace exclusions, written out so that the plan shows them. */
export const DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = ['AWS/SQS', 'AWS/ElasticMapReduce', 'AWS/Usage'];

export const DEFAULT_ROLE_NAME = 'DatadogIntegrationRole';

/**
 * Connects one AWS account to Datadog by IAM role delegation:
 * Datadog-generated external ID → IAM role trusting Datadog's principal with that external ID → permission policies →
 * `datadog_integration_aws_account` registering the role, after the policies are attached.
 */
export class DatadogAwsIntegration extends Construct {
  /** The external ID Datadog generated for this account (`.id` is the value; sensitive). */
  public readonly externalId: IntegrationAwsExternalId;
  /** The role houndstack created; undefined when the role is your own (`existingRoleName`). */
  public readonly role?: IamRole;
  /** The managed policies houndstack created, standard first. */
  public readonly policies: IamPolicy[] = [];
  /** The Datadog registration of the account. */
  public readonly account: IntegrationAwsAccount;
  /** The standard permission policy document. */
  public readonly standardPolicy: PolicyDocument;
  /** The resource-collection policy documents (empty unless `resourceCollection`). */
  public readonly resourceCollectionPolicies: PolicyDocument[];
  /** The name of the role Datadog assumes. */
  public readonly roleName: string;
  /** The ARN of the role Datadog assumes. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: DatadogAwsIntegrationProps) {
    super(scope, id);
    guardSingleCdktf(this);
    const problems = validateIntegrationProps(props).map(({ field, message }) => `${field}: ${message}`);
    this.node.addValidation({ validate: () => problems });

    const site = props.site ?? 'datadoghq.com';
    const partition = props.partition ?? 'aws';
    const resourceCollection = props.resourceCollection ?? false;
    const cspm = props.cspm ?? false;
    const path = props.rolePath ?? '/';
    this.roleName = props.existingRoleName ?? props.roleName ?? DEFAULT_ROLE_NAME;
    this.standardPolicy = allowActionsPolicy(DATADOG_STANDARD_PERMISSIONS, 'DatadogStandard');
    this.resourceCollectionPolicies = resourceCollection
      ? splitIntoManagedPolicies(DATADOG_RESOURCE_COLLECTION_PERMISSIONS, 'DatadogResourceCollection')
      : [];

    this.externalId = new IntegrationAwsExternalId(this, 'external_id', {});

    const callerPrecondition =
      props.verifyCallerAccount === false
        ? undefined
        : [
            {
              condition: Op.eq(new DataAwsCallerIdentity(this, 'caller').accountId, props.accountId),
              errorMessage:
                `houndstack: the AWS credentials of this plan are not those of account ${props.accountId}. ` +
                'Deploy with the profile or role of that account.',
            },
          ];

    const dependsOn: IamRolePolicyAttachment[] = [];
    if (props.existingRoleName === undefined) {
      const principal = datadogAwsAccountFor(site, partition);
      // Without a principal (China, or a commercial site in GovCloud) the validation above reports the error;
      // the role is still built so that every other problem is reported in the same run.
      const principalArn = 'account' in principal ? datadogPrincipalArn(principal.account, partition) : '';
      const tags = props.roleTags ? { ...props.roleTags } : undefined;
      this.role = new IamRole(this, 'role', {
        name: this.roleName,
        path,
        description: `Datadog AWS integration (role delegation, site ${site})`,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DatadogAssumeRole',
              Effect: 'Allow',
              Principal: { AWS: principalArn },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': this.externalId.id } },
            },
          ],
        }),
        maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
        permissionsBoundary: props.permissionsBoundaryArn,
        tags,
        lifecycle: {
          preventDestroy: props.preventRoleDestroy ?? false,
          precondition: callerPrecondition,
        },
      });

      const documents: { id: string; name: string; description: string; document: PolicyDocument }[] = [
        {
          id: 'standard_policy',
          name: `${this.roleName}Policy`,
          description: 'Datadog AWS integration: standard permissions (metrics, tags, logs)',
          document: this.standardPolicy,
        },
        ...this.resourceCollectionPolicies.map((document, index) => ({
          id: `resource_collection_policy_${index + 1}`,
          name: `${this.roleName}ResourceCollectionPolicy${index + 1}`,
          description: `Datadog AWS integration: resource collection permissions, part ${index + 1} of ${this.resourceCollectionPolicies.length}`,
          document,
        })),
      ];
      for (const { id: policyId, name, description, document } of documents) {
        const policy = new IamPolicy(this, policyId, {
          name,
          path,
          description,
          policy: JSON.stringify(document),
          tags,
        });
        this.policies.push(policy);
        dependsOn.push(
          new IamRolePolicyAttachment(this, `${policyId}_attachment`, { role: this.role.name, policyArn: policy.arn }),
        );
      }
      if (cspm) {
        dependsOn.push(
          new IamRolePolicyAttachment(this, 'security_audit_attachment', {
            role: this.role.name,
            policyArn: `arn:${partition}:iam::aws:policy/SecurityAudit`,
          }),
        );
      }
      this.roleArn = this.role.arn;
    } else {
      this.roleArn = `arn:${partition}:iam::${props.accountId}:role${normalisePath(path)}${props.existingRoleName}`;
    }

    this.account = new IntegrationAwsAccount(this, 'account', {
      awsAccountId: props.accountId,
      awsPartition: partition,
      accountTags: props.accountTags ? [...props.accountTags] : [],
      authConfig: {
        awsAuthConfigRole: {
          // The role's name attribute (not the literal) orders the registration after the role.
          roleName: this.role ? this.role.name : this.roleName,
          externalId: this.externalId.id,
        },
      },
      awsRegions: props.regions === undefined ? { includeAll: true } : { includeOnly: [...props.regions] },
      logsConfig: {
        lambdaForwarder: {
          lambdas: [...(props.logForwarderArns ?? [])],
          sources: [...(props.logSources ?? [])],
        },
      },
      metricsConfig: {
        enabled: props.metricsEnabled ?? true,
        automuteEnabled: props.automute ?? true,
        collectCloudwatchAlarms: props.collectCloudwatchAlarms ?? false,
        collectCustomMetrics: props.collectCustomMetrics ?? false,
        namespaceFilters:
          props.namespaceIncludeOnly !== undefined
            ? { includeOnly: [...props.namespaceIncludeOnly] }
            : { excludeOnly: [...(props.namespaceExcludeOnly ?? DEFAULT_EXCLUDED_NAMESPACES)] },
        tagFilters: (props.metricTagFilters ?? []).map((filter) => ({
          namespace: filter.namespace,
          tags: [...filter.tags],
        })),
      },
      resourcesConfig: {
        extendedCollection: resourceCollection,
        cloudSecurityPostureManagementCollection: cspm,
      },
      tracesConfig: {
        xrayServices:
          props.xrayServices === 'all' ? { includeAll: true } : { includeOnly: [...(props.xrayServices ?? [])] },
      },
      // Datadog accepts the account before the role works; registering after the attachments avoids a first
      // collection run with a role that has no permissions yet.
      dependsOn,
      lifecycle: this.role ? undefined : { precondition: callerPrecondition },
    });

    // Output names derive from the construct ID, not a path hash, so that `cdktf output` reads well:
    // datadog_integration_role_arn and so on.
    const outputs: [string, TerraformOutputConfig][] = [
      ['aws_account_id', { value: props.accountId, description: 'The AWS account connected to Datadog' }],
      ['role_name', { value: this.roleName, description: 'The role Datadog assumes' }],
      ['role_arn', { value: this.roleArn, description: 'The ARN of the role Datadog assumes' }],
      [
        'external_id',
        {
          value: this.externalId.id,
          sensitive: true,
          description: 'The external ID Datadog presents when it assumes the role',
        },
      ],
    ];
    const prefix = this.node.id.replace(/[^A-Za-z0-9_-]/g, '_');
    for (const [name, config] of outputs) {
      new TerraformOutput(this, `${name}_output`, config).overrideLogicalId(`${prefix}_${name}`);
    }
  }
}

function normalisePath(path: string): string {
  if (Token.isUnresolved(path)) return path;
  return path.endsWith('/') ? path : `${path}/`;
}
