import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';

/**
 * houndstack as other people's stacks meet it: packed with `npm pack`, installed into a copy of a separate cdktf app
 * (__tests__/fixtures/consumer/) and synthesized there; and the `file:` layout, where the app links this checkout and
 * houndstack resolves its own node_modules.
 *
 * No network: the app's lock is written from this repository's package-lock.json (the same entries for houndstack's
 * dependencies), so `npm ci --offline` needs exactly the npm cache entries that this repository's own `npm ci` wrote.
 * The four peer packages (cdktf, constructs and two providers: 500 MB unpacked) are not extracted again: they are
 * linked from this repository's node_modules, where npm would put them, at the app's top level.
 */
const ROOT = join(__dirname, '..');
const FIXTURE = join(__dirname, 'fixtures', 'consumer');
const PEERS = ['cdktf', 'constructs', '@cdktf/provider-aws', '@cdktf/provider-datadog'];

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
interface LockEntry extends Partial<Manifest> {
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  optional?: boolean;
  [key: string]: unknown;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  // The app runs as a user's would: the compiled CLI, not the sources the rest of the suite runs.
  const inherited = { ...process.env };
  delete inherited.HOUNDSTACK_CLI_FROM_SOURCE;
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...inherited, ...env }, timeout: 120_000 });
}

function mustRun(command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The lock entry path that `name` resolves to from `from` (a lock path, '' for the root), as Node walks up. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let at = from; ; ) {
    const candidate = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (at === '') return undefined;
    const up = at.lastIndexOf('/node_modules/');
    at = up < 0 ? '' : at.slice(0, up);
  }
}

