/*
 * Foundation targets, measured: `npm run synth` of the example accounts, loading the built library entry point, and
 * `tsc --noEmit` of the whole project. Each case runs in its own process, three times; the median wall time and the
 * highest peak RSS are printed, with the ratio to a bare `node` start measured in the same run.
 *
 *   npm run bench:foundation            a table
 *   npm run bench:foundation -- --json  one JSON object per case
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './median';

const root = join(__dirname, '..');
const RUNS = 3;

interface Case {
  name: string;
  target: string;
  command: string[];
}

/** Runs a command: wall time from the clock, peak RSS as the process reports it (see report-peak-rss.js). */
function measure(command: string[]): { wallMs: number; peakRssMb: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0]!, command.slice(1), { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const peak = /PEAK_RSS_KB=(\d+)/.exec(result.stderr);
  return { wallMs, peakRssMb: peak ? Number(peak[1]) / 1024 : NaN };
}

/** A node command that reports its own peak RSS when it exits. */
function nodeWithPeak(args: string[]): string[] {
  return [process.execPath, '--require', join(__dirname, 'report-peak-rss.js'), ...args];
}

function main(): void {
  const json = process.argv.includes('--json');
  if (!existsSync(join(root, 'dist', 'constructs', 'index.js'))) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const cases: Case[] = [
    { name: 'node start (baseline)', target: '', command: nodeWithPeak(['-e', '']) },
    { name: 'npm run synth (3 example accounts)', target: '< 5 s', command: nodeWithPeak(['--require', './bin/register-ts.js', 'main.ts']) },
    {
      name: 'load dist/constructs/index.js',
      target: '< 1 s, < 150 MB',
      command: nodeWithPeak(['-e', "require('./dist/constructs/index.js')"]),
    },
    { name: 'tsc --noEmit (whole project)', target: '< 20 s', command: nodeWithPeak([tsc, '--noEmit', '--incremental', 'false']) },
  ];

  const results = cases.map((c) => {
    const runs = Array.from({ length: RUNS }, () => measure(c.command));
    return {
      ...c,
      wallMs: median(runs.map((r) => r.wallMs)),
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    };
  });
  const baseline = results[0]!;
  for (const r of results) {
    const line = {
      case: r.name,
      wallMs: Math.round(r.wallMs),
      peakRssMb: Math.round(r.peakRssMb),
      wallVsNodeStart: Number((r.wallMs / baseline.wallMs).toFixed(1)),
      target: r.target,
    };
    if (json) console.log(JSON.stringify(line));
    else
      console.log(
        `${line.case.padEnd(40)} ${String(line.wallMs).padStart(7)} ms  ${String(line.peakRssMb).padStart(5)} MB  ` +
          `${String(line.wallVsNodeStart).padStart(6)}× node start   ${line.target}`,
      );
  }
}

main();
