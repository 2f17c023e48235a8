import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { renderMonitor } from '../../constructs/monitors/model';
import { escapeTerraformStrings } from '../../constructs/terraform/escape';
import { monitorSpecs } from '../fixtures';

/**
 * The floor: the least it costs to write the file the catalog writes, with no cdktf at all — the same render, the
 * same escape of literal `${`/`%{`, the same `//` metadata cdktf writes for every resource (construct path and
 * address), then one plain JSON.stringify. `floor-bare` leaves the metadata out (the floor as first measured).
 */
export function run(n: number, outdir: string): void {
  write(n, outdir, true);
}

export function bare(n: number, outdir: string): void {
  write(n, outdir, false);
}

function write(n: number, outdir: string, metadata: boolean): void {
  const resources: Record<string, unknown> = {};
  monitorSpecs(n).forEach((spec, i) => {
    const body = escapeTerraformStrings(renderMonitor(spec).body);
    const name = `monitors_m${i}`;
    resources[name] = metadata ? { ...body, '//': { metadata: { path: `monitors/monitors/m-${i}`, uniqueId: name } } } : body;
  });
  const dir = join(outdir, 'stacks', 'monitors');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ provider: { datadog: [{}] }, resource: { datadog_monitor: resources } }, null, 2));
}
