import { Command, Option } from 'commander';
import {
  convertLegacyConfig,
  fragmentAsConfig,
  fragmentPath,
  fragmentQueries,
  fromAgentConfig,
  parseAgentYaml,
} from '../constructs/postgres-check/agent-config';
import { agentYaml, postgresCheckToYaml, renderCustomQuery, renderPostgresCheck } from '../constructs/postgres-check/render';
import { formatProblem, type PostgresCheckConfig, type PostgresDelivery, type Problem } from '../constructs/postgres-check/types';
import { validateAgentConfig, validateCustomQuery, validatePostgresCheck } from '../constructs/postgres-check/validate';
import { formatSubmission, PreviewConnectionError, previewQueries, type PreviewTarget } from './pg-preview';
import { guard, InputError, problemsFound, readTextFile, UsageError, valueOrThrow, withExitCodes } from './input';

const DELIVERIES: PostgresDelivery[] = ['host', 'ecs', 'kubernetes', 'helm', 'cluster-check', 'file'];

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an Agent config as the Agent does (YAML 1.1); a file that cannot be used is one line naming it (exit 2). */
function readConfig(file: string): unknown {
  const text = valueOrThrow(readTextFile(file));
  try {
    return parseAgentYaml(text);
  } catch (e) {
    const at = (e as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new InputError(`${file}: ${at ? `line ${at.line}, column ${at.col}: ` : ''}not valid YAML: ${(e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}

/** Runs a command: accounts-file problems (a preview of an accounts file) are `error: <file>: …` lines and exit 1. */
async function reporting(file: string, run: () => void | Promise<void>): Promise<void> {
  await guard(async () => {
    try {
      await run();
    } catch (e) {
      const problems = (e as { problems?: unknown; unusable?: boolean }).problems;
      if (!Array.isArray(problems)) throw e;
      if ((e as { unusable?: boolean }).unusable) throw new InputError(`${file}: ${String(problems[0])}`);
      for (const p of problems) console.log(`error: ${file}: ${String(p)}`);
      problemsFound();
    }
  });
}

const printProblems = (file: string, problems: Problem[], print: (line: string) => void) =>
  problems.forEach((p) => print(`error: ${file}: ${formatProblem(p)}`));

/** What the Agent does about a problem, in the words of `pg check`'s lines. */
const AGENT_VERDICT: Record<NonNullable<Problem['effect']>, string> = {
  refuses: 'instance skipped',
  crashes: 'check run crashes',
  'skips-rows': 'rows skipped',
};

/**
 * The Agent's verdict, one line per problem naming the file: `error:` where the Agent refuses the instance,
 * crashes the check run or skips every row (said in brackets), `warning:` where it runs but not as meant.
 */
export function verdictLines(
  file: string,
  problems: readonly Problem[],
  fragment: boolean,
  json = false,
): { lines: string[]; errors: number; warnings: number } {
  const lines: string[] = [];
  let errors = 0;
  for (const p of problems) {
    const path = fragment ? fragmentPath(p.path) : p.path;
    if (p.effect) errors++;
    if (json) {
      lines.push(JSON.stringify({ file, severity: p.effect ? 'error' : 'warning', path, message: p.message, ...(p.effect ? { agent: AGENT_VERDICT[p.effect] } : {}) }));
    } else if (p.effect) {
      lines.push(`error: ${file}: ${path}: ${p.message} [${AGENT_VERDICT[p.effect]}]`);
    } else {
      lines.push(`warning: ${file}: ${path}: ${p.message}`);
    }
  }
  return { lines, errors, warnings: problems.length - errors };
}

function check(file: string, options: { convert?: boolean; delivery?: PostgresDelivery; strict?: boolean; json?: boolean }): void {
  const { config: raw, fragment } = fragmentAsConfig(readConfig(file));
  const context = { delivery: options.delivery, fragment: fragment !== undefined };
  if (!options.convert) {
    const { lines, errors, warnings } = verdictLines(file, validateAgentConfig(raw, context), fragment !== undefined, options.json === true);
    for (const line of lines) console.log(line);
    if (errors > 0 || (options.strict === true && warnings > 0)) problemsFound();
    else if (lines.length === 0 && options.json !== true) console.log('ok');
    return;
  }
  if (options.json === true) throw new UsageError('--json prints the verdict; it does not combine with --convert, which prints YAML');
  // --convert: legacy entries become custom_queries, then the whole config goes through houndstack's model.
  const legacy = convertLegacyConfig(raw);
  if (fragment !== undefined) {
    convertFragment(file, legacy, context);
    return;
  }
  const problems = [...legacy.problems, ...validateAgentConfig(legacy.config, context)];
  if (problems.length === 0) {
    const { config, dropped } = fromAgentConfig(legacy.config);
    for (const key of dropped) console.error(`warning: ${file}: ${key}: not in houndstack's postgres model; not carried over`);
    problems.push(...validatePostgresCheck(config, context));
    if (problems.length === 0) {
      process.stdout.write(postgresCheckToYaml(config));
      return;
    }
  }
  printProblems(file, problems, console.error);
  problemsFound();
}

/**
 * A fragment converts to a fragment: `custom_queries:` with the legacy entries converted, each query through
 * houndstack's model (strict: what houndstack writes has no problem at all).
 */
function convertFragment(file: string, legacy: { config: unknown; problems: Problem[] }, context: { delivery?: PostgresDelivery; fragment: boolean }): void {
  const problems = [...legacy.problems, ...validateAgentConfig(legacy.config, context)];
  const queries = problems.length === 0 ? fragmentQueries(legacy.config) : [];
  queries.forEach((q, i) => problems.push(...validateCustomQuery(q, `custom_queries[${i}]`)));
  if (problems.length === 0) {
    process.stdout.write(agentYaml({ custom_queries: queries.map(renderCustomQuery) }));
    return;
  }
  problems.forEach((p) => console.error(`error: ${file}: ${fragmentPath(formatProblem(p))}`));
  problemsFound();
}

/** The queries an instance runs, in the Agent's order: its own, then the globals per use_global_custom_queries. */
function appliedQueries(raw: Mapping, instance: Mapping, i: number): PreviewTarget[] {
  const own = Array.isArray(instance['custom_queries']) ? instance['custom_queries'] : [];
  const targets: PreviewTarget[] = own.map((q, j) => ({ where: `instances[${i}].custom_queries[${j}]`, query: q as Mapping }));
  const init = isMapping(raw['init_config']) ? raw['init_config'] : {};
  const globals = Array.isArray(init['global_custom_queries']) ? init['global_custom_queries'] : [];
  const mode = instance['use_global_custom_queries'] ?? 'true';
  if (mode === 'extend' || (mode === 'true' && own.length === 0)) {
    globals.forEach((q, j) => targets.push({ where: `init_config.global_custom_queries[${j}]`, query: q as Mapping }));
  }
  // Identical queries run once (QueryManager's iter_unique), which also decides their `custom query #N`.
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = JSON.stringify(t.query);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The Agent-form configs a preview covers: the conf.yaml itself, or every `postgres:` check of an accounts file. */
function previewSources(file: string, options: { account?: string }): Array<{ label: string; raw: unknown; fragment?: boolean }> {
  const raw = readConfig(file);
  if (!isMapping(raw) || !('accounts' in raw)) {
    if (options.account !== undefined) throw new UsageError(`--account ${options.account}: ${file} is an Agent config, not an accounts file; --account selects an account of an accounts file`);
    // A custom_queries: fragment previews as one instance's queries.
    const { config, fragment } = fragmentAsConfig(raw);
    return [{ label: '', raw: config, fragment: fragment !== undefined }];
  }
  // Accounts-file `postgres:` entries are mapped onto the model by stacks/postgres.ts (the delivery work).
  let accountsFile: { loadAccountsFile(f: string): { accounts: Array<{ alias: string; postgres?: Array<{ name: string }> }> } };
  let postgres: { postgresCheckConfig(entry: unknown): PostgresCheckConfig };
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    accountsFile = require('../stacks/accounts-file');
    postgres = require('../stacks/postgres');
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /stacks\/(postgres|accounts-file)'/.test((e as Error).message);
    if (!missing) throw e;
    throw new InputError(`${file}: an accounts file, but this houndstack has no postgres: support in accounts files (stacks/postgres.ts)`);
  }
  const sources: Array<{ label: string; raw: unknown }> = [];
  const { accounts } = accountsFile.loadAccountsFile(file);
  if (options.account !== undefined && !accounts.some((a) => a.alias === options.account)) {
    throw new UsageError(`--account ${options.account} selects nothing: the accounts of ${file} are ${accounts.map((a) => a.alias).join(', ')}`);
  }
  for (const account of accounts) {
    if (options.account !== undefined && account.alias !== options.account) continue;
    for (const entry of account.postgres ?? []) {
      sources.push({ label: `${account.alias}/${entry.name}: `, raw: renderPostgresCheck(postgres.postgresCheckConfig(entry)) });
    }
  }
  if (sources.length === 0) {
    const which = options.account !== undefined ? `account ${options.account} has` : `the accounts of ${file} have`;
    throw new UsageError(`nothing to preview: ${which} no postgres: checks`);
  }
  return sources;
}

/** The connection URL, checked before anything runs; shown everywhere without its password. */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(redact(url))}: not a URL; expected postgres://user[:password]@host[:port]/database`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new UsageError(`--url ${redact(url)}: expected a postgres:// or postgresql:// URL, not ${parsed.protocol}//`);
  }
}

