import { Testing } from 'cdktf';
import { customQuery } from '../../constructs/postgres-check';
import { PostgresCheckParameter } from '../../constructs/postgres-delivery/ssm-parameter/postgres-check-parameter';
import { awsStack, only, ordersCheck, synthError } from './delivery-fixtures';

/** Sixteen queries: enough to take the host file above SSM's 4 KB Standard tier. */
function sixteenTableQueries() {
  return Array.from({ length: 16 }, (_, i) =>
    customQuery({
      name: `q${i}`,
      metricPrefix: `acme.table_${i}`,
      query: `SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE schemaname = 'schema_number_${i}'`,
      columns: [{ name: 'table', type: 'tag' }, { name: 'live', type: 'gauge' }, { name: 'dead', type: 'gauge' }],
    }),
  );
}

describe('PostgresCheckParameter (host file in SSM Parameter Store)', () => {
  it("stores the model's YAML as a Standard String parameter under /datadog/postgres/<check>/conf.yaml", () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    new PostgresCheckParameter(stack, 'conf', { check });
    const json = Testing.synth(stack, true);
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'aws_ssm_parameter' }, {
      name: '/datadog/postgres/orders/conf.yaml',
      type: 'String',
      tier: 'Standard',
      insecure_value: check.toYaml(),
    });
    expect(only(json, 'aws_ssm_parameter')).not.toHaveProperty('value');
  });

  it('grants exactly ssm:GetParameter on the parameter ARN, attached to the given role', () => {
    const stack = awsStack();
    const p = new PostgresCheckParameter(stack, 'conf', { check: ordersCheck(stack), roleName: 'ec2-db-hosts' });
    const json = Testing.synth(stack, true);
    const policy = only(json, 'aws_iam_policy');
    expect(JSON.parse(policy.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadPostgresCheckConfig',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: `\${aws_ssm_parameter.${stack.getLogicalId(p.parameter)}.arn}`,
        },
      ],
    });
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'aws_iam_role_policy_attachment' }, {
      role: 'ec2-db-hosts',
      policy_arn: `\${aws_iam_policy.${stack.getLogicalId(p.policy)}.arn}`,
    });
  });

  it('creates no attachment without a role', () => {
    const stack = awsStack();
    new PostgresCheckParameter(stack, 'conf', { check: ordersCheck(stack) });
    expect(JSON.parse(Testing.synth(stack, true)).resource).not.toHaveProperty('aws_iam_role_policy_attachment');
  });

  it('chooses the Advanced tier above 4 KB', () => {
    const stack = awsStack();
    const queries = sixteenTableQueries();
    const check = ordersCheck(stack, {
      instances: [{ host: 'db.internal', username: 'datadog', customQueries: queries }],
    });
    const p = new PostgresCheckParameter(stack, 'conf', { check });
    expect(Buffer.byteLength(p.content)).toBeGreaterThan(4096);
    expect(only(Testing.synth(stack, true), 'aws_ssm_parameter').tier).toBe('Advanced');
  });

  it('refuses a template variable the host file cannot resolve, a reserved name and a forced Standard tier that is too small', () => {
    const stack = awsStack();
    const queries = sixteenTableQueries();
    const check = ordersCheck(stack, { instances: [{ host: '%%host%%', username: 'datadog', customQueries: queries }] });
    new PostgresCheckParameter(stack, 'conf', { check, parameterName: '/aws/datadog/conf.yaml', tier: 'Standard' });
    const message = synthError(stack);
    expect(message).toContain('test/conf: parameterName "/aws/datadog/conf.yaml" is invalid; names starting with /aws or /ssm are reserved by AWS');
    expect(message).toContain('test/conf: tier Standard holds at most 4096 bytes');
    expect(message).toMatch(/test\/conf: test\/orders delivered as host: instances\[0\]\.host: template variable %%host%% cannot be resolved with host delivery/);
  });

  it('gives the command that writes the file on a host', () => {
    const stack = awsStack();
    const p = new PostgresCheckParameter(stack, 'conf', { check: ordersCheck(stack) });
    expect(p.fetchCommand('eu-west-1')).toBe(
      "aws ssm get-parameter --region eu-west-1 --name '/datadog/postgres/orders/conf.yaml' --query Parameter.Value --output text" +
        ' > /etc/datadog-agent/conf.d/postgres.d/conf.yaml && chown dd-agent:dd-agent /etc/datadog-agent/conf.d/postgres.d/conf.yaml',
    );
  });
});
