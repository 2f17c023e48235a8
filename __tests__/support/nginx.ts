import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The nginx binary the Debian package installs (.ci/debian-packages). Missing nginx is a failure, not a skip: CI
 * installs it with .ci/system-packages.
 */
export function nginxBinary(): string {
  const candidates = [...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'nginx')), '/usr/sbin/nginx'];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('nginx is not installed; run .ci/system-packages (it installs the Debian packages in .ci/debian-packages)');
  return found;
}

/** A free loopback port (closed again before returning). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A temporary nginx prefix: config, logs, pid and temp directories owned by the current user. */
export function nginxPrefix(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'houndstack-nginx-'));
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The lines every test config needs to run unprivileged in `dir`: one worker, files under the prefix. */
export function nginxMainContext(dir: string): { main: string; http: string } {
  const tmp = path.join(dir, 'tmp');
  return {
    main: [
      'worker_processes 1;',
      'daemon off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'logs', 'error.log')} warn;`,
      'events { worker_connections 128; }',
    ].join('\n'),
    http: ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${tmp};`).join('\n'),
  };
}

/** `nginx -t` on a config: status and output. */
export function nginxTest(dir: string, confPath: string): { status: number | null; output: string } {
  const r = spawnSync(nginxBinary(), ['-t', '-p', dir, '-c', confPath, '-e', path.join(dir, 'logs', 'error.log')], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Starts nginx in the foreground on a config; resolves once `port` accepts connections. */
export async function startNginx(dir: string, confPath: string, port: number): Promise<{ stop: () => Promise<void> }> {
  execFileSync(nginxBinary(), ['-v'], { stdio: 'ignore' });
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', confPath, '-e', path.join(dir, 'logs', 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100) throw new Error(`nginx did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
    },
  };
}

/** Starts the single-worker upstream (support/single-worker-upstream.mjs) with a service time. */
export async function startUpstream(serviceTimeMs: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'single-worker-upstream.mjs'), String(serviceTimeMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`upstream exited (${code})`)));
  });
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
