import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { connectionStates, PostgresCheck, PostgresCheckProps, SecretValue } from '../../constructs/postgres-check';

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/datadog-AbCdEf';

export function awsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

export function ordersCheck(stack: TerraformStack, overrides: Partial<PostgresCheckProps> = {}): PostgresCheck {
  return new PostgresCheck(stack, 'orders', {
    instances: [
      {
        host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
        username: 'datadog',
        password: SecretValue.secretsManager(SECRET_ARN, 'password'),
        dbname: 'orders',
        tags: ['team:payments'],
        customQueries: [connectionStates()],
      },
    ],
    ...overrides,
  });
}

/** The synth error message, or fails the test if the synth succeeds. */
export function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
}

/** The attributes of the only resource of a type. */
export function only(json: string, type: string): Record<string, unknown> {
  const resources = Object.values(JSON.parse(json).resource?.[type] ?? {}) as Record<string, unknown>[];
  expect(resources).toHaveLength(1);
  return resources[0]!;
}
