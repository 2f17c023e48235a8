import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultAccountsFile } from '../main';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from '../stacks/accounts-file';
import { onCallModel, overridesFileSchema } from '../stacks/oncall-schema';
import { planOnCall } from '../constructs/oncall/plan';
import { type OnCallOverride, type TeamPreview, overrideProblems, previewOnCall, today } from '../constructs/oncall/preview';
import { displayName, previewHtml } from '../constructs/oncall/preview-html';
import { parseDate } from '../constructs/oncall/time';
import { UsageError, guard, problemsFound, readYamlFile, unusable, withExitCodes } from './input';

function weeksOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 53) throw new InvalidArgumentError('a whole number of weeks from 1 to 53');
  return n;
}

function dateOption(value: string): string {
  if (!parseDate(value)) throw new InvalidArgumentError('a date, YYYY-MM-DD');
  return value;
}

/** The overrides of a file, or its problems (each a line naming the file). */
function readOverrides(file: string): { overrides: OnCallOverride[] } | { problems: string[] } {
  const input = readYamlFile(file);
  if (!input.ok) return { problems: [input.problem] };
  const parsed = overridesFileSchema.safeParse(input.value);
  if (parsed.success) return { overrides: parsed.data.overrides };
  const path = (keys: readonly PropertyKey[]) => keys.map((k, n) => (typeof k === 'number' ? `[${k}]` : `${n === 0 ? '' : '.'}${String(k)}`)).join('') || '(top level)';
  return { problems: parsed.error.issues.map((i) => `${file}: ${path(i.path)}: ${i.message}`) };
}

const who = (email: string | null) => (email === null ? 'nobody' : `${displayName(email)} <${email}>`);
const local = (rfc: string) => rfc.slice(0, 16).replace('T', ' ');

function text(t: TeamPreview): string[] {
  const lines = [`${t.team} (${t.name}, ${t.timeZone}): ${local(t.from)} to ${local(t.to)}`];
  for (const s of t.shifts) lines.push(`  ${s.schedule.padEnd(9)} ${local(s.start)} – ${local(s.end)}  ${who(s.who)} (${s.hours} h)`);
  lines.push('  load:     person                         shifts  primary h  secondary h  night h  weekend h');
  for (const f of t.fairness) {
    lines.push(`            ${displayName(f.who).padEnd(30)} ${String(f.primaryShifts).padStart(6)} ${String(f.primaryHours).padStart(10)} ${String(f.secondaryHours).padStart(12)} ${String(f.nightHours).padStart(8)} ${String(f.weekendHours).padStart(10)}`);
  }
  if (t.uncovered.length === 0) lines.push('  uncovered: none');
  for (const u of t.uncovered) lines.push(`  uncovered: ${local(u.start)} – ${local(u.end)} (${u.hours} h)`);
  for (const d of t.doubleBooked) lines.push(`  conflict: ${who(d.who)} is primary and secondary at once ${local(d.start)} – ${local(d.end)} (${d.hours} h)`);
  return lines;
}

/** `houndstack oncall preview`: who is on call when, from the plan synth deploys, with local overrides. */
export function oncallCommand(): Command {
  const oncall = new Command('oncall').description('on-call teams, rotations and escalation of the accounts file');
  oncall
    .command('preview')
    .description(
      'who is primary and secondary when, hour by hour in each team\'s zone, from the schedules synth deploys; shift counts, night and weekend hours per person; hours nobody covers and anyone primary and secondary at once (exit 1 when there are any)',
    )
    .argument('[file]', `the accounts file (default: ${DEFAULT_ACCOUNTS_FILE} of the project)`)
    .option('--team <key>', 'only this team (a key of oncall.teams)')
    .option('--from <date>', 'first day, YYYY-MM-DD (local midnight in each team\'s zone)', dateOption)
    .addOption(new Option('--weeks <n>', 'how many weeks').argParser(weeksOption).default(1))
    .option('--overrides <file>', 'vacations and swaps to lay on top (YAML: overrides: [{ team, from, to, who, schedule?, reason? }])')
    .option('--html <file>', 'also write a week-by-week calendar page to this file')
    .option('--json', 'print the preview as JSON (hours, shifts, load, uncovered per team)')
    .action((file: string | undefined, options: { team?: string; from?: string; weeks: number; overrides?: string; html?: string; json?: boolean }) =>
      guard(() => {
        const path = file ?? defaultAccountsFile();
        let accounts;
        try {
          accounts = loadAccountsFile(path);
        } catch (error) {
          if (!(error instanceof AccountsFileError)) throw error;
          // A file that does not validate cannot be previewed: unusable input, every problem on its line.
          for (const p of error.problems) unusable(`${path}: ${p}`);
          return;
        }
        if (!accounts.oncall) throw new UsageError(`${path}: no oncall: section; define teams under oncall.teams`);
        const plan = planOnCall(onCallModel(accounts.oncall));
        if (options.team !== undefined && !plan.teams.some((t) => t.spec.key === options.team)) {
          throw new UsageError(`${path}: --team ${options.team}: no such team in oncall.teams (known: ${plan.teams.map((t) => t.spec.key).join(', ')})`);
        }
        let overrides: OnCallOverride[] = [];
        if (options.overrides) {
          const read = readOverrides(options.overrides);
          const problems = 'problems' in read ? read.problems : overrideProblems(plan, read.overrides).map((p) => `${options.overrides}: ${p}`);
          if (problems.length > 0) {
            for (const p of problems) unusable(p);
            return;
          }
          overrides = 'overrides' in read ? read.overrides : [];
        }
        const preview = previewOnCall(plan, {
          from: options.from ?? today(Date.now(), 'UTC'),
          weeks: options.weeks,
          ...(options.team !== undefined ? { team: options.team } : {}),
          overrides,
        });
        if (options.html) {
          writeFileSync(options.html, previewHtml(preview, options.overrides ? `${path} with ${options.overrides}` : path));
          process.stderr.write(`wrote ${options.html}\n`);
        }
        if (options.json) console.log(JSON.stringify(preview, null, 2));
        else console.log(preview.teams.flatMap(text).join('\n'));
        if (preview.teams.some((t) => t.uncovered.length > 0 || t.doubleBooked.length > 0)) problemsFound();
      }),
    );
  return withExitCodes(oncall);
}
