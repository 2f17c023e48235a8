// The Postgres check as data: ready queries plus one of your own, checked on the spot by customQuery().
// constructs/postgres-check/README.md quotes this file; __tests__/postgres-check/custom-queries-example.test.ts checks it.
import {
  connectionStates,
  connectionUsage,
  customQuery,
  idleInTransactionAge,
  SecretValue,
  type PostgresCheckConfig,
} from '../constructs/postgres-check';

/** Open orders per status: `shop.orders.open` and `shop.orders.oldest_seconds`, tagged `status`. */
export const openOrders = customQuery({
  name: 'open_orders',
  metricPrefix: 'shop.orders',
  query: `SELECT COALESCE(status, 'unknown') AS status, COUNT(*) AS open,
  COALESCE(MAX(EXTRACT(EPOCH FROM now() - created_at)), 0)::float8 AS oldest_seconds
FROM shop.orders WHERE closed_at IS NULL GROUP BY 1`,
  columns: [
    { name: 'status', type: 'tag' },
    { name: 'open', type: 'gauge' },
    { name: 'oldest_seconds', type: 'gauge' },
  ],
  collectionIntervalSeconds: 60,
});

export const ordersCheck: PostgresCheckConfig = {
  instances: [
    {
      host: 'orders.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com',
      username: 'datadog',
      password: SecretValue.secretsManager('arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/datadog-Ab12Cd', 'password'),
      dbname: 'orders',
      ssl: 'require',
      tags: ['service:orders-db', 'env:prod'],
      customQueries: [connectionStates(), idleInTransactionAge(), connectionUsage(), openOrders],
    },
  ],
};
