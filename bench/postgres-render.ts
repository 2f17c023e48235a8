/*
 * Postgres check rendering at scale: 100 instances × 5 custom queries (500 queries). Target: render under 1 s.
 * Each step runs RUNS times in this process; the median is printed, with its ratio to a plain JSON.stringify of the
 * same rendered config (the cheapest possible serializer) measured in the same run.
 *
 *   npx tsx bench/postgres-render.ts
 */
import {
  connectionStates,
  connectionUsage,
  idleInTransactionAge,
  longRunningQueries,
  postgresCheckToAutodiscoveryJson,
  postgresCheckToYaml,
  renderPostgresCheck,
  SecretValue,
  validatePostgresCheck,
  type PostgresCheckConfig,
} from '../constructs/postgres-check';
import { medianMs } from './median';

const RUNS = 7;
const INSTANCES = 100;

function config(): PostgresCheckConfig {
  return {
    instances: Array.from({ length: INSTANCES }, (_, i) => ({
      host: `db-${i}.internal`,
      username: 'datadog',
      password: SecretValue.secretsManager(`prod/db-${i}`, 'password'),
      dbname: `app_${i}`,
      tags: [`team:t${i % 7}`, 'env:prod'],
      customQueries: [
        connectionStates(),
        idleInTransactionAge(),
        connectionUsage(),
        longRunningQueries({ thresholdSeconds: 30 }),
        {
          name: `orders_${i}`,
          metricPrefix: `app${i}.orders`,
          query: `SELECT status, COUNT(*), COALESCE(SUM(amount), 0) FROM orders_${i} WHERE created_at > now() - interval '1 hour' GROUP BY status`,
          columns: [{ name: 'status', type: 'tag' }, { name: 'count', type: 'gauge' }, { name: 'amount', type: 'gauge' }],
          collectionIntervalSeconds: 60,
        },
      ],
    })),
  };
}

const median = (fn: () => unknown): number => medianMs(fn, RUNS);

const cfg = config();
const queries = cfg.instances.reduce((n, i) => n + (i.customQueries?.length ?? 0), 0);
const rendered = renderPostgresCheck(cfg);
const baseline = median(() => JSON.stringify(rendered));
const rows: Array<[string, number]> = [
  ['JSON.stringify of the rendered config (baseline)', baseline],
  ['renderPostgresCheck', median(() => renderPostgresCheck(cfg))],
  ['toYaml (render + YAML)', median(() => postgresCheckToYaml(cfg))],
  ['toAutodiscoveryJson', median(() => postgresCheckToAutodiscoveryJson(cfg))],
  ['validatePostgresCheck (render + every check)', median(() => validatePostgresCheck(cfg))],
];
console.log(`${INSTANCES} instances, ${queries} custom queries; median of ${RUNS} runs; target: toYaml < 1000 ms`);
for (const [name, ms] of rows) console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / baseline).toFixed(1).padStart(7)}×`);
const problems = validatePostgresCheck(cfg);
if (problems.length > 0) throw new Error(`benchmark config is invalid: ${problems[0]!.path}: ${problems[0]!.message}`);
