import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { PostgresqlProvider } from '@cdktf/provider-postgresql/lib/provider';
import { PostgresAgentRole, PostgresAgentRoleProps } from '../../constructs/postgres-database/postgres-agent-role';

function build(props: Omit<PostgresAgentRoleProps, 'provider' | 'password'> & { password?: string | 'variable' }): string {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new PostgresqlProvider(stack, 'pg', { host: 'db.internal', username: 'admin', alias: 'orders' });
  const password =
    props.password === 'variable'
      ? new TerraformVariable(stack, 'datadog_password', { type: 'string', sensitive: true }).stringValue
      : props.password;
  new PostgresAgentRole(stack, 'agent', { ...props, provider, password });
  return Testing.synth(stack, true);
}

describe('PostgresAgentRole', () => {
  it('creates a login role in pg_monitor with the password from a sensitive variable, on the given provider', () => {
    const json = build({ password: 'variable' });
    expect(json).toHaveResourceWithProperties({ tfResourceType: 'postgresql_role' }, {
      name: 'datadog',
      login: true,
      roles: ['pg_monitor'],
      password: '${var.datadog_password}',
      provider: 'postgresql.orders',
    });
  });

  it('sends the password write-only when a version is given', () => {
    const role = JSON.parse(build({ password: 'variable', passwordWriteOnlyVersion: '1' })).resource.postgresql_role;
    const attributes = Object.values(role)[0] as Record<string, unknown>;
    expect(attributes.password_wo).toBe('${var.datadog_password}');
    expect(attributes.password_wo_version).toBe('1');
    expect(attributes).not.toHaveProperty('password');
  });

  it('grants rds_iam and sets no password with IAM authentication', () => {
    const role = JSON.parse(build({ iamAuthentication: true, roleName: 'dd_agent' })).resource.postgresql_role;
    const attributes = Object.values(role)[0] as Record<string, unknown>;
    expect(attributes).toMatchObject({ name: 'dd_agent', roles: ['pg_monitor', 'rds_iam'] });
    expect(attributes).not.toHaveProperty('password');
  });

  it('refuses a literal password and keeps it out of the JSON', () => {
    expect(() => build({ password: 'hunter2-literal' })).toThrow(
      'test/agent: password is a literal string; allowed: a reference',
    );
  });

  it('refuses a missing password without IAM authentication, and a bad role name', () => {
    let message = '';
    try {
      build({ roleName: 'Data Dog' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('test/agent: roleName "Data Dog" is invalid');
    expect(message).toContain('test/agent: password is missing');
  });
});
