import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  DATADOG_RESOURCE_COLLECTION_PERMISSIONS,
  DATADOG_STANDARD_PERMISSIONS,
} from '../constructs/aws-integration/permissions';

/** The permissions of a saved Datadog API response (`GET /api/v2/integration/aws/iam_permissions/…`) or a plain list. */
export function readPermissionList(file: string): string[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(parsed)
    ? parsed
    : (parsed as { data?: { attributes?: { permissions?: unknown } } }).data?.attributes?.permissions;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw new Error(`${file}: expected a JSON list of IAM actions, or Datadog's {"data":{"attributes":{"permissions":[…]}}}`);
  }
  return list;
}

/** Lines `+ action` (Datadog lists it, houndstack does not grant it) and `- action` (the reverse), sorted. */
export function permissionDrift(vendored: readonly string[], current: readonly string[]): string[] {
  const have = new Set(vendored);
  const want = new Set(current);
  return [
    ...[...want].filter((action) => !have.has(action)).map((action) => `+ ${action}`),
    ...[...have].filter((action) => !want.has(action)).map((action) => `- ${action}`),
  ].sort((a, b) => a.slice(2).localeCompare(b.slice(2)));
}

/** `houndstack aws permissions-drift`: compares the vendored IAM lists with what Datadog's API serves today. */
export function awsCommand(): Command {
  const aws = new Command('aws').description('the Datadog AWS integration');
  aws
    .command('permissions-drift')
    .description(
      'compare the vendored IAM permission lists with responses saved from Datadog\'s API, e.g.\n' +
        '  curl -H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY" \\\n' +
        '    https://api.datadoghq.com/api/v2/integration/aws/iam_permissions/standard > standard.json\n' +
        'prints "+ action" for what Datadog needs and houndstack does not grant, "- action" for the reverse; exit 1 on drift',
    )
    .option('--standard <file>', 'saved response of …/iam_permissions/standard')
    .option('--resource-collection <file>', 'saved response of …/iam_permissions/resource_collection')
    .action((options: { standard?: string; resourceCollection?: string }) => {
      const lists = [
        { name: 'standard', file: options.standard, vendored: DATADOG_STANDARD_PERMISSIONS },
        { name: 'resource collection', file: options.resourceCollection, vendored: DATADOG_RESOURCE_COLLECTION_PERMISSIONS },
      ].filter((list) => list.file !== undefined);
      if (lists.length === 0) {
        console.log('error: give --standard and/or --resource-collection');
        process.exitCode = 2;
        return;
      }
      for (const { name, file, vendored } of lists) {
        const drift = permissionDrift(vendored, readPermissionList(file!));
        console.log(drift.length === 0 ? `${name}: no drift` : `${name}: ${drift.length} difference${drift.length === 1 ? '' : 's'}`);
        for (const line of drift) console.log(`  ${line}`);
        if (drift.length > 0) process.exitCode = 1;
      }
    });
  return aws;
}
