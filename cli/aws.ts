import { Command } from 'commander';
import {
  DATADOG_RESOURCE_COLLECTION_PERMISSIONS,
  DATADOG_STANDARD_PERMISSIONS,
} from '../constructs/aws-integration/permissions';
import { guard, InputError, problemsFound, readJsonFile, unusable, UsageError, valueOrThrow, withExitCodes } from './input';

/** The permissions of a saved Datadog API response (`GET /api/v2/integration/aws/iam_permissions/…`) or a plain list. */
export function readPermissionList(file: string): string[] {
  const parsed = valueOrThrow(readJsonFile(file));
  const list = Array.isArray(parsed)
    ? parsed
    : (parsed as { data?: { attributes?: { permissions?: unknown } } } | null)?.data?.attributes?.permissions;
  if (!Array.isArray(list)) {
    throw new InputError(`${file}: expected a JSON list of IAM actions, or Datadog's {"data":{"attributes":{"permissions":[…]}}}`);
  }
  const bad = list.findIndex((item) => typeof item !== 'string' || !/^[\w-]+:[\w*]+$/.test(item));
  if (bad !== -1) throw new InputError(`${file}: permissions[${bad}]: expected an IAM action such as "ec2:Describe*", found ${typeof list[bad] === 'string' ? JSON.stringify(list[bad]).slice(0, 80) : typeof list[bad]}`);
  if (list.length === 0) throw new InputError(`${file}: the permission list is empty (a failed or truncated API call?)`);
  return list as string[];
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
  const drift = withExitCodes(new Command('permissions-drift'));
  aws.addCommand(drift);
  drift
    .description(
      'compare the vendored IAM permission lists with responses saved from Datadog\'s API, e.g.\n' +
        '  curl -H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY" \\\n' +
        '    https://api.datadoghq.com/api/v2/integration/aws/iam_permissions/standard > standard.json\n' +
        'prints "+ action" for what Datadog needs and houndstack does not grant, "- action" for the reverse; exit 1 on drift',
    )
    .option('--standard <file>', 'saved response of …/iam_permissions/standard')
    .option('--resource-collection <file>', 'saved response of …/iam_permissions/resource_collection')
    .action((options: { standard?: string; resourceCollection?: string }) => guard(() => {
      const lists = [
        { name: 'standard', file: options.standard, vendored: DATADOG_STANDARD_PERMISSIONS },
        { name: 'resource collection', file: options.resourceCollection, vendored: DATADOG_RESOURCE_COLLECTION_PERMISSIONS },
      ].filter((list) => list.file !== undefined);
      if (lists.length === 0) throw new UsageError('permissions-drift: give --standard <file> and/or --resource-collection <file>');
      // Every file is read before anything is printed: a bad second file never leaves half a report.
      const read: Array<(typeof lists)[number] & { current: string[] }> = [];
      for (const list of lists) {
        try {
          read.push({ ...list, current: readPermissionList(list.file!) });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          unusable(e.problem);
        }
      }
      if (read.length < lists.length) return;
      for (const { name, vendored, current } of read) {
        const lines = permissionDrift(vendored, current);
        console.log(lines.length === 0 ? `${name}: no drift` : `${name}: ${lines.length} difference${lines.length === 1 ? '' : 's'}`);
        for (const line of lines) console.log(`  ${line}`);
        if (lines.length > 0) problemsFound();
      }
    }));
  return aws;
}
