// What every stack's JSON pays for houndstack's last step, at catalog scale (11,000 and 100,000 monitors): escaping
// literal text (`${` → `$${`, per body, in the catalog's splice) and the literal-credential scan of the whole JSON
// (finishStack), each against JSON.stringify of the same JSON measured in the same run (the floor of writing it).
// Run: node --require tsx/cjs bench/terraform-finish.ts
import { renderMonitor, MonitorSpec } from '../constructs/monitors/model';
import { buildMessage } from '../constructs/monitors/message';
import { escapeTerraformStrings } from '../constructs/terraform/escape';
import { findSynthesizedSecrets } from '../constructs/terraform/finish';

const message = buildMessage({
  title: 'CPU high on {{host.name}}',
  runbookUrl: 'https://runbooks.example.com/cpu',
  notify: { policy: { team: 'web', chat: ['@slack-web'], pager: ['@pagerduty-web'] } },
});

function bodies(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i): MonitorSpec => ({
    kind: 'metric', name: `cpu ${i}`, message, metric: `app.metric_${i % 50}`, scope: ['env:prod', `service:s${i % 300}`],
    groupBy: ['host'], comparator: '>', critical: 90, warning: 80, tags: ['team:web', 'env:prod', `service:s${i % 300}`],
  })).map((spec) => renderMonitor(spec).body as unknown as Record<string, unknown>);
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function run(n: number): { stringifyMs: number; escapeMs: number; scanMs: number } {
  const input = bodies(n);
  const tf = { resource: { datadog_monitor: Object.fromEntries(input.map((b, i) => [`m${i}`, b])) } };
  let t0 = process.hrtime.bigint();
  const text = JSON.stringify(tf, null, 2);
  const stringifyMs = ms(t0);
  t0 = process.hrtime.bigint();
  const escaped = input.map(escapeTerraformStrings);
  const escapeMs = ms(t0);
  t0 = process.hrtime.bigint();
  const secrets = findSynthesizedSecrets('bench', tf);
  const scanMs = ms(t0);
  if (text.length === 0 || escaped.some((b, i) => b !== input[i]) || secrets.length > 0) throw new Error('the bench bodies must be clean');
  return { stringifyMs, escapeMs, scanMs };
}

run(1000); // warm-up
for (const n of [11000, 100000]) {
  const runs = [run(n), run(n), run(n)];
  const best = (k: 'stringifyMs' | 'escapeMs' | 'scanMs') => Math.min(...runs.map((r) => r[k]));
  const floor = best('stringifyMs');
  console.log(
    `n=${n}: JSON.stringify ${floor.toFixed(0)} ms (floor); escape ${best('escapeMs').toFixed(0)} ms = ${(best('escapeMs') / floor).toFixed(2)}× floor; ` +
      `credential scan ${best('scanMs').toFixed(0)} ms = ${(best('scanMs') / floor).toFixed(2)}× floor (best of 3)`,
  );
}
