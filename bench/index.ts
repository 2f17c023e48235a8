/**
 * `npm run bench [-- --json] [--repeat 3] [--alternatives] [--only catalog,naive] [--loader esm|cjs]`
 *
 * Synthesizes N = 1,000 and 11,000 monitors three ways (naive provider objects, the catalog, a plain JSON.stringify
 * floor), the catalog sharded over 40 stacks, and 50 account stacks with the AWS integration, plus a baseline (one
 * empty stack: the fixed cost). Every case runs in its own child process (bench/case.ts) so that its peak RSS is its
 * own; cases are interleaved across repeats so that load from other processes spreads over all of them. Prints wall
 * time, peak RSS, ratios against the naive path and the floor measured in this same run, and the cost per monitor at
 * 11,000 against 1,000.
 *
 * `--loader cjs` (default) runs children as `node --require tsx/cjs`, as `npm run synth` and cdktf.json run the app;
 * `--loader esm` as `node --import tsx`, whose ESM loader thread costs about 20 MB more RSS.
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
  cpuMs: number;
  peakRssMb: number;
  loadMs: number;
  /** The child process from spawn to exit, as the parent saw it: Node and tsx start, module load, wall, exit. */
  processMs: number;
  resources: number;
  repeats: number;
}

const MONITOR_SIZES = [1000, 11000];
const STACKS = 50;

type Loader = 'esm' | 'cjs';

function parseArgs(argv: string[]): { json: boolean; repeat: number; alternatives: boolean; loader: Loader; only?: Set<string> } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repeat = Number(value('--repeat') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat takes a positive integer');
  const only = value('--only');
  const loader = value('--loader') ?? 'cjs';
  if (loader !== 'esm' && loader !== 'cjs') throw new Error('--loader takes esm or cjs');
  return { json: argv.includes('--json'), repeat, alternatives: argv.includes('--alternatives'), loader, ...(only ? { only: new Set(only.split(',')) } : {}) };
}

function plan(alternatives: boolean, only?: Set<string>): Array<[string, number]> {
  const monitorCases = ['naive', 'catalog', 'floor', 'sharded', ...(alternatives ? ['alt-light', 'alt-foreach', 'alt-element', 'alt-override', 'alt-patch'] : [])];
  const runs: Array<[string, number]> = [['baseline', 1]];
  for (const n of MONITOR_SIZES) for (const c of monitorCases) runs.push([c, n]);
  runs.push(['accounts', STACKS]);
  return only ? runs.filter(([c]) => only.has(c)) : runs;
}

let currentOutdir: string | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (currentOutdir) rmSync(currentOutdir, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Runs one case in a child; returns its figures and the number of resources it wrote (checked, then deleted). */
function runChild(name: string, n: number, loader: Loader): Omit<Result, 'repeats'> {
  const outdir = mkdtempSync(join(tmpdir(), `houndstack-bench-${name}-`));
  currentOutdir = outdir;
  try {
    const flags = loader === 'esm' ? ['--import', 'tsx'] : ['--require', 'tsx/cjs'];
    const started = performance.now();
    const child = spawnSync(process.execPath, [...flags, join(__dirname, 'case.ts'), name, String(n), outdir], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' }, // no progress output from the children
      maxBuffer: 16 * 1024 * 1024,
    });
    const processMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`case ${name} n=${n} failed (exit ${child.status}):\n${child.stderr}`);
    const line = child.stdout.trim().split('\n').pop()!;
    const figures = JSON.parse(line) as Omit<Result, 'repeats' | 'resources' | 'processMs'>;
    return { ...figures, processMs, resources: countResources(outdir) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    currentOutdir = undefined;
  }
}

/** datadog_monitor resources (monitor cases) or stacks (the accounts case) written under outdir. */
function countResources(outdir: string): number {
  const stacksDir = join(outdir, 'stacks');
  let monitors = 0;
  const stacks = readdirSync(stacksDir);
  for (const stack of stacks) {
    const tf = JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as {
      resource?: { datadog_monitor?: Record<string, { for_each?: string }> };
      locals?: Record<string, Record<string, unknown>>;
    };
    for (const monitor of Object.values(tf.resource?.datadog_monitor ?? {})) {
      // for_each over a local map (alt-foreach): one instance per entry of the map.
      const local = /^\$\{local\.([\w-]+)\}$/.exec(monitor.for_each ?? '')?.[1];
      monitors += local ? Object.keys(tf.locals?.[local] ?? {}).length : 1;
    }
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
      const res = runChild(name, n, args.loader);
      const expected = name === 'baseline' ? 1 : n;
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
      cpuMs: Math.round(median(s.map((x) => x.cpuMs))),
      peakRssMb: Math.round(median(s.map((x) => x.peakRssMb))),
      loadMs: Math.round(median(s.map((x) => x.loadMs))),
      processMs: Math.round(median(s.map((x) => x.processMs))),
      resources: s[0]!.resources,
      repeats: s.length,
    };
  });
  if (args.json) {
    for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  printTable(results, args.repeat, args.loader);
}

function printTable(results: Result[], repeat: number, loader: Loader): void {
  const get = (c: string, n: number) => results.find((r) => r.case === c && r.n === n);
  const lines: string[] = [];
  const runner = loader === 'esm' ? 'node --import tsx' : 'node --require tsx/cjs';
  lines.push(`houndstack bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; median of ${repeat}; each case in its own process (${runner})`);
  lines.push('wall = build constructs + synth, after module load (load ms); cpu = CPU time of that span (all threads);');
  lines.push('process = the whole child, spawn to exit, fixtures included;');
  lines.push('peak RSS = the case process\'s high-water mark; Δ = over baseline');
  lines.push('');
  const widths = [14, 7, 9, 8, 9, 11, 13, 7, 9, 14, 14];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('');
  lines.push(row(['case', 'n', 'wall ms', 'cpu ms', 'load ms', 'process ms', 'peak RSS MB', 'Δ MB', 'µs/unit', 'naive ÷ this', 'this ÷ floor']));
  const base = results.find((r) => r.case === 'baseline');
  for (const r of results) {
    const naive = get('naive', r.n);
    const floor = get('floor', r.n);
    const isMonitors = CASES[r.case]!.unit === 'monitors';
    lines.push(
      row([
        r.case,
        String(r.n),
        String(r.wallMs),
        String(r.cpuMs),
        String(r.loadMs),
        String(r.processMs),
        String(r.peakRssMb),
        base && r !== base ? String(r.peakRssMb - base.peakRssMb) : '',
        r.case === 'baseline' ? '' : ((r.wallMs * 1000) / r.n).toFixed(0),
        isMonitors && naive ? `${(naive.wallMs / r.wallMs).toFixed(1)}×` : '',
        isMonitors && floor ? `${(r.wallMs / floor.wallMs).toFixed(1)}×` : '',
      ]),
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
    lines.push(`  ≤2 s wall               ${(cat.wallMs / 1000).toFixed(2)} s  ${cat.wallMs <= 2000 ? 'met' : 'MISSED'}  (whole process: ${(cat.processMs / 1000).toFixed(2)} s)`);
    lines.push(`  ≤200 MB peak RSS        ${cat.peakRssMb} MB  ${cat.peakRssMb <= 200 ? 'met' : 'MISSED'}`);
    lines.push(`  per monitor ≤1.3× 1,000 ${perMonitor.toFixed(2)}×  ${perMonitor <= 1.3 ? 'met' : 'MISSED'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
