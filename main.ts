import { dirname } from 'node:path';
import { App } from 'cdktf';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from './stacks/accounts-file';
import { AccountStack } from './stacks/account-stack';
import { InventoryFileError } from './constructs/monitors/inventory/load';
import { applyMonitorRules } from './constructs/rules/monitor-rules';
import { SynthProgress } from './stacks/progress';
import { addMonitorShardStacks } from './stacks/monitor-shards';

/**
 * The app: one stack per account of the accounts file, named by its alias (`cdktf deploy <alias>`).
 * HOUNDSTACK_ACCOUNTS names the file; the example in the repository is the default.
 */
export { DEFAULT_ACCOUNTS_FILE };

export function buildApp(accountsFile: string, outdir?: string, progress?: SynthProgress): App {
  const file = loadAccountsFile(accountsFile);
  const app = new App(outdir ? { outdir } : {});
  for (const account of file.accounts) {
    const stack = new AccountStack(app, {
      account,
      site: account.site ?? file.datadog.site,
      backend: file.backend,
      monitoring: file.monitoring,
      baseDir: dirname(accountsFile),
    });
    progress?.stackBuilt(stack);
  }
  // Accounts with `monitors.shards`: their catalog monitors in shard stacks of their own (stacks/monitor-shards.ts).
  for (const stack of addMonitorShardStacks(app, file, accountsFile)) progress?.stackBuilt(stack);
  // Hygiene rules (runbooks on pages, unique names, safety rails…) on every stack's monitors, at synth.
  applyMonitorRules(app);
  return app;
}

if (require.main === module) {
  // A status line on stderr when it is a terminal; silent in CI and when piped (as under `cdktf synth`).
  const progress = SynthProgress.forTerminal();
  try {
    const app = buildApp(process.env.HOUNDSTACK_ACCOUNTS ?? DEFAULT_ACCOUNTS_FILE, undefined, progress);
    progress.track(app);
    app.synth();
    progress.finish();
  } catch (error) {
    progress.clear();
    if (!(error instanceof AccountsFileError || error instanceof InventoryFileError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
