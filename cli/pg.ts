import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  convertLegacyConfig,
  fromAgentConfig,
  parseAgentYaml,
} from '../constructs/postgres-check/agent-config';
import { postgresCheckToYaml, renderPostgresCheck } from '../constructs/postgres-check/render';
import { formatProblem, type PostgresCheckConfig, type PostgresDelivery, type Problem } from '../constructs/postgres-check/types';
import { validateAgentConfig, validatePostgresCheck } from '../constructs/postgres-check/validate';
import { formatSubmission, previewQueries, type PreviewTarget } from './pg-preview';

const DELIVERIES: PostgresDelivery[] = ['host', 'ecs', 'kubernetes', 'helm', 'cluster-check', 'file'];

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A file that cannot be read or parsed: reported as `error: <file>: <what>`, not as a stack trace. */
class UnreadableFile extends Error {}

function readConfig(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableFile((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  try {
    return parseAgentYaml(text);
  } catch (e) {
    throw new UnreadableFile(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Runs a command, turning an unreadable file (or accounts-file problems) into `error:` lines and exit code 1. */
async function reporting(file: string, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const problems = (e as { problems?: unknown }).problems;
    if (e instanceof UnreadableFile) console.log(`error: ${file}: ${e.message}`);
    else if (Array.isArray(problems)) for (const p of problems) console.log(`error: ${file}: ${String(p)}`);
    else throw e;
    process.exitCode = 1;
  }
}

const printProblems = (problems: Problem[], print: (line: string) => void) => problems.forEach((p) => print(`error: ${formatProblem(p)}`));

function check(file: string, options: { convert?: boolean; delivery?: PostgresDelivery }): void {
  const raw = readConfig(file);
  const context = { delivery: options.delivery };
  if (!options.convert) {
    const problems = validateAgentConfig(raw, context);
    printProblems(problems, console.log);
    if (problems.length > 0) process.exitCode = 1;
    else console.log('ok');
    return;
  }
  // --convert: legacy entries become custom_queries, then the whole config goes through houndstack's model.
  const legacy = convertLegacyConfig(raw);
  const problems = [...legacy.problems, ...validateAgentConfig(legacy.config, context)];
  if (problems.length === 0) {
    const { config, dropped } = fromAgentConfig(legacy.config);
    for (const key of dropped) console.error(`warning: ${key}: not in houndstack's postgres model; not carried over`);
    problems.push(...validatePostgresCheck(config, context));
    if (problems.length === 0) {
      process.stdout.write(postgresCheckToYaml(config));
      return;
    }
  }
  printProblems(problems, console.error);
  process.exitCode = 1;
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
function previewSources(file: string, options: { account?: string }): Array<{ label: string; raw: unknown }> {
  const raw = readConfig(file);
  if (!isMapping(raw) || !('accounts' in raw)) return [{ label: '', raw }];
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
    throw new UnreadableFile('an accounts file, but this houndstack has no postgres: support in accounts files (stacks/postgres.ts)');
  }
  const sources: Array<{ label: string; raw: unknown }> = [];
  for (const account of accountsFile.loadAccountsFile(file).accounts) {
    if (options.account !== undefined && account.alias !== options.account) continue;
    for (const entry of account.postgres ?? []) {
      sources.push({ label: `${account.alias}/${entry.name}: `, raw: renderPostgresCheck(postgres.postgresCheckConfig(entry)) });
    }
  }
  return sources;
}

async function preview(file: string, options: { url: string; instance?: string; account?: string }): Promise<void> {
  let failed = false;
  for (const source of previewSources(file, options)) {
    if (!(await previewConfig(source.raw, source.label, options))) failed = true;
  }
  if (failed) process.exitCode = 1;
}

/** Previews one config; false when the Agent would log an error or submit nothing. */
async function previewConfig(original: unknown, label: string, options: { url: string; instance?: string }): Promise<boolean> {
  const legacy = convertLegacyConfig(original);
  const raw = legacy.config;
  const problems = [...legacy.problems, ...validateAgentConfig(raw)];
  const print = (p: Problem) => console.log(`error: ${label}${formatProblem(p)}`);
  if (!isMapping(raw) || !Array.isArray(raw['instances'])) {
    problems.forEach(print);
    return false;
  }
  let ok = true;
  for (const [i, instance] of raw['instances'].entries()) {
    if (options.instance !== undefined && Number(options.instance) !== i) continue;
    if (!isMapping(instance)) continue;
    console.log(`# ${label}instances[${i}]${typeof instance['host'] === 'string' ? ` (${instance['host']})` : ''} against ${redact(options.url)}`);
    console.log('# tags shown: instance tags, query tags, tag columns (the Agent adds its own, such as db: and port:)');
    const targets = appliedQueries(raw, instance, i);
    // The Agent refuses an instance whose queries do not compile, and crashes on unknown metric modifiers: nothing is sent.
    const blocking = problems.filter(
      (p) => (p.effect === 'refuses' || p.effect === 'crashes') && (p.path.startsWith(`instances[${i}]`) || targets.some((t) => p.path.startsWith(t.where))),
    );
    if (blocking.length > 0) {
      blocking.forEach(print);
      console.log(`error: ${label}instances[${i}]: the Agent would submit nothing for this instance`);
      ok = false;
      continue;
    }
    const { outcomes, crash } = await previewQueries(options.url, targets, {
      instanceTags: Array.isArray(instance['tags']) ? (instance['tags'] as string[]) : [],
      queryTimeoutMs: typeof instance['query_timeout'] === 'number' ? instance['query_timeout'] : undefined,
    });
    for (const outcome of outcomes) {
      console.log(`## ${label}${outcome.where} (${outcome.agentName}): ${outcome.submissions.length} submission${outcome.submissions.length === 1 ? '' : 's'}`);
      for (const s of outcome.submissions) console.log(formatSubmission(s));
      for (const e of outcome.errors) console.log(`error: ${label}${outcome.where}: ${e}`);
      if (outcome.errors.length > 0) ok = false;
    }
    if (crash) {
      console.log(`error: ${label}${crash}`);
      console.log(`error: ${label}instances[${i}]: the check run crashes: nothing above is actually submitted`);
      ok = false;
    }
  }
  return ok;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export function pgCommand(): Command {
  const pg = new Command('pg').description("the Datadog Agent's postgres check: validate, convert and preview custom queries");
  pg.command('check')
    .description('print every problem the Agent would raise, one per line, as `error: <where>: <what>` (exit 1), or `ok`')
    .argument('<conf.yaml>', 'an Agent postgres config (conf.d/postgres.d/conf.yaml), modern or legacy custom_metrics')
    .option('--convert', 'print the equivalent modern config (legacy custom_metrics converted) through houndstack\'s model')
    .addOption(new Option('--delivery <kind>', 'check template variables for this delivery').choices(DELIVERIES))
    .action((file: string, options: { convert?: boolean; delivery?: PostgresDelivery }) => reporting(file, () => check(file, options)));
  pg.command('preview')
    .description('run each custom query against a live database and print what the Agent would submit')
    .argument('<file>', 'an Agent postgres config (conf.yaml), or an accounts file (its postgres: checks)')
    .requiredOption('--url <postgres://…>', 'database to run the queries on (connection fields of the file are not used)')
    .option('--instance <index>', 'only this instance of each config')
    .option('--account <alias>', 'accounts file: only this account')
    .action((file: string, options: { url: string; instance?: string; account?: string }) => reporting(file, () => preview(file, options)));
  return pg;
}
