import { Token } from 'cdktf';
import type { DatadogAwsIntegrationProps } from './datadog-aws-integration';
import { AWS_PARTITIONS, DATADOG_SITES, datadogAwsAccountFor, isDatadogSite } from './sites';

const ACCOUNT_ID = /^\d{12}$/;
// IAM: role names are 1–64 characters of letters, digits and +=,.@_-.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\x21-\x7e]{0,510}\/)?$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const TAG = /^[^:\s][^\s]*:[^\s]*$/;

const isToken = (value: unknown): boolean => typeof value === 'string' && Token.isUnresolved(value);
const show = (value: unknown): string => JSON.stringify(value);

/** One problem: the prop (or props) at fault, and what is wrong with its value and what is allowed. */
export interface IntegrationProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Every problem with the props, each naming the prop, the bad value and what is allowed. Values that are unresolved
 * tokens are known only at apply and are skipped. Pure, so stacks and the CLI can run it without building anything.
 */
export function validateIntegrationProps(props: DatadogAwsIntegrationProps): IntegrationProblem[] {
  const problems: IntegrationProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  const site = props.site ?? 'datadoghq.com';
  const partition = props.partition ?? 'aws';

  if (!isToken(props.accountId) && !ACCOUNT_ID.test(props.accountId)) {
    add('accountId', `${show(props.accountId)} is not an AWS account ID; expected exactly 12 digits (quote it in YAML so leading zeros stay)`);
  }
  const siteKnown = isDatadogSite(site);
  if (!siteKnown) {
    add('site', `${show(site)} is not a Datadog site; allowed: ${DATADOG_SITES.join(', ')}`);
  }
  if (!(AWS_PARTITIONS as readonly string[]).includes(partition)) {
    add('partition', `${show(partition)} is not an AWS partition; allowed: ${AWS_PARTITIONS.join(', ')}`);
  } else if (siteKnown) {
    const principal = datadogAwsAccountFor(site, partition);
    if ('reason' in principal) add('partition', `${show(partition)}: ${principal.reason}`);
  }

  if (props.existingRoleName !== undefined) {
    if (!isToken(props.existingRoleName) && !ROLE_NAME.test(props.existingRoleName)) {
      add('existingRoleName', `${show(props.existingRoleName)} is not an IAM role name; allowed: 1–64 of letters, digits and +=,.@_-`);
    }
    const onlyForCreatedRole = (
      ['roleName', 'permissionsBoundaryArn', 'roleTags', 'maxSessionDurationSeconds', 'preventRoleDestroy'] as const
    ).filter((key) => props[key] !== undefined);
    for (const key of onlyForCreatedRole) {
      add(key, `applies only to a role houndstack creates, and existingRoleName ${show(props.existingRoleName)} brings your own; remove one of them`);
    }
  } else if (props.roleName !== undefined && !isToken(props.roleName) && !ROLE_NAME.test(props.roleName)) {
    add('roleName', `${show(props.roleName)} is not an IAM role name; allowed: 1–64 of letters, digits and +=,.@_-`);
  }
  if (props.rolePath !== undefined && !isToken(props.rolePath) && !ROLE_PATH.test(props.rolePath)) {
    add('rolePath', `${show(props.rolePath)} is not an IAM path; it must start and end with "/" (e.g. "/datadog/")`);
  }
  if (
    props.permissionsBoundaryArn !== undefined &&
    !isToken(props.permissionsBoundaryArn) &&
    !props.permissionsBoundaryArn.startsWith(`arn:${partition}:iam::`)
  ) {
    add('permissionsBoundaryArn', `${show(props.permissionsBoundaryArn)} is not an IAM policy ARN in partition ${partition}; expected arn:${partition}:iam::<account>:policy/<name>`);
  }
  const maxSession = props.maxSessionDurationSeconds;
  if (maxSession !== undefined && (!Number.isInteger(maxSession) || maxSession < 3600 || maxSession > 43200)) {
    add('maxSessionDurationSeconds', `${show(maxSession)} is out of range; allowed: whole seconds from 3600 to 43200`);
  }

  if (props.cspm && !props.resourceCollection) {
    add('cspm', 'CSPM needs resource collection; set resourceCollection: true as well');
  }

  if (props.regions !== undefined) {
    if (props.regions.length === 0) {
      add('regions', 'an empty list would collect from no region; leave regions out to collect from all of them');
    }
    for (const region of props.regions) {
      if (!isToken(region) && !REGION.test(region)) {
        add('regions', `${show(region)} is not an AWS region name; expected e.g. us-east-1, eu-west-3, us-gov-west-1`);
      }
    }
  }

  if (props.namespaceIncludeOnly !== undefined && props.namespaceExcludeOnly !== undefined) {
    add('namespaceExcludeOnly', 'cannot be combined with namespaceIncludeOnly: Datadog takes one namespace filter, include-only or exclude-only; keep one of them');
  }
  if (props.namespaceIncludeOnly !== undefined && props.namespaceIncludeOnly.length === 0) {
    add('namespaceIncludeOnly', 'an empty list would collect no metrics; set metricsEnabled: false for that');
  }
  for (const [index, filter] of (props.metricTagFilters ?? []).entries()) {
    if (!isToken(filter.namespace) && filter.namespace.trim() === '') {
      add(`metricTagFilters[${index}].namespace`, `must name a CloudWatch namespace such as AWS/EC2`);
    }
    if (filter.tags.length === 0) {
      add(`metricTagFilters[${index}].tags`, `empty; give at least one key:value tag, or drop the filter`);
    }
  }

  for (const arn of props.logForwarderArns ?? []) {
    if (!isToken(arn) && !new RegExp(`^arn:${partition}:lambda:[a-z0-9-]+:\\d{12}:function:[\\w-]+(:[\\w$-]+)?$`).test(arn)) {
      add('logForwarderArns', `${show(arn)} is not a Lambda function ARN in partition ${partition}; expected arn:${partition}:lambda:<region>:<account>:function:<name>`);
    }
  }

  for (const tag of props.accountTags ?? []) {
    if (!isToken(tag) && !TAG.test(tag)) {
      add('accountTags', `${show(tag)} is not a key:value tag`);
    }
  }
  return problems;
}
