import { stringify } from 'yaml';
import { PostgresCheck } from '../../postgres-check';
import { validateForDelivery } from '../delivery-validation';

/** Values for the `datadog` Helm chart: as an object (for `helm_release.values = [yamlencode(…)]` or a merge) and as YAML text. */
export interface HelmValues {
  readonly values: Record<string, unknown>;
  readonly yaml: string;
}

export interface HelmValuesOptions {
  /**
   * Turn on the Agent's native Secrets Manager backend (Agent 7.70+; Cluster Agent 7.77+) in this region, as
   * `DD_SECRET_BACKEND_TYPE` / `DD_SECRET_BACKEND_CONFIG` in `datadog.env` (and `clusterAgent.env` for cluster
   * checks), for a password from `PostgresPasswordSecret`. The pods' IAM role (IRSA, EKS Pod Identity) needs its policy.
   * @default - the Agent's secret backend is left as configured elsewhere
   */
  readonly secretsManagerRegion?: string;
}

function secretEnv(region: string | undefined): { env?: { name: string; value: string }[] } {
  if (region === undefined) return {};
  const c = { aws_session: { aws_region: region } };
  return {
    env: [
      { name: 'DD_SECRET_BACKEND_TYPE', value: 'aws.secrets' },
      { name: 'DD_SECRET_BACKEND_CONFIG', value: JSON.stringify(c) },
    ],
  };
}

/**
 * `datadog.confd["postgres.yaml"]`: the check file mounted into every node Agent. For a Postgres reachable from
 * every node where each node should run the check (rare); a database outside the cluster (RDS) wants
 * `helmClusterCheckValues`, which runs it once. Registers a validation on the check for Helm delivery (no template
 * variables: the file is not an Autodiscovery template).
 */
export function helmConfdValues(check: PostgresCheck, options: HelmValuesOptions = {}): HelmValues {
  validateForDelivery(check, check, 'helm');
  return render({ datadog: { confd: { 'postgres.yaml': check.toYaml() }, ...secretEnv(options.secretsManagerRegion) } });
}

/**
 * `clusterAgent.confd["postgres.yaml"]` with `cluster_check: true`: the Cluster Agent dispatches the check to one
 * node Agent (or cluster-checks runner) at a time, the way to monitor RDS/Aurora from Kubernetes. `cluster_check` is a
 * top-level key of the file, as in Datadog's RDS examples, not an instance option. Also turns on the Cluster Agent
 * and cluster-check dispatching (chart defaults in recent versions, explicit here). Registers a validation on the
 * check for cluster-check delivery (only `%%env_NAME%%` resolves). A password from Secrets Manager
 * (`secret_backend_type: aws.secrets`) needs Cluster Agent 7.77+ here, Datadog says; before that, use a handle
 * for the backend your Cluster Agent has, e.g. `SecretValue.encHandle('k8s_secret@<ns>/<name>/<key>')` with
 * Datadog's `readsecret_multiple_providers.sh` as `secret_backend_command`.
 */
export function helmClusterCheckValues(check: PostgresCheck, options: HelmValuesOptions = {}): HelmValues {
  validateForDelivery(check, check, 'cluster-check');
  const env = secretEnv(options.secretsManagerRegion);
  return render({
    datadog: { clusterChecks: { enabled: true }, ...env },
    clusterAgent: { enabled: true, confd: { 'postgres.yaml': `cluster_check: true\n${check.toYaml()}` }, ...env },
  });
}

function render(values: Record<string, unknown>): HelmValues {
  return { values, yaml: stringify(values, { lineWidth: 0, indent: 2 }) };
}
