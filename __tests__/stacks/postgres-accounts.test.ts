import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { AccountStack } from '../../stacks/account-stack';
import { AccountsFileError, parseAccounts } from '../../stacks/accounts-file';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/orders/datadog-AbCdEf';

function file(postgres: string): string {
  return `accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: eu-west-1\n    postgres:\n${postgres}`;
}

const orders = `
      - name: orders
        agentRoleName: datadog-agent
        instances:
          - host: orders.cluster-abc.eu-west-1.rds.amazonaws.com
            dbname: orders
            password: { secretsManager: { secretArn: "${SECRET_ARN}" } }
            tags: ["db:orders", "env:prod"]
            queries: [connection_states, connection_usage]
        delivery:
          ssmParameter: {}
          helm: cluster-check
        monitors:
          runbookUrl: https://runbooks.example.com/postgres
          alertRecipients: ["@pagerduty-orders"]
          idleConnections: { critical: 30 }
`;

function problems(text: string): readonly string[] {
  try {
    parseAccounts(text, 'accounts.yaml');
  } catch (e) {
    if (e instanceof AccountsFileError) return e.problems;
    throw e;
  }
  throw new Error('expected the accounts file to be refused');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function synth(text: string): { stack: AccountStack; json: any } {
  const account = parseAccounts(text, 'accounts.yaml').accounts[0]!;
  const stack = new AccountStack(Testing.app(), { account, site: 'datadoghq.com' });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

describe('accounts file: postgres', () => {
  it("puts the check's YAML in SSM, with the ready queries chosen and the password as an ENC handle", () => {
    const { stack, json } = synth(file(orders));
    const check = stack.postgres[0]!.check;
    const parameter = json.resource.aws_ssm_parameter[stack.getLogicalId(stack.postgres[0]!.parameter!.parameter)];
    expect(parameter.name).toBe('/datadog/postgres/orders/conf.yaml');
    expect(parameter.insecure_value).toBe(check.toYaml());
    const instance = parse(parameter.insecure_value).instances[0];
    expect(instance.password).toBe(`ENC[${SECRET_ARN};password]`);
    expect(instance.custom_queries.map((q: { metric_prefix: string }) => q.metric_prefix)).toEqual([
      'postgresql',
      'postgresql.connection_usage',
    ]);
  });

  it('attaches the SSM and Secrets Manager read policies to the Agent role', () => {
    const { json } = synth(file(orders));
    const attachments = Object.values(json.resource.aws_iam_role_policy_attachment) as { role: string; policy_arn: string }[];
    const attached = attachments.filter((a) => a.role === 'datadog-agent').map((a) => /aws_iam_policy\.([\w-]+)\.arn/.exec(a.policy_arn)![1]!);
    const actions = attached.map((id) => JSON.parse(json.resource.aws_iam_policy[id].policy).Statement[0].Action);
    expect(actions.sort()).toEqual(['secretsmanager:GetSecretValue', 'ssm:GetParameter']);
  });

  it('gives the Helm cluster-check values as a named Terraform output', () => {
    const { json } = synth(file(orders));
    const values = parse(json.output.postgres_orders_helm_values.value);
    expect(parse(values.clusterAgent.confd['postgres.yaml']).cluster_check).toBe(true);
    expect(values.clusterAgent.env).toContainEqual({ name: 'DD_SECRET_BACKEND_CONFIG', value: '{"aws_session":{"aws_region":"eu-west-1"}}' });
  });

  it("scopes the monitors to the tags all the check's instances share", () => {
    const { json } = synth(file(orders));
    const queries = (Object.values(json.resource.datadog_monitor) as { query: string }[]).map((m) => m.query);
    expect(queries).toContain(
      'min(last_15m):sum:postgresql.connection_state{db:orders,env:prod,state:idle} by {server,port,application_name} > 30',
    );
    expect(queries).toContain('avg(last_5m):max:postgresql.percent_usage_connections{db:orders,env:prod} by {server,port} > 0.85');
  });

  it("tags the monitors team from the account, service from the check's name and env from the scope", () => {
    const text = file(orders).replace('    region: eu-west-1\n', '    region: eu-west-1\n    tags: { team: orders-team, env: production }\n');
    const { json } = synth(text);
    const tags = (Object.values(json.resource.datadog_monitor) as { tags: string[] }[]).map((m) => m.tags);
    expect(tags).toEqual([0, 1, 2].map(() => ['team:orders-team', 'service:orders', 'env:prod']));
  });

  it('takes team, service and env from the monitors entry first', () => {
    const text = file(orders.replace('runbookUrl: https://runbooks.example.com/postgres', 'runbookUrl: https://runbooks.example.com/postgres\n          team: dba\n          service: orders-db\n          env: prod'));
    const { json } = synth(text);
    const tags = (Object.values(json.resource.datadog_monitor) as { tags: string[] }[]).map((m) => m.tags);
    expect(tags).toEqual([0, 1, 2].map(() => ['team:dba', 'service:orders-db', 'env:prod']));
  });

  it('refuses a team, service or env that is not a tag value', () => {
    const text = file(orders.replace('runbookUrl: https://runbooks.example.com/postgres', 'runbookUrl: https://runbooks.example.com/postgres\n          service: "orders db"'));
    expect(problems(text).join('\n')).toContain('postgres[0].monitors.service');
  });

  it('creates nothing for an account without postgres', () => {
    const { stack, json } = synth('accounts:\n  - alias: prod\n    accountId: "111111111111"\n    region: eu-west-1\n');
    expect(stack.postgres).toEqual([]);
    expect(json.resource).not.toHaveProperty('aws_ssm_parameter');
  });

  it('refuses a literal password', () => {
    const text = file(orders.replace(`{ secretsManager: { secretArn: "${SECRET_ARN}" } }`, 'hunter2-but-longer'));
    expect(problems(text)).toContain(
      'accounts[0] (alias "prod").postgres[0].instances[0].password: a literal secret has no place in the accounts file; set DD_API_KEY and DD_APP_KEY in the environment of the deploy (from your secret store)',
    );
  });

  it('reports, with their place in the file, a template variable the host file cannot resolve and monitors without scope', () => {
    const text = file(`
      - name: orders
        instances: [{ host: "%%host%%" }]
        delivery: { ssmParameter: {} }
        monitors: { runbookUrl: "https://runbooks.example.com/pg" }
`);
    expect(problems(text)).toEqual([
      expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.postgres\[0\] \(name "orders"\)\.instances\[0\]\.host: template variable %%host%% cannot be resolved with host delivery/),
      'accounts[0] (alias "prod").postgres[0] (name "orders").monitors.scopeTags: missing, and the instances share no tag; without a scope the monitors would watch every Postgres of the organisation',
    ]);
  });

  it('refuses an idle-connections monitor when no instance collects the connection states', () => {
    const text = file(`
      - name: orders
        instances: [{ host: db.internal, tags: ["db:orders"], queries: [replication_lag] }]
        delivery: { file: {} }
        monitors: { runbookUrl: "https://runbooks.example.com/pg" }
`);
    expect(problems(text)).toEqual([
      'accounts[0] (alias "prod").postgres[0] (name "orders").monitors.idleConnections: watches postgresql.connection_state, which no instance collects; add connection_states to an instance\'s queries or set idleConnections: false',
    ]);
  });

  it('refuses a check without a delivery and an unknown ready query', () => {
    const text = file(`
      - name: orders
        instances: [{ host: db.internal, queries: [connection_state] }]
        delivery: {}
`);
    expect(problems(text)).toEqual([
      expect.stringMatching(/^accounts\[0\] \(alias "prod"\)\.postgres\[0\]\.instances\[0\]\.queries\[0\]: must be one of "connection_states"/),
      'accounts[0] (alias "prod").postgres[0].delivery: choose at least one of ssmParameter, file, helm, ecsLabels, kubernetesAnnotations',
    ]);
  });

  it('reports a name used twice in an account', () => {
    const entry = `
      - name: orders
        instances: [{ host: db.internal, tags: ["db:orders"] }]
        delivery: { file: {} }
`;
    expect(problems(file(entry + entry))).toEqual([
      'accounts[0] (alias "prod").postgres[1] (name "orders").name: "orders" is also the name of postgres[0]; names must be unique in an account',
    ]);
  });
});
