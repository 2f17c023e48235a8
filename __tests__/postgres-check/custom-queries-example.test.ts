import { parse } from 'yaml';
import { agentUserSql, postgresCheckToYaml, validatePostgresCheck } from '../../constructs/postgres-check';
import { openOrders, ordersCheck } from '../../examples/postgres-custom-queries';

describe('examples/postgres-custom-queries.ts', () => {
  test('is valid for a host file', () => {
    expect(validatePostgresCheck(ordersCheck, { delivery: 'host' })).toEqual([]);
  });

  test('renders the own query with its prefix, columns and interval', () => {
    const instance = parse(postgresCheckToYaml(ordersCheck)).instances[0];
    expect(instance.custom_queries[3]).toEqual({
      metric_prefix: 'shop.orders',
      query: openOrders.query,
      columns: [{ name: 'status', type: 'tag' }, { name: 'open', type: 'gauge' }, { name: 'oldest_seconds', type: 'gauge' }],
      collection_interval: 60,
    });
  });

  test('the agent user SQL grants the table the own query reads', () => {
    expect(agentUserSql({ grantSelectOn: ['shop.orders'] })).toContain('GRANT SELECT ON "shop"."orders" TO "datadog";');
  });
});
