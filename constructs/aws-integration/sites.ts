/** Datadog sites (https://docs.datadoghq.com/getting_started/site/), by their domain. */
export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'uk1.datadoghq.com',
  'ddog-gov.com',
  'us2.ddog-gov.com',
] as const;
export type DatadogSite = (typeof DATADOG_SITES)[number];

/** AWS partitions Datadog knows; `aws-cn` is accepted by Datadog's API but cannot use role delegation. */
export const AWS_PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn'] as const;
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/**
 * The AWS account Datadog assumes roles from, by site and by the partition of the customer's account.
 * Source: Datadog's CloudFormation templates (DataDog/cloudformation-template), as recorded in FACTS.md.
 */
const DATADOG_AWS_ACCOUNT: Record<DatadogSite, { aws: string; 'aws-us-gov'?: string }> = {
  'datadoghq.com': { aws: '464622532012' },
  'us3.datadoghq.com': { aws: '464622532012' },
  'us5.datadoghq.com': { aws: '464622532012' },
  'datadoghq.eu': { aws: '464622532012' },
  'ap1.datadoghq.com': { aws: '417141415827' },
  'ap2.datadoghq.com': { aws: '412381753143' },
  'uk1.datadoghq.com': { aws: '117348461845' },
  'ddog-gov.com': { aws: '392588925713', 'aws-us-gov': '065115117704' },
  'us2.ddog-gov.com': { aws: '382742775718', 'aws-us-gov': '486737091498' },
};

export function isDatadogSite(value: string): value is DatadogSite {
  return (DATADOG_SITES as readonly string[]).includes(value);
}

/**
 * Datadog's AWS account for a site and partition, or an explanation of why there is none.
 * Commercial sites have no principal in GovCloud, and no site has one in China.
 */
export function datadogAwsAccountFor(site: DatadogSite, partition: AwsPartition): { account: string } | { reason: string } {
  if (partition === 'aws-cn') {
    return {
      reason:
        'role delegation does not exist in AWS China (aws-cn): Datadog has no principal there; ' +
        'connect China accounts with access keys in the Datadog AWS tile instead',
    };
  }
  const accounts = DATADOG_AWS_ACCOUNT[site];
  const account = accounts[partition];
  if (account === undefined) {
    return {
      reason: `Datadog site "${site}" cannot assume roles in ${partition}; GovCloud accounts need ddog-gov.com or us2.ddog-gov.com`,
    };
  }
  return { account };
}

/** The trust-policy principal: `arn:<partition>:iam::<datadog account>:root`. */
export function datadogPrincipalArn(account: string, partition: AwsPartition): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** The Datadog API endpoint for a site, as the Terraform provider's `api_url` wants it. */
export function datadogApiUrl(site: DatadogSite): string {
  return `https://api.${site}/`;
}
