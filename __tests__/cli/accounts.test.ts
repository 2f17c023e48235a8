import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('houndstack accounts check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says ok and exits 0 for the example accounts file', () => {
    const result = houndstack('accounts', 'check');
    expect(result.stdout).toBe('ok: 3 accounts (payments-prod, records-gov, platform-shared)\n');
    expect(result.status).toBe(0);
  });

  it('prints every problem on its own line, with the file, and exits 1', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'accounts:\n  - alias: prod\n    accountId: "123"\n    region: us-east-1\n    integration: { cspm: true }\n',
    );
    const result = houndstack('accounts', 'check', file);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `error: ${file}: accounts[0] (alias "prod").accountId: "123" is not an AWS account ID; expected exactly 12 digits (quote it in YAML so leading zeros stay)`,
      `error: ${file}: accounts[0] (alias "prod").integration.cspm: CSPM needs resource collection; set resourceCollection: true as well`,
    ]);
    expect(result.status).toBe(1);
  });

  it('says so when the file does not exist: one line on stderr, exit 2', () => {
    const result = houndstack('accounts', 'check', join(dir, 'missing.yaml'));
    expect(result.stderr).toBe(`error: ${join(dir, 'missing.yaml')}: no such file\n`);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
  });
});
