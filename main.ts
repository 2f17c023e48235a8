import { App } from 'cdktf';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from './stacks/accounts-file';
import { AccountStack } from './stacks/account-stack';

/**
 * The app: one stack per account of the accounts file, named by its alias (`cdktf deploy <alias>`).
 * KENNEL_ACCOUNTS names the file; the example in the repository is the default.
 */
export { DEFAULT_ACCOUNTS_FILE };

export function buildApp(accountsFile: string, outdir?: string): App {
  const file = loadAccountsFile(accountsFile);
  const app = new App(outdir ? { outdir } : {});
  for (const account of file.accounts) {
    new AccountStack(app, { account, site: account.site ?? file.datadog.site, backend: file.backend });
  }
  return app;
}

if (require.main === module) {
  try {
    buildApp(process.env.KENNEL_ACCOUNTS ?? DEFAULT_ACCOUNTS_FILE).synth();
  } catch (error) {
    if (!(error instanceof AccountsFileError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
