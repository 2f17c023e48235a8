// Writes checkout-orders.csv and checkout-orders-band.csv (README in this folder says what they are).
// Run: node --require tsx/cjs examples/recorded/generate.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const start = Date.parse('2026-03-10T00:00:00Z') / 1000;
const dropFrom = Date.parse('2026-03-10T14:05:00Z') / 1000;
const dropTo = Date.parse('2026-03-10T17:05:00Z') / 1000;
// Deterministic noise (mulberry32), so the files are reproducible.
let seed = 20260310;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const daily = (t: number) => 550 + 350 * Math.sin((2 * Math.PI * ((t - start) / 3600 - 9)) / 24);
const series: string[] = ['timestamp,value,tags'];
const band: string[] = ['timestamp,lower,upper'];
let ratio = 1;
for (let t = start; t < start + 86400; t += 60) {
  const expected = daily(t);
  const observed = Math.round(expected * (t >= dropFrom && t < dropTo ? 0.14 : 1) * (1 + 0.05 * (random() * 2 - 1)));
  series.push(`${new Date(t * 1000).toISOString().replace('.000Z', 'Z')},${observed},"env:prod,service:checkout"`);
  // An agile-like band: the prediction follows a level shift within minutes (time constant 6 minutes).
  const predicted = expected * ratio;
  const width = 3 * (0.035 * predicted + 8);
  band.push(`${new Date(t * 1000).toISOString().replace('.000Z', 'Z')},${(predicted - width).toFixed(1)},${(predicted + width).toFixed(1)}`);
  ratio += (observed / expected - ratio) * (1 - Math.exp(-1 / 6));
}
writeFileSync(join(__dirname, 'checkout-orders.csv'), `${series.join('\n')}\n`);
writeFileSync(join(__dirname, 'checkout-orders-band.csv'), `${band.join('\n')}\n`);
