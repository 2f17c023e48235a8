import { Construct } from 'constructs';
import { formatProblem, PostgresCheck, PostgresDelivery, validatePostgresCheck } from '../postgres-check';

const registered = new WeakMap<Construct, Set<string>>();

/**
 * Adds to `scope` a validation with the problems the check has only because of this delivery (template variables it
 * cannot resolve); the check's own problems are reported once, by the check.
 */
export function validateForDelivery(scope: Construct, check: PostgresCheck, delivery: PostgresDelivery): void {
  const seen = registered.get(scope) ?? new Set<string>();
  registered.set(scope, seen);
  const key = `${check.node.path}|${delivery}`;
  if (seen.has(key)) return; // labels or values asked for twice: report once
  seen.add(key);
  scope.node.addValidation({
    validate: () => {
      const own = new Set(validatePostgresCheck(check.config, { delivery: check.delivery }).map(formatProblem));
      return validatePostgresCheck(check.config, { delivery })
        .map(formatProblem)
        .filter((p) => !own.has(p))
        .map((p) => `${scope.node.path}: ${scope === check ? '' : `${check.node.path} `}delivered as ${delivery}: ${p}`);
    },
  });
}