/** The app's lock: the root's, the tarball, and houndstack's dependency closure copied from this repository's lock. */
function consumerLock(app: Manifest, tarball: string): object {
  const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {
    '': { name: app.name, version: app.version, dependencies: app.dependencies },
    'node_modules/houndstack': {
      version: manifest.version,
      resolved: `file:${tarball}`,
      license: 'Apache-2.0',
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: { houndstack: 'bin/houndstack.js' },
    },
  };
  const queue = Object.keys(manifest.dependencies ?? {}).map((name) => ({ from: '', name, optional: false }));
  while (queue.length > 0) {
    const { from, name, optional } = queue.pop()!;
    const at = resolveInLock(rootLock.packages, from, name);
    if (!at) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'houndstack'}) is not in package-lock.json`);
    }
    if (packages[at]) continue;
    // Flags of the repository's tree (dev, devOptional, peer) are not true in the app's.
    const entry: LockEntry = { ...rootLock.packages[at]! };
    delete entry.dev;
    delete entry.devOptional;
    delete entry.peer;
    packages[at] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push({ from: at, name: dep, optional: false });
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: at, name: dep, optional: true });
  }
  return { name: app.name, version: app.version, lockfileVersion: 3, requires: true, packages };
}

/** A copy of the fixture app with houndstack at `houndstack` (a tarball installed by npm, or a link to this checkout). */
function consumerApp(parent: string, name: string, houndstack: { tarball: string } | { link: string }): string {
  const dir = join(parent, name);
  cpSync(FIXTURE, dir, { recursive: true });
  const app = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  if ('tarball' in houndstack) {
    const tarball = relative(dir, houndstack.tarball);
    const declared = { ...app, dependencies: { ...app.dependencies, houndstack: `file:${tarball}` } };
    // npm installs houndstack and its dependencies; the peers are linked below.
    const installing = { ...declared, dependencies: Object.fromEntries(Object.entries(declared.dependencies).filter(([n]) => !PEERS.includes(n))) };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(installing, null, 2));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(consumerLock(installing, tarball), null, 2));
    mustRun('npm', ['ci', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify(declared, null, 2));
  } else {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(houndstack.link, join(dir, 'node_modules', 'houndstack'), 'dir');
  }
  for (const peer of PEERS) {
    mkdirSync(dirname(join(dir, 'node_modules', peer)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', peer), join(dir, 'node_modules', peer), 'dir');
  }
  return dir;
}

let work: string;
let packed: { filename: string; size: number; files: { path: string }[] };
let tarballApp: string;
let linkedApp: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'houndstack-consumer-'));
  // Packed once per run, from a fresh build (what `prepare` does on npm pack and git installs).
  mustRun('npm', ['run', 'build', '--silent'], ROOT);
  packed = (JSON.parse(mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as typeof packed[])[0]!;
  tarballApp = consumerApp(work, 'tarball', { tarball: join(work, packed.filename) });
  linkedApp = consumerApp(work, 'file-link', { link: ROOT });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the tests break in the fixture's stack.js: one line each, replaced. */
const BREAKS = {
  runbook: ["        runbookUrl: 'https://runbooks.example.com/checkout/latency',\n", ''],
  imds: ["metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 }", "metadataOptions: { httpTokens: 'optional' }"],
} as const;

/**
 * `node main.js` in an app with its stack as in the fixture, or with one thing broken; `preserveSymlinks` keeps
 * linked packages separate module instances (what real copies are).
 */
function synth(dir: string, broken: keyof typeof BREAKS | 'nothing', preserveSymlinks = false): SpawnSyncReturns<string> {
  const original = readFileSync(join(FIXTURE, 'stack.js'), 'utf8');
  let stack = original;
  if (broken !== 'nothing') {
    const [from, to] = BREAKS[broken];
    if (!original.includes(from)) throw new Error(`fixture stack.js no longer contains ${JSON.stringify(from)}`);
    stack = original.replace(from, to);
  }
  writeFileSync(join(dir, 'stack.js'), stack);
  rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
  return run(process.execPath, [...(preserveSymlinks ? ['--preserve-symlinks'] : []), 'main.js'], dir);
}

describe('the packed library', () => {
  it('holds dist/, the IAM permission data, README, LICENSE and package.json, and nothing else', () => {
    const tops = [...new Set(packed.files.map((f) => (f.path.startsWith('constructs/') ? dirname(f.path) : f.path.split('/')[0])))].sort();
    expect(tops).toEqual(['LICENSE', 'README.md', 'bin', 'constructs/aws-integration/data', 'dist', 'package.json']);
    expect(packed.files.filter((f) => /(^|\/)(__tests__|bench|\.ci|examples)\/|\.test\.|\.map$|\.ts$(?<!\.d\.ts)/.test(f.path))).toEqual([]);
  });

  it('is at most 1 MB', () => {
    expect(packed.size).toBeLessThanOrEqual(1024 * 1024);
  });

  it('requires at run time only Node built-ins, its dependencies and its peers', () => {
    const dist = join(tarballApp, 'node_modules', 'houndstack', 'dist');
    const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const bare = new Set<string>();
    for (const f of files) {
      for (const [, spec] of readFileSync(join(dist, f), 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
        const name = spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
        if (!builtinModules.includes(name.replace(/^node:/, ''))) bare.add(name);
      }
    }
    expect([...bare].filter((n) => !allowed.has(n))).toEqual([]);
    expect(bare).toContain('pg');
  });
});

describe('a cdktf app that installs the tarball', () => {
  it('synthesizes the AWS integration, the monitor and the launch template when nothing is broken', () => {
    // …without the optional peers, which only the constructs that use them load.
    const optional = Object.keys(manifest.peerDependenciesMeta ?? {}).filter((n) => manifest.peerDependenciesMeta![n]!.optional);
    expect(optional.sort()).toEqual(['@cdktf/provider-pagerduty', '@cdktf/provider-postgresql']);
    expect(optional.filter((n) => existsSync(join(tarballApp, 'node_modules', n)))).toEqual([]);
    const result = synth(tarballApp, 'nothing');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(tarballApp, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(Object.keys(tf.resource).sort()).toEqual([
      'aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy_attachment', 'aws_launch_template',
      'datadog_integration_aws_account', 'datadog_integration_aws_external_id', 'datadog_monitor',
    ]);
    const [monitor] = Object.values(tf.resource.datadog_monitor!);
    expect(monitor).toMatchObject({ name: 'checkout p99 latency', message: expect.stringContaining('Runbook: https://runbooks.example.com/checkout/latency') });
  });

  it('snapshot-tests its stack with the packed library, as the README shows', () => {
    // The app's own test, run here: its stack.js, its houndstack (the tarball), one copy of cdktf.
    writeFileSync(join(tarballApp, 'stack.js'), readFileSync(join(FIXTURE, 'stack.js'), 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app's own CommonJS module
    const { ConsumerStack } = require(join(tarballApp, 'stack.js')) as { ConsumerStack: new (scope: unknown, id: string) => TerraformStack };
    const stack = new ConsumerStack(Testing.app(), 'consumer');
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });

  it('fails synth with HS-MON-1 for a paging monitor without a runbook', () => {
    const result = synth(tarballApp, 'runbook');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('[consumer/checkout-latency] HS-MON-1: pages @pagerduty-payments but the message has no runbook link.');
    expect(result.stderr).not.toContain('two copies of cdktf');
  });

  it('fails synth with HS-IMDS-2 for a launch template that allows IMDSv1', () => {
    const result = synth(tarballApp, 'imds');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('[consumer/ecs-workers] [HS-IMDS-2] A host that runs containers allows IMDSv1: metadata_options.http_tokens is "optional".');
  });

  it('type-checks a TypeScript app against the packed declarations', () => {
    const tsc = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], tarballApp);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('runs `npx houndstack --version` and a query check from the compiled CLI', () => {
    const version = run('npx', ['--offline', 'houndstack', '--version'], tarballApp);
    expect(version.stdout).toBe(`${manifest.version}\n`);
    expect(version.status).toBe(0);
    const check = run('npx', ['--offline', 'houndstack', 'query', 'check', 'queries.txt'], tarballApp);
    expect(check.stdout).toBe('ok\n');
    expect(check.status).toBe(0);
  });
});

describe('a cdktf app that links this checkout (file:), so houndstack loads its own cdktf', () => {
  it('fails synth with the second-copy message, and the rules still fire beside it', () => {
    const result = synth(linkedApp, 'runbook', true);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `[consumer] houndstack: two copies of cdktf are loaded: this stack is made with ${join(linkedApp, 'node_modules', 'cdktf')}, houndstack uses ${join(linkedApp, 'node_modules', 'houndstack', 'node_modules', 'cdktf')}.`,
    );
    expect(result.stderr).toContain('[consumer/checkout-latency] HS-MON-1: pages @pagerduty-payments but the message has no runbook link.');
  });

  it("adds houndstack's aspects through the app's cdktf, which runs them: finishStacks writes required_version", () => {
    // With cdktf's own opt-out of validations (so the second-copy message is not what stops it).
    writeFileSync(join(linkedApp, 'stack.js'), readFileSync(join(FIXTURE, 'stack.js'), 'utf8'));
    writeFileSync(
      join(linkedApp, 'finished.js'),
      [
        "const { App } = require('cdktf');",
        "const { finishStacks } = require('houndstack');",
        "const { ConsumerStack } = require('./stack');",
        "const app = new App({ skipValidation: true, outdir: 'finished.out' });",
        "new ConsumerStack(app, 'consumer');",
        'finishStacks(app);',
        'app.synth();',
      ].join('\n'),
    );
    const result = run(process.execPath, ['--preserve-symlinks', 'finished.js'], linkedApp);
    expect(result.stderr).toBe('');
    const tf = JSON.parse(readFileSync(join(linkedApp, 'finished.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8')) as { terraform: Record<string, unknown> };
    expect(tf.terraform.required_version).toMatch(/^>= \d+\.\d+/);
  });

  it('never exits 0, even when the app has nothing else wrong', () => {
    const result = synth(linkedApp, 'nothing', true);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('houndstack: two copies of cdktf are loaded');
  });
});
