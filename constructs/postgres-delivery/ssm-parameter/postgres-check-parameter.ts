import { Token } from 'cdktf';
import { escapeTerraformTemplate } from '../../terraform/escape';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import { PostgresCheck } from '../../postgres-check';
import { validateForDelivery } from '../delivery-validation';
import { grantPolicy, iamNamePart, PolicyStatement } from '../iam';

/** Where the Agent reads the check on a host (Linux). */
export const HOST_CHECK_FILE = '/etc/datadog-agent/conf.d/postgres.d/conf.yaml';

export type SsmParameterTier = 'Standard' | 'Advanced';

/**
 * The host file `conf.d/postgres.d/conf.yaml` in SSM Parameter Store, with the IAM grant to read it.
 *
 * The parameter is a `String` written with `insecure_value`, so plans show the config diff: the content holds no
 * secret (the model refuses literal passwords; they are `ENC[…]` handles). The tier follows the size: Standard up to
 * 4 KB, Advanced up to 8 KB (billed per parameter; going back to Standard recreates the parameter). A host fetches it
 * with `fetchCommand()`, e.g. from user data or a configuration-management run, then restarts the Agent.
 */
export interface PostgresCheckParameterProps {
  readonly check: PostgresCheck;
  /**
   * Parameter name, a path starting with `/`.
   * @default `/datadog/postgres/<check id>/conf.yaml`
   */
  readonly parameterName?: string;
  /**
   * Parameter tier.
   * @default - Standard if the content fits in 4 KB, else Advanced
   */
  readonly tier?: SsmParameterTier;
  /**
   * Name of the IAM role of the hosts (instance profile role); the read policy is attached to it.
   * @default - the policy is created but not attached
   */
  readonly roleName?: string;
  /**
   * Tags on the parameter.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const STANDARD_MAX_BYTES = 4096;
const ADVANCED_MAX_BYTES = 8192;
const NAME = /^\/[A-Za-z0-9_.\-/]+$/;

export class PostgresCheckParameter extends Construct {
  readonly parameter: SsmParameter;
  /** The `aws_iam_policy` granting `ssm:GetParameter` on exactly this parameter. */
  readonly policy: IamPolicy;
  /** The attachment to `roleName`, if given. */
  readonly attachment?: IamRolePolicyAttachment;
  readonly parameterName: string;
  /** The policy's statements, to add to a policy of your own instead. */
  readonly statements: readonly PolicyStatement[];
  /** The content: the check's YAML. */
  readonly content: string;

  constructor(scope: Construct, id: string, props: PostgresCheckParameterProps) {
    super(scope, id);
    const problems: string[] = [];
    const name = props.parameterName ?? `/datadog/postgres/${props.check.node.id}/conf.yaml`;
    if (!Token.isUnresolved(name)) {
      if (!NAME.test(name) || name.includes('//')) {
        problems.push(`parameterName ${JSON.stringify(name)} is invalid; allowed: a path such as /datadog/postgres/orders/conf.yaml (letters, digits, _ . - /)`);
      } else if (/^\/(aws|ssm)/i.test(name)) {
        problems.push(`parameterName ${JSON.stringify(name)} is invalid; names starting with /aws or /ssm are reserved by AWS`);
      } else if (name.split('/').length - 1 > 15) {
        problems.push(`parameterName ${JSON.stringify(name)} has more than 15 levels`);
      }
    }
    this.content = props.check.toYaml();
    const bytes = Buffer.byteLength(this.content, 'utf8');
    if (bytes > ADVANCED_MAX_BYTES) {
      problems.push(`the check's YAML is ${bytes} bytes; allowed: at most ${ADVANCED_MAX_BYTES} (Advanced tier). Split the instances over several checks, or use global custom queries`);
    } else if (props.tier === 'Standard' && bytes > STANDARD_MAX_BYTES) {
      problems.push(`tier Standard holds at most ${STANDARD_MAX_BYTES} bytes; the check's YAML is ${bytes}: use Advanced or leave the tier out`);
    }
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });
    validateForDelivery(this, props.check, 'host');

    this.parameterName = name;
    this.parameter = new SsmParameter(this, 'parameter', {
      name,
      type: 'String',
      tier: props.tier ?? (bytes > STANDARD_MAX_BYTES ? 'Advanced' : 'Standard'),
      description: `Datadog Agent postgres check (${HOST_CHECK_FILE}) from ${props.check.node.path}`,
      // The YAML is literal text (SQL may hold `${`): escaped so that Terraform stores it as written.
      insecureValue: escapeTerraformTemplate(this.content),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.statements = [
      { Sid: 'ReadPostgresCheckConfig', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: this.parameter.arn },
    ];
    const { policy, attachment } = grantPolicy(this, {
      namePrefix: `datadog-postgres-${iamNamePart(props.check.node.id)}-conf-`,
      description: `Datadog Agent hosts: read ${name}`,
      statements: this.statements,
      roleName: props.roleName,
    });
    this.policy = policy;
    this.attachment = attachment;
  }

  /**
   * Shell command that writes the parameter to the Agent's check file (AWS CLI, run as root; restart the Agent after).
   * @param region the parameter's region, when the host's CLI has no default region
   */
  fetchCommand(region?: string): string {
    const r = region === undefined ? '' : ` --region ${region}`;
    return (
      `aws ssm get-parameter${r} --name '${this.parameterName}' --query Parameter.Value --output text` +
      ` > ${HOST_CHECK_FILE} && chown dd-agent:dd-agent ${HOST_CHECK_FILE}`
    );
  }
}
