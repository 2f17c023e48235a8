import { isAbsolute, join } from 'node:path';
import type { Construct } from 'constructs';
import { readTextFile } from '../cli/input';
import { DatadogMonitor } from '../constructs/monitors/monitor';
import { runbookUrlOf } from '../constructs/monitors/message';
import { analyzeMessage } from '../constructs/monitors/message/template';
import { pagesOnAlert } from '../constructs/rules/rule';
import { RunbookDashboard, runbookLink } from '../constructs/oncall/runbook-dashboard';

/*
 * Runbooks from the accounts file: a pack entry's `runbook:` names a markdown file (relative to the accounts file);
 * every paging monitor of the entry links to a runbook dashboard (its alert graph, its query's metrics, the steps).
 * The files are read here, by the stack's code; constructs read no files.
 */

/** Runbook files that cannot be read, one line each: `<field>: <file>: <what is wrong>` (main.ts adds the account). */
export class RunbookFileError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'RunbookFileError';
  }
}

/** Reads the runbooks of an account's entries and adds their dashboards; collects every unreadable file. */
export class RunbookFiles {
  private readonly problems: string[] = [];

  constructor(
    private readonly baseDir: string,
    private readonly site: string,
  ) {}

  /**
   * The steps of `file` (field `field`, e.g. `monitors.webLatency[0].runbook`), or undefined when it is not set or
   * cannot be read (then recorded as a problem).
   */
  read(field: string, file: string | undefined): string | undefined {
    if (file === undefined) return undefined;
    const input = readTextFile(isAbsolute(file) ? file : join(this.baseDir, file), { maxBytes: 1024 * 1024 });
    if (input.ok) return input.value;
    this.problems.push(`${field}: ${input.problem}`);
    return undefined;
  }

  /** The `runbookLink` of a pack whose entry has readable steps. */
  link(steps: string | undefined): ((monitorName: string) => string) | undefined {
    return steps === undefined ? undefined : (name) => runbookLink(name, this.site);
  }

  /**
   * One `RunbookDashboard` per paging monitor under `pack` whose runbook link is its dashboard's, as child
   * `<monitor id>-runbook` of the monitor's parent (`monitors/web-latency-checkout-prod/ServiceTime-runbook`).
   */
  addDashboards(pack: Construct, steps: string | undefined): RunbookDashboard[] {
    if (steps === undefined) return [];
    const out: RunbookDashboard[] = [];
    for (const c of pack.node.findAll()) {
      if (!(c instanceof DatadogMonitor) || typeof c.body.message !== 'string') continue;
      if (pagesOnAlert(analyzeMessage(c.body.message)).length === 0) continue;
      // A safety rail links its anomaly monitor's runbook: one dashboard, the anomaly's.
      if (runbookUrlOf(c.body.message) !== runbookLink(c.body.name, this.site)) continue;
      out.push(new RunbookDashboard(c.node.scope!, `${c.node.id}-runbook`, { monitor: c, stepsMarkdown: steps }));
    }
    return out;
  }

  /** Throws `RunbookFileError` with every unreadable file, if any. */
  finish(): void {
    if (this.problems.length > 0) throw new RunbookFileError(this.problems);
  }
}
