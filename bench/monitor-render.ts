// The pure monitor core at catalog scale: renderMonitor (create-time checks and query parse) and the hygiene rules,
// for N = 1,000 and 11,000 metric specs. Run: node --import tsx bench/monitor-render.ts
import { Construct } from 'constructs';
import { renderMonitor, MonitorSpec } from '../constructs/monitors/model';
import { buildMessage } from '../constructs/monitors/message';
import { evaluateMonitorRules } from '../constructs/rules/monitor-rules';

const message = buildMessage({
  title: 'CPU high on {{host.name}}',
  runbookUrl: 'https://runbooks.example.com/cpu',
  notify: { policy: { team: 'web', chat: ['@slack-web'], pager: ['@pagerduty-web'] } },
});

function specs(n: number): MonitorSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'metric', name: `cpu ${i}`, message, metric: `app.metric_${i % 50}`, scope: ['env:prod', `service:s${i % 300}`],
    groupBy: ['host'], comparator: '>', critical: 90, warning: 80, tags: ['team:web', 'env:prod', `service:s${i % 300}`],
  }));
}

function run(n: number): { renderMs: number; rulesMs: number } {
  const input = specs(n);
  const t0 = process.hrtime.bigint();
  const rendered = input.map(renderMonitor);
  const t1 = process.hrtime.bigint();
  const root = new Construct(undefined as unknown as Construct, 'root');
  const subjects = rendered.map((r, i) => ({ path: `m${i}`, construct: root, body: r.body, facts: r.facts, spec: input[i] }));
  const findings = evaluateMonitorRules(subjects);
  const t2 = process.hrtime.bigint();
  if (rendered.some((r) => r.problems.length > 0) || findings.length > 0) throw new Error('the bench specs must be clean');
  return { renderMs: Number(t1 - t0) / 1e6, rulesMs: Number(t2 - t1) / 1e6 };
}

run(1000); // warm-up
for (const n of [1000, 11000]) {
  const best = [run(n), run(n), run(n)].sort((a, b) => a.renderMs + a.rulesMs - b.renderMs - b.rulesMs)[0]!;
  console.log(`n=${n}: renderMonitor ${best.renderMs.toFixed(0)} ms (${((best.renderMs * 1000) / n).toFixed(1)} µs each), rules ${best.rulesMs.toFixed(0)} ms (${((best.rulesMs * 1000) / n).toFixed(1)} µs each), best of 3`);
}
