import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Client, type ClientConfig } from 'pg';

/** A running embedded PostgreSQL (loopback only), owned by one test file. */
export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The superuser. */
  readonly user: string;
  readonly password: string;
  /** Port of the streaming standby, when started with `{ replica: true }`. */
  readonly replicaPort?: number;
  /** `postgres://user:password@127.0.0.1:port/db` for the superuser, or for the given user. */
  url(options?: { database?: string; user?: string; password?: string }): string;
  /** A connected client; closed by the helper after the file's tests unless closed before. */
  connect(options?: Partial<ClientConfig>): Promise<Client>;
}

async function start(replica: boolean): Promise<{ server: PostgresServer; stop: () => Promise<void> }> {
  const args = [path.join(__dirname, 'embedded-postgres-server.mjs'), ...(replica ? ['--replica'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const info = await new Promise<{ port: number; user: string; password: string; replicaPort?: number }>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d) => {
      stdout += String(d);
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve(JSON.parse(line!));
    });
    child.once('exit', (code) => reject(new Error(`embedded postgres exited (${code}): ${stderr}`)));
  });
  const clients = new Set<Client>();
  const server: PostgresServer = {
    host: '127.0.0.1',
    port: info.port,
    user: info.user,
    password: info.password,
    replicaPort: info.replicaPort,
    url: (o = {}) =>
      `postgres://${encodeURIComponent(o.user ?? info.user)}:${encodeURIComponent(o.password ?? info.password)}@127.0.0.1:${info.port}/${o.database ?? 'postgres'}`,
    connect: async (options = {}) => {
      const client = new Client({ host: '127.0.0.1', port: info.port, user: info.user, password: info.password, database: 'postgres', ...options });
      await client.connect();
      clients.add(client);
      client.once('end', () => clients.delete(client));
      return client;
    },
  };
  const stop = async () => {
    await Promise.all([...clients].map((c) => c.end().catch(() => undefined)));
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end(); // the server script stops postgres and deletes its data directory
    await exited;
  };
  return { server, stop };
}

/**
 * One embedded PostgreSQL per test file (with `replica: true`, plus a streaming standby): started in beforeAll,
 * stopped and deleted in afterAll. Returns a getter, since the server exists only once beforeAll has run.
 */
export function useEmbeddedPostgres(options: { replica?: boolean } = {}): () => PostgresServer {
  let running: { server: PostgresServer; stop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    running = await start(options.replica ?? false);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error('embedded postgres is not running (use it inside a test)');
    return running.server;
  };
}
