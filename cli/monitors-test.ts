import { resolve as resolvePath } from 'node:path';
import { Command } from 'commander';
import type { IConstruct } from 'constructs';
import type { MonitorResolver } from '../constructs/monitors/evaluate';
import { DEFAULT_ACCOUNTS_FILE } from '../stacks/accounts-file';
import { FileOutcome, appMonitors, monitorResolver, runMonitorTests } from '../stacks/monitor-tests';
import { EXIT_PROBLEMS, readYamlFile, setExitCode, unusable } from './input';

/**
 * The app's monitors, built only when a test names one (building an app loads cdktf and the provider): the
 * houndstack app of an accounts file, or `--app <module>`, a module of your own exporting `build…App()` (or a
 * default export) that returns the app with its constructs built, not synthesized.
 */
export function lazyAppResolver(accountsFile: string, appModule?: string): MonitorResolver {
  let resolve: MonitorResolver | undefined;
  let failure: string | undefined;
  return (ref) => {
    if (!resolve && failure === undefined) {
      const source = appModule ?? accountsFile;
      try {
        let app: IConstruct;
        if (appModule) {
          // A TypeScript app module needs tsx (the compiled CLI does not load TypeScript by itself).
          if (/\.[cm]?ts$/.test(appModule)) {
            try {
              // eslint-disable-next-line @typescript-eslint/no-require-imports
              require('tsx/cjs');
            } catch {
              throw new Error('a TypeScript app module needs tsx to load (npm install --save-dev tsx), or give its compiled .js');
            }
          }
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const mod = require(resolvePath(appModule)) as Record<string, unknown>;
          const build = Object.entries(mod).find(([name, v]) => typeof v === 'function' && /^build\w*App$/.test(name))?.[1] ?? mod.default;
          if (typeof build !== 'function') throw new Error('exports no build…App() function and no default export');
          app = (build as () => IConstruct)();
        } else {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { buildApp } = require('../main') as typeof import('../main');
          app = buildApp(accountsFile);
        }
        resolve = monitorResolver(appMonitors(app));
      } catch (e) {
        failure = `${source}: ${(e as Error).message.split('\n').join('; ')}`;
      }
    }
    return resolve ? resolve(ref) : { error: `cannot load the app's monitors: ${failure}` };
  };
}

/** One line per test: `ok <file>: <name>` or `FAIL <file>: <name>: <failures>`. */
export function formatOutcomes(results: readonly FileOutcome[], json: boolean): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const o of r.outcomes) {
      if (json) {
        lines.push(JSON.stringify({ file: r.file, name: o.name, passed: o.passed, failures: o.failures, ...(o.notes.length > 0 ? { notes: o.notes } : {}) }));
        continue;
      }
      const note = o.notes.length > 0 ? ' [anomaly band: approximation of basic]' : '';
      lines.push(o.passed ? `ok   ${r.file}: ${o.name}${note}` : `FAIL ${r.file}: ${o.name}: ${o.failures.map((f) => f.message).join('; ')}${note}`);
    }
  }
  return lines;
}

/** `houndstack monitors test <file.yaml>...` */
export function monitorsTestCommand(): Command {
  return new Command('test')
    .summary('run monitor unit tests: input series, expected states per group, who is notified')
    .description(
      [
        'Run monitor unit tests (promtool style): each test gives input series in expanding notation',
        "(a+bxn, a-bxn, axn, _), a query or one of the app's monitors, and the expected state of each group",
        '(OK, WARN, ALERT, NO DATA) at given times, optionally who is notified. Format: README, "Testing monitors".',
        'Prints one line per test: "ok <file>: <name>" or "FAIL <file>: <name>: <expected vs actual>".',
        'Exit status: 0 all pass, 1 a test fails, 2 unusable input (problems on stderr, one per line).',
      ].join('\n'),
    )
    .argument('<files...>', 'test files (YAML)')
    .option('--accounts <file>', 'accounts file whose monitors `monitor:` refers to', process.env.HOUNDSTACK_ACCOUNTS ?? DEFAULT_ACCOUNTS_FILE)
    .option('--app <module>', 'instead of the accounts file: your app module, exporting build…App() that returns the App')
    .option('--json', 'one JSON object per test: {"file","name","passed","failures"}')
    .action((files: string[], opts: { accounts: string; app?: string; json?: boolean }) => {
      const resolve = lazyAppResolver(opts.accounts, opts.app);
      const results = files.map((f): FileOutcome => {
        const input = readYamlFile(f);
        return input.ok ? runMonitorTests(f, input.value, resolve) : { file: f, problems: [input.problem], outcomes: [] };
      });
      for (const line of formatOutcomes(results, opts.json === true)) process.stdout.write(`${line}\n`);
      if (results.some((r) => r.outcomes.some((o) => !o.passed))) setExitCode(EXIT_PROBLEMS);
      // Unusable input (exit 2) wins over failing tests (exit 1).
      for (const p of results.flatMap((r) => r.problems)) unusable(p);
    });
}
