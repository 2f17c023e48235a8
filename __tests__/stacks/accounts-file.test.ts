import { AccountsFileError, parseAccounts } from '../../stacks/accounts-file';
import { accountsProblems as problemsOf } from '../support/accounts';

const FILE = 'accounts.yaml';


const valid = `
accounts:
  - alias: prod
    accountId: "111111111111"
    region: us-east-1
`;

describe('accounts file', () => {
  it('accepts a minimal file, with the defaults filled in', () => {
    expect(parseAccounts(valid, FILE)).toEqual({
      datadog: { site: 'datadoghq.com' },
      accounts: [{ alias: 'prod', accountId: '111111111111', region: 'us-east-1', partition: 'aws', integration: {} }],
    });
  });

  it('names the file and lists every problem in one error', () => {
    const text = `
accounts:
  - alias: prod
    accountId: "1234"
    region: us-east-1
    integration: { cspm: true }
  - alias: gov
    accountId: "222222222222"
    region: us-east-1
    site: datadoghq.gov
`;
    let error: AccountsFileError | undefined;
    try {
      parseAccounts(text, FILE);
    } catch (caught) {
      error = caught as AccountsFileError;
    }
    expect(error).toBeInstanceOf(AccountsFileError);
    expect(error!.message).toMatch(/^accounts\.yaml: 3 problems:\n  - accounts\[0\]/);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.accountId: "1234" is not an AWS account ID/),
      expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.integration\.cspm: CSPM needs resource collection/),
      expect.stringMatching(/^accounts\[1\] \(alias "gov"\)\.site: must be one of "datadoghq\.com"/),
    ]);
  });

  describe('bad input, each problem with its path', () => {
    it('an account ID that is not 12 digits', () => {
      expect(problemsOf(valid.replace('"111111111111"', '"11111111111"'))).toEqual([
        'accounts[0] (alias "prod").accountId: "11111111111" is not an AWS account ID; expected exactly 12 digits (quote it in YAML so leading zeros stay)',
      ]);
    });

    it('an unquoted account ID (YAML reads a number)', () => {
      expect(problemsOf(valid.replace('"111111111111"', '111111111111'))).toEqual([
        'accounts[0] (alias "prod").accountId: must be a string of 12 digits; quote it in YAML ("012345678901") so leading zeros stay',
      ]);
    });

    it('duplicate account IDs', () => {
      const text = `${valid}  - alias: prod-two\n    accountId: "111111111111"\n    region: eu-west-1\n`;
      expect(problemsOf(text)).toEqual([
        'accounts[1] (alias "prod-two").accountId: 111111111111 is also the account of accounts[0]; connect each AWS account once (Datadog\'s external ID is per account)',
      ]);
    });

    it('duplicate aliases', () => {
      const text = `${valid}  - alias: prod\n    accountId: "222222222222"\n    region: eu-west-1\n`;
      expect(problemsOf(text)).toEqual([
        'accounts[1] (alias "prod").alias: "prod" is also the alias of accounts[0]; aliases name stacks and must be unique',
      ]);
    });

    it('an unknown site', () => {
      const [problem] = problemsOf(`datadog: { site: datadoghq.co }\n${valid}`);
      expect(problem).toMatch(/^datadog\.site: must be one of "datadoghq\.com"\|"us3\.datadoghq\.com"/);
    });

    it('China with role delegation', () => {
      expect(problemsOf(valid.replace('region: us-east-1', 'region: cn-north-1\n    partition: aws-cn'))).toEqual([
        'accounts[0] (alias "prod").partition: "aws-cn": role delegation does not exist in AWS China (aws-cn): Datadog has no principal there; connect China accounts with access keys in the Datadog AWS tile instead',
      ]);
    });

    it('CSPM without resource collection', () => {
      expect(problemsOf(`${valid}    integration: { cspm: true }\n`)).toEqual([
        'accounts[0] (alias "prod").integration.cspm: CSPM needs resource collection; set resourceCollection: true as well',
      ]);
    });

    it('include-only and exclude-only namespace filters together', () => {
      const text = `${valid}    integration:\n      namespaceIncludeOnly: [AWS/EC2]\n      namespaceExcludeOnly: [AWS/SQS]\n`;
      expect(problemsOf(text)).toEqual([
        'accounts[0] (alias "prod").integration.namespaceExcludeOnly: cannot be combined with namespaceIncludeOnly: Datadog takes one namespace filter, include-only or exclude-only; keep one of them',
      ]);
    });

    it('an empty include-only region list', () => {
      expect(problemsOf(`${valid}    integration: { regions: [] }\n`)).toEqual([
        'accounts[0] (alias "prod").integration.regions: an empty list would collect from no region; leave regions out to collect from all of them',
      ]);
    });

    it('unknown keys, at any depth (a typo is never ignored)', () => {
      const text = `datadog: { site: datadoghq.com, sitee: x }\n${valid}    integraton: {}\n  - alias: two\n    accountId: "222222222222"\n    region: us-east-1\n    integration: { resourceColection: true }\n`;
      expect(problemsOf(text)).toEqual([
        'datadog: unknown key "sitee" (a typo? houndstack never ignores a key it does not know)',
        'accounts[0] (alias "prod"): unknown key "integraton" (a typo? houndstack never ignores a key it does not know)',
        'accounts[1] (alias "two").integration: unknown key "resourceColection" (a typo? houndstack never ignores a key it does not know)',
      ]);
    });

    it('a value that looks like a literal Datadog API or application key', () => {
      const text = `${valid}    tags: { owner: 0123456789abcdef0123456789abcdef, note: 0123456789abcdef0123456789abcdef01234567 }\n`;
      expect(problemsOf(text)).toEqual([
        expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.tags\.owner: this value looks like a Datadog API key; keys never go in the accounts file/),
        expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.tags\.note: this value looks like a Datadog application key/),
      ]);
    });

    it('a key field with a literal secret, even one that does not look like a key', () => {
      const problems = problemsOf(`datadog: { site: datadoghq.com, apiKey: hunter2 }\n${valid}`);
      expect(problems).toContain(
        'datadog.apiKey: a literal secret has no place in the accounts file; set DD_API_KEY and DD_APP_KEY in the environment of the deploy (from your secret store)',
      );
    });

    it('a YAML syntax error, and a duplicated key', () => {
      expect(problemsOf('accounts: [\n')).toEqual([
        'line 2, column 1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ]);
      expect(problemsOf(`${valid}    region: eu-west-1\n`)).toEqual(['line 6, column 5: not valid YAML: Map keys must be unique']);
    });
  });

  describe('backends', () => {
    it('takes S3 with lockfile locking by default, and HCP Terraform with a workspace prefix', () => {
      expect(parseAccounts(`backend: { s3: { bucket: state, region: us-east-1 } }\n${valid}`, FILE).backend).toEqual({
        s3: { bucket: 'state', region: 'us-east-1', keyPrefix: 'houndstack/', locking: 'lockfile' },
      });
      expect(parseAccounts(`backend: { hcp: { organization: acme } }\n${valid}`, FILE).backend).toEqual({
        hcp: { organization: 'acme', workspacePrefix: 'houndstack-', hostname: 'app.terraform.io' },
      });
    });

    it('refuses two backends at once', () => {
      const problems = problemsOf(`backend: { s3: { bucket: state, region: us-east-1 }, hcp: { organization: acme } }\n${valid}`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^backend: /);
    });
  });
});
