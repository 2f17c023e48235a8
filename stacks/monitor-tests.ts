import { readFileSync } from 'node:fs';
import type { IConstruct } from 'constructs';
import { parse as parseYaml } from 'yaml';
import { DatadogMonitor, findMonitors } from '../constructs/monitors/monitor';
import { MonitorCatalog } from '../constructs/monitors/catalog/catalog';
import type { CompositeMonitorExpression, DatadogMonitorBody } from '../constructs/monitors/model/spec';
import {
  EvaluationOptions, MonitorResolver, ResolvedMonitor, TestOutcome, Thresholds, UnsupportedQueryError, runMonitorTest, testFileProblems,
} from '../constructs/monitors/evaluate';

/*
 * Test files against an app's monitors: the CLI (`houndstack monitors test`) and the jest helper both come here.
 * This module reads files and walks the construct tree; the evaluation itself is pure (constructs/monitors/evaluate).
 */

/** One monitor of an app: where it is and what it synthesizes to. */
export interface AppMonitor {
  /** The stack's id (the account alias in the houndstack app). */
  readonly stack: string;
  /** Construct path (catalog entries: the catalog's path and the key). */
  readonly path: string;
  readonly key?: string;
  readonly body: DatadogMonitorBody;
  /** A composite of `DatadogMonitor` objects: its expression over placeholder names, and each operand's body. */
  readonly composite?: { readonly expression: string; readonly members: Readonly<Record<string, DatadogMonitorBody>> };
}

/** A composite spec's expression over `m1`, `m2`… and the operands' bodies, when every operand is a `DatadogMonitor`. */
function compositeOf(expression: CompositeMonitorExpression): AppMonitor['composite'] | undefined {
  const members: Record<string, DatadogMonitorBody> = {};
  const names = new Map<unknown, string>();
  let known = true;
  const text = (e: CompositeMonitorExpression, parent?: string): string => {
    if ('monitorId' in e) {
      if (!DatadogMonitor.isDatadogMonitor(e)) {
        known = false;
        return 'unknown';
      }
      let name = names.get(e);
      if (!name) {
        name = `m${names.size + 1}`;
        names.set(e, name);
        members[name] = e.body;
      }
      return name;
    }
    if (e.op === '!') return `!${text(e.operand, '!')}`;
    const inner = e.operands.map((o) => text(o, e.op)).join(` ${e.op} `);
    return parent ? `(${inner})` : inner;
  };
  const expressionText = text(expression);
  return known ? { expression: expressionText, members } : undefined;
}

/** Every monitor of an app or stack: `DatadogMonitor` constructs (safety rails included) and catalog entries. */
export function appMonitors(scope: IConstruct): AppMonitor[] {
  const out: AppMonitor[] = [];
  const stackOf = (c: IConstruct): string => {
    const scopes = c.node.scopes;
    return scopes.length > 1 ? scopes[1].node.id : scopes[0].node.id;
  };
  for (const m of findMonitors(scope)) {
    const composite = m.spec.kind === 'composite' ? compositeOf(m.spec.expression) : undefined;
    out.push({ stack: stackOf(m), path: m.node.path, body: m.body, ...(composite ? { composite } : {}) });
  }
  for (const c of scope.node.findAll()) {
    if (!MonitorCatalog.isMonitorCatalog(c)) continue;
    for (const e of c.entries()) out.push({ stack: stackOf(c), path: `${c.node.path}/${e.key}`, key: e.key, body: e.body });
  }
  return out;
}

const num = (s: string | undefined): number | undefined => (s === undefined || s === '' ? undefined : Number(s));

/** The evaluation inputs a synthesized monitor carries, with the provider's defaults where it sets none. */
export function resolvedFromBody(body: DatadogMonitorBody): ResolvedMonitor {
  const t = body.monitor_thresholds ?? {};
  const thresholds: Thresholds = Object.fromEntries(
    Object.entries({ critical: num(t.critical), warning: num(t.warning), critical_recovery: num(t.critical_recovery), warning_recovery: num(t.warning_recovery), ok: num(t.ok) })
      .filter(([, v]) => v !== undefined),
  );
  const notify = body.notify_no_data ?? false;
  const options: EvaluationOptions = {
    // Provider 3.82.0 defaults: require_full_window true, no_data_timeframe 10 (used only with notify_no_data).
    require_full_window: body.require_full_window ?? true,
    notify_no_data: notify,
    ...(notify ? { no_data_timeframe: body.no_data_timeframe ?? 10 } : {}),
    ...(body.on_missing_data ? { on_missing_data: body.on_missing_data as EvaluationOptions['on_missing_data'] } : {}),
    ...(body.new_group_delay !== undefined ? { new_group_delay: body.new_group_delay } : {}),
    ...(body.evaluation_delay !== undefined ? { evaluation_delay: body.evaluation_delay } : {}),
    ...(body.timeout_h !== undefined ? { timeout_h: body.timeout_h } : {}),
    ...(body.monitor_threshold_windows ? { threshold_windows: body.monitor_threshold_windows } : {}),
  };
  return { name: body.name, query: body.query, thresholds, options, message: body.message };
}

