import { writeFileSync } from 'fs';
import { join } from 'path';
import { buildApp } from '../../main';

/** n account stacks with the Datadog AWS integration, through main.ts's buildApp and a generated accounts file. */
export function run(n: number, outdir: string): void {
  const accounts = Array.from({ length: n }, (_, i) => {
    const id = String(100000000000 + i);
    return [
      `  - alias: account-${i}`,
      `    accountId: "${id}"`,
      `    region: ${i % 2 ? 'eu-west-1' : 'us-east-1'}`,
      `    tags: { team: team-${i % 10}, env: prod }`,
      `    integration:`,
      `      accountTags: ["team:team-${i % 10}", "env:prod"]`,
      ...(i % 5 === 0 ? ['      resourceCollection: true'] : []),
    ].join('\n');
  });
  const file = join(outdir, 'accounts.yaml');
  writeFileSync(file, `datadog:\n  site: datadoghq.com\naccounts:\n${accounts.join('\n')}\n`);
  buildApp(file, outdir).synth();
}
