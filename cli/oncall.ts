import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDocument } from 'yaml';
import { AccountsFileError, DEFAULT_ACCOUNTS_FILE, loadAccountsFile } from '../stacks/accounts-file';
import { onCallModel, overridesFileSchema } from '../stacks/oncall-schema';
import { planOnCall } from '../constructs/oncall/plan';
import { type OnCallOverride, type TeamPreview, overrideProblems, previewOnCall, today } from '../constructs/oncall/preview';
import { displayName, previewHtml } from '../constructs/oncall/preview-html';
import { parseDate } from '../constructs/oncall/time';

/** Unusable input: the lines are printed and the command exits 2. */
class UnusableInput extends Error {
  constructor(public readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

function weeksOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 53) throw new InvalidArgumentError('a whole number of weeks from 1 to 53');
  return n;
}

function dateOption(value: string): string {
  if (!parseDate(value)) throw new InvalidArgumentError('a date, YYYY-MM-DD');
  return value;
}

function readOverrides(file: string): OnCallOverride[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UnusableInput([`error: ${file}: cannot read the overrides file`]);
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) throw new UnusableInput(document.errors.map((e) => `error: ${file}: ${e.message.split('\n')[0]}`));
  const parsed = overridesFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new UnusableInput(parsed.error.issues.map((i) => `error: ${file}: ${i.path.map((k, n) => (typeof k === 'number' ? `[${k}]` : `${n === 0 ? '' : '.'}${String(k)}`)).join('') || '(top level)'}: ${i.message}`));
  }
  return parsed.data.overrides;
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
    .argument('[file]', 'the accounts file', DEFAULT_ACCOUNTS_FILE)
    .option('--team <key>', 'only this team (a key of oncall.teams)')
    .option('--from <date>', 'first day, YYYY-MM-DD (local midnight in each team\'s zone)', dateOption)
    .addOption(new Option('--weeks <n>', 'how many weeks').argParser(weeksOption).default(1))
    .option('--overrides <file>', 'vacations and swaps to lay on top (YAML: overrides: [{ team, from, to, who, schedule?, reason? }])')
    .option('--html <file>', 'also write a week-by-week calendar page to this file')
    .option('--json', 'print the preview as JSON (hours, shifts, load, uncovered per team)')
    .action((file: string, options: { team?: string; from?: string; weeks: number; overrides?: string; html?: string; json?: boolean }) => {
      try {
        let accounts;
        try {
          accounts = loadAccountsFile(file);
        } catch (error) {
          if (error instanceof AccountsFileError) throw new UnusableInput(error.problems.map((p) => `error: ${file}: ${p}`));
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UnusableInput([`error: ${file}: no such file`]);
          throw error;
        }
        if (!accounts.oncall) throw new UnusableInput([`error: ${file}: no oncall: section; define teams under oncall.teams`]);
        const plan = planOnCall(onCallModel(accounts.oncall));
        if (options.team !== undefined && !plan.teams.some((t) => t.spec.key === options.team)) {
          throw new UnusableInput([`error: ${file}: --team ${options.team}: no such team in oncall.teams (known: ${plan.teams.map((t) => t.spec.key).join(', ')})`]);
        }
        const overrides = options.overrides ? readOverrides(options.overrides) : [];
        const bad = overrideProblems(plan, overrides);
        if (bad.length > 0) throw new UnusableInput(bad.map((p) => `error: ${options.overrides}: ${p}`));
        const preview = previewOnCall(plan, {
          from: options.from ?? today(Date.now(), 'UTC'),
          weeks: options.weeks,
          ...(options.team !== undefined ? { team: options.team } : {}),
          overrides,
        });
        if (options.html) {
          writeFileSync(options.html, previewHtml(preview, options.overrides ? `${file} with ${options.overrides}` : file));
          console.error(`wrote ${options.html}`);
        }
        if (options.json) console.log(JSON.stringify(preview, null, 2));
        else console.log(preview.teams.flatMap(text).join('\n'));
        if (preview.teams.some((t) => t.uncovered.length > 0 || t.doubleBooked.length > 0)) process.exitCode = 1;
      } catch (error) {
        if (!(error instanceof UnusableInput)) throw error;
        for (const line of error.lines) console.log(line);
        process.exitCode = 2;
      }
    });
  return oncall;
}
