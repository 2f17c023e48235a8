import { Testing } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { PostgresCheck } from '../../constructs/postgres-check';
import { PostgresPasswordSecret } from '../../constructs/postgres-delivery/secret/postgres-password-secret';
import { PostgresCheckParameter } from '../../constructs/postgres-delivery/ssm-parameter/postgres-check-parameter';
import { awsStack, only, SECRET_ARN, synthError } from './delivery-fixtures';

const KMS_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('PostgresPasswordSecret (Secrets Manager, Agent 7.70+ native backend)', () => {
  it('gives the handle ENC[<secret ARN>;<key>] as the check password', () => {
    const stack = awsStack();
    const secret = new PostgresPasswordSecret(stack, 'pw', { secretArn: SECRET_ARN, key: 'password' });
    expect(secret.handle).toBe(`ENC[${SECRET_ARN};password]`);
    expect(secret.password.rendered).toBe(secret.handle);
  });

  it('grants exactly secretsmanager:GetSecretValue on that secret, attached to the Agent role', () => {
    const stack = awsStack();
    new PostgresPasswordSecret(stack, 'pw', { secretArn: SECRET_ARN, key: 'password', roleName: 'datadog-agent' });
    const json = Testing.synth(stack, true);
    expect(JSON.parse(only(json, 'aws_iam_policy').policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadPostgresPassword', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }],
    });
    expect(only(json, 'aws_iam_role_policy_attachment').role).toBe('datadog-agent');
  });

  it('adds kms:Decrypt on the customer managed key, for this secret only', () => {
    const stack = awsStack();
    new PostgresPasswordSecret(stack, 'pw', { secretArn: SECRET_ARN, key: 'password', kmsKeyArn: KMS_ARN });
    const statements = JSON.parse(only(Testing.synth(stack, true), 'aws_iam_policy').policy as string).Statement;
    expect(statements[1]).toEqual({
      Sid: 'DecryptPostgresPassword',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KMS_ARN,
      Condition: { StringEquals: { 'kms:EncryptionContext:SecretARN': SECRET_ARN } },
    });
  });

  it('takes the ARN of a secret in the same stack as a reference', () => {
    const stack = awsStack();
    const s = new SecretsmanagerSecret(stack, 'datadog-password', { name: 'prod/orders/datadog' });
    const secret = new PostgresPasswordSecret(stack, 'pw', { secretArn: s.arn, key: 'password' });
    const check = new PostgresCheck(stack, 'orders', {
      instances: [{ host: 'db.internal', username: 'datadog', password: secret.password }],
    });
    new PostgresCheckParameter(stack, 'conf', { check });
    const json = Testing.synth(stack, true);
    const ref = `\${aws_secretsmanager_secret.${stack.getLogicalId(s)}.arn}`;
    expect(only(json, 'aws_ssm_parameter').insecure_value).toContain(`password: ENC[${ref};password]`);
    const policy = JSON.parse(json).resource.aws_iam_policy[stack.getLogicalId(secret.policy)].policy;
    expect(JSON.parse(policy).Statement[0].Resource).toBe(ref);
  });

  it('tells the Agent to use the backend, in datadog.yaml and as environment variables', () => {
    expect(PostgresPasswordSecret.agentConfig('eu-west-1')).toEqual({
      secret_backend_type: 'aws.secrets',
      secret_backend_config: { aws_session: { aws_region: 'eu-west-1' } },
    });
    expect(PostgresPasswordSecret.agentEnvironment('eu-west-1')).toEqual({
      DD_SECRET_BACKEND_TYPE: 'aws.secrets',
      DD_SECRET_BACKEND_CONFIG: '{"aws_session":{"aws_region":"eu-west-1"}}',
    });
  });

  it('refuses a partial secret ARN, a bad key and a bad KMS ARN, all at once', () => {
    const stack = awsStack();
    new PostgresPasswordSecret(stack, 'pw', {
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/datadog',
      key: 'pass;word',
      kmsKeyArn: 'alias/aws/secretsmanager',
    });
    const message = synthError(stack);
    expect(message).toContain('test/pw: secretArn "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/datadog" is not the full ARN');
    expect(message).toContain('test/pw: key "pass;word" is invalid');
    expect(message).toContain('test/pw: kmsKeyArn "alias/aws/secretsmanager" is not a KMS key ARN');
  });
});
