import { TerraformVariable, Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IntegrationAwsAccount } from '@cdktf/provider-datadog/lib/integration-aws-account';
import { DatadogAwsIntegration, DatadogAwsIntegrationProps } from '../../constructs';
import { awsDatadogStack, onlyResource, synthError, synthJson } from '../support/aws-stack';

const ACCOUNT = '123456789012';

function synthIntegration(props: Partial<DatadogAwsIntegrationProps> = {}) {
  const stack = awsDatadogStack();
  const integration = new DatadogAwsIntegration(stack, 'datadog', { accountId: ACCOUNT, ...props });
  return { stack, integration, json: synthJson(stack), text: Testing.synth(stack, true) };
}

function trustPolicy(json: unknown) {
  return JSON.parse(onlyResource(json, 'aws_iam_role').assume_role_policy);
}

describe('DatadogAwsIntegration', () => {
  describe('external ID', () => {
    it('comes from Datadog: one datadog_integration_aws_external_id, used by the trust policy and the registration', () => {
      const { json } = synthIntegration();
      const externalIds = Object.keys(json.resource.datadog_integration_aws_external_id);
      expect(externalIds).toHaveLength(1);
      const ref = `\${datadog_integration_aws_external_id.${externalIds[0]}.id}`;
      expect(trustPolicy(json).Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': ref } });
      expect(onlyResource(json, 'datadog_integration_aws_account').auth_config.aws_auth_config_role.external_id).toBe(ref);
    });

    it('is output as sensitive, next to the account ID, role name and role ARN', () => {
      const { json } = synthIntegration();
      expect(json.output.datadog_external_id).toMatchObject({ sensitive: true });
      expect(json.output.datadog_aws_account_id.value).toBe(ACCOUNT);
      expect(json.output.datadog_role_name.value).toBe('DatadogIntegrationRole');
      expect(json.output.datadog_role_arn.value).toMatch(/^\$\{aws_iam_role\.[\w]+\.arn\}$/);
    });
  });

  describe('role', () => {
    it('trusts the Datadog principal of the site, only with sts:AssumeRole', () => {
      const { json } = synthIntegration({ site: 'ap1.datadoghq.com' });
      const statement = trustPolicy(json).Statement[0];
      expect(statement.Principal).toEqual({ AWS: 'arn:aws:iam::417141415827:root' });
      expect(statement.Action).toBe('sts:AssumeRole');
      expect(trustPolicy(json).Statement).toHaveLength(1);
    });

    it('defaults to DatadogIntegrationRole at path / with a one-hour session', () => {
      const { text } = synthIntegration();
      expect(text).toHaveResourceWithProperties(IamRole, {
        name: 'DatadogIntegrationRole',
        path: '/',
        max_session_duration: 3600,
      });
    });

    it('takes a name, path, permissions boundary, tags and max session duration', () => {
      const boundary = 'arn:aws:iam::123456789012:policy/boundary';
      const { json } = synthIntegration({
        roleName: 'datadog-reader',
        rolePath: '/observability/',
        permissionsBoundaryArn: boundary,
        roleTags: { team: 'platform' },
        maxSessionDurationSeconds: 7200,
      });
      expect(onlyResource(json, 'aws_iam_role')).toMatchObject({
        name: 'datadog-reader',
        path: '/observability/',
        permissions_boundary: boundary,
        tags: { team: 'platform' },
        max_session_duration: 7200,
      });
      for (const policy of Object.values(json.resource.aws_iam_policy) as { path: string; tags: object }[]) {
        expect(policy).toMatchObject({ path: '/observability/', tags: { team: 'platform' } });
      }
    });

    it('is protected from destroy when asked', () => {
      const { json } = synthIntegration({ preventRoleDestroy: true });
      expect(onlyResource(json, 'aws_iam_role').lifecycle.prevent_destroy).toBe(true);
    });

    it('has a precondition that the plan runs with credentials of the configured account', () => {
      const { json } = synthIntegration();
      const caller = Object.keys(json.data.aws_caller_identity)[0];
      expect(onlyResource(json, 'aws_iam_role').lifecycle.precondition).toEqual([
        {
          condition: `\${(data.aws_caller_identity.${caller}.account_id == "${ACCOUNT}")}`,
          error_message: expect.stringContaining(`not those of account ${ACCOUNT}`),
        },
      ]);
    });

    it('skips the caller check when asked', () => {
      const { json } = synthIntegration({ verifyCallerAccount: false });
      expect(json.data).toBeUndefined();
      expect(onlyResource(json, 'aws_iam_role').lifecycle.precondition).toBeUndefined();
    });

    it('brought by the user: no IAM resources, the registration names that role and carries the caller check', () => {
      const { json } = synthIntegration({ existingRoleName: 'OurDatadogRole', rolePath: '/org/' });
      expect(json.resource.aws_iam_role).toBeUndefined();
      expect(json.resource.aws_iam_policy).toBeUndefined();
      const account = onlyResource(json, 'datadog_integration_aws_account');
      expect(account.auth_config.aws_auth_config_role.role_name).toBe('OurDatadogRole');
      expect(account.lifecycle.precondition).toHaveLength(1);
      expect(json.output.datadog_role_arn.value).toBe(`arn:aws:iam::${ACCOUNT}:role/org/OurDatadogRole`);
    });
  });

  describe('permissions', () => {
    it('attaches one standard managed policy by default, and no resource-collection or SecurityAudit policy', () => {
      const { json } = synthIntegration();
      const policies = Object.values(json.resource.aws_iam_policy) as { name: string }[];
      expect(policies.map((p) => p.name)).toEqual(['DatadogIntegrationRolePolicy']);
      expect(Object.keys(json.resource.aws_iam_role_policy_attachment)).toHaveLength(1);
    });

    it('splits resource collection into as many managed policies as the 6,144-character limit needs', () => {
      const { json } = synthIntegration({ resourceCollection: true });
      const policies = Object.values(json.resource.aws_iam_policy) as { name: string; policy: string }[];
      expect(policies.map((p) => p.name).sort()).toEqual([
        'DatadogIntegrationRolePolicy',
        'DatadogIntegrationRoleResourceCollectionPolicy1',
        'DatadogIntegrationRoleResourceCollectionPolicy2',
        'DatadogIntegrationRoleResourceCollectionPolicy3',
        'DatadogIntegrationRoleResourceCollectionPolicy4',
      ]);
      for (const policy of policies) expect(policy.policy.length).toBeLessThanOrEqual(6144);
      expect(Object.keys(json.resource.aws_iam_role_policy_attachment)).toHaveLength(5);
    });

    it('attaches SecurityAudit for CSPM, with the partition in its ARN', () => {
      const { text } = synthIntegration({ resourceCollection: true, cspm: true });
      expect(text).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        policy_arn: 'arn:aws:iam::aws:policy/SecurityAudit',
      });
      const gov = synthIntegration({
        site: 'ddog-gov.com',
        partition: 'aws-us-gov',
        resourceCollection: true,
        cspm: true,
      });
      expect(gov.text).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        policy_arn: 'arn:aws-us-gov:iam::aws:policy/SecurityAudit',
      });
    });
  });

  describe('Datadog account registration', () => {
    it('has all six blocks with the defaults: all regions, metrics on, Datadog default exclusions, nothing extended', () => {
      const { text } = synthIntegration();
      expect(text).toHaveResourceWithProperties(IntegrationAwsAccount, {
        aws_account_id: ACCOUNT,
        aws_partition: 'aws',
        account_tags: [],
        aws_regions: { include_all: true },
        logs_config: { lambda_forwarder: { lambdas: [], sources: [] } },
        metrics_config: {
          enabled: true,
          automute_enabled: true,
          collect_cloudwatch_alarms: false,
          collect_custom_metrics: false,
          namespace_filters: { exclude_only: ['AWS/SQS', 'AWS/ElasticMapReduce', 'AWS/Usage'] },
          tag_filters: [],
        },
        resources_config: { extended_collection: false, cloud_security_posture_management_collection: false },
        traces_config: { xray_services: { include_only: [] } },
      });
    });

    it('depends on every policy attachment, and names the role by reference', () => {
      const { json } = synthIntegration({ resourceCollection: true, cspm: true });
      const account = onlyResource(json, 'datadog_integration_aws_account');
      const attachments = Object.keys(json.resource.aws_iam_role_policy_attachment).map(
        (id) => `aws_iam_role_policy_attachment.${id}`,
      );
      expect([...account.depends_on].sort()).toEqual(attachments.sort());
      expect(account.auth_config.aws_auth_config_role.role_name).toMatch(/^\$\{aws_iam_role\.\w+\.name\}$/);
    });

    it('takes include-only regions, metric options, namespace include-only and tag filters', () => {
      const { text } = synthIntegration({
        regions: ['us-east-1', 'eu-west-1'],
        metricsEnabled: true,
        automute: false,
        collectCloudwatchAlarms: true,
        collectCustomMetrics: true,
        namespaceIncludeOnly: ['AWS/EC2', 'AWS/RDS'],
        metricTagFilters: [{ namespace: 'AWS/EC2', tags: ['datadog:monitored', '!env:dev'] }],
      });
      expect(text).toHaveResourceWithProperties(IntegrationAwsAccount, {
        aws_regions: { include_only: ['us-east-1', 'eu-west-1'] },
        metrics_config: {
          enabled: true,
          automute_enabled: false,
          collect_cloudwatch_alarms: true,
          collect_custom_metrics: true,
          namespace_filters: { include_only: ['AWS/EC2', 'AWS/RDS'] },
          tag_filters: [{ namespace: 'AWS/EC2', tags: ['datadog:monitored', '!env:dev'] }],
        },
      });
    });

    it('takes an exclude-only namespace list in place of the default one', () => {
      const { json } = synthIntegration({ namespaceExcludeOnly: ['AWS/Billing'] });
      expect(onlyResource(json, 'datadog_integration_aws_account').metrics_config.namespace_filters).toEqual({
        exclude_only: ['AWS/Billing'],
      });
    });

    it('takes log forwarders and sources, X-Ray services, account tags, resource collection and CSPM', () => {
      const forwarder = 'arn:aws:lambda:us-east-1:123456789012:function:datadog-forwarder';
      const { text } = synthIntegration({
        logForwarderArns: [forwarder],
        logSources: ['s3', 'lambda'],
        xrayServices: ['checkout', 'payments'],
        accountTags: ['team:platform'],
        resourceCollection: true,
        cspm: true,
      });
      expect(text).toHaveResourceWithProperties(IntegrationAwsAccount, {
        logs_config: { lambda_forwarder: { lambdas: [forwarder], sources: ['s3', 'lambda'] } },
        traces_config: { xray_services: { include_only: ['checkout', 'payments'] } },
        account_tags: ['team:platform'],
        resources_config: { extended_collection: true, cloud_security_posture_management_collection: true },
      });
    });

    it('collects every X-Ray service with xrayServices: all', () => {
      const { json } = synthIntegration({ xrayServices: 'all' });
      expect(onlyResource(json, 'datadog_integration_aws_account').traces_config).toEqual({
        xray_services: { include_all: true },
      });
    });
  });

  describe('GovCloud and China', () => {
    it('GovCloud gets the gov principal of the site and arn:aws-us-gov: ARNs', () => {
      const { json } = synthIntegration({ site: 'us2.ddog-gov.com', partition: 'aws-us-gov' });
      expect(trustPolicy(json).Statement[0].Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::486737091498:root' });
      expect(onlyResource(json, 'datadog_integration_aws_account').aws_partition).toBe('aws-us-gov');
    });

    it('refuses China, saying role delegation does not exist there', () => {
      const stack = awsDatadogStack();
      new DatadogAwsIntegration(stack, 'datadog', { accountId: ACCOUNT, partition: 'aws-cn' });
      expect(synthError(stack)).toMatch(/\[test\/datadog\] partition: "aws-cn": role delegation does not exist in AWS China/);
    });

    it('refuses a commercial site for a GovCloud account', () => {
      const stack = awsDatadogStack();
      new DatadogAwsIntegration(stack, 'datadog', { accountId: ACCOUNT, site: 'datadoghq.eu', partition: 'aws-us-gov' });
      expect(synthError(stack)).toContain('partition: "aws-us-gov": Datadog site "datadoghq.eu" cannot assume roles in aws-us-gov');
    });
  });

  describe('validation', () => {
    it('reports every problem at once, each with the construct path, the value and what is allowed', () => {
      const stack = awsDatadogStack();
      new DatadogAwsIntegration(stack, 'datadog', {
        accountId: '12345',
        cspm: true,
        regions: [],
        namespaceIncludeOnly: ['AWS/EC2'],
        namespaceExcludeOnly: ['AWS/SQS'],
        maxSessionDurationSeconds: 60,
        roleName: 'has spaces',
        rolePath: 'no-slashes',
        logForwarderArns: ['not-an-arn'],
        accountTags: ['novalue'],
      });
      const message = synthError(stack);
      for (const expected of [
        '[test/datadog] accountId: "12345" is not an AWS account ID; expected exactly 12 digits',
        '[test/datadog] cspm: CSPM needs resource collection',
        '[test/datadog] regions: an empty list would collect from no region',
        '[test/datadog] namespaceExcludeOnly: cannot be combined with namespaceIncludeOnly',
        '[test/datadog] maxSessionDurationSeconds: 60 is out of range; allowed: whole seconds from 3600 to 43200',
        '[test/datadog] roleName: "has spaces" is not an IAM role name',
        '[test/datadog] rolePath: "no-slashes" is not an IAM path',
        '[test/datadog] logForwarderArns: "not-an-arn" is not a Lambda function ARN',
        '[test/datadog] accountTags: "novalue" is not a key:value tag',
      ]) {
        expect(message).toContain(expected);
      }
    });

    it('refuses role settings alongside a role the user brings', () => {
      const stack = awsDatadogStack();
      new DatadogAwsIntegration(stack, 'datadog', {
        accountId: ACCOUNT,
        existingRoleName: 'Mine',
        permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/b',
      });
      expect(synthError(stack)).toContain('permissionsBoundaryArn: applies only to a role houndstack creates');
    });

    it('skips values that are unresolved tokens', () => {
      const stack = awsDatadogStack();
      const accountId = new TerraformVariable(stack, 'account_id', { type: 'string' });
      new DatadogAwsIntegration(stack, 'datadog', { accountId: accountId.stringValue });
      expect(onlyResource(synthJson(stack), 'datadog_integration_aws_account').aws_account_id).toBe(
        '${var.account_id}',
      );
    });
  });
});
