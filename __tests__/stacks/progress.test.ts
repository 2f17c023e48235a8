import { Testing } from 'cdktf';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { SynthProgress, countMonitors } from '../../stacks/progress';
import { datadogStack } from '../support/datadog-stack';
import { cpuSpec, entries } from '../monitors/catalog/helpers';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => (written.push(s), true) } };
}

function appWithMonitors() {
  const app = Testing.app();
  const a = datadogStack(app, 'team-a');
  new MonitorCatalog(a, 'monitors', { monitors: entries(40) });
  new DatadogMonitor(a, 'single', cpuSpec('a', 'api'));
  const b = datadogStack(app, 'team-b');
  new MonitorCatalog(b, 'monitors', { monitors: entries(9) });
  return { app, stacks: [a, b] };
}

describe('SynthProgress', () => {
  it('reports stacks and monitors as they are written, then a summary, on a terminal', () => {
    const { written, stream } = fakeStream(true);
    let t = 0;
    const progress = SynthProgress.forTerminal({ stream, env: {}, intervalMs: 0, now: () => (t += 250) });
    const { app, stacks } = appWithMonitors();
    stacks.forEach((s) => progress.stackBuilt(s));
    progress.track(app);
    app.synth();
    progress.finish();
    expect(written.join('')).toContain('building stacks: 2 · team-b');
    expect(written).toContainEqual(expect.stringContaining('synth 1/2 stacks · 41/50 monitors · team-a'));
    expect(written).toContainEqual(expect.stringContaining('synth 2/2 stacks · 50/50 monitors · team-b'));
    expect(written[written.length - 1]).toMatch(/^\r\x1b\[2Ksynthesized 2 stacks, 50 monitors in \d+\.\ds\n$/);
  });

  it('is silent when the stream is not a terminal', () => {
    const { written, stream } = fakeStream(false);
    const progress = SynthProgress.forTerminal({ stream, env: {} });
    const { app } = appWithMonitors();
    progress.track(app);
    app.synth();
    progress.finish();
    expect(progress.enabled).toBe(false);
    expect(written).toEqual([]);
  });

  it.each([['true'], ['1'], ['yes']])('is silent in CI (CI=%s), even on a terminal', (ci) => {
    const { written, stream } = fakeStream(true);
    const progress = SynthProgress.forTerminal({ stream, env: { CI: ci } });
    progress.finish();
    expect(written).toEqual([]);
  });

  it('counts catalog entries, provider monitors and safety rails', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: entries(3) });
    new DatadogMonitor(stack, 'anomaly', {
      kind: 'anomaly', name: 'x', message: '@slack-a', metric: 'a.b', algorithm: 'basic', safetyRail: { comparator: '>', critical: 1 },
    });
    expect(countMonitors(stack)).toBe(5);
  });
});
