import { PostgresCheck } from '../../postgres-check';
import { validateForDelivery } from '../delivery-validation';

/**
 * Kubernetes pod annotations for the check (Autodiscovery v2, Agent 7.36+):
 * `{ "ad.datadoghq.com/<container>.checks": <AD JSON> }`, for the pod template's `metadata.annotations`.
 * `%%host%%` and `%%port%%` resolve from that container. Registers a validation on the check for Kubernetes delivery.
 * Throws if the container name is not a valid container name or makes the annotation key longer than Kubernetes allows,
 * or if the check alone is above the 256 KiB Kubernetes allows for a pod's annotations.
 */
export function kubernetesPodAnnotations(check: PostgresCheck, containerName: string): Record<string, string> {
  // Container names are DNS labels (RFC 1123); the annotation name part `<container>.checks` is at most 63 characters.
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(containerName) || `${containerName}.checks`.length > 63) {
    throw new Error(
      `kubernetesPodAnnotations: container name ${JSON.stringify(containerName)} is invalid; allowed: lower-case letters, ` +
        'digits and -, starting and ending with a letter or digit, at most 56 characters',
    );
  }
  validateForDelivery(check, check, 'kubernetes');
  const json = check.toAutodiscoveryJson();
  // The API server refuses an object whose annotations together exceed 256 KiB.
  if (Buffer.byteLength(json, 'utf8') > 256 * 1024) {
    throw new Error('kubernetesPodAnnotations: the check is above the 256 KiB Kubernetes allows for all annotations of a pod; use Helm values');
  }
  return { [`ad.datadoghq.com/${containerName}.checks`]: json };
}
