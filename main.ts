import { dirname } from 'node:path';
import { App } from 'cdktf';
import { AccountsFile, AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from './stacks/accounts-file';
import { defaultAccountsFile } from './stacks/accounts-location';
import { AccountStack } from './stacks/account-stack';
import { InventoryFileError } from './constructs/monitors/inventory/load';
import { CatalogFileError } from './stacks/monitor-catalogs';
import { RunbookFileError } from './stacks/runbooks';
import { checkHandlesAtSynth } from './stacks/handles-file';
import { applyMonitorRules } from './constructs/rules/monitor-rules';
import { finishStacks, formatSynthesizedSecret, SynthesizedSecretError } from './constructs/terraform/finish';
import { SynthProgress } from './stacks/progress';
import { checkApp, formatSynthProblem } from './stacks/synth-check';
import { OnCallStack } from './stacks/oncall-stack';
import { addMonitorShardStacks } from './stacks/monitor-shards';

/**
 * The app: one stack per account of the accounts file, named by its alias (`cdktf deploy <alias>`).
 * HOUNDSTACK_ACCOUNTS names the file; the example in the project (found from the project's root, not the working
 * directory) is the default.
 */
export { DEFAULT_ACCOUNTS_FILE, defaultAccountsFile };

/** Builds every account's stack; throws `AccountsFileError` for the file's problems (reading, shape, inventories). */
export function buildApp(accountsFile: string, outdir?: string, progress?: SynthProgress): App {
  const built = buildAccounts(accountsFile, loadAccountsFile(accountsFile), outdir, progress);
  if (built.problems.length > 0) throw new AccountsFileError(accountsFile, built.problems);
  return built.app;
}

/** Builds the stacks of a validated file; an account whose stack cannot be built (an inventory file) is a problem. */
function buildAccounts(accountsFile: string, file: AccountsFile, outdir?: string, progress?: SynthProgress): { app: App; problems: string[] } {
  const app = new App(outdir ? { outdir } : {});
  const problems: string[] = [];
  for (const [index, account] of file.accounts.entries()) {
    try {
      const stack = new AccountStack(app, {
        account,
        site: account.site ?? file.datadog.site,
        backend: file.backend,
        monitoring: file.monitoring,
        baseDir: dirname(accountsFile),
      });
      progress?.stackBuilt(stack);
    } catch (error) {
      if (error instanceof RunbookFileError) {
        app.node.tryRemoveChild(account.alias);
        for (const problem of error.problems) problems.push(`accounts[${index}] (alias "${account.alias}").${problem}`);
        continue;
      }
      if (error instanceof CatalogFileError) {
        app.node.tryRemoveChild(account.alias);
        for (const problem of error.problems) problems.push(`accounts[${index}] (alias "${account.alias}").monitors.catalogs: ${problem}`);
        continue;
      }
      if (!(error instanceof InventoryFileError)) throw error;
      // The half-built stack leaves the app, so that the other accounts are still checked.
      app.node.tryRemoveChild(account.alias);
      const inventory = (account.monitors?.inventories ?? []).findIndex((inv) => error.fileName.endsWith(inv.file));
      const at = `accounts[${index}] (alias "${account.alias}").monitors${inventory >= 0 ? `.inventories[${inventory}].file` : ''}`;
      for (const problem of error.problems) problems.push(`${at}: ${error.fileName}: ${problem}`);
    }
  }
  if (file.oncall) new OnCallStack(app, { config: file.oncall, site: file.datadog.site, ...(file.backend ? { backend: file.backend } : {}) });
  // Accounts with `monitors.shards`: their catalog monitors in shard stacks of their own (stacks/monitor-shards.ts).
  const shards = addMonitorShardStacks(app, file, accountsFile);
  // A catalog file's problems are found by the account stack and the shards alike: report each once.
  problems.push(...shards.problems.filter((p) => !problems.includes(p)));
  for (const stack of shards.stacks) progress?.stackBuilt(stack);
  // Hygiene rules (runbooks on pages, unique names, safety rails…) on every stack's monitors, at synth.
  applyMonitorRules(app);
  // Every handle the monitors notify is in the saved list of Datadog's handles (monitoring.handlesFile), if one is named.
  try {
    checkHandlesAtSynth(app, file.monitoring?.handlesFile, dirname(accountsFile));
  } catch (error) {
    if (!(error instanceof CatalogFileError)) throw error;
    problems.push(...error.problems.map((problem) => `monitoring.handlesFile: ${problem}`));
  }
  // required_version and the credential check on every stack's JSON, whoever added the stack.
  finishStacks(app);
  return { app, problems };
}

/** What `checkAccounts` found: problem lines (each starting with the file), and whether the file was usable at all. */
export interface AccountsCheck {
  /** `<file>: accounts[0] (alias "prod").region: …`, `<file>: stack prod: monitors/…: HS-MON-3: …` */
  readonly problems: readonly string[];
  /** The file could not be read or parsed (exit code 2), rather than having problems (exit code 1). */
  readonly unusable: boolean;
  /** The app, when there are no problems: ready for `app.synth()`. */
  readonly app?: App;
  readonly accounts?: AccountsFile;
}

export interface CheckAccountsOptions {
  readonly outdir?: string;
  readonly progress?: SynthProgress;
  /** Resolve every stack's JSON (the credential check) as synth does, without writing it. @default false */
  readonly resolve?: boolean;
}

/**
 * Everything `npm run synth` checks, every problem at once and none as a stack trace: the file (reading, shape,
 * cross-checks), the inventory files, then the stacks' aspects, rules and validations. `houndstack accounts check`
 * and `npm run synth` both run it, so they report the same problems in the same words.
 */
export function checkAccounts(accountsFile: string, options: CheckAccountsOptions = {}): AccountsCheck {
  let file: AccountsFile;
  try {
    file = loadAccountsFile(accountsFile);
  } catch (error) {
    if (!(error instanceof AccountsFileError)) throw error;
    return { problems: error.problems.map((p) => `${accountsFile}: ${p}`), unusable: error.unusable };
  }
  const built = buildAccounts(accountsFile, file, options.outdir, options.progress);
  const problems = [
    ...built.problems.map((p) => `${accountsFile}: ${p}`),
    ...checkApp(built.app, { resolve: options.resolve ?? false }).map((p) => `${accountsFile}: ${formatSynthProblem(p)}`),
  ];
  return problems.length > 0 ? { problems, unusable: false, accounts: file } : { problems, unusable: false, app: built.app, accounts: file };
}

if (require.main === module) {
  // A status line on stderr when it is a terminal; silent in CI and when piped (as under `cdktf synth`).
  const progress = SynthProgress.forTerminal();
  // An empty HOUNDSTACK_ACCOUNTS is unset, as shells and CI systems mean it.
  const accountsFile = process.env.HOUNDSTACK_ACCOUNTS || defaultAccountsFile();
  const check = checkAccounts(accountsFile, { progress });
  try {
    if (check.app) {
      progress.track(check.app);
      check.app.synth();
      progress.finish();
    }
  } catch (error) {
    if (!(error instanceof SynthesizedSecretError)) throw error;
    progress.clear();
    for (const secret of error.secrets) console.error(`error: ${accountsFile}: ${formatSynthesizedSecret(secret)}`);
    process.exitCode = 1;
  }
  if (!check.app) {
    progress.clear();
    for (const problem of check.problems) console.error(`error: ${problem}`);
    process.exitCode = check.unusable ? 2 : 1;
  }
}
