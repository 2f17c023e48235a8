/**
 * One bench case in this process: `tsx bench/case.ts <case> <n> <outdir>`. Prints one JSON line:
 * `{"case","n","wallMs","cpuMs","peakRssMb","loadMs"}`. wallMs covers building the constructs and synthesizing (after
 * the case's modules are loaded, which loadMs covers); cpuMs is the CPU time (user + system, all threads) of that same
 * span, less sensitive than wall time to other load on the machine; peakRssMb is this process's high-water mark
 * (getrusage maxrss).
 */
import { CASES } from './cases';
import { monitorSpecs } from './fixtures';

async function main(): Promise<void> {
  const [name, nText, outdir] = process.argv.slice(2);
  const bench = name ? CASES[name] : undefined;
  if (!bench || !nText || !outdir) throw new Error(`usage: case.ts <${Object.keys(CASES).join('|')}> <n> <outdir>`);
  const n = Number(nText);
  const t0 = performance.now();
  const run = bench.load();
  // The input is the same for every case: build it before the clock starts.
  if (bench.unit === 'monitors') monitorSpecs(n);
  bench.prepare?.()(n);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  run(n, outdir);
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ case: name, n, wallMs: round(t2 - t1), cpuMs: round((cpu.user + cpu.system) / 1000), peakRssMb: round(peakRssMb), loadMs: round(t1 - t0) })}\n`);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
