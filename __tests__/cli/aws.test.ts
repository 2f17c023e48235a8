import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATADOG_STANDARD_PERMISSIONS } from '../../constructs';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('houndstack aws permissions-drift', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-drift-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const saved = (name: string, permissions: readonly string[]) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ data: { id: 'permissions', type: 'permissions', attributes: { permissions } } }));
    return file;
  };

  it('reports no drift, exit 0, when Datadog serves the vendored list', () => {
    const result = houndstack('aws', 'permissions-drift', '--standard', saved('same.json', DATADOG_STANDARD_PERMISSIONS));
    expect(result.stdout).toBe('standard: no drift\n');
    expect(result.status).toBe(0);
  });

  it('lists added and removed actions, sorted, and exits 1', () => {
    const current = [...DATADOG_STANDARD_PERMISSIONS.filter((a) => a !== 'apigateway:GET'), 'zzz:ListThings', 'aaa:GetThing'];
    const result = houndstack('aws', 'permissions-drift', '--standard', saved('drift.json', current));
    expect(result.stdout).toBe(
      'standard: 3 differences\n  + aaa:GetThing\n  - apigateway:GET\n  + zzz:ListThings\n',
    );
    expect(result.status).toBe(1);
  });
});
