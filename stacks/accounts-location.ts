import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_ACCOUNTS_FILE } from './accounts-file';

/**
 * Where the default accounts file is, wherever the command runs from: `examples/accounts.yaml` in the project, the
 * nearest directory at or above `cwd` with a `cdktf.json` (the cdktf app's root, where `cdktf synth` runs); outside
 * any project, houndstack's own example. Returned relative to `cwd` when inside it, so messages stay short.
 */
export function defaultAccountsFile(cwd: string = process.cwd()): string {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, 'cdktf.json'))) return shorten(join(dir, DEFAULT_ACCOUNTS_FILE), cwd);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return shorten(join(packageRoot(), DEFAULT_ACCOUNTS_FILE), cwd);
}

/** houndstack's own directory: the nearest one above this file with a package.json (works from dist/ too). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function shorten(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}
