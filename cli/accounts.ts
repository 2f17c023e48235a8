import { Command } from 'commander';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from '../stacks/accounts-file';

/** `houndstack accounts check [file]`: validates an accounts file without synthesizing anything. */
export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('work with the accounts file');
  accounts
    .command('check')
    .description('validate an accounts file; prints every problem, one per line, or "ok"')
    .argument('[file]', 'the accounts file', DEFAULT_ACCOUNTS_FILE)
    .action((file: string) => {
      try {
        const { accounts: list } = loadAccountsFile(file);
        console.log(`ok: ${list.length} account${list.length === 1 ? '' : 's'} (${list.map((a) => a.alias).join(', ')})`);
      } catch (error) {
        if (error instanceof AccountsFileError) {
          for (const problem of error.problems) console.log(`error: ${file}: ${problem}`);
          process.exitCode = 1;
        } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          console.log(`error: ${file}: no such file`);
          process.exitCode = 1;
        } else {
          throw error;
        }
      }
    });
  return accounts;
}