/**
 * Resolves `monitor:` references: the monitor's name, a catalog key, a construct path, or any of these after
 * `<stack>/` when several stacks define it.
 */
export function monitorResolver(monitors: readonly AppMonitor[]): MonitorResolver {
  return (ref) => {
    const slash = ref.indexOf('/');
    const stacks = new Set(monitors.map((m) => m.stack));
    const [stack, rest] = slash > 0 && stacks.has(ref.slice(0, slash)) ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
    const pool = stack ? monitors.filter((m) => m.stack === stack) : monitors;
    const hits = pool.filter((m) => m.body.name === rest || m.key === rest || m.path === ref || m.path === rest);
    // The same monitor in several stacks (a pack deployed per account) is fine when they are identical.
    const distinct = [...new Map(hits.map((m) => [JSON.stringify(m.body), m])).values()];
    if (distinct.length === 0) {
      const names = [...new Set(pool.map((m) => m.body.name))].sort();
      const near = names.filter((n) => n.toLowerCase().includes(rest.toLowerCase().slice(0, 12))).slice(0, 5);
      return { error: `no monitor named ${JSON.stringify(ref)} in the app (${names.length} monitors${near.length > 0 ? `; similar: ${near.map((n) => JSON.stringify(n)).join(', ')}` : ''})` };
    }
    if (distinct.length > 1) {
      return { error: `${JSON.stringify(ref)} names ${distinct.length} different monitors (stacks ${[...new Set(distinct.map((m) => m.stack))].join(', ')}); write <stack>/<name>` };
    }
    const found = distinct[0];
    if (found.body.type === 'composite') {
      if (!found.composite) return { error: `${JSON.stringify(ref)} is a composite of monitors made elsewhere; write its expression with query: and its operands with monitors:` };
      const members = Object.fromEntries(Object.entries(found.composite.members).map(([k, b]) => [k, resolvedFromBody(b)]));
      return { ...resolvedFromBody(found.body), query: found.composite.expression, composite: { members } };
    }
    return resolvedFromBody(found.body);
  };
}

export interface FileOutcome {
  readonly file: string;
  /** Problems that make the file unusable (exit 2), each `<file>: <where>: <message>`. */
  readonly problems: readonly string[];
  readonly outcomes: readonly TestOutcome[];
}

/** Reads and runs one test file (the jest helper's reader; the CLI reads with cli/input.ts). Never throws for bad input. */
export function runMonitorTestFile(file: string, resolve: MonitorResolver): FileOutcome {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message.split('\n')[0];
    return { file, problems: [`${file}: ${message}`], outcomes: [] };
  }
  return runMonitorTests(file, data, resolve);
}

/** Runs the tests of one file's parsed content. Never throws for bad input: problems are returned, each naming the file. */
export function runMonitorTests(file: string, data: unknown, resolve: MonitorResolver): FileOutcome {
  const { tests, problems } = testFileProblems(data);
  if (problems.length > 0) return { file, problems: problems.map((p) => `${file}: ${p}`), outcomes: [] };
  const outcomes: TestOutcome[] = [];
  const unusable: string[] = [];
  tests.forEach((t, i) => {
    try {
      outcomes.push(runMonitorTest(t, resolve));
    } catch (e) {
      if (!(e instanceof UnsupportedQueryError)) throw e;
      unusable.push(`${file}: tests[${i}] (name ${JSON.stringify(t.name)}): ${e.message}`);
    }
  });
  return { file, problems: unusable, outcomes };
}

interface JestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void): void;
  expect(value: unknown): { toEqual(expected: unknown): void };
}

/**
 * A jest helper: one jest test per monitor test of each file, failing with the same lines `houndstack monitors test`
 * prints. `app` is your app (or stack) after its constructs are built, so `monitor:` finds your monitors.
 *
 * ```ts
 * defineMonitorTests(['monitor-tests/checkout.yaml'], { app: buildMonitorsApp() });
 * ```
 */
export function defineMonitorTests(files: readonly string[], options: { readonly app?: IConstruct } = {}): void {
  // Jest's globals, typed here so the library builds without jest's types.
  const { describe, it, expect } = globalThis as unknown as JestGlobals;
  if (typeof describe !== 'function') throw new Error('defineMonitorTests runs inside a jest test file (describe/it/expect are not defined)');
  const resolve = monitorResolver(options.app ? appMonitors(options.app) : []);
  for (const file of files) {
    const result = runMonitorTestFile(file, resolve);
    describe(file, () => {
      if (result.problems.length > 0) {
        it('is a usable test file', () => {
          expect(result.problems).toEqual([]);
        });
      }
      for (const outcome of result.outcomes) {
        it(outcome.name, () => {
          expect(outcome.failures.map((f) => f.message)).toEqual([]);
        });
      }
    });
  }
}
