import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/** The JSON of a policy document (tokens such as a resource's `arn` resolve into Terraform references). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * An `aws_iam_policy` (id `policy`) and, when a role name is given, its `aws_iam_role_policy_attachment`
 * (id `attachment`), under `scope`.
 */
export function grantPolicy(
  scope: Construct,
  props: { namePrefix: string; description: string; statements: readonly PolicyStatement[]; roleName?: string },
): { policy: IamPolicy; attachment?: IamRolePolicyAttachment } {
  const policy = new IamPolicy(scope, 'policy', {
    namePrefix: props.namePrefix,
    description: props.description,
    policy: policyDocument(props.statements),
  });
  const attachment =
    props.roleName === undefined
      ? undefined
      : new IamRolePolicyAttachment(scope, 'attachment', { role: props.roleName, policyArn: policy.arn });
  return { policy, attachment };
}

/** IAM name-prefix characters; other characters of a construct id become `-`. */
export function iamNamePart(text: string): string {
  return text.replace(/[^\w+=,.@-]/g, '-').slice(0, 60);
}
