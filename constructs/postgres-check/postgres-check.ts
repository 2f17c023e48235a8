import { Construct } from 'constructs';
import {
  renderPostgresCheck,
  renderedToAutodiscoveryJson,
  renderedToYaml,
  type RenderedPostgresCheck,
} from './render';
import type { PostgresCheckConfig, PostgresDelivery } from './types';
import { formatProblem } from './types';
import { validatePostgresCheck } from './validate';

export interface PostgresCheckProps extends PostgresCheckConfig {
  /**
   * Where the config will be delivered; decides which template variables (`%%host%%`, `%%env_X%%`) are allowed.
   * @default - template variables are not checked
   */
  readonly delivery?: PostgresDelivery;
}

/**
 * The Datadog Agent's postgres check as a validated model. Creates no resources itself: delivery constructs
 * (SSM parameter, ECS labels, pod annotations, Helm values, file) read `toYaml()` or `toAutodiscoveryJson()`.
 */
export class PostgresCheck extends Construct {
  /** The model as given. */
  public readonly config: PostgresCheckConfig;
  public readonly delivery?: PostgresDelivery;

  constructor(scope: Construct, id: string, props: PostgresCheckProps) {
    super(scope, id);
    const { delivery, ...config } = props;
    this.config = config;
    this.delivery = delivery;
    // Validated at synth (Testing.synth(stack, true) / cdktf synth) with every problem at once.
    this.node.addValidation({
      validate: () =>
        validatePostgresCheck(this.config, { delivery: this.delivery }).map((p) => `${this.node.path}: ${formatProblem(p)}`),
    });
  }

  /** `{ init_config, instances }` in the Agent's key names. */
  public renderConfig(): RenderedPostgresCheck {
    return renderPostgresCheck(this.config);
  }

  /** Deterministic `conf.d/postgres.d/conf.yaml`. */
  public toYaml(): string {
    return renderedToYaml(this.renderConfig());
  }

  /** `{"postgres":{"init_config":{},"instances":[…]}}` for Docker labels and pod annotations. */
  public toAutodiscoveryJson(): string {
    return renderedToAutodiscoveryJson(this.renderConfig());
  }
}
