import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxLogFormat } from '../../constructs/logs';

const root = join(__dirname, '..', '..');
const houndstack = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });

// Two lines nginx 1.22.1 wrote with the generated format, in front of the test's single-worker upstream (50 ms service
// time): the last of 8 concurrent requests, and a request nginx answered itself.
const QUEUED = '{"date":"2026-12-01T16:23:36+00:00","message":"GET /orders/8/7/0 200","service":"checkout","network":{"client":{"ip":"127.0.0.1"},"bytes_read":72,"bytes_written":294},"http":{"method":"GET","url":"/orders/8/7/0","version":"HTTP/1.1","status_code":200,"referer":"","useragent":"","request_id":"dd623711d72e9b4690708ce5b7debd6c","url_details":{"host":"127.0.0.1","path":"/orders/8/7/0"}},"nginx":{"request_time":0.413,"upstream":{"addr":"127.0.0.1:37555","status":"200","connect_time":"0.000","header_time":"0.413","response_time":"0.413","header":{"x_runtime":"0.050141"}}}}';
const OWN = '{"date":"2026-12-01T16:23:36+00:00","message":"GET /nginx-only 204","service":"checkout","network":{"client":{"ip":"127.0.0.1"},"bytes_read":70,"bytes_written":105},"http":{"method":"GET","url":"/nginx-only","version":"HTTP/1.1","status_code":204,"referer":"","useragent":"","request_id":"a99ded4c4ab5e717f4c2be8244b6e6b2","url_details":{"host":"127.0.0.1","path":"/nginx-only"}},"nginx":{"request_time":0.000,"upstream":{"addr":"","status":"","connect_time":"","header_time":"","response_time":"","header":{"x_runtime":""}}}}';

describe('houndstack logs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-logs-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('nginx-snippet prints exactly what synth writes', () => {
    const r = houndstack(['logs', 'nginx-snippet', '--service', 'checkout', '--env', 'prod', '--queue-time-header', 'X-Queue-Time', '--queue-time-unit', 'milliseconds']);
    expect(r.stdout).toBe(nginxLogFormat({ service: 'checkout', env: 'prod', queueTimeHeader: 'X-Queue-Time', queueTimeUnit: 'milliseconds' }).snippet);
    expect(r.status).toBe(0);
  });

  it('an unusable option: one line per problem on stderr, naming the flag, exit 2', () => {
    const r = houndstack(['logs', 'nginx-snippet', '--service', 'checkout', '--env', 'prod', '--service-time-header', 'X Runtime', '--queued-threshold-ms', 'soon']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'error: --queued-threshold-ms: "soon" is not a number of milliseconds',
      "error: --service-time-header: \"X Runtime\" is not an HTTP header name; allowed: letters, digits and '-', e.g. X-Runtime",
      '',
    ].join('\n'));
    expect(r.status).toBe(2);
  });

  it('preview: service time, queueing delay and the share queued, from the pipeline applied to each line', () => {
    const file = join(dir, 'access.json.log');
    writeFileSync(file, `${OWN}\n${QUEUED}\n`);
    const r = houndstack(['logs', 'preview', file, '--service', 'checkout', '--env', 'prod']);
    expect(r.stdout.split('\n')).toEqual([
      `${file}: 2 lines, 1 with a queueing delay (proxied, with the service-time header)`,
      'service time:   p50 0.050 s, p95 0.050 s, max 0.050 s',
      'queueing delay: p50 0.363 s, p95 0.363 s, max 0.363 s',
      'queued over 100 ms: 1 of 1 (100.0%)',
      '',
    ]);
    expect(r.status).toBe(0);
  });

  it('preview: a line that is not JSON is an error naming the file and line, exit 1', () => {
    const r = houndstack(['logs', 'preview', '-', '--service', 'checkout', '--env', 'prod'], `${QUEUED}\n127.0.0.1 - - [01/Dec/2026:16:20:11 +0000] "GET / HTTP/1.1" 200 612\n`);
    expect(r.stdout.split('\n')[0]).toMatch(/^error: -:2: not JSON \(.*\); is this the log written with the houndstack log_format\?$/);
    expect(r.status).toBe(1);
  });

  it('preview: a file that cannot be read, exit 2', () => {
    const r = houndstack(['logs', 'preview', join(dir, 'missing.log'), '--service', 'checkout', '--env', 'prod']);
    expect(r.stderr).toBe(`error: ${join(dir, 'missing.log')}: no such file\n`);
    expect(r.status).toBe(2);
  });

  it('--help on every command', () => {
    for (const args of [['logs', '--help'], ['logs', 'nginx-snippet', '--help'], ['logs', 'preview', '--help']]) {
      const r = houndstack(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: houndstack logs/);
    }
  });
});
