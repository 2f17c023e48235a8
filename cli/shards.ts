import { Command } from 'commander';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE } from '../stacks/accounts-file';
import { InventoryFileError } from '../constructs/monitors/inventory/load';
import { type ShardPlan, planShards } from '../stacks/monitor-shards';

interface PlanOptions {
  /** `true` when given with no items (an empty `git diff`): nothing changed. */
  readonly changed?: string[] | true;
  readonly json?: boolean;
  readonly affected?: boolean;
}

/** `1.5 s`, `42 s`, `3 min 20 s`: a refresh estimate at the precision the estimate has. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${(Math.ceil(seconds * 10) / 10).toFixed(1)} s`;
  const s = Math.ceil(seconds);
  if (s < 120) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The plan as text lines: a table of shards, then the sizing rule and the shards a change touches. */
export function formatPlan(plan: ShardPlan, file: string, withChanges: boolean): string[] {
  if (plan.rows.length === 0) return [`${file}: no account shards its monitors (set monitors.shards on an account)`];
  const header = ['stack', 'monitors', 'refresh', 'limit', ...(withChanges ? ['changed'] : [])];
  const cells = plan.rows.map((r) => [r.stack, String(r.monitors), formatSeconds(r.refreshSeconds), String(r.maxPerShard), ...(withChanges ? [r.changed ? 'yes' : ''] : [])]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  const lines = [line(header), ...cells.map(line)];
  const total = plan.rows.reduce((n, r) => n + r.monitors, 0);
  lines.push('', `${plan.rows.length} shard${plan.rows.length === 1 ? '' : 's'}, ${total} monitor${total === 1 ? '' : 's'}; refresh = monitors ÷ calls per second, limit = the sizing rule (README, "Sizing shards")`);
  if (withChanges) {
    const affected = plan.rows.filter((r) => r.changed).map((r) => r.stack);
    lines.push(`changed: ${affected.length > 0 ? affected.join(' ') : 'no shard'}`);
  }
  for (const r of plan.rows) if (r.overLimit) lines.push(`error: ${file}: shard ${r.stack}: ${r.monitors} monitors, over its limit of ${r.maxPerShard}`);
  for (const p of plan.problems) if (!/more than maxPerShard/.test(p)) lines.push(`error: ${file}: ${p}`);
  return lines;
}

/** `houndstack shards plan [file]`: per shard stack, its monitors, estimated refresh and whether a change touches it. */
export function shardsCommand(): Command {
  const shards = new Command('shards').description('monitor shard stacks: sizes, refresh estimates, what a change touches');
  shards
    .command('plan')
    .description('print each shard stack with its monitor count, estimated plan refresh time and limit; with --changed, which shards a change touches (exit 1 when a shard is over its limit)')
    .argument('[file]', 'the accounts file', DEFAULT_ACCOUNTS_FILE)
    .option('--changed [items...]', 'monitor keys (<inventory>/<item key>, catalog:<catalog>/<key>) or files (accounts, inventory, catalog files) that changed, e.g. $(git diff --name-only origin/main...); none: nothing changed')
    .option('--affected', 'print only the stacks a change touches, one per line (for `cdktf diff`)')
    .option('--json', 'one JSON object per shard, one per line')
    .action((file: string, options: PlanOptions) => {
      let plan: ShardPlan;
      try {
        plan = planShards(file, Array.isArray(options.changed) ? options.changed : []);
      } catch (error) {
        if (error instanceof AccountsFileError || error instanceof InventoryFileError) {
          const problems = error instanceof AccountsFileError ? error.problems : error.problems.map((p) => `${error.fileName}: ${p}`);
          for (const p of problems) console.error(error instanceof AccountsFileError ? `error: ${file}: ${p}` : `error: ${p}`);
        } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          console.error(`error: ${(error as NodeJS.ErrnoException).path ?? file}: no such file`);
        } else {
          throw error;
        }
        process.exitCode = 2;
        return;
      }
      const withChanges = options.changed !== undefined;
      if (options.affected) {
        for (const r of plan.rows) if (r.changed) console.log(r.stack);
      } else if (options.json) {
        for (const r of plan.rows) console.log(JSON.stringify({ ...r, refreshSeconds: Math.round(r.refreshSeconds * 10) / 10 }));
      } else {
        for (const l of formatPlan(plan, file, withChanges)) console.log(l);
      }
      // How each changed item was matched: for the reader, not for the pipe.
      if (withChanges && !options.json) for (const n of plan.notes) console.error(`note: ${n}`);
      if (options.json || options.affected) for (const p of plan.problems) console.error(`error: ${file}: ${p}`);
      if (plan.problems.length > 0 || plan.rows.some((r) => r.overLimit)) process.exitCode = 1;
    });
  return shards;
}
