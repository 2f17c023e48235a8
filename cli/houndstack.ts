import { Command } from 'commander';
import { version } from '../package.json';
import { accountsCommand } from './accounts';
import { awsCommand } from './aws';
import { queryCommand } from './query';
import { pgCommand } from './pg';
import { monitorsCommand } from './monitors';
import { shardsCommand } from './shards';

/**
 * `houndstack`: the command-line entry. Each subcommand lives in its own file in cli/ and is added here.
 * Commands print their findings to stdout and set process.exitCode; they never call process.exit mid-way.
 */
export function buildProgram(): Command {
  const program = new Command('houndstack')
    .description('Datadog on AWS, as code: check and preview what houndstack synthesizes')
    .version(version)
    .showHelpAfterError();
  program.addCommand(accountsCommand());
  program.addCommand(awsCommand());
  program.addCommand(queryCommand());
  program.addCommand(pgCommand());
  program.addCommand(monitorsCommand());
  program.addCommand(shardsCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
