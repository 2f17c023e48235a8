import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogAwsIntegration } from '../constructs/aws-integration/datadog-aws-integration';
import { DatadogSite, datadogApiUrl } from '../constructs/aws-integration/sites';
import { AccountConfig, BackendConfig, integrationProps } from './accounts-file';
import { addPostgresChecks, PostgresCheckResources } from './postgres';
import { addAccountMonitors } from './account-monitors';
import { finishStacks } from '../constructs/terraform/finish';
import type { MonitoringConfig } from './monitors-schema';

export interface AccountStackProps {
  /** The account, as validated from the accounts file. */
  readonly account: AccountConfig;
  /** The Datadog site of the account (the account's own, else the file's). */
  readonly site: DatadogSite;
  /**
   * Where the stack keeps its Terraform state.
   * @default - local state in the stack's directory under cdktf.out
   */
  readonly backend?: BackendConfig;
  /** Team notification policies the account's monitors refer to (the file's `monitoring`). @default - no teams */
  readonly monitoring?: MonitoringConfig;
  /** Directory inventory files are relative to: the accounts file's. @default - the working directory */
  readonly baseDir?: string;
}

/**
 * One AWS account's stack: its AWS and Datadog providers, its state backend, and the Datadog integration.
 * Stacks are named by the account's alias, so `cdktf deploy <alias>` deploys one account.
 */
export class AccountStack extends TerraformStack {
  public readonly integration: DatadogAwsIntegration;
  public readonly awsProvider: AwsProvider;
  public readonly datadogProvider: DatadogProvider;
  /** The account's Postgres checks with their delivery and monitors, in accounts-file order. */
  public readonly postgres: readonly PostgresCheckResources[];
  /** The account's monitors (packs and inventories), when its entry has `monitors`. */
  public readonly monitors?: Construct;

  constructor(scope: Construct, props: AccountStackProps) {
    const { account } = props;
    super(scope, account.alias);

    this.awsProvider = new AwsProvider(this, 'aws', {
      region: account.region,
      profile: account.profile,
      assumeRole: account.assumeRoleArn
        ? [{ roleArn: account.assumeRoleArn, sessionName: `houndstack-${account.alias}` }]
        : undefined,
      // The provider refuses credentials of any other account before it plans anything.
      allowedAccountIds: [account.accountId],
      defaultTags: account.tags ? [{ tags: { ...account.tags } }] : undefined,
    });
    // Keys come from DD_API_KEY and DD_APP_KEY in the environment of the deploy, never from code or the file.
    this.datadogProvider = new DatadogProvider(this, 'datadog', { apiUrl: datadogApiUrl(props.site) });

    configureBackend(this, account.alias, props.backend ?? { local: {} });

    this.integration = new DatadogAwsIntegration(this, 'datadog_integration', integrationProps(account, props.site));
    this.postgres = addPostgresChecks(this, account.postgres ?? [], {
      ...((account.monitors?.team ?? account.tags?.team) !== undefined ? { team: account.monitors?.team ?? account.tags?.team } : {}),
      ...(account.tags?.env !== undefined ? { env: account.tags.env } : {}),
    });

    if (account.monitors) {
      this.monitors = addAccountMonitors(this, {
        alias: account.alias,
        accountId: account.accountId,
        config: account.monitors,
        ...(props.monitoring ? { monitoring: props.monitoring } : {}),
        baseDir: props.baseDir ?? process.cwd(),
      });
    }
    // required_version from what the stack uses, and no literal credentials, on the JSON as written.
    finishStacks(this);
  }
}

/** Gives `stack` its state backend; `alias` names the state (key, workspace or file). */
export function configureBackend(stack: TerraformStack, alias: string, backend: BackendConfig): void {
  if ('local' in backend) {
    // Terraform runs in cdktf.out/stacks/<alias>/; the state lives at the project root, outside cdktf.out, as with
    // cdktf's own default, but written relative so that the synthesized JSON is the same on every machine.
    const directory = backend.local.directory?.replace(/\/$/, '');
    new LocalBackend(stack, {
      path: directory ? `../../../${directory}/${alias}.tfstate` : `../../../terraform.${alias}.tfstate`,
    });
  } else if ('s3' in backend) {
    const { bucket, region, keyPrefix, locking, roleArn, kmsKeyId } = backend.s3;
    const s3 = new S3Backend(stack, {
      bucket,
      region,
      key: `${keyPrefix}${alias}/terraform.tfstate`,
      encrypt: true,
      kmsKeyId,
      dynamodbTable: locking === 'lockfile' ? undefined : locking.dynamodbTable,
      assumeRole: roleArn ? { roleArn } : undefined,
    });
    // S3-native locking (Terraform 1.10+) is not in cdktf 0.21's S3Backend props yet.
    if (locking === 'lockfile') s3.addOverride('use_lockfile', true);
  } else {
    const { organization, workspacePrefix, hostname } = backend.hcp;
    new CloudBackend(stack, {
      organization,
      hostname,
      workspaces: new NamedCloudWorkspace(`${workspacePrefix}${alias}`),
    });
  }
}
