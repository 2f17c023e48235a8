import type { IConstruct } from 'constructs';

/** A rule switched off on a construct and everything under it, with the reason reviewers will read. */
export interface RuleSuppression {
  readonly id: string;
  readonly reason: string;
}

const SUPPRESSIONS = Symbol.for('houndstack.ruleSuppressions');

type WithSuppressions = IConstruct & { [SUPPRESSIONS]?: RuleSuppression[] };

/**
 * Suppress rules on a construct and its children (a monitor, a pack, a stack). Each needs a reason; one without a
 * reason is reported as an error (HS-SUPPRESS) when the rules run.
 */
export function suppressMonitorRules(scope: IConstruct, suppressions: readonly RuleSuppression[]): void {
  const s = scope as WithSuppressions;
  s[SUPPRESSIONS] = [...(s[SUPPRESSIONS] ?? []), ...suppressions];
}

/** Suppress one rule on a construct and its children. */
export function suppressMonitorRule(scope: IConstruct, id: string, reason: string): void {
  suppressMonitorRules(scope, [{ id, reason }]);
}

/** Suppressions made on this construct itself. */
export function ownSuppressions(scope: IConstruct): readonly RuleSuppression[] {
  return (scope as WithSuppressions)[SUPPRESSIONS] ?? [];
}

/** The suppression of a rule that applies to a construct (on it or an ancestor), if any, nearest first. */
export function findSuppression(scope: IConstruct, id: string): RuleSuppression | undefined {
  for (const c of [...scope.node.scopes].reverse()) {
    const found = ownSuppressions(c).find((s) => s.id === id);
    if (found) return found;
  }
  return undefined;
}
