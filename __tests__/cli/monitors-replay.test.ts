import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });
// The shipped recording (examples/recorded/README.md): a day of checkout orders with a three-hour drop.
const replayArgs = [
  'monitors', 'replay', 'checkout (prod): orders anomaly', '--app', 'examples/checkout-orders.ts',
  '--series', 'examples/recorded/checkout-orders.csv', '--band', 'examples/recorded/checkout-orders-band.csv',
];

describe('houndstack monitors replay', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-replay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the anomaly monitor with its safety rail: the rail fires during the drop, the anomaly monitor stays OK', () => {
    const r = houndstack(...replayArgs);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      "checkout (prod): orders anomaly: avg(last_4h):anomalies(sum:checkout.orders.completed{env:prod,service:checkout}.as_count(), 'agile', 2, direction='below', alert_window='last_30m', interval=60, seasonality='daily') >= 1",
      '  no transitions: OK throughout',
      'checkout (prod): orders anomaly (safety rail): avg(last_15m):sum:checkout.orders.completed{env:prod,service:checkout}.as_count() < 150',
      '  2026-03-10T14:20:00Z  *  OK → ALERT  value 124.533',
      '  2026-03-10T17:06:00Z  *  ALERT → OK  value 170.667',
      'which fired when:',
      '  checkout (prod): orders anomaly                never alerted          alerts 0  in alert 0s  warnings 0',
      '  checkout (prod): orders anomaly (safety rail)  first alert 2026-03-10T14:20:00Z  alerts 1  in alert 2h46m  warnings 0',
    ]);
    expect(r.status).toBe(0);
  });

  it('--json: one object per monitor with its transitions and which fired when', () => {
    const r = houndstack(...replayArgs, '--json');
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.monitor, l.fired.alerts, l.fired.firstAlert])).toEqual([
      ['checkout (prod): orders anomaly', 0, null],
      ['checkout (prod): orders anomaly (safety rail)', 1, '2026-03-10T14:20:00Z'],
    ]);
    expect(lines[1].transitions).toEqual([
      { time: '2026-03-10T14:20:00Z', group: '*', from: 'OK', to: 'ALERT', value: expect.closeTo(124.533, 3) },
      { time: '2026-03-10T17:06:00Z', group: '*', from: 'ALERT', to: 'OK', value: expect.closeTo(170.667, 3) },
    ]);
  });

  it('draws one picture of both monitors: SVG with the threshold, the band and both status rows; PNG; HTML with the table', () => {
    const svg = join(dir, 'replay.svg');
    const png = join(dir, 'replay.png');
    const html = join(dir, 'replay.html');
    for (const out of [svg, png, html]) expect(houndstack(...replayArgs, '--plot', out).status).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('critical 150');
    expect(text).toContain('grey band: the anomaly band given by --band examples/recorded/checkout-orders-band.csv');
    expect(text).toContain('checkout (prod): orders anomaly (safety rail)</text>');
    expect(text).toContain('which fired when');
    const image = readFileSync(png);
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(image.readUInt32BE(16)).toBeGreaterThan(1500);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('first alert 2026-03-10T14:20:00Z');
  });

  it('exits 2 with one line per problem for unusable input', () => {
    const r = houndstack('monitors', 'replay', 'not a monitor', '--series', 'missing.csv');
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^error: "not a monitor": not a query \(col \d+: .*\) and no monitor named "not a monitor" in the app/),
      'error: missing.csv: no such file',
    ]);
    expect(r.status).toBe(2);
    expect(houndstack(...replayArgs, '--plot', join(dir, 'x.jpg')).status).toBe(2);
  });

  it('has --help naming the input formats and the exit codes', () => {
    const r = houndstack('monitors', 'replay', '--help');
    expect(r.stdout).toContain('Usage: houndstack monitors replay [options] <monitors...>');
    expect(r.stdout).toContain('GET /api/v1/query');
    expect(r.stdout).toContain('Exit codes: 0 fine, 1 problems found, 2 unusable input or usage');
    expect(r.status).toBe(0);
  });

  it('replays a query on a CSV without an app', () => {
    const r = houndstack('monitors', 'replay', 'avg(last_15m):sum:checkout.orders.completed{env:prod}.as_count() < 150', '--series', 'examples/recorded/checkout-orders.csv', '--from', '2026-03-10 14:00:00', '--to', '2026-03-10T15:00:00Z');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'avg(last_15m):sum:checkout.orders.completed{env:prod}.as_count() < 150',
      '  2026-03-10T14:20:00Z  *  OK → ALERT  value 124.533',
      'which fired when:',
    ]);
  });
});
