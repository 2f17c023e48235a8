import { Command } from 'commander';
import { houndstackVersion } from './version';
import { withExitCodes } from './input';

/**
 * A subcommand, loaded only when it runs: `houndstack --help` and `houndstack query check` must not pay for cdktf and
 * the provider packages that other commands load (seconds and hundreds of MB). `summary` is what the top-level help
 * lists; it equals the command's own description (a test checks).
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Command;
}

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point: see CommandEntry */
/** Each subcommand lives in its own file in cli/ and is listed here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'accounts',
    summary: 'work with the accounts file',
    load: () => (require('./accounts') as typeof import('./accounts')).accountsCommand(),
  },
  {
    name: 'aws',
    summary: 'the Datadog AWS integration',
    load: () => (require('./aws') as typeof import('./aws')).awsCommand(),
  },
  {
    name: 'query',
    summary: 'Datadog monitor queries: check them before Datadog does',
    load: () => (require('./query') as typeof import('./query')).queryCommand(),
  },
  {
    name: 'pg',
    summary: "the Datadog Agent's postgres check: validate, convert and preview custom queries",
    load: () => (require('./pg') as typeof import('./pg')).pgCommand(),
  },
  {
    name: 'monitors',
    summary: 'import, check and test monitors',
    load: () => (require('./monitors') as typeof import('./monitors')).monitorsCommand(),
  },
  {
    name: 'logs',
    summary: 'nginx JSON access logs: the log_format houndstack generates, and what its Datadog pipeline computes',
    load: () => (require('./logs') as typeof import('./logs')).logsCommand(),
  },
  {
    name: 'validate',
    summary: "check synthesized stacks against the installed providers' schemas, offline",
    load: () => (require('./validate') as typeof import('./validate')).validateCommand(),
  },
  {
    name: 'oncall',
    summary: 'on-call teams, rotations and escalation of the accounts file',
    load: () => (require('./oncall') as typeof import('./oncall')).oncallCommand(),
  },
  {
    name: 'shards',
    summary: 'monitor shard stacks: sizes, refresh estimates, what a change touches',
    load: () => (require('./shards') as typeof import('./shards')).shardsCommand(),
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** The subcommand that argv runs (`houndstack <name> …`, `houndstack help <name>`), if any. */
function selectedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * `houndstack`: the command-line entry. Commands print their findings to stdout and set process.exitCode; they never
 * call process.exit mid-way. With `argv`, only the command it selects is loaded and the others are listed by name and
 * summary; without, every command is loaded (for tests that inspect the whole program).
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('houndstack')
    .description('Datadog on AWS, as code: check and preview what houndstack synthesizes')
    .version(houndstackVersion())
    .showHelpAfterError();
  const selected = argv ? selectedCommand(argv) : undefined;
  for (const entry of COMMANDS) {
    program.addCommand(!argv || entry.name === selected ? entry.load() : new Command(entry.name).description(entry.summary));
  }
  // Exit codes in every --help; usage errors exit 2.
  return withExitCodes(program);
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram(argv).parseAsync(argv);
}
