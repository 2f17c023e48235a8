import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command } from 'commander';
import { ReplayedMonitor, firedSummary, formatOffset, renderPng, renderSvg, replayChartSpec, transitionsOf } from '../constructs/monitors/evaluate';
import { DEFAULT_ACCOUNTS_FILE } from '../stacks/accounts-file';
import { ReadFile, metricsOfText, replay, splitSeriesArgument } from '../stacks/monitor-replay';
import { readTextFile, unusable } from './input';
import { lazyAppResolver } from './monitors-test';

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const collect = (value: string, previous: string[]) => [...previous, value];

/** The text report: transitions per monitor and group, then which fired when. */
export function formatReplay(monitors: readonly ReplayedMonitor[]): string[] {
  const lines: string[] = [];
  for (const m of monitors) {
    lines.push(m.label === m.query ? m.query : `${m.label}: ${m.query}`);
    const transitions = transitionsOf(m.result);
    if (transitions.length === 0) lines.push('  no transitions: OK throughout');
    for (const t of transitions) lines.push(`  ${iso(t.time)}  ${t.group}  ${t.from} → ${t.to}${Number.isNaN(t.value) ? '' : `  value ${+t.value.toPrecision(6)}`}`);
  }
  lines.push('which fired when:');
  const width = Math.max(...monitors.map((m) => m.label.length));
  for (const s of monitors.map(firedSummary)) {
    lines.push(`  ${s.monitor.padEnd(width)}  ${s.firstAlert === undefined ? 'never alerted        ' : `first alert ${iso(s.firstAlert)}`}  alerts ${s.alerts}  in alert ${formatOffset(s.alertSeconds)}  warnings ${s.warnings}`);
  }
  for (const note of new Set(monitors.flatMap((m) => m.result.notes))) lines.push(`note: ${note}`);
  return lines;
}

function html(svg: string, report: readonly string[], title: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>\n<style>body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:24px}pre{font-size:12px;background:#f6f6f6;padding:12px}</style></head>\n<body>\n${svg}\n<pre>${esc(report.join('\n'))}</pre>\n</body></html>\n`;
}

/** `houndstack monitors replay <monitor or query>... --series <file>...` */
export function monitorsReplayCommand(): Command {
  return new Command('replay')
    .summary('replay recorded series through monitors: transitions, which fired when, a picture')
    .description(
      [
        "Evaluate monitors (the app's, by name, or queries) on recorded series and print each group's state",
        'transitions and which monitor fired when. An anomaly monitor of the app brings its safety rail along.',
        'Series: a Datadog metric query API response (GET /api/v1/query: series[].pointlist, scope, tag_set) or',
        'CSV timestamp,value[,tags] (ISO 8601, "YYYY-MM-DD HH:MM:SS" UTC, epoch s or ms); metric=file names the',
        "metric of a CSV (default: the first monitor's). Bands (anomaly): CSV timestamp,lower,upper[,group].",
        '--plot draws the series, thresholds, band, shaded alert/warn periods and transitions (.svg, .png, .html).',
        'Exit status: 0 done, 2 unusable input (problems on stderr).',
      ].join('\n'),
    )
    .argument('<monitors...>', 'monitor names (or catalog keys) of the app, or monitor queries')
    .requiredOption('--series <file>', 'recorded series, [metric=]file (repeatable)', collect, [])
    .option('--band <file>', 'anomaly band, CSV timestamp,lower,upper[,group] (repeatable)', collect, [])
    .option('--from <time>', 'first evaluation (default: the first point)')
    .option('--to <time>', 'last evaluation (default: the last point)')
    .option('--plot <file>', 'write a chart: .svg, .png or .html')
    .option('--accounts <file>', 'accounts file whose monitors the names refer to', process.env.HOUNDSTACK_ACCOUNTS ?? DEFAULT_ACCOUNTS_FILE)
    .option('--app <module>', 'instead of the accounts file: your app module, exporting build…App() that returns the App')
    .option('--json', 'one JSON object per monitor: transitions and which fired when')
    .action(async (targets: string[], opts: { series: string[]; band: string[]; from?: string; to?: string; plot?: string; accounts: string; app?: string; json?: boolean }) => {
      const plotFormat = opts.plot ? extname(opts.plot).toLowerCase() : undefined;
      if (plotFormat && !['.svg', '.png', '.html'].includes(plotFormat)) {
        unusable(`--plot ${opts.plot}: write .svg, .png or .html`);
        return;
      }
      const unreadable: string[] = [];
      const read = (spec: string): ReadFile[] => {
        const { metric, file } = splitSeriesArgument(spec);
        const input = readTextFile(file);
        if (!input.ok) unreadable.push(input.problem);
        return input.ok ? [{ file, text: input.value, ...(metric ? { metric } : {}) }] : [];
      };
      const seriesFiles = opts.series.flatMap(read);
      const bandFiles = opts.band.flatMap((f) => read(f));
      const outcome = replay({ targets, seriesFiles, bandFiles, from: opts.from, to: opts.to }, lazyAppResolver(opts.accounts, opts.app));
      const problems = [...outcome.problems.filter((p) => !p.startsWith('no series:') || unreadable.length === 0), ...unreadable];
      if (problems.length > 0) {
        for (const p of problems) unusable(p);
        return;
      }
      const report = formatReplay(outcome.monitors);
      if (opts.json) {
        for (const m of outcome.monitors) {
          const s = firedSummary(m);
          process.stdout.write(`${JSON.stringify({
            monitor: m.label, query: m.query,
            transitions: transitionsOf(m.result).map((t) => ({ time: iso(t.time), group: t.group, from: t.from, to: t.to, ...(Number.isNaN(t.value) ? {} : { value: t.value }) })),
            fired: { firstAlert: s.firstAlert === undefined ? null : iso(s.firstAlert), alerts: s.alerts, alertSeconds: s.alertSeconds, warnings: s.warnings },
            notes: m.result.notes,
          })}\n`);
        }
      } else for (const line of report) process.stdout.write(`${line}\n`);
      if (opts.plot) {
        const banded = opts.band.length > 0 && outcome.monitors.some((m) => m.result.kind === 'anomaly');
        const spec = replayChartSpec(outcome.monitors, {
          ...(banded ? { subtitle: [`grey band: the anomaly band given by --band ${opts.band.join(', ')}`] } : {}),
          yTitle: [...new Set(outcome.monitors.flatMap((m) => metricsOfText(m.query)))].join(', ') || 'value',
        });
        if (plotFormat === '.png') writeFileSync(opts.plot, await renderPng(spec));
        else {
          const svg = await renderSvg(spec);
          writeFileSync(opts.plot, plotFormat === '.html' ? html(svg, report, outcome.monitors.map((m) => m.label).join(' + ')) : svg);
        }
      }
    });
}