/** `--instance`: an index (0, 1, …) that must exist in every previewed config. */
function instanceIndex(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--instance ${value}: expected an instance index: 0 for the first instance, 1 for the second…`);
  return Number(value);
}

async function preview(file: string, options: { url: string; instance?: string; account?: string }): Promise<void> {
  checkUrl(options.url);
  const instance = instanceIndex(options.instance);
  const sources = previewSources(file, options);
  if (instance !== undefined) {
    const counts = sources.map((s) => (isMapping(s.raw) && Array.isArray(s.raw['instances']) ? s.raw['instances'].length : 0));
    if (counts.every((n) => instance >= n)) {
      const have = counts.map((n, i) => `${sources[i]!.label.replace(/: $/, '') || file}: ${n === 0 ? 'no instances' : n === 1 ? 'instance 0' : `instances 0–${n - 1}`}`);
      throw new UsageError(`--instance ${instance} selects nothing: ${have.join('; ')}`);
    }
  }
  let failed = false;
  for (const source of sources) {
    if (!(await previewConfig(file, source.raw, source.label, { ...options, instance, fragment: source.fragment === true }))) failed = true;
  }
  if (failed) problemsFound();
}

/** Previews one config; false when the Agent would log an error or submit nothing. */
async function previewConfig(
  file: string,
  original: unknown,
  label: string,
  options: { url: string; instance?: number | undefined; fragment?: boolean },
): Promise<boolean> {
  const legacy = convertLegacyConfig(original);
  const raw = legacy.config;
  const fragment = options.fragment === true;
  const problems = [...legacy.problems, ...validateAgentConfig(raw, { fragment })];
  const where = (path: string) => (fragment ? fragmentPath(path) : path);
  const print = (p: Problem) => console.log(`error: ${file}: ${label}${where(formatProblem(p))}`);
  if (!isMapping(raw) || !Array.isArray(raw['instances'])) {
    problems.forEach(print);
    return false;
  }
  let ok = true;
  for (const [i, instance] of raw['instances'].entries()) {
    if (options.instance !== undefined && options.instance !== i) continue;
    if (!isMapping(instance)) continue;
    // Printed once the instance's outcome is known: a preview that cannot connect prints nothing on stdout.
    const header = () => {
      console.log(`# ${label}${fragment ? 'the queries of the fragment' : `instances[${i}]`}${typeof instance['host'] === 'string' ? ` (${instance['host']})` : ''} against ${redact(options.url)}`);
      console.log('# tags shown: instance tags, query tags, tag columns (the Agent adds its own, such as db: and port:)');
    };
    const targets = appliedQueries(raw, instance, i);
    // The Agent refuses an instance whose queries do not compile, and crashes on unknown metric modifiers: nothing is sent.
    const blocking = problems.filter(
      (p) => (p.effect === 'refuses' || p.effect === 'crashes') && (p.path.startsWith(`instances[${i}]`) || targets.some((t) => p.path.startsWith(t.where))),
    );
    if (blocking.length > 0) {
      header();
      blocking.forEach(print);
      console.log(`error: ${file}: ${label}${fragment ? 'the fragment' : `instances[${i}]`}: the Agent would submit nothing for this instance`);
      ok = false;
      continue;
    }
    let result: Awaited<ReturnType<typeof previewQueries>>;
    try {
      result = await previewQueries(options.url, targets, {
        instanceTags: Array.isArray(instance['tags']) ? (instance['tags'] as string[]) : [],
        queryTimeoutMs: typeof instance['query_timeout'] === 'number' ? instance['query_timeout'] : undefined,
      });
    } catch (e) {
      // Unreachable server, refused login, unknown database: the preview cannot run at all (exit 2).
      if (e instanceof PreviewConnectionError) throw new InputError(`${redact(options.url)}: ${e.message}`);
      throw e;
    }
    const { outcomes, crash } = result;
    header();
    for (const outcome of outcomes) {
      console.log(`## ${label}${where(outcome.where)} (${outcome.agentName}): ${outcome.submissions.length} submission${outcome.submissions.length === 1 ? '' : 's'}`);
      for (const s of outcome.submissions) console.log(formatSubmission(s));
      for (const e of outcome.errors) console.log(`error: ${file}: ${label}${where(outcome.where)}: ${e}`);
      if (outcome.errors.length > 0) ok = false;
    }
    if (crash) {
      console.log(`error: ${file}: ${label}${crash}`);
      console.log(`error: ${file}: ${label}instances[${i}]: the check run crashes: nothing above is actually submitted`);
      ok = false;
    }
  }
  return ok;
}

