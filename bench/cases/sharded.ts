import { App } from 'cdktf';
import { applyMonitorRules } from '../../constructs/rules/monitor-rules';
import { monitorShardStacks } from '../../stacks/monitor-shard-stack';
import { catalogEntries } from '../fixtures';

/** The fixture's teams: every monitor's key is `<team>/m-<i>`. */
const TEAMS = 40;

/**
 * The catalog split by team into MonitorShardStacks (provider, local state, one catalog each): one shard per 1,000
 * monitors and at least one per team — 40 stacks at 11,000 monitors, 100 at 100,000 (20 teams with 3 shards, 20
 * with 2), as a user gives big teams more shards.
 */
export function run(n: number, outdir: string): void {
  build(n, outdir).synth();
}

/** The same, with the hygiene rules (name uniqueness across all shards included) applied as main.ts does. */
export function withRules(n: number, outdir: string): void {
  const app = build(n, outdir);
  applyMonitorRules(app);
  app.synth();
}

function build(n: number, outdir: string): App {
  const total = Math.max(TEAMS, Math.round(n / 1000));
  const shardsOf = (team: string) => Math.floor(total / TEAMS) + (Number(team.slice('team-'.length)) < total % TEAMS ? 1 : 0);
  const app = new App({ outdir });
  monitorShardStacks(app, catalogEntries(n), { site: 'datadoghq.com', sharding: { by: (e) => e.key!.split('/')[0]!, shards: shardsOf } });
  return app;
}
