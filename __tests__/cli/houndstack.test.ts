import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, buildProgram } from '../../cli/houndstack';

const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Runs the CLI's main() from the sources with `args`, and lists the packages it loaded (from require.cache). */
function runAndListPackages(args: string[]): { stdout: string; packages: string[]; status: number | null } {
  const script = `
    // on exit: commander ends the process itself after --help
    process.on('exit', () => {
      const names = new Set(Object.keys(require.cache).flatMap((f) => {
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f.slice(${root.length}));
        return m && m[1] !== 'tsx' && !m[1].startsWith('@esbuild') && m[1] !== 'esbuild' && m[1] !== 'get-tsconfig' && m[1] !== 'resolve-pkg-maps' ? [m[1]] : [];
      }));
      require('node:fs').writeSync(2, JSON.stringify([...names].sort()));
    });
    require(${JSON.stringify(join(root, 'cli', 'houndstack.ts'))}).main(['node', 'houndstack', ...${JSON.stringify(args)}]);`;
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', input: 'avg(last_5m):avg:system.cpu.user{*} > 90\n' });
  return { stdout: run.stdout, packages: JSON.parse(run.stderr || '[]') as string[], status: run.status };
}

describe('houndstack (the top-level command)', () => {
  it('lists every command by a summary equal to its own description', () => {
    const loaded = buildProgram().commands.map((c) => [c.name(), c.description()]);
    expect(COMMANDS.map((c) => [c.name, c.summary])).toEqual(loaded);
  });

  it('--help loads no package but commander (no cdktf, no provider)', () => {
    const run = runAndListPackages(['--help']);
    expect(run.stdout).toContain('Exit codes: 0 fine, 1 problems found, 2 unusable input or usage');
    expect(run.packages).toEqual(['commander']);
  });

  it('query check loads no cdktf and no provider package', () => {
    const run = runAndListPackages(['query', 'check', '-']);
    expect(run.stdout).toBe('ok\n');
    expect(run.packages).toEqual(['commander']);
  });

  it('--version prints the version of package.json', () => {
    const run = spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), '--version'], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toBe(`${version}\n`);
    expect(run.status).toBe(0);
  });
});
