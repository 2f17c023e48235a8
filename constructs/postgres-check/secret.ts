
/** `ENC[handle]`: must be the whole YAML value for the Agent's secret backend to resolve it. */
export const ENC_HANDLE = /^ENC\[[^\][]+\]$/;
/** `%%env_NAME%%` as the whole value. */
export const ENV_TEMPLATE = /^%%env_[A-Za-z_][A-Za-z0-9_]*%%$/;

export type SecretValueKind = 'enc' | 'env' | 'token';

/**
 * A password the Agent resolves at run time, so no secret ever lands in synthesized JSON or in a config file.
 * There is deliberately no way to make one from a literal.
 */
export class SecretValue {
  /**
   * A handle for the Agent's secret backend (`secret_backend_command` or `secret_backend_type`), rendered `ENC[handle]`.
   */
  public static encHandle(handle: string): SecretValue {
    return new SecretValue('enc', `ENC[${handle}]`);
  }

  /**
   * AWS Secrets Manager through the Agent's native backend (Agent 7.70+, `secret_backend_type: aws.secrets`):
   * `ENC[secretId;key]`. The Agent needs `secretsmanager:GetSecretValue` on the secret.
   */
  public static secretsManager(secretId: string, jsonKey: string): SecretValue {
    return new SecretValue('enc', `ENC[${secretId};${jsonKey}]`, { secretId, jsonKey });
  }

  /** `%%env_NAME%%`: resolved by Autodiscovery from the Agent's environment (not in plain host files). */
  public static envVar(name: string): SecretValue {
    return new SecretValue('env', `%%env_${name}%%`);
  }

  /**
   * A cdktf token (e.g. a sensitive Terraform variable) whose value is only known at apply time.
   * A resolved string is refused by validation: it would be a literal.
   */
  public static token(value: string): SecretValue {
    return new SecretValue('token', value);
  }

  private constructor(
    public readonly kind: SecretValueKind,
    /** The value as rendered in the config. */
    public readonly rendered: string,
    /** Set for `secretsManager`, so delivery can grant `secretsmanager:GetSecretValue`. */
    public readonly secretsManagerSecret?: { readonly secretId: string; readonly jsonKey: string },
  ) {}

  public toString(): string {
    return this.rendered;
  }
}

/**
 * Whether a value is an unresolved cdktf token (known only at apply time; validation skips it). cdktf is loaded
 * only when a value looks like one, which keeps `houndstack pg` fast (cdktf costs ~0.5 s to load).
 */
export function isUnresolvedToken(value: unknown): boolean {
  const suspicious =
    (typeof value === 'string' && value.includes('TfToken[')) ||
    // cdktf encodes numeric tokens as doubles around -1.8e289
    (typeof value === 'number' && value < -1e288);
  if (!suspicious) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Token } = require('cdktf') as typeof import('cdktf');
  return Token.isUnresolved(value);
}

/** Why a rendered password value is not an acceptable reference, or undefined if it is. */
export function passwordProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be an ENC[…] handle or a reference, got ${typeof value}`;
  if (isUnresolvedToken(value)) return undefined;
  if (ENC_HANDLE.test(value) || ENV_TEMPLATE.test(value)) return undefined;
  if (value.includes('ENC[')) return 'ENC[…] must be the whole value for the Agent to resolve it';
  return 'is a literal password: use SecretValue.secretsManager(…), SecretValue.encHandle(…), SecretValue.envVar(…) or SecretValue.token(…) (ENC[…] or %%env_NAME%% in YAML)';
}
