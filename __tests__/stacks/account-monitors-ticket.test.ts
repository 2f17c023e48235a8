import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../../main';
import { AccountsFileError, parseAccounts } from '../../stacks/accounts-file';
import { notifiedHandles } from '../../constructs/monitors/evaluate';

const text = (audience: string) => `
monitoring:
  teams:
    payments: { chat: ["@slack-payments"], pager: ["@pagerduty-payments"], ticket: ["@jira-PAY-Task"] }
accounts:
  - alias: prod
    accountId: "111111111111"
    region: us-east-1
    monitors:
      team: payments
      awsIntegrationHealth: { runbookUrl: https://runbooks.example.com/aws, audience: ${audience} }
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'houndstack-ticket-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accounts file: the ticket audience', () => {
  it("routes a pack with audience: ticket to the team's ticket handles in the synthesized messages", () => {
    const file = join(dir, 'accounts.yaml');
    writeFileSync(file, text('ticket'));
    const app = buildApp(file, join(dir, 'out'));
    const stack = app.node.findChild('prod') as Parameters<typeof Testing.synth>[0];
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: { datadog_monitor: Record<string, { message: string }> } };
    const messages = Object.values(json.resource.datadog_monitor).map((m) => m.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(notifiedHandles(message, 'alert', ['region:us-east-1'])).toEqual(['@jira-PAY-Task']);
      expect(message).not.toContain('@pagerduty-payments');
    }
  });

  it('refuses an audience it does not know, naming the field and the choices', () => {
    let problems: readonly string[] = [];
    try {
      parseAccounts(text('sms'), 'accounts.yaml');
    } catch (e) {
      if (!(e instanceof AccountsFileError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/monitors\.awsIntegrationHealth\.audience: .*"pager".*"ticket".*"chat"/)]);
  });
});
