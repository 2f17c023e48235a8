import standardPermissions from './data/datadog-standard-permissions.json';
import resourceCollectionPermissions from './data/datadog-resource-collection-permissions.json';

/** IAM's size limit for a customer-managed policy, counted without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The IAM action patterns of Datadog's standard integration policy (vendored; see data/SOURCE.md). */
export const DATADOG_STANDARD_PERMISSIONS: readonly string[] = standardPermissions;

/** The IAM actions Datadog's resource collection needs (vendored; see data/SOURCE.md). */
export const DATADOG_RESOURCE_COLLECTION_PERMISSIONS: readonly string[] = resourceCollectionPermissions;

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid?: string;
    readonly Effect: 'Allow' | 'Deny';
    readonly Action: readonly string[];
    readonly Resource: string;
  }[];
}

/** A read-everywhere policy document for the given actions. */
export function allowActionsPolicy(actions: readonly string[], sid?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ ...(sid ? { Sid: sid } : {}), Effect: 'Allow', Action: [...actions], Resource: '*' }],
  };
}

/** The size IAM counts for a policy: its JSON without whitespace. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/**
 * Splits actions into as few policy documents as fit under the managed-policy limit, packing them in sorted order
 * so that the split, and so the Terraform plan, only changes where the list itself changes.
 */
export function splitIntoManagedPolicies(
  actions: readonly string[],
  sid: string,
  maxChars: number = MANAGED_POLICY_MAX_CHARS,
): PolicyDocument[] {
  const sorted = [...new Set(actions)].sort();
  const overhead = policySize(allowActionsPolicy([], sid));
  const documents: PolicyDocument[] = [];
  let current: string[] = [];
  let size = overhead;
  for (const action of sorted) {
    const quoted = JSON.stringify(action).length;
    if (overhead + quoted > maxChars) {
      throw new Error(`IAM action "${action}" alone does not fit in a managed policy of ${maxChars} characters`);
    }
    // Each action costs its quoted text, plus a separating comma after the first one of a document.
    if (current.length > 0 && size + 1 + quoted > maxChars) {
      documents.push(allowActionsPolicy(current, sid));
      current = [];
      size = overhead;
    }
    size += quoted + (current.length > 0 ? 1 : 0);
    current.push(action);
  }
  if (current.length > 0) documents.push(allowActionsPolicy(current, sid));
  return documents;
}
