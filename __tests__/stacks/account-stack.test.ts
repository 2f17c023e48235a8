import { Testing } from 'cdktf';
import { AccountStack } from '../../stacks/account-stack';
import { AccountConfig, BackendConfig, parseAccounts } from '../../stacks/accounts-file';
import { DatadogSite } from '../../constructs';

function account(overrides: string = ''): AccountConfig {
  return parseAccounts(
    `accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: eu-west-1\n${overrides}`,
    'accounts.yaml',
  ).accounts[0]!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function synthAccount(config: AccountConfig, site: DatadogSite = 'datadoghq.com', backend?: BackendConfig): any {
  const stack = new AccountStack(Testing.app(), { account: config, site, backend });
  return JSON.parse(Testing.synth(stack, true));
}

describe('AccountStack', () => {
  it('is named by the alias and connects the account to Datadog', () => {
    const stack = new AccountStack(Testing.app(), { account: account(), site: 'datadoghq.com' });
    expect(stack.node.id).toBe('prod');
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.values(json.resource.datadog_integration_aws_account)).toEqual([
      expect.objectContaining({ aws_account_id: '111111111111' }),
    ]);
  });

  it("has an AWS provider for the account's region that refuses any other account's credentials", () => {
    expect(synthAccount(account()).provider.aws).toEqual([{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }]);
  });

  it('assumes a deploy role, uses a profile and sets default tags when given', () => {
    const json = synthAccount(
      account(
        '    assumeRoleArn: arn:aws:iam::111111111111:role/deploy\n    profile: prod\n    tags: { team: platform }\n',
      ),
    );
    expect(json.provider.aws).toEqual([
      {
        region: 'eu-west-1',
        profile: 'prod',
        allowed_account_ids: ['111111111111'],
        assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/deploy', session_name: 'houndstack-prod' }],
        default_tags: [{ tags: { team: 'platform' } }],
      },
    ]);
  });

  it('points the Datadog provider at the API of the site, with no keys in the JSON', () => {
    const json = synthAccount(account(), 'datadoghq.eu');
    expect(json.provider.datadog).toEqual([{ api_url: 'https://api.datadoghq.eu/' }]);
    expect(JSON.stringify(json)).not.toMatch(/api_key|app_key/);
  });

  describe('backends', () => {
    it('keeps local state at the project root by default, written relative so the JSON is the same everywhere', () => {
      expect(synthAccount(account()).terraform.backend).toEqual({ local: { path: '../../../terraform.prod.tfstate' } });
    });

    it('puts S3 state under a key per stack, encrypted, with S3-native locking', () => {
      const json = synthAccount(account(), 'datadoghq.com', {
        s3: { bucket: 'acme-state', region: 'us-east-1', keyPrefix: 'houndstack/', locking: 'lockfile' },
      });
      expect(json.terraform.backend).toEqual({
        s3: { bucket: 'acme-state', region: 'us-east-1', key: 'houndstack/prod/terraform.tfstate', encrypt: true, use_lockfile: true },
      });
    });

    it('locks S3 state with a DynamoDB table when one is named', () => {
      const json = synthAccount(account(), 'datadoghq.com', {
        s3: { bucket: 'acme-state', region: 'us-east-1', keyPrefix: 'tf/', locking: { dynamodbTable: 'locks' } },
      });
      expect(json.terraform.backend.s3).toMatchObject({ key: 'tf/prod/terraform.tfstate', dynamodb_table: 'locks' });
      expect(json.terraform.backend.s3.use_lockfile).toBeUndefined();
    });

    it('uses one HCP Terraform workspace per stack', () => {
      const json = synthAccount(account(), 'datadoghq.com', {
        hcp: { organization: 'acme', workspacePrefix: 'houndstack-', hostname: 'app.terraform.io' },
      });
      expect(json.terraform.cloud).toEqual({
        organization: 'acme',
        hostname: 'app.terraform.io',
        workspaces: { name: 'houndstack-prod' },
      });
    });
  });
});
