import { Command } from 'commander';
import { checkAccounts, defaultAccountsFile } from '../main';
import { DEFAULT_ACCOUNTS_FILE } from '../stacks/accounts-file';
import { guard, problemsFound, setExitCode, EXIT_UNUSABLE, unusable, withExitCodes } from './input';

/** `houndstack accounts check [file]`: everything `npm run synth` checks, without writing anything. */
export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('work with the accounts file');
  accounts.addCommand(
    withExitCodes(
      new Command('check')
        .description(
          [
            'Check an accounts file as `npm run synth` would, without writing anything: the file field by field, its',
            'inventory files, the stacks it makes with their rules (HS-MON-*, unique monitor names across accounts),',
            'Postgres and monitor validations, and literal credentials in the synthesized JSON.',
            'Prints every problem, one per line, "error: <file>: <where>: <what>", or "ok: N accounts (…)".',
            `The default file is ${DEFAULT_ACCOUNTS_FILE} of the project: the nearest directory at or above the`,
            'working directory with a cdktf.json (else houndstack\'s own example).',
          ].join('\n'),
        )
        .argument('[file]', `the accounts file (default: ${DEFAULT_ACCOUNTS_FILE} of the project)`)
        .option('--json', 'print one JSON object: {"file","ok","accounts":[aliases],"problems":[…]}')
        .action((file: string | undefined, options: { json?: boolean }) =>
          guard(() => {
            const path = file ?? defaultAccountsFile();
            const check = checkAccounts(path, { resolve: true });
            const aliases = check.accounts?.accounts.map((a) => a.alias) ?? [];
            if (options.json) {
              console.log(JSON.stringify({ file: path, ok: check.problems.length === 0, accounts: aliases, problems: check.problems }));
              if (check.unusable) setExitCode(EXIT_UNUSABLE);
              else if (check.problems.length > 0) problemsFound();
              return;
            }
            if (check.unusable) {
              for (const problem of check.problems) unusable(problem);
              return;
            }
            for (const problem of check.problems) console.log(`error: ${problem}`);
            if (check.problems.length > 0) problemsFound();
            else console.log(`ok: ${aliases.length} account${aliases.length === 1 ? '' : 's'} (${aliases.join(', ')})`);
          }),
        ),
    ),
  );
  return accounts;
}
