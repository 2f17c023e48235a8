import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { OrdersDatabaseStack } from '../../examples/postgres-stack';

describe('examples/postgres-stack.ts (quoted in the README)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  let text: string;
  beforeAll(() => {
    text = Testing.synth(new OrdersDatabaseStack(Testing.app(), 'orders-db'), true);
    json = JSON.parse(text);
  });

  it('synthesizes, and matches its snapshot', () => {
    expect(text).toMatchSnapshot();
  });

  it('delivers the same check to SSM, the ECS Agent container and the Helm values', () => {
    const yamlText = (Object.values(json.resource.aws_ssm_parameter)[0] as { insecure_value: string }).insecure_value;
    const config = parse(yamlText);
    const container = JSON.parse((Object.values(json.resource.aws_ecs_task_definition)[0] as { container_definitions: string }).container_definitions)[0];
    expect(JSON.parse(container.dockerLabels['com.datadoghq.ad.checks'])).toEqual({ postgres: config });
    expect(container.environment).toEqual([
      { name: 'DD_SECRET_BACKEND_TYPE', value: 'aws.secrets' },
      { name: 'DD_SECRET_BACKEND_CONFIG', value: '{"aws_session":{"aws_region":"eu-west-1"}}' },
    ]);
    const helm = parse(json.output.orders_helm_values.value);
    expect(parse(helm.clusterAgent.confd['postgres.yaml'])).toEqual({ cluster_check: true, ...config });
  });

  it('holds no literal password: ENC handles and a sensitive variable only', () => {
    expect(text).toContain('ENC[arn:aws:secretsmanager:eu-west-1:444455556666:secret:orders/datadog-Zx81Qp;password]');
    expect(Object.values(json.resource.postgresql_role)).toEqual([
      expect.objectContaining({ password: '${var.datadog_db_password}', roles: ['pg_monitor'], login: true }),
    ]);
    expect(json.variable.datadog_db_password.sensitive).toBe(true);
  });
});
