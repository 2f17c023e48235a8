/*
 * The package's targets (issue 8), measured as whole processes, each beside a baseline run in turn with it (A B A B …)
 * so that the ratio holds when the shared machine's speed drifts; CPU time (user + sys, from the shell's `times`)
 * beside the wall time says what a loaded machine hides:
 *   houndstack --help, houndstack query check <one query>   ≤ 0.4 s (compiled CLI from dist/)
 *   npx houndstack --help in an app that has houndstack in node_modules: npx's own start, then the same CLI
 *   npm run synth of the example accounts                    ≤ 1.2 s
 *   the tarball                                               ≤ 1 MB, no tests or benchmarks
 *
 *   npm run bench:package            a table
 *   npm run bench:package -- --json  one JSON object per case
 *   npm run bench:package -- --runs 9
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './median';

const root = join(__dirname, '..');

interface Case {
  readonly name: string;
  readonly target?: { readonly wallMs: number };
  readonly command: readonly string[];
  readonly cwd?: string;
  /** What it is compared with: the same kind of process doing nothing. */
  readonly baseline: { readonly name: string; readonly command: readonly string[]; readonly cwd?: string };
}

/**
 * One run: wall time from the clock, CPU time (user + sys of every process it waited for) from the POSIX shell's
 * `times`, which on a loaded machine says what the wall time would be on an idle one better than the wall time does.
 */
function measure(command: readonly string[], cwd = root): { wallMs: number; cpuMs: number } {
  const env = { ...process.env };
  delete env.HOUNDSTACK_CLI_FROM_SOURCE; // the compiled CLI, as users run it
  const script = '"$@" >/dev/null 2>&1; status=$?; times >&2; exit $status';
  const started = process.hrtime.bigint();
  const result = spawnSync('sh', ['-c', script, 'sh', ...command], { cwd, encoding: 'utf8', env: { ...env, CI: '1' } });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stderr}`);
  // `times`: the shell's own user and sys, then its children's: "0m1.010000s 0m0.240000s".
  const children = result.stderr.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const cpuMs = children.reduce((sum, t) => {
    const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t)!;
    return sum + (Number(m) * 60 + Number(sec)) * 1000;
  }, 0);
  return { wallMs, cpuMs };
}

function mustRun(command: string, args: string[], cwd = root): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/**
 * An app directory with houndstack in node_modules (a link to this built checkout: npx resolves the bin and runs
 * dist/ exactly as from an installed tarball) and an empty `noop` bin beside it, npx's floor.
 */
function appWithHoundstack(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true }));
  symlinkSync(root, join(dir, 'node_modules', 'houndstack'), 'dir');
  symlinkSync(join('..', 'houndstack', 'bin', 'houndstack.js'), join(dir, 'node_modules', '.bin', 'houndstack'));
  writeFileSync(join(dir, 'noop.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
  symlinkSync(join('..', '..', 'noop.js'), join(dir, 'node_modules', '.bin', 'noop'));
}

function main(): void {
  const json = process.argv.includes('--json');
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');

  mustRun('npm', ['run', 'build', '--silent']);
  const work = mkdtempSync(join(tmpdir(), 'houndstack-bench-package-'));
  try {
    const app = join(work, 'app');
    appWithHoundstack(app);
    const queries = join(work, 'one-query.txt');
    writeFileSync(queries, 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90\n');
    const bin = join(root, 'bin', 'houndstack.js');
    const nodeStart = { name: 'node -e ""', command: [process.execPath, '-e', ''] };
    const cases: Case[] = [
      { name: 'houndstack --help', target: { wallMs: 400 }, command: [process.execPath, bin, '--help'], baseline: nodeStart },
      { name: 'houndstack query check (1 query)', target: { wallMs: 400 }, command: [process.execPath, bin, 'query', 'check', queries], baseline: nodeStart },
      {
        name: 'npx houndstack --help',
        command: ['npx', '--offline', 'houndstack', '--help'],
        cwd: app,
        baseline: { name: 'npx noop (an empty script)', command: ['npx', '--offline', 'noop'], cwd: app },
      },
      {
        name: 'npm run synth (example accounts)',
        target: { wallMs: 1200 },
        command: ['npm', 'run', 'synth', '--silent'],
        baseline: { name: 'npm run (lists scripts)', command: ['npm', 'run', '--silent'] },
      },
    ];

    const rows = cases.map((c) => {
      measure(c.command, c.cwd); // warm-up: file cache, the transpile cache of bin/register-ts.js
      const a: { wallMs: number; cpuMs: number }[] = [];
      const b: { wallMs: number; cpuMs: number }[] = [];
      for (let i = 0; i < runs; i++) {
        a.push(measure(c.command, c.cwd));
        b.push(measure(c.baseline.command, c.baseline.cwd));
      }
      const ms = median(a.map((r) => r.wallMs));
      return {
        case: c.name,
        wallMs: Math.round(ms),
        cpuMs: Math.round(median(a.map((r) => r.cpuMs))),
        baseline: c.baseline.name,
        baselineWallMs: Math.round(median(b.map((r) => r.wallMs))),
        baselineCpuMs: Math.round(median(b.map((r) => r.cpuMs))),
        ratio: Number(median(a.map((x, i) => x.wallMs / b[i]!.wallMs)).toFixed(2)),
        ...(c.target ? { targetWallMs: c.target.wallMs, met: ms <= c.target.wallMs } : {}),
      };
    });

    const pack = (JSON.parse(mustRun('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'])) as { size: number; unpackedSize: number; files: { path: string }[] }[])[0]!;
    const strays = pack.files.filter((f) => /(^|\/)(__tests__|bench|\.ci)\//.test(f.path)).length;
    const tarball = { case: 'tarball (npm pack)', bytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.files.length, testOrBenchFiles: strays, targetBytes: 1024 * 1024, met: pack.size <= 1024 * 1024 && strays === 0 };

    if (json) {
      for (const r of rows) console.log(JSON.stringify({ ...r, runs }));
      console.log(JSON.stringify(tarball));
      return;
    }
    console.log(`median of ${runs} runs each, interleaved with the baseline; ×: median of run-by-run wall ratios; cpu: user + sys`);
    for (const r of rows) {
      const target = 'targetWallMs' in r ? `target ≤ ${r.targetWallMs} ms: ${r.met ? 'met' : 'NOT met'}` : '';
      console.log(
        `${r.case.padEnd(36)} ${String(r.wallMs).padStart(6)} ms (cpu ${String(r.cpuMs).padStart(4)})   ` +
          `${r.baseline.padEnd(28)} ${String(r.baselineWallMs).padStart(6)} ms (cpu ${String(r.baselineCpuMs).padStart(4)})  ×${r.ratio.toFixed(2)}   ${target}`,
      );
    }
    console.log(
      `${tarball.case.padEnd(36)} ${(tarball.bytes / 1024).toFixed(0)} kB (${(tarball.unpackedBytes / 1024).toFixed(0)} kB unpacked, ${tarball.files} files, ${tarball.testOrBenchFiles} from tests/benchmarks)   target ≤ 1024 kB: ${tarball.met ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
