import { accountsProblems as problemsOf } from '../support/accounts';


const valid = `
accounts:
  - alias: prod
    accountId: "111111111111"
    region: us-east-1
`;

describe('accounts file: every problem in one round, field by field', () => {
  it('reports all 14 mistakes of a file at once: shape errors never hide other fields or the cross-checks', () => {
    const text = `
accounts:
  - alias: prod
    accountId: "1234"
    regoin: us-east-1
    integration: { cspm: true }
  - alias: prod-two
    accountId: 222222222222
    region: us-east-1
    integration: { accountTags: ["team:payments", "ddapikey:0123456789abcdef0123456789abcdef"] }
  - alias: prod-two
    accountId: "333333333333"
    region: eu-west-1
    assumeRoleArn: arn:aws:iam::444444444444:role/houndstack-deploy
    profile: arn:aws:iam::333333333333:role/houndstack-deploy
  - alias: Staging
    accountId: "333333333333"
    region: eu-west-1
    assumeRoleArn: deploy
    integration: { resourceColection: true, namespaceIncludeOnly: [AWS/EC2], namespaceExcludeOnly: [AWS/SQS] }
`;
    const unknown = '(a typo? houndstack never ignores a key it does not know)';
    expect(problemsOf(text)).toEqual([
      'accounts[0] (alias "prod").region: missing: this field is required (expected string)',
      `accounts[0] (alias "prod"): unknown key "regoin" ${unknown}`,
      'accounts[0] (alias "prod").accountId: "1234" is not an AWS account ID; expected exactly 12 digits (quote it in YAML so leading zeros stay)',
      'accounts[0] (alias "prod").integration.cspm: CSPM needs resource collection; set resourceCollection: true as well',
      'accounts[1] (alias "prod-two").integration.accountTags[1]: this value holds what looks like a Datadog API key; keys never go in the accounts file (the Datadog provider reads DD_API_KEY and DD_APP_KEY from the environment, AWS credentials come from the profile or role)',
      'accounts[1] (alias "prod-two").accountId: must be a string of 12 digits; quote it in YAML ("012345678901") so leading zeros stay',
      'accounts[2] (alias "prod-two").profile: "arn:aws:iam::333333333333:role/houndstack-deploy" is an ARN, not an AWS CLI profile name; a role to assume goes in assumeRoleArn',
      'accounts[2] (alias "prod-two").alias: "prod-two" is also the alias of accounts[1]; aliases name stacks and must be unique',
      "accounts[2] (alias \"prod-two\").assumeRoleArn: the role is in account 444444444444, not in accountId 333333333333; the deploy must assume a role in the account it deploys (the AWS provider's allowed_account_ids refuses any other)",
      'accounts[3] (alias "Staging").alias: must be lowercase letters, digits and dashes, starting with a letter (it names the stack)',
      'accounts[3] (alias "Staging").assumeRoleArn: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>; "deploy" looks like a name: an AWS CLI profile goes in profile:',
      `accounts[3] (alias "Staging").integration: unknown key "resourceColection" ${unknown}`,
      "accounts[3] (alias \"Staging\").accountId: 333333333333 is also the account of accounts[2]; connect each AWS account once (Datadog's external ID is per account)",
      'accounts[3] (alias "Staging").integration.namespaceExcludeOnly: cannot be combined with namespaceIncludeOnly: Datadog takes one namespace filter, include-only or exclude-only; keep one of them',
    ]);
  });

  it('an assumeRoleArn in another partition than the account', () => {
    expect(problemsOf(`${valid}    assumeRoleArn: arn:aws-us-gov:iam::111111111111:role/deploy\n`)).toEqual([
      'accounts[0] (alias "prod").assumeRoleArn: the role is in partition aws-us-gov, the account in aws; use arn:aws:iam::…',
    ]);
  });

  it('an assumed-role session ARN or a user ARN where a role ARN belongs', () => {
    expect(problemsOf(`${valid}    assumeRoleArn: arn:aws:sts::111111111111:assumed-role/deploy/ci-session\n`)).toEqual([
      "accounts[0] (alias \"prod\").assumeRoleArn: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>; this is an assumed-role (session) ARN: give the role's ARN, arn:…:iam::<account>:role/<role name>",
    ]);
    expect(problemsOf(`${valid}    assumeRoleArn: arn:aws:iam::111111111111:user/ci\n`)).toEqual([
      "accounts[0] (alias \"prod\").assumeRoleArn: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>; this is an IAM user ARN (a user's credentials go in a profile, named by profile:)",
    ]);
  });

  it('a profile and a role of the same account together are fine (the profile assumes the role)', () => {
    expect(problemsOf(`${valid}    profile: ci-runner\n    assumeRoleArn: arn:aws:iam::111111111111:role/houndstack-deploy\n`)).toEqual([]);
  });

  describe('secrets inside longer values, anywhere in the file', () => {
    it('an AWS access key ID in a tag value, a Datadog application key in a sentence', () => {
      const text = `${valid}    tags:\n      note: "rotate AKIAIOSFODNN7EXAMPLE soon"\n      owner: "ask ops, key=0123456789abcdef0123456789abcdef01234567 works"\n`;
      expect(problemsOf(text)).toEqual([
        expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.tags\.note: this value holds what looks like an AWS access key ID; /),
        expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.tags\.owner: this value holds what looks like a Datadog application key; /),
      ]);
    });

    it('never prints the key, not even where another problem echoes the value or the key names a field', () => {
      const key = '0123456789abcdef0123456789abcdef';
      const text = `accounts:\n  - alias: prod\n    accountId: "${key}"\n    region: us-east-1\n    tags: { note: "ddapikey:${key}", "${key}": x }\n`;
      const problems = problemsOf(text);
      expect(problems).toContain('accounts[0] (alias "prod").accountId: "***" is not an AWS account ID; expected exactly 12 digits (quote it in YAML so leading zeros stay)');
      expect(problems.join('\n')).not.toContain(key);
    });

    it('no false positives: sha256 digests, UUIDs, RDS and secret ARNs, git commits in URLs, long numbers', () => {
      const text = `${valid}    tags:
      image: "sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e5a6ae8e3b1c9c3c2f1e0d9a"
      cert: "arn:aws:acm:us-east-1:111111111111:certificate/1b4c7e2a-9f3d-4c1a-8e6b-2d5f0a9c3b7e"
      db: "orders.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com"
      secretArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/orders/datadog-Ab12Cd"
      runbook: "https://github.com/acme/runbooks/blob/9fceb02d0ae598e95dc970b74767f19372d61af8/orders.md"
      checksum: "md5:d41d8cd98f00b204e9800998ecf8427e"
      order: "12345678901234567890123456789012"
      role: "AROAEXAMPLEID1234567"
`;
      expect(problemsOf(text)).toEqual([]);
    });
  });
});
