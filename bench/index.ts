/**
 * `npm run bench [-- --json] [-- --repeat 3] [-- --alternatives] [-- --only catalog,naive]`
 *
 * Synthesizes N = 1,000 and 11,000 monitors three ways (naive provider objects, the catalog, a plain JSON.stringify
 * floor), the catalog sharded over 40 stacks, and 50 account stacks with the AWS integration. Every case runs in its
 * own child process (bench/case.ts) so that its peak RSS is its own; cases are interleaved across repeats so that
 * load from other processes spreads over all of them. Prints wall time, peak RSS, ratios against the naive path and
 * the floor measured in this same run, and the cost per monitor at 11,000 against 1,000.
 *
 * `--json` prints one JSON object per case and size (medians over repeats) and nothing else.
 */
import { spawnSync } from 'child_process';
import { cpus, tmpdir } from 'os';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { CASES } from './cases';

interface Result {
  case: string;
  n: number;
  wallMs: number;
  peakRssMb: number;
  loadMs: number;
  resources: number;
  repeats: number;
}

const MONITOR_SIZES = [1000, 11000];
const STACKS = 50;

function parseArgs(argv: string[]): { json: boolean; repeat: number; alternatives: boolean; only?: Set<string> } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repeat = Number(value('--repeat') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat takes a positive integer');
  const only = value('--only');
  return { json: argv.includes('--json'), repeat, alternatives: argv.includes('--alternatives'), ...(only ? { only: new Set(only.split(',')) } : {}) };
}

function plan(alternatives: boolean, only?: Set<string>): Array<[string, number]> {
  const monitorCases = ['naive', 'catalog', 'floor', 'sharded', ...(alternatives ? ['alt-light', 'alt-foreach', 'alt-element', 'alt-override', 'alt-patch'] : [])];
  const runs: Array<[string, number]> = [];
  for (const n of MONITOR_SIZES) for (const c of monitorCases) runs.push([c, n]);
  runs.push(['accounts', STACKS]);
  return only ? runs.filter(([c]) => only.has(c)) : runs;
}

/** Runs one case in a child; returns its figures and the number of resources it wrote (checked, then deleted). */
function runChild(name: string, n: number): Omit<Result, 'repeats'> {
  const outdir = mkdtempSync(join(tmpdir(), `kennel-bench-${name}-`));
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'case.ts'), name, String(n), outdir], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' }, // no progress output from the children
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`case ${name} n=${n} failed (exit ${child.status}):\n${child.stderr}`);
    const line = child.stdout.trim().split('\n').pop()!;
    const figures = JSON.parse(line) as Omit<Result, 'repeats' | 'resources'>;
    return { ...figures, resources: countResources(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** datadog_monitor resources (monitor cases) or stacks (the accounts case) written under outdir. */
function countResources(outdir: string): number {
  const stacksDir = join(outdir, 'stacks');
  let monitors = 0;
  const stacks = readdirSync(stacksDir);
  for (const stack of stacks) {
    const tf = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    monitors += Object.keys(tf.resource?.datadog_monitor ?? {}).length;
  }
  return monitors > 0 ? monitors : stacks.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const runs = plan(args.alternatives, args.only);
  const samples = new Map<string, Array<Omit<Result, 'repeats'>>>();
  for (let r = 0; r < args.repeat; r++) {
    for (const [name, n] of runs) {
      if (!args.json) process.stderr.write(`  ${name} n=${n} (repeat ${r + 1}/${args.repeat})…\n`);
      const res = runChild(name, n);
      const expected = CASES[name]!.unit === 'monitors' ? n : n;
      if (res.resources !== expected) throw new Error(`case ${name} n=${n} wrote ${res.resources} ${CASES[name]!.unit}, expected ${expected}`);
      const key = `${name}@${n}`;
      samples.set(key, [...(samples.get(key) ?? []), res]);
    }
  }
  const results: Result[] = runs.map(([name, n]) => {
    const s = samples.get(`${name}@${n}`)!;
    return {
      case: name,
      n,
      wallMs: Math.round(median(s.map((x) => x.wallMs))),
      peakRssMb: Math.round(median(s.map((x) => x.peakRssMb))),
      loadMs: Math.round(median(s.map((x) => x.loadMs))),
      resources: s[0]!.resources,
      repeats: s.length,
    };
  });
  if (args.json) {
    for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  printTable(results, args.repeat);
}

function printTable(results: Result[], repeat: number): void {
  const get = (c: string, n: number) => results.find((r) => r.case === c && r.n === n);
  const lines: string[] = [];
  lines.push(`kennel bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; median of ${repeat}; each case in its own process`);
  lines.push('wall = build constructs + synth (after module load); RSS = the case process\'s peak (includes Node, tsx and loaded modules)');
  lines.push('');
  lines.push(['case', 'n', 'wall ms', 'load ms', 'peak RSS MB', 'µs/unit', 'naive ÷ this', 'this ÷ floor'].map((h, i) => (i < 1 ? h.padEnd(13) : h.padStart(14))).join(''));
  for (const r of results) {
    const naive = get('naive', r.n);
    const floor = get('floor', r.n);
    const isMonitors = CASES[r.case]!.unit === 'monitors';
    lines.push(
      [
        r.case.padEnd(13),
        String(r.n).padStart(8),
        String(r.wallMs).padStart(14),
        String(r.loadMs).padStart(14),
        String(r.peakRssMb).padStart(14),
        ((r.wallMs * 1000) / r.n).toFixed(0).padStart(14),
        (isMonitors && naive ? `${(naive.wallMs / r.wallMs).toFixed(1)}×` : '').padStart(14),
        (isMonitors && floor ? `${(r.wallMs / floor.wallMs).toFixed(1)}×` : '').padStart(14),
      ].join(''),
    );
  }
  lines.push('');
  lines.push('cost per monitor at 11,000 ÷ at 1,000:');
  for (const c of [...new Set(results.filter((r) => CASES[r.case]!.unit === 'monitors').map((r) => r.case))]) {
    const small = get(c, 1000);
    const big = get(c, 11000);
    if (small && big) lines.push(`  ${c.padEnd(13)} ${((big.wallMs / big.n) / (small.wallMs / small.n)).toFixed(2)}`);
  }
  const cat = get('catalog', 11000);
  const naive = get('naive', 11000);
  const small = get('catalog', 1000);
  if (cat && naive && small) {
    const perMonitor = cat.wallMs / cat.n / (small.wallMs / small.n);
    lines.push('');
    lines.push('targets (catalog at 11,000):');
    lines.push(`  ≥5× faster than naive   ${(naive.wallMs / cat.wallMs).toFixed(1)}×  ${naive.wallMs / cat.wallMs >= 5 ? 'met' : 'MISSED'}`);
    lines.push(`  ≤2 s wall               ${(cat.wallMs / 1000).toFixed(2)} s  ${cat.wallMs <= 2000 ? 'met' : 'MISSED'}`);
    lines.push(`  ≤200 MB peak RSS        ${cat.peakRssMb} MB  ${cat.peakRssMb <= 200 ? 'met' : 'MISSED'}`);
    lines.push(`  per monitor ≤1.3× 1,000 ${perMonitor.toFixed(2)}×  ${perMonitor <= 1.3 ? 'met' : 'MISSED'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
