import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { resolvedAttributes } from './resource-rule';

/**
 * How the IMDS rules know that an `aws_instance` or `aws_launch_template` runs containers, in this order:
 * 1. the tag `houndstack:runs-containers` on the resource (`"true"` or `"false"`; `"false"` wins over everything below);
 * 2. `assumeContainerHosts: true` on the rule (every instance and launch template is a container host);
 * 3. a launch template used by something that runs containers in the same stack: an `aws_eks_node_group`, an
 *    `aws_batch_compute_environment`, or an `aws_autoscaling_group` that an `aws_ecs_capacity_provider` uses;
 * 4. its user data (plain, base64 literal, or a `base64encode("…")` expression) mentions a container runtime or
 *    orchestrator: docker, containerd, podman, nerdctl, ecs (`ECS_CLUSTER`, `/etc/ecs/ecs.config`), eks
 *    (`/etc/eks/bootstrap.sh`, nodeadm's `node.eks.aws`), kubelet, k3s.
 * User data that is only known at apply time (a reference to another resource) cannot be read, nor can uses in
 * another stack: tag such resources.
 */
export const RUNS_CONTAINERS_TAG = 'houndstack:runs-containers';

export interface ContainerHostDetection {
  /**
   * Treat every instance and launch template as a container host (the tag `houndstack:runs-containers = "false"` still
   * opts one out).
   * @default false - tag or user data decides
   */
  readonly assumeContainerHosts?: boolean;
}

export const CONTAINER_HOST_TYPES = ['aws_instance', 'aws_launch_template'] as const;

const CONTAINER_WORDS = /\b(docker|containerd|podman|nerdctl|ecs|ecs_cluster|eks|kubelet|k3s)\b/i;

function decodedCandidates(text: string): string[] {
  const out = [text];
  const trimmed = text.trim();
  if (trimmed.length >= 8 && /^[A-Za-z0-9+/=\s]+$/.test(trimmed)) {
    out.push(Buffer.from(trimmed, 'base64').toString('utf8'));
  }
  return out;
}

function userDataMentionsContainers(attributes: Record<string, unknown>): boolean {
  for (const key of ['user_data', 'user_data_base64']) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    // `${base64encode("…")}` keeps the literal script inside the expression; JSON escapes are harmless here.
    if (decodedCandidates(value).some((t) => CONTAINER_WORDS.test(t))) return true;
  }
  return false;
}

/** Logical IDs of the launch templates that container orchestrators in the stack use. */
function containerLaunchTemplates(stack: TerraformStack): Set<string> {
  const orchestrators = ['aws_eks_node_group', 'aws_batch_compute_environment', 'aws_ecs_capacity_provider', 'aws_autoscaling_group'];
  const resources = stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && orchestrators.includes(c.terraformResourceType));
  const refs = (r: TerraformResource, type: string): string[] =>
    [...JSON.stringify(resolvedAttributes(r)).matchAll(new RegExp(`\\$\\{${type}\\.([\\w-]+)\\.`, 'g'))].map((m) => m[1]!);
  const ecsAsgs = new Set(
    resources.filter((r) => r.terraformResourceType === 'aws_ecs_capacity_provider').flatMap((r) => refs(r, 'aws_autoscaling_group')),
  );
  const templates = new Set<string>();
  for (const r of resources) {
    const type = r.terraformResourceType;
    const usesContainers =
      type === 'aws_eks_node_group' ||
      type === 'aws_batch_compute_environment' ||
      (type === 'aws_autoscaling_group' && ecsAsgs.has(stack.getLogicalId(r)));
    if (usesContainers) refs(r, 'aws_launch_template').forEach((id) => templates.add(id));
  }
  return templates;
}

/** The resource and its synthesized attributes, if `node` is an instance or launch template that runs containers. */
export function containerHost(
  node: IConstruct,
  detection: ContainerHostDetection,
): { resource: TerraformResource; attributes: Record<string, unknown> } | undefined {
  // By brand and Terraform type, not instanceof: the resource may come from the app's copy of cdktf and the provider.
  if (!TerraformResource.isTerraformResource(node)) return undefined;
  if (!(CONTAINER_HOST_TYPES as readonly string[]).includes(node.terraformResourceType)) return undefined;
  const attributes = resolvedAttributes(node);
  const tags = (attributes.tags ?? {}) as Record<string, unknown>;
  const tag = typeof tags[RUNS_CONTAINERS_TAG] === 'string' ? (tags[RUNS_CONTAINERS_TAG] as string).toLowerCase() : undefined;
  if (tag === 'false') return undefined;
  const usedByOrchestrator =
    node.terraformResourceType === 'aws_launch_template' &&
    containerLaunchTemplates(TerraformStack.of(node)).has(TerraformStack.of(node).getLogicalId(node));
  if (tag === 'true' || detection.assumeContainerHosts || usedByOrchestrator || userDataMentionsContainers(attributes)) {
    return { resource: node, attributes };
  }
  return undefined;
}

/** `metadata_options` as synthesized (a block: object, or a one-element list after an override). */
export function metadataOptions(attributes: Record<string, unknown>): Record<string, unknown> | undefined {
  const raw = attributes.metadata_options;
  if (Array.isArray(raw)) return raw[0] as Record<string, unknown> | undefined;
  return (raw ?? undefined) as Record<string, unknown> | undefined;
}