/** The URL without its password (user:password@ and ?password=), for every message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

export function pgCommand(): Command {
  const pg = new Command('pg').description("the Datadog Agent's postgres check: validate, convert and preview custom queries");
  const check_ = withExitCodes(new Command('check'));
  pg.addCommand(check_);
  check_
    .description(
      [
        "The Agent's verdict on a postgres config, one line per problem naming the file,",
        'or "ok":',
        '  error: <file>: <where>: <what> [<what the Agent does>]',
        '    what the Agent refuses (exit 1): instance skipped, check run crashes,',
        '    rows skipped',
        '  warning: <file>: <where>: <what>',
        '    what it runs, but not as meant: a literal password, a tag Datadog',
        '    rewrites… (exit 0; 1 with --strict)',
        'A file holding only custom_queries: or custom_metrics: (or a bare list of',
        "entries) is checked as one instance's queries.",
      ].join('\n'),
    )
    .argument('<conf.yaml>', 'an Agent postgres config (conf.d/postgres.d/conf.yaml), modern or legacy custom_metrics, or a fragment')
    .option('--convert', 'print the equivalent modern config (legacy custom_metrics converted) through houndstack\'s model; a fragment converts to custom_queries:')
    .option('--strict', 'exit 1 on warnings too')
    .option('--json', 'one JSON object per problem: {"file","severity","path","message"} and, on errors, "agent" (what the Agent does); nothing when there is none')
    .addOption(new Option('--delivery <kind>', 'check template variables for this delivery').choices(DELIVERIES))
    .action((file: string, options: { convert?: boolean; delivery?: PostgresDelivery; strict?: boolean; json?: boolean }) => reporting(file, () => check(file, options)));
  const preview_ = withExitCodes(new Command('preview'));
  pg.addCommand(preview_);
  preview_
    .description(
      'run each custom query against a live database and print what the Agent would submit;\n' +
        'an unreachable server, a refused login, an unknown database or a selection that matches nothing is exit 2',
    )
    .argument('<file>', 'an Agent postgres config (conf.yaml), or an accounts file (its postgres: checks)')
    .requiredOption('--url <postgres://…>', 'database to run the queries on (connection fields of the file are not used)')
    .option('--instance <index>', 'only this instance of each config (0 is the first)')
    .option('--account <alias>', 'accounts file: only this account')
    .action((file: string, options: { url: string; instance?: string; account?: string }) => reporting(file, () => preview(file, options)));
  return pg;
}
