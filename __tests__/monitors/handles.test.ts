import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { applyHandlesCheck, parseHandleList } from '../../constructs/monitors/handles';
import { buildApp } from '../../main';
import { datadogStack, synthErrors } from '../support/datadog-stack';

const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });
const metric = { kind: 'metric', metric: 'a.b', comparator: '>', critical: 1 } as const;

describe('handles checked against a saved list', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-handles-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['a JSON:API response', JSON.stringify({ data: [{ id: '1', type: 'notification_handle', attributes: { handle: '@slack-ops' } }, { attributes: { handle: 'pagerduty-web' } }] })],
    ['{"handles": […]}', JSON.stringify({ handles: ['@slack-ops', { handle: '@pagerduty-web' }] })],
    ['a JSON list', JSON.stringify(['@Slack-Ops', '@pagerduty-web'])],
    ['one handle per line', '# from the Slack and PagerDuty integration tiles\n@slack-ops\n\n@pagerduty-web\n'],
  ])('reads %s', (_title, text) => {
    expect(parseHandleList(text, 'h.json')).toEqual({ handles: new Set(['@slack-ops', '@pagerduty-web']), problems: [] });
  });

  it('an item without a handle is a problem naming the file and the item', () => {
    expect(parseHandleList(JSON.stringify({ data: [{ id: 3 }] }), 'h.json').problems).toEqual(['h.json: item 0: names no handle (expected a string, or an object with "handle")']);
  });

  it('synth fails on each unknown handle of each monitor, with its path and a did-you-mean', () => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'Cpu', { ...metric, name: 'cpu', message: '@slack-opss {{#is_alert}}@pagerduty-web{{/is_alert}}', escalationMessage: '@slack-escalations' });
    new DatadogMonitor(stack, 'Fine', { ...metric, name: 'fine', message: '@slack-ops someone@example.com' });
    applyHandlesCheck(stack, new Set(['@slack-ops', '@pagerduty-web']), { listName: 'handles.json' });
    const errors = synthErrors(stack).split('\n').filter((l) => l.includes('is not in')).map((l) => l.trim());
    expect(errors).toEqual([
      '[test/Cpu] "cpu": @slack-opss is not in handles.json (did you mean @slack-ops?)',
      '[test/Cpu] "cpu": @slack-escalations is not in handles.json',
    ]);
  });

  it('the accounts file option monitoring.handlesFile makes synth check the same', () => {
    write('handles.txt', '@slack-ops\n');
    const accounts = write('accounts.yaml', [
      'monitoring:',
      '  handlesFile: handles.txt',
      '  teams: { ops: { chat: ["@slack-unlisted"] } }',
      'accounts:',
      '  - alias: prod',
      '    accountId: "111111111111"',
      '    region: us-east-1',
      '    monitors:',
      '      team: ops',
      '      awsIntegrationHealth: { runbookUrl: "https://wiki.example.com/aws" }',
    ].join('\n'));
    const app = buildApp(accounts, join(dir, 'out'));
    expect(() => Testing.synth(app.node.findChild('prod') as never, true)).toThrow(/\[prod\/monitors\/aws-integration-health\/Heartbeat-aws.ec2.cpuutilization\] "AWS integration: no aws.ec2.cpuutilization from account prod": @slack-unlisted is not in .*handles\.txt/);
  });

  it('houndstack monitors handles: one line per unknown handle and monitor, exit 1; exit 0 when all are known', () => {
    const list = write('known.json', JSON.stringify({ data: [{ attributes: { handle: '@slack-payments-alerts' } }, { attributes: { handle: '@pagerduty-payments' } }, { attributes: { handle: '@slack-platform' } }, { attributes: { handle: '@slack-identity' } }, { attributes: { handle: '@oncall-identity' } }] }));
    const r = houndstack('monitors', 'handles', '--from', list);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^examples\/accounts\.yaml: \S+ ".*": @\S+ is not in /);
    expect(new Set(lines.map((l) => /: (@\S+) is not in/.exec(l)![1]))).toEqual(new Set(['@team-identity']));
    const all = write('all.txt', ['@slack-payments-alerts', '@pagerduty-payments', '@slack-platform', '@slack-identity', '@oncall-identity', '@team-identity'].join('\n'));
    const ok = houndstack('monitors', 'handles', '--from', all);
    expect([ok.status, ok.stdout]).toEqual([0, '']);
    const bad = houndstack('monitors', 'handles', '--from', write('bad.json', '{"oops": 1}'));
    expect([bad.status, bad.stdout.trim()]).toEqual([2, expect.stringContaining('bad.json: expected GET /api/v2/notifications/handles')]);
  });
});
