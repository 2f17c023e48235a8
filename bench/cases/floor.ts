import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { renderMonitor } from '../../constructs/monitors/model';
import { escapeTerraformStrings } from '../../constructs/terraform/escape';
import { monitorSpecs } from '../fixtures';

/**
 * The floor: the same render and the same escape of literal `${`/`%{` the catalog applies (so the comparison is
 * fair), then the resource map written with plain JSON.stringify (no cdktf at all).
 */
export function run(n: number, outdir: string): void {
  const resources: Record<string, unknown> = {};
  monitorSpecs(n).forEach((spec, i) => {
    resources[`m${i}`] = escapeTerraformStrings(renderMonitor(spec).body);
  });
  const dir = join(outdir, 'stacks', 'monitors');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ provider: { datadog: [{}] }, resource: { datadog_monitor: resources } }, null, 2));
}
