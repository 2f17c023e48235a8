import { TerraformStack, Testing } from 'cdktf';
import { connectionStates, PostgresCheck, SecretValue } from '../../constructs/postgres-check';

const props = {
  instances: [{ host: 'db.internal', username: 'datadog', password: SecretValue.envVar('PG_PASSWORD'), customQueries: [connectionStates()] }],
};

describe('PostgresCheck construct', () => {
  test('a valid check synthesizes with validations on', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new PostgresCheck(stack, 'Orders', { ...props, delivery: 'ecs' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('reports every problem at synth, each prefixed with the construct path', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new PostgresCheck(stack, 'Orders', {
      delivery: 'host',
      instances: [{
        host: '%%host%%',
        username: 'datadog',
        password: SecretValue.envVar('PG_PASSWORD'),
        customQueries: [{ ...connectionStates(), metricPrefix: '' }],
      }],
    });
    let error = '';
    try {
      Testing.synth(stack, true);
    } catch (e) {
      error = String(e);
    }
    expect(error).toContain('stack/Orders: instances[0].host: template variable %%host%% cannot be resolved with host delivery');
    expect(error).toContain('stack/Orders: instances[0].password: template variable %%env_PG_PASSWORD%% cannot be resolved with host delivery');
    expect(error).toContain('stack/Orders: instances[0].custom_queries[0] (connection_states): metric_prefix: must not be empty');
  });

  test('toYaml and toAutodiscoveryJson render the same config', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    const check = new PostgresCheck(stack, 'Orders', props);
    const json = JSON.parse(check.toAutodiscoveryJson());
    expect(json.postgres.instances).toEqual(check.renderConfig().instances);
    expect(check.toYaml()).toContain('password: "%%env_PG_PASSWORD%%"');
  });
});
