import { TerraformProvider, Token } from 'cdktf';
import type { Role } from '@cdktf/provider-postgresql/lib/role';
import { Construct } from 'constructs';

/**
 * The Datadog Agent's login role on a Postgres server, as `postgresql_role` with membership in `pg_monitor`
 * (PG 10+), for teams that manage Postgres with Terraform. The SQL file of the check is the alternative for everyone
 * else. The provider (which server, which admin login) is the stack's: pass it in.
 *
 * The password is never a literal: pass a reference — a sensitive `TerraformVariable`, `random_password.result`, or a
 * `data.aws_secretsmanager_secret_version` — the same secret the Agent reads through `ENC[…]`. With
 * `passwordWriteOnlyVersion` it is sent as the write-only `password_wo` (Terraform 1.11+) and never stored in state.
 * With `iamAuthentication` (RDS) the role gets `rds_iam` and no password.
 */
export interface PostgresAgentRoleProps {
  /** The `postgresql` provider connected, as an admin, to the server. */
  readonly provider: TerraformProvider;
  /**
   * Name of the login role; the check's `username`.
   * @default 'datadog'
   */
  readonly roleName?: string;
  /**
   * The role's password, as a reference (a token); required unless `iamAuthentication`.
   * @default - none
   */
  readonly password?: string;
  /**
   * Send the password write-only (`password_wo`, Terraform 1.11+), keeping it out of state; change the version to
   * rotate it.
   * @default - `password` is stored (sensitive) in state
   */
  readonly passwordWriteOnlyVersion?: string;
  /**
   * RDS IAM database authentication (the check's `aws.managed_authentication.enabled`): grants `rds_iam`, no password.
   * @default false
   */
  readonly iamAuthentication?: boolean;
  /**
   * Maximum concurrent connections of the role.
   * @default - no limit (-1)
   */
  readonly connectionLimit?: number;
}

const ROLE_NAME = /^[a-z_][a-z0-9_$]{0,62}$/;

export class PostgresAgentRole extends Construct {
  /** The `postgresql_role`. */
  readonly role: Role;
  /** The role name, for the check's `username`. */
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: PostgresAgentRoleProps) {
    super(scope, id);
    const problems: string[] = [];
    const roleName = props.roleName ?? 'datadog';
    if (!Token.isUnresolved(roleName) && !ROLE_NAME.test(roleName)) {
      problems.push(`roleName ${JSON.stringify(roleName)} is invalid; allowed: lower-case letters, digits, _ and $, at most 63, not starting with a digit`);
    }
    if (props.iamAuthentication && props.password !== undefined) {
      problems.push('password is set together with iamAuthentication; allowed: one of them');
    } else if (!props.iamAuthentication && props.password === undefined) {
      problems.push('password is missing; allowed: a reference (sensitive variable, random_password, Secrets Manager data source), or iamAuthentication: true');
    } else if (props.password !== undefined && !Token.isUnresolved(props.password)) {
      problems.push('password is a literal string; allowed: a reference (sensitive variable, random_password, Secrets Manager data source), never a literal in the synthesized JSON');
    }
    if (props.passwordWriteOnlyVersion !== undefined && props.password === undefined) {
      problems.push('passwordWriteOnlyVersion is set without a password');
    }
    if (props.connectionLimit !== undefined && !(Number.isInteger(props.connectionLimit) && props.connectionLimit >= -1)) {
      problems.push(`connectionLimit ${props.connectionLimit} is invalid; allowed: an integer ≥ -1`);
    }
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });

    // A literal password is refused above and never passed on, so it cannot reach the synthesized JSON.
    const password = props.password !== undefined && Token.isUnresolved(props.password) ? props.password : undefined;
    const writeOnly = props.passwordWriteOnlyVersion !== undefined;
    this.roleName = roleName;
    this.role = new (postgresqlRole())(this, 'role', {
      provider: props.provider,
      name: roleName,
      login: true,
      // roles on the role itself: a separate postgresql_grant_role would fight with it over membership.
      roles: props.iamAuthentication ? ['pg_monitor', 'rds_iam'] : ['pg_monitor'],
      password: writeOnly ? undefined : password,
      passwordWo: writeOnly ? password : undefined,
      passwordWoVersion: writeOnly ? props.passwordWriteOnlyVersion : undefined,
      connectionLimit: props.connectionLimit,
    });
  }
}

/**
 * `@cdktf/provider-postgresql` is an optional peer dependency of houndstack: loaded here, when a PostgresAgentRole is
 * made, so that apps that never make one need not install it.
 */
function postgresqlRole(): typeof Role {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer, loaded on use
    return (require('@cdktf/provider-postgresql/lib/role') as typeof import('@cdktf/provider-postgresql/lib/role')).Role;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(
      'PostgresAgentRole needs @cdktf/provider-postgresql, an optional peer dependency of houndstack: npm install --save-exact @cdktf/provider-postgresql@12.1.1',
    );
  }
}
