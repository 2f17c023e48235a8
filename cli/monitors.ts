import { Command } from 'commander';
import { monitorsReplayCommand } from './monitors-replay';
import { monitorsTestCommand } from './monitors-test';
import { monitorsImportCommand } from './monitors-import';
import { monitorsHandlesCommand } from './monitors-handles';

/**
 * `houndstack monitors …`: commands on the app's monitors and on monitor data from Datadog. Each subcommand lives in
 * its own file (cli/monitors-<name>.ts) and is added here.
 */
export function monitorsCommand(): Command {
  const command = new Command('monitors').description('import, check and test monitors');
  command.addCommand(monitorsTestCommand());
  command.addCommand(monitorsReplayCommand());
  command.addCommand(monitorsImportCommand());
  command.addCommand(monitorsHandlesCommand());
  return command;
}
