import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import {
  MonitorInventory, loadInventoryFile, parseInventory, dynamoDbTableSchema, dynamoDbTableKey, dynamoDbReadCapacityMonitor,
  InventoryFileError, DynamoDbTable,
} from '../../constructs/monitors/inventory';
import { applyMonitorRules } from '../../constructs/rules';
import { datadogStack, synthErrors, synthJson } from '../support/datadog-stack';

const file = join(__dirname, '../../examples/inventory/dynamodb-tables.yaml');
const tables = loadInventoryFile(file, { itemSchema: dynamoDbTableSchema, listKey: 'tables' });
const monitor = dynamoDbReadCapacityMonitor({
  policies: {
    payments: { team: 'payments', chat: ['@slack-payments'], pager: ['@pagerduty-payments'] },
    identity: { team: 'identity', chat: ['@slack-identity'], pager: ['@oncall-identity'] },
  },
  defaultPolicy: { team: 'platform', chat: ['@slack-platform'] },
  runbookUrl: 'https://runbooks.example.com/dynamodb-read-capacity',
});

function expand(items: readonly DynamoDbTable[]) {
  const app = Testing.app();
  const stack = datadogStack(app);
  new MonitorInventory(stack, 'DynamoDbReadCapacity', { items, key: dynamoDbTableKey, monitor });
  applyMonitorRules(app);
  return stack;
}

describe('inventory expansion', () => {
  it('one monitor per provisioned table at 80% of its read capacity, none for on-demand tables', () => {
    const stack = expand(tables);
    const out = Testing.synth(stack, true);
    expect(Object.keys(synthJson(stack).resource.datadog_monitor)).toHaveLength(3);
    expect(out).toHaveResourceWithProperties(Monitor, {
      name: 'DynamoDB read capacity above 80% of provisioned: orders (123456789012 eu-west-1)',
      query: 'sum(last_10m):sum:aws.dynamodb.consumed_read_capacity_units{aws_account:123456789012,region:eu-west-1,tablename:orders}.as_count() / 600 > 320',
      monitor_thresholds: { critical: '320', warning: '280' },
      tags: ['team:payments', 'service:checkout', 'env:prod', 'tablename:orders'],
      evaluation_delay: 900,
    });
  });

  it("routes to the team in the table's tags, and to the default policy without one", () => {
    const body = (name: string) => Object.values(synthJson(expand(tables)).resource.datadog_monitor).find((m) => String(m.name).includes(name))!;
    expect(body(': orders').message).toContain('{{#is_alert}}@pagerduty-payments{{/is_alert}}');
    expect(body(': sessions').message).toContain('{{#is_alert}}@oncall-identity{{/is_alert}}');
    expect(body(': feature-flags').message).toMatch(/\n\n@slack-platform$/);
    expect(body(': feature-flags').tags).toEqual(['env:prod', 'tablename:feature-flags', 'team:platform']);
  });

  it('the expanded monitors pass every rule', () => {
    expect(synthErrors(expand(tables))).toBe('');
  });

  it('re-ordering the inventory changes nothing in the synthesized JSON', () => {
    expect(Testing.synth(expand([...tables].reverse()))).toBe(Testing.synth(expand(tables)));
  });

  it('construct IDs come from the item key', () => {
    const ids = Object.keys(synthJson(expand(tables)).resource.datadog_monitor);
    expect(ids).toEqual(expect.arrayContaining([expect.stringMatching(/^DynamoDbReadCapacity_123456789012--eu-west-1--orders_[0-9A-F]{8}$/)]));
  });

  it('duplicate keys are a synth error naming both items', () => {
    expect(synthErrors(expand([tables[0], tables[1], tables[0]]))).toContain('[test/DynamoDbReadCapacity] items 0 and 2 have the same key "123456789012/eu-west-1/orders"');
  });

  it('a bad inventory file: every problem, naming the file, the item and the field', () => {
    const text = 'tables:\n  - name: orders\n    region: eu-west-1\n    readCapacityUnits: "400"\n  - name: x\n    region: moon\n    colour: blue\n';
    let error: unknown;
    try {
      parseInventory(text, { fileName: 'tables.yaml', itemSchema: dynamoDbTableSchema, listKey: 'tables' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InventoryFileError);
    expect((error as InventoryFileError).problems).toEqual([
      'tables[0] (orders): readCapacityUnits: Invalid input: expected number, received string',
      'tables[1] (x): region: expected an AWS region such as eu-west-1',
      'tables[1] (x): Unrecognized key: "colour"',
    ]);
    expect((error as Error).message).toMatch(/^tables\.yaml: 3 problems:/);
  });

  it('JSON inventories and a top-level list are accepted', () => {
    const items = parseInventory('[{"name":"t","region":"us-east-1","readCapacityUnits":5}]', { fileName: 't.json', format: 'json', itemSchema: dynamoDbTableSchema });
    expect(items).toEqual([{ name: 't', region: 'us-east-1', readCapacityUnits: 5, tags: {} }]);
  });

  it('items can come from any function', () => {
    const stack = datadogStack();
    new MonitorInventory(stack, 'FromFunction', { items: () => tables.filter((t) => t.region === 'us-east-1'), key: dynamoDbTableKey, monitor });
    expect(Object.keys(synthJson(stack).resource.datadog_monitor)).toEqual([expect.stringMatching(/^FromFunction_123456789012--us-east-1--feature-flags_/)]);
  });

  it('a missing file is an InventoryFileError naming it', () => {
    expect(() => loadInventoryFile('/nonexistent/tables.yaml', { itemSchema: dynamoDbTableSchema })).toThrow('/nonexistent/tables.yaml: 1 problem:\n  no such file');
  });
});
