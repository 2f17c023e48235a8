import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CASES } from '../../bench/cases';

/** Every datadog_monitor body a case wrote, by monitor name, without cdktf's "//" metadata. */
function bodiesWritten(caseName: string, n: number): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), 'houndstack-bench-test-'));
  try {
    CASES[caseName]!.load()(n, outdir);
    const out: Record<string, unknown> = {};
    for (const stack of readdirSync(join(outdir, 'stacks'))) {
      const tf = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource?: { datadog_monitor?: Record<string, Record<string, unknown>> } };
      for (const body of Object.values(tf.resource?.datadog_monitor ?? {})) {
        const rest = { ...body };
        delete rest['//'];
        out[rest.name as string] = rest;
      }
    }
    return out;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('bench cases', () => {
  it('write the same monitors, whichever way they synthesize', () => {
    const naive = bodiesWritten('naive', 30);
    expect(Object.keys(naive)).toHaveLength(30);
    for (const c of ['catalog', 'floor', 'sharded', 'alt-light', 'alt-element', 'alt-override', 'alt-patch']) {
      expect([c, bodiesWritten(c, 30)]).toEqual([c, naive]);
    }
  });
});
