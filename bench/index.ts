/**
 * `npm run bench [-- --json] [--repeat 3] [--alternatives] [--only catalog,naive] [--loader esm|cjs]`
 *
 * Synthesizes N = 1,000 and 11,000 monitors three ways (naive provider objects, the catalog, a plain JSON.stringify
 * floor), the catalog `monitors import` writes for real exported monitors (synth, from its YAML file, and its own
 * floor), and in shard stacks (40 at 11,000); at 100,000 the catalog, the floor, 100 shard stacks, and the shard
 * stacks with the hygiene rules (also at 11,000); 50 account stacks with the AWS integration, and a baseline (one
 * empty stack: the fixed cost). Every case runs in its own child process (bench/case.ts) so that its peak RSS is its
 * own; cases are interleaved across repeats so that load from other processes spreads over all of them. Prints wall
 * time, peak RSS, ratios against the naive path and the floor measured in this same run, the cost per monitor at
 * 11,000 against 1,000 and at 100,000 against 11,000, and the targets.
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
import { median } from './median';

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
  /** Stacks written (cdktf.out/stacks/*). */
  stacks: number;
  repeats: number;
}

const MONITOR_SIZES = [1000, 11000];
/**
 * The large size: the catalog, the floor and the shard stacks (100 of them) with and without the rules. Not the naive
 * path: by its cost at 11,000 it would take minutes and gigabytes on a machine shared with others.
 */
const LARGE = 100_000;
const LARGE_CASES = ['catalog', 'floor', 'sharded', 'sharded+rules'];
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
  const monitorCases = ['naive', 'catalog', 'floor', 'imported', 'imported-file', 'imported-floor', 'sharded', ...(alternatives ? ['alt-light', 'alt-foreach', 'alt-element', 'alt-override', 'alt-patch'] : [])];
  const runs: Array<[string, number]> = [['baseline', 1]];
  for (const n of MONITOR_SIZES) for (const c of monitorCases) runs.push([c, n]);
  // The rules across shards at 11,000 too: their cost per monitor at 11,000 against 100,000 shows they stay linear.
  runs.push(['sharded+rules', 11000]);
  for (const c of LARGE_CASES) runs.push([c, LARGE]);
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
    const figures = JSON.parse(line) as Omit<Result, 'repeats' | 'resources' | 'processMs' | 'stacks'>;
    return { ...figures, processMs, resources: countResources(outdir), stacks: readdirSync(join(outdir, 'stacks')).length };
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
      stacks: s[0]!.stacks,
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
    // The imported catalog's bodies are its own: its floor is the floor of those bodies.
    const floor = get(r.case.startsWith('imported') ? 'imported-floor' : 'floor', r.n);
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
  const perMonitor = (c: string, big: number, small: number) => {
    const b = get(c, big);
    const a = get(c, small);
    return a && b ? b.wallMs / b.n / (a.wallMs / a.n) : undefined;
  };
  lines.push('');
  lines.push('cost per monitor (wall ÷ n), larger size ÷ smaller:');
  for (const c of [...new Set(results.filter((r) => CASES[r.case]!.unit === 'monitors').map((r) => r.case))]) {
    const small = perMonitor(c, 11000, 1000);
    const large = perMonitor(c, LARGE, 11000);
    const parts = [small !== undefined ? `11,000 ÷ 1,000: ${small.toFixed(2)}` : '', large !== undefined ? `100,000 ÷ 11,000: ${large.toFixed(2)}` : ''].filter(Boolean);
    if (parts.length > 0) lines.push(`  ${c.padEnd(14)} ${parts.join('   ')}`);
  }
  const check = (label: string, value: string, ok: boolean | undefined) => {
    if (ok !== undefined) lines.push(`  ${label.padEnd(44)} ${value.padEnd(22)} ${ok ? 'met' : 'MISSED'}`);
  };
  const ratio = (a?: Result, b?: Result) => (a && b ? a.wallMs / b.wallMs : undefined);
  const cat = get('catalog', 11000);
  const naive = get('naive', 11000);
  const small = get('catalog', 1000);
  lines.push('');
  lines.push('targets:');
  if (cat && naive) check('catalog at 11,000: ≥5× faster than naive', `${(naive.wallMs / cat.wallMs).toFixed(1)}×`, naive.wallMs / cat.wallMs >= 5);
  if (cat) check('catalog at 11,000: ≤2 s wall', `${(cat.wallMs / 1000).toFixed(2)} s`, cat.wallMs <= 2000);
  if (cat) check('catalog at 11,000: ≤200 MB peak RSS', `${cat.peakRssMb} MB`, cat.peakRssMb <= 200);
  if (cat && small) check('catalog per monitor at 11,000 ≤1.3× at 1,000', `${perMonitor('catalog', 11000, 1000)!.toFixed(2)}×`, perMonitor('catalog', 11000, 1000)! <= 1.3);
  for (const n of [11000, LARGE]) {
    const r = ratio(get('catalog', n), get('floor', n));
    const cpu = get('catalog', n) && get('floor', n) ? get('catalog', n)!.cpuMs / get('floor', n)!.cpuMs : undefined;
    if (r !== undefined) check(`catalog ÷ floor at ${n.toLocaleString('en-US')}: ≤1.3×`, `${r.toFixed(2)}× (cpu ${cpu!.toFixed(2)}×)`, r <= 1.3);
  }
  // "As fast as any other catalog": the same distance from the floor of its own bodies, and beside the catalog's.
  const imported = get('imported', 11000);
  const importedFloor = get('imported-floor', 11000);
  if (imported && importedFloor) {
    check('imported catalog ÷ its floor at 11,000: ≤1.3×', `${(imported.wallMs / importedFloor.wallMs).toFixed(2)}× (cpu ${(imported.cpuMs / importedFloor.cpuMs).toFixed(2)}×)`, imported.wallMs / importedFloor.wallMs <= 1.3);
    if (cat) lines.push(`  ${'imported catalog ÷ catalog at 11,000'.padEnd(44)} ${`${(imported.wallMs / cat.wallMs).toFixed(2)}× (cpu ${(imported.cpuMs / cat.cpuMs).toFixed(2)}×)`}`);
  }
  const big = get('sharded', LARGE);
  if (big) {
    check(`${LARGE.toLocaleString('en-US')} in ${big.stacks} shard stacks: ≤8 s wall`, `${(big.wallMs / 1000).toFixed(2)} s`, big.wallMs <= 8000);
    check(`${LARGE.toLocaleString('en-US')} in ${big.stacks} shard stacks: ≤600 MB peak RSS`, `${big.peakRssMb} MB`, big.peakRssMb <= 600);
  }
  const linear = perMonitor('sharded', LARGE, 11000);
  if (linear !== undefined) check('sharded per monitor, 100,000 ÷ 11,000: ≤1.1×', `${linear.toFixed(2)}×`, linear <= 1.1);
  const rules = perMonitor('sharded+rules', LARGE, 11000);
  if (rules !== undefined) check('rules across shards, 100,000 ÷ 11,000: ≤1.1×', `${rules.toFixed(2)}×`, rules <= 1.1);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
