import { Token } from 'cdktf';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { SecretValue } from '../../postgres-check';
import { grantPolicy, iamNamePart, PolicyStatement } from '../iam';

/**
 * The check's password from AWS Secrets Manager, read by the Agent itself (Agent 7.70+, native backend
 * `secret_backend_type: aws.secrets`): `handle` is `ENC[<secret id>;<key>]`, the value to give the model as `password`;
 * the policy grants `secretsmanager:GetSecretValue` on exactly that secret (plus `kms:Decrypt` through Secrets Manager
 * when the secret is encrypted with a customer managed key), attached to the Agent's role when one is named.
 *
 * The Agent must be told to use the backend — `agentConfig` (datadog.yaml) or `agentEnvironment` (container env).
 * A handle for another backend can be given to the model directly; this construct is then not needed.
 */
export interface PostgresPasswordSecretProps {
  /** Full ARN of the secret (with its random suffix), e.g. `secret.arn` of an `aws_secretsmanager_secret`. */
  readonly secretArn: string;
  /** The JSON key in the secret's value that holds the password, e.g. `password`. */
  readonly key: string;
  /**
   * The secret id written in the handle.
   * @default - the ARN (unambiguous across accounts and regions)
   */
  readonly secretId?: string;
  /**
   * ARN of the customer managed KMS key that encrypts the secret; adds `kms:Decrypt` limited to this secret.
   * @default - the secret uses the AWS managed key `aws/secretsmanager` (no KMS grant needed)
   */
  readonly kmsKeyArn?: string;
  /**
   * Name of the IAM role the Agent runs as (instance profile role, ECS task role, IRSA role); the policy is attached to it.
   * @default - the policy is created but not attached
   */
  readonly roleName?: string;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;

export class PostgresPasswordSecret extends Construct {
  /** The check's `password`: `SecretValue.secretsManager(<secret id>, <key>)`. */
  readonly password: SecretValue;
  /** `ENC[<secret id>;<key>]`, as rendered in the config. */
  readonly handle: string;
  /** The `aws_iam_policy` granting read access to the secret. */
  readonly policy: IamPolicy;
  /** The attachment to `roleName`, if given. */
  readonly attachment?: IamRolePolicyAttachment;
  /** The policy's statements, to add to a policy of your own instead. */
  readonly statements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: PostgresPasswordSecretProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.secretArn) && !SECRET_ARN.test(props.secretArn)) {
      problems.push(
        `secretArn ${JSON.stringify(props.secretArn)} is not the full ARN of a Secrets Manager secret ` +
          '(arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)',
      );
    }
    if (!Token.isUnresolved(props.key) && !/^[^;\]\s]+$/.test(props.key)) {
      problems.push(`key ${JSON.stringify(props.key)} is invalid; allowed: a non-empty JSON key without ";", "]" or spaces`);
    }
    const secretId = props.secretId ?? props.secretArn;
    if (!Token.isUnresolved(secretId) && !/^[^;\]\s]+$/.test(secretId)) {
      problems.push(`secretId ${JSON.stringify(secretId)} is invalid; allowed: a name or ARN without ";", "]" or spaces`);
    }
    if (props.kmsKeyArn !== undefined && !Token.isUnresolved(props.kmsKeyArn) && !KMS_ARN.test(props.kmsKeyArn)) {
      problems.push(`kmsKeyArn ${JSON.stringify(props.kmsKeyArn)} is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)`);
    }
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });

    this.password = SecretValue.secretsManager(secretId, props.key);
    this.handle = this.password.rendered;
    const statements: PolicyStatement[] = [
      { Sid: 'ReadPostgresPassword', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: props.secretArn },
    ];
    if (props.kmsKeyArn !== undefined) {
      statements.push({
        Sid: 'DecryptPostgresPassword',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.kmsKeyArn,
        // Secrets Manager decrypts with the secret's ARN as encryption context: this key, for this secret only.
        Condition: { StringEquals: { 'kms:EncryptionContext:SecretARN': props.secretArn } },
      });
    }
    this.statements = statements;
    const { policy, attachment } = grantPolicy(this, {
      namePrefix: `datadog-postgres-secret-${iamNamePart(id)}-`,
      description: 'Datadog Agent: read the Postgres check password from Secrets Manager',
      statements,
      roleName: props.roleName,
    });
    this.policy = policy;
    this.attachment = attachment;
  }

  /** The datadog.yaml settings that make the Agent resolve `ENC[…]` from Secrets Manager in `region`. */
  static agentConfig(region: string): { secret_backend_type: 'aws.secrets'; secret_backend_config: { aws_session: { aws_region: string } } } {
    return { secret_backend_type: 'aws.secrets', secret_backend_config: { aws_session: { aws_region: region } } };
  }

  /** The same settings as Agent environment variables (ECS task definition, Helm `datadog.env`). */
  static agentEnvironment(region: string): Record<string, string> {
    const c = PostgresPasswordSecret.agentConfig(region);
    return { DD_SECRET_BACKEND_TYPE: c.secret_backend_type, DD_SECRET_BACKEND_CONFIG: JSON.stringify(c.secret_backend_config) };
  }
}
