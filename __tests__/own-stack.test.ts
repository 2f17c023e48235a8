import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IntegrationAwsAccount } from '@cdktf/provider-datadog/lib/integration-aws-account';
import { ObservabilityStack } from '../examples/own-stack';

describe('examples/own-stack.ts (quoted in the README)', () => {
  it('synthesizes valid Terraform with the integration and the override', () => {
    const synthesized = Testing.synth(new ObservabilityStack(Testing.app(), 'observability'), true);
    expect(synthesized).toHaveResourceWithProperties(IntegrationAwsAccount, {
      aws_account_id: '444455556666',
      resources_config: { extended_collection: true, cloud_security_posture_management_collection: false },
    });
    expect(synthesized).toHaveResourceWithProperties(IamRole, { tags: { owner: 'team-data' } });
  });
});
