import { agentUserSql, quoteIdent } from '../../constructs/postgres-check';

describe('agent user SQL (text)', () => {
  test('IAM authentication: no password, rds_iam granted', () => {
    const sql = agentUserSql({ authentication: 'iam' });
    expect(sql).toContain('GRANT rds_iam TO "datadog";');
    expect(sql).not.toMatch(/PASSWORD|houndstack\.datadog_password/);
  });

  test('SELECT grants quote identifiers and grant USAGE once per schema', () => {
    const sql = agentUserSql({ grantSelectOn: ['billing.invoices', 'billing.payments', 'orders'] });
    expect(sql.split('\n').filter((l) => l.startsWith('GRANT USAGE') || l.startsWith('GRANT SELECT'))).toEqual([
      'GRANT USAGE ON SCHEMA "billing" TO "datadog";',
      'GRANT USAGE ON SCHEMA "public" TO "datadog";',
      'GRANT SELECT ON "billing"."invoices" TO "datadog";',
      'GRANT SELECT ON "billing"."payments" TO "datadog";',
      'GRANT SELECT ON "public"."orders" TO "datadog";',
    ]);
  });

  test.each([['orders; DROP TABLE x'], ['a.b.c'], ['"quoted"']])('refuses the table name %s', (name) => {
    expect(() => agentUserSql({ grantSelectOn: [name] })).toThrow(/is not table or schema\.table/);
  });

  test('refuses a username that is not a plain identifier', () => {
    expect(() => agentUserSql({ username: "datadog'; --" })).toThrow(/must be a plain identifier/);
  });

  test('quoteIdent doubles embedded quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
