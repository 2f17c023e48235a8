import { Command } from 'commander';
import { parseHandleList, unknownHandlesIn } from '../constructs/monitors/handles';
import { DEFAULT_ACCOUNTS_FILE } from '../stacks/accounts-file';
import { readTextFile } from './input';

interface HandlesOptions {
  from: string;
  includeEmail?: boolean;
  json?: boolean;
}

/** `houndstack monitors handles --from <handles.json> [accounts file]`: every @handle of the app's monitors that Datadog does not have. */
export function monitorsHandlesCommand(): Command {
  return new Command('handles')
    .summary("report the app's @handles that are not in Datadog's list of handles")
    .description(
      [
        "Check every @handle in the messages and escalation messages of the app's monitors (every account of the accounts",
        'file: packs, inventories, catalogs) against a saved GET /api/v2/notifications/handles response ({"data": [...]}),',
        '{"handles": [...]}, a JSON list, or a text file with one handle per line. Offline: nothing is sent to Datadog.',
        'Prints one line per unknown handle and monitor: "<accounts file>: <monitor path> "<name>": @x is not in <list>".',
        'E-mail addresses are skipped unless --include-email. Set monitoring.handlesFile in the accounts file to make',
        'synth fail on the same. Exit code 0 when every handle is known, 1 when some are not, 2 when a file is unusable.',
      ].join('\n'),
    )
    .argument('[accounts]', 'the accounts file', DEFAULT_ACCOUNTS_FILE)
    .requiredOption('--from <file>', 'the saved list of handles')
    .option('--include-email', 'also check e-mail addresses')
    .option('--json', 'print one JSON object per unknown handle')
    .action((accounts: string, options: HandlesOptions) => {
      // The shared reader: missing, directory, binary (described, never echoed), too large… one line, exit 2.
      const input = readTextFile(options.from);
      if (!input.ok) {
        console.log(`error: ${input.problem}`);
        process.exitCode = 2;
        return;
      }
      const text = input.value;
      const list = parseHandleList(text, options.from);
      if (list.problems.length > 0) {
        for (const p of list.problems) console.log(`error: ${p}`);
        process.exitCode = 2;
        return;
      }
      // Loaded here: building the app needs cdktf and the providers, which `--help` must not pay for.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildApp } = require('../main') as typeof import('../main');
      let app;
      try {
        app = buildApp(accounts);
      } catch (e) {
        const problems = (e as { problems?: readonly string[] }).problems;
        if (!problems) throw e;
        for (const p of problems) console.log(`error: ${p.startsWith(accounts) ? p : `${accounts}: ${p}`}`);
        process.exitCode = 2;
        return;
      }
      const found = unknownHandlesIn(app, list.handles, { includeEmail: options.includeEmail === true, listName: options.from });
      for (const f of found) {
        console.log(options.json ? JSON.stringify({ file: accounts, path: f.path, monitor: f.monitorName, handle: f.handle, ...(f.suggestion ? { suggestion: f.suggestion } : {}) }) : `${accounts}: ${f.message}`);
      }
      process.exitCode = found.length > 0 ? 1 : 0;
    });
}
