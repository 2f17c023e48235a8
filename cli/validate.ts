import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ProviderSchemas } from '../stacks/validate/provider-schema';
import { validateStack } from '../stacks/validate/check';
import { readJsonFile } from './input';

/** `houndstack validate [cdktf.out]`: every synthesized stack against the installed provider packages' schemas. */
export function validateCommand(): Command {
  return new Command('validate')
    .description("check synthesized stacks against the installed providers' schemas, offline")
    .argument('[dir]', 'cdktf output directory (holding stacks/<name>/cdk.tf.json), or one cdk.tf.json', 'cdktf.out')
    .option('--json', 'print one JSON object per problem')
    .addHelpText(
      'after',
      [
        '',
        'Checks resource, data source and provider types, argument and block names (with did-you-mean), nesting,',
        'required arguments and primitive types, lifecycle.ignore_changes, and that import/moved blocks go to declared',
        'resources, against the schemas of the installed @cdktf/provider-* packages: a typo in an addOverride or in a',
        'spliced catalog body is caught before terraform plan. One line per problem: "<file>: <path>: <problem>".',
        'Exit code 0 when every stack is valid, 1 when there are problems, 2 when nothing could be read.',
      ].join('\n'),
    )
    .action((dir: string, options: { json?: boolean }) => {
      const files = stackFiles(dir);
      if (files.length === 0) {
        console.log(`error: ${dir}: no synthesized stack (stacks/<name>/cdk.tf.json); run cdktf synth first`);
        process.exitCode = 2;
        return;
      }
      const schemas = new ProviderSchemas(process.cwd());
      let count = 0;
      let unreadable = 0;
      for (const file of files) {
        // The shared reader: JSON errors with line and column, binary described, never echoed.
        const input = readJsonFile(file);
        if (!input.ok) {
          console.log(`error: ${input.problem}`);
          unreadable++;
          continue;
        }
        const doc = input.value;
        const { problems } = validateStack(doc, schemas);
        count += problems.length;
        for (const p of problems) console.log(options.json ? JSON.stringify({ file, path: p.path, message: p.message }) : `${file}: ${p.path}: ${p.message}`);
      }
      process.exitCode = unreadable === files.length ? 2 : count > 0 || unreadable > 0 ? 1 : 0;
    });
}

function stackFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  const stacks = join(dir, 'stacks');
  if (!existsSync(stacks)) return existsSync(join(dir, 'cdk.tf.json')) ? [join(dir, 'cdk.tf.json')] : [];
  return readdirSync(stacks).sort().map((s) => join(stacks, s, 'cdk.tf.json')).filter((f) => existsSync(f));
}
