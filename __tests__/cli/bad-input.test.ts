import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Bad input gets one line naming the file and the documented exit code, never a stack trace: for `npm run synth`
 * (main.ts) and every command. One test per class of input. (pg preview's database classes: pg-preview-input.test.ts.)
 */
const root = join(__dirname, '..', '..');
const run = (command: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => {
  const r = spawnSync(process.execPath, command, { cwd: options.cwd ?? root, encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const houndstack = (args: string[], cwd?: string) => run([join(root, 'bin', 'houndstack.js'), ...args], { cwd });
/** `npm run synth` as the README runs it, on `file`, into a scratch outdir. */
const synth = (file: string) =>
  run(['--require', 'tsx/cjs', join(root, 'main.ts')], { env: { HOUNDSTACK_ACCOUNTS: file, CDKTF_OUTDIR: join(dir, 'out') } });

let dir: string;
const at = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-bad-input-'));
  writeFileSync(at('empty.yaml'), '');
  mkdirSync(at('conf.d'));
  symlinkSync(at('loop-b.yaml'), at('loop-a.yaml'));
  symlinkSync(at('loop-a.yaml'), at('loop-b.yaml'));
  // Binary: the first bytes of a PNG, then an AWS example key that must never be echoed.
  writeFileSync(at('image.yaml'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), Buffer.from('AKIAIOSFODNN7EXAMPLE')]));
  writeFileSync(at('malformed.yaml'), 'accounts:\n  - alias: prod\n    tags: [team:a,\n  - alias: two\n');
  writeFileSync(at('list.yaml'), '- alias: prod\n  accountId: "111111111111"\n');
  writeFileSync(at('huge.yaml'), Buffer.alloc(9 * 1024 * 1024, '#'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, nothing on stdout, exit 2 — from both the CLI and synth, in the same words. */
const unusable = (name: string, what: string) => {
  const line = `error: ${at(name)}: ${what}\n`;
  expect(houndstack(['accounts', 'check', at(name)])).toEqual({ status: 2, stdout: '', stderr: line });
  expect(synth(at(name))).toEqual({ status: 2, stdout: '', stderr: line });
};

describe('an unusable accounts file: one line, exit 2, for accounts check and npm run synth', () => {
  it('missing', () => unusable('missing.yaml', 'no such file'));
  it('empty', () => unusable('empty.yaml', 'is empty'));
  it('a directory', () => unusable('conf.d', 'is a directory, not a file'));
  it('unreadable (a symbolic link loop)', () => unusable('loop-a.yaml', 'cannot read it: too many levels of symbolic links'));
  it('binary: described by offset, never echoed', () => unusable('image.yaml', 'binary data, not text (a NUL byte at offset 8)'));
  it('malformed YAML, with line and column', () =>
    unusable('malformed.yaml', 'line 4, column 3: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'));
  it('the wrong shape (a list, not a mapping)', () =>
    unusable('list.yaml', '(top level): expected a mapping with accounts: (and optionally datadog:, backend:, monitoring:), found a list'));
  it('huge: refused before it is read', () => unusable('huge.yaml', 'too large: 9.0 MiB, the limit is 8.0 MiB'));
});

describe('accounts check runs what synth runs, and says it in the same words', () => {
  const teams = 'monitoring:\n  teams:\n    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"] }\n';
  const account = (alias: string, id: string, extra = '') =>
    `  - alias: ${alias}\n    accountId: "${id}"\n    region: us-east-1\n    monitors:\n      team: payments\n      webLatency:\n        - { service: checkout, env: prod, runbookUrl: "https://runbooks.example.com/checkout" }\n${extra}`;

  it('a monitor name clash between two accounts\' packs: one line per clash, exit 1, no stack trace or skipValidation hint', () => {
    const file = at('clash.yaml');
    writeFileSync(file, `${teams}accounts:\n${account('one', '111111111111')}${account('two', '222222222222')}`);
    const clash = (name: string, path: string) =>
      `error: ${file}: stack one: monitors/web-latency-checkout-prod/${path}: HS-MON-3: name "${name}" is also used by two/monitors/web-latency-checkout-prod/${path}. ` +
      'All stacks deploy into one Datadog organisation, where a name is how people find, mute and discuss a monitor: make names unique (put the account, service or resource in them).';
    const lines = [clash('checkout (prod): p95 service time', 'ServiceTime'), clash('checkout (prod): queueing delay behind nginx', 'QueueingDelay')];
    expect(houndstack(['accounts', 'check', file])).toEqual({ status: 1, stdout: `${lines.join('\n')}\n`, stderr: '' });
    expect(synth(file)).toEqual({ status: 1, stdout: '', stderr: `${lines.join('\n')}\n` });
  });

  it('a missing inventory file, named with the account and the field (accounts check used to say ok)', () => {
    const file = at('inventory.yaml');
    const inventories = '      inventories:\n        - { name: tables, kind: dynamodb-read-capacity, file: tables.yaml }\n';
    writeFileSync(file, `${teams}accounts:\n${account('one', '111111111111', inventories)}`);
    const line = `error: ${file}: accounts[0] (alias "one").monitors.inventories[0].file: ${at('tables.yaml')}: no such file`;
    expect(houndstack(['accounts', 'check', file])).toEqual({ status: 1, stdout: `${line}\n`, stderr: '' });
    expect(synth(file)).toEqual({ status: 1, stdout: '', stderr: `${line}\n` });
  });

  it('a credential that reaches the synthesized JSON (from an inventory file): named by stack, resource and attribute, never printed', () => {
    const file = at('credential.yaml');
    const inventories = '      inventories:\n        - { name: tables, kind: dynamodb-read-capacity, file: credential-tables.yaml, runbookUrl: "https://runbooks.example.com/ddb" }\n';
    writeFileSync(file, `${teams}accounts:\n${account('one', '111111111111', inventories)}`);
    // A table named with a pasted key (DynamoDB allows it): it reaches the monitor's name, query, message and tags.
    writeFileSync(at('credential-tables.yaml'), 'tables:\n  - { name: orders-AKIAIOSFODNN7EXAMPLE, region: us-east-1, readCapacityUnits: 100, tags: { team: payments } }\n');
    const check = houndstack(['accounts', 'check', file]);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(
      new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: stack one: resource\\.datadog_monitor\\.monitors_inventory-tables_111111111111--us-east-1--orders-\\*\\*\\*_\\w+\\.message: this value holds what looks like an AWS access key ID; credentials never go into Terraform JSON`),
    );
    expect(`${check.stdout}${check.stderr}`).not.toContain('AKIAIOSFODNN7EXAMPLE');
    const synthesized = synth(file);
    expect(synthesized.status).toBe(1);
    expect(synthesized.stderr).toBe(check.stdout);
  });

  it('--json: one object with the file, the aliases and every problem', () => {
    const result = houndstack(['accounts', 'check', '--json', at('clash.yaml')]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: at('clash.yaml'), ok: false, accounts: ['one', 'two'], problems: [expect.stringContaining('HS-MON-3'), expect.stringContaining('HS-MON-3')] });
  });
});

describe('the default accounts file is the project\'s, wherever the command runs', () => {
  it('from a directory inside the project: the project root\'s examples/accounts.yaml', () => {
    expect(houndstack(['accounts', 'check'], join(root, 'examples'))).toEqual({
      status: 0,
      stdout: 'ok: 3 accounts (payments-prod, records-gov, platform-shared)\n',
      stderr: '',
    });
  });

  it('from outside any cdktf project: houndstack\'s own example, not ./examples/accounts.yaml', () => {
    expect(houndstack(['accounts', 'check'], dir)).toMatchObject({ status: 0, stdout: 'ok: 3 accounts (payments-prod, records-gov, platform-shared)\n' });
  });
});

describe('other commands: one line naming the file, exit 2', () => {
  it('aws permissions-drift: malformed JSON (truncated download), with line and column', () => {
    writeFileSync(at('standard.json'), '{"data":{"attributes":{"permissions":["ec2:Describe*",');
    expect(houndstack(['aws', 'permissions-drift', '--standard', at('standard.json')])).toEqual({
      status: 2,
      stdout: '',
      stderr: `error: ${at('standard.json')}: line 1, column 55: not valid JSON: expected a value, found the end of the input\n`,
    });
  });

  it('aws permissions-drift: the wrong shape and a missing file, both named, in one run', () => {
    writeFileSync(at('error.json'), '{"errors":["Forbidden"]}');
    expect(houndstack(['aws', 'permissions-drift', '--standard', at('error.json'), '--resource-collection', at('nope.json')])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        `error: ${at('error.json')}: expected a JSON list of IAM actions, or Datadog's {"data":{"attributes":{"permissions":[…]}}}\n` +
        `error: ${at('nope.json')}: no such file\n`,
    });
  });

  it('aws permissions-drift: binary and empty files', () => {
    expect(houndstack(['aws', 'permissions-drift', '--standard', at('image.yaml')]).stderr).toBe(`error: ${at('image.yaml')}: binary data, not text (a NUL byte at offset 8)\n`);
    expect(houndstack(['aws', 'permissions-drift', '--standard', at('empty.yaml')]).stderr).toBe(`error: ${at('empty.yaml')}: is empty\n`);
  });

  it('pg check: a binary file, never echoed', () => {
    expect(houndstack(['pg', 'check', at('image.yaml')])).toEqual({ status: 2, stdout: '', stderr: `error: ${at('image.yaml')}: binary data, not text (a NUL byte at offset 8)\n` });
  });

  it('query check: a directory', () => {
    expect(houndstack(['query', 'check', at('conf.d')])).toEqual({ status: 2, stdout: '', stderr: `error: ${at('conf.d')}: is a directory, not a file\n` });
  });

  it('usage errors exit 2: an unknown option, a missing argument', () => {
    expect(houndstack(['accounts', 'check', '--strict']).status).toBe(2);
    expect(houndstack(['pg', 'check'])).toMatchObject({ status: 2, stdout: '' });
  });
});
