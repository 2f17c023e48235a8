import { Annotations, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { guardSingleCdktf } from '../terraform/single-cdktf';

/**
 * Synth-time policy rules in the style of cdk-nag v2: each rule has an ID, a level, a one-line cause and an
 * explanation; a finding becomes an Annotation on the offending construct (an `error` fails `cdktf synth`);
 * a suppression needs a reason and covers the construct it is added to and everything below it.
 */
export type ResourceRuleLevel = 'error' | 'warning' | 'info';

/** What a rule says about one construct. */
export type ResourceRuleResult =
  /** The rule does not look at this kind of construct, or the construct is out of its scope. */
  | { readonly applies: false }
  /** `problems` empty: compliant; otherwise one line per problem, naming the attribute and its value. */
  | { readonly applies: true; readonly problems: readonly string[] };

export interface ResourceRule {
  /** Stable identifier used in messages and suppressions, e.g. `HS-IMDS-1`. */
  readonly id: string;
  readonly level: ResourceRuleLevel;
  /** One line: what is wrong. */
  readonly cause: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** Pure: looks at the construct (and its resolved Terraform config), never changes it. */
  evaluate(node: IConstruct): ResourceRuleResult;
}

/** A resource's Terraform attributes as they will be synthesized (overrides applied, tokens resolved). */
export function resolvedAttributes(resource: TerraformResource): Record<string, unknown> {
  const tf = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const byType = tf.resource?.[resource.terraformResourceType] ?? {};
  const attributes = Object.values(byType)[0] ?? {};
  return Tokenization.resolve(attributes, {
    scope: TerraformStack.of(resource),
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as Record<string, unknown>;
}

/**
 * Suppressions live on the construct under `Symbol.for('houndstack.ruleSuppressions')`, the storage the monitor rules
 * (branch `monitors`, constructs/rules/suppressions.ts) use too: a suppression made with either API is seen by both.
 */
const SUPPRESSIONS = Symbol.for('houndstack.ruleSuppressions');
const MIN_REASON_LENGTH = 10;

export interface ResourceRuleSuppression {
  /** The rule's ID. */
  readonly id: string;
  /** Why this is acceptable here; at least 10 characters, for the reviewer. */
  readonly reason: string;
}

type WithSuppressions = IConstruct & { [SUPPRESSIONS]?: ResourceRuleSuppression[] };

/** Suppresses rules on `scope` and every construct below it. Throws if a reason is missing or too short. */
export function suppressResourceRules(scope: IConstruct, suppressions: readonly ResourceRuleSuppression[]): void {
  for (const s of suppressions) {
    if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(
        `${scope.node.path}: suppression of ${s.id} needs a reason of at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(s.reason)}`,
      );
    }
  }
  const target = scope as WithSuppressions;
  target[SUPPRESSIONS] = [...(target[SUPPRESSIONS] ?? []), ...suppressions.map((s) => ({ id: s.id, reason: s.reason.trim() }))];
}

/** The nearest suppression of `id` on `node` or an ancestor; one without a reason does not count. */
function findSuppression(node: IConstruct, id: string): ResourceRuleSuppression | undefined {
  for (const scope of [...node.node.scopes].reverse()) {
    const found = ((scope as WithSuppressions)[SUPPRESSIONS] ?? []).find(
      (s) => s.id === id && typeof s.reason === 'string' && s.reason.trim() !== '',
    );
    if (found) return found;
  }
  return undefined;
}

export interface ResourceRuleChecksProps {
  readonly rules: readonly ResourceRule[];
  /**
   * Per-rule level overrides, by rule ID (e.g. make a warning an error in production accounts).
   * @default - each rule's own level
   */
  readonly levels?: Readonly<Record<string, ResourceRuleLevel>>;
}

/** The Aspect that runs rules over a construct tree: `Aspects.of(stack).add(new ResourceRuleChecks({ rules: [...] }))`. */
export class ResourceRuleChecks implements IAspect {
  private readonly rules: readonly ResourceRule[];
  private readonly levels: Readonly<Record<string, ResourceRuleLevel>>;

  constructor(props: ResourceRuleChecksProps) {
    this.rules = props.rules;
    this.levels = props.levels ?? {};
  }

  visit(node: IConstruct): void {
    guardSingleCdktf(node);
    for (const rule of this.rules) {
      const result = rule.evaluate(node);
      if (!result.applies || result.problems.length === 0) continue;
      const detail = result.problems.join('; ');
      const suppression = findSuppression(node, rule.id);
      if (suppression) {
        Annotations.of(node).addInfo(`[${rule.id}] suppressed (${suppression.reason}): ${detail}`);
        continue;
      }
      const message = `[${rule.id}] ${rule.cause} ${detail}. ${rule.explanation}`;
      const level = this.levels[rule.id] ?? rule.level;
      if (level === 'error') Annotations.of(node).addError(message);
      else if (level === 'warning') Annotations.of(node).addWarning(message);
      else Annotations.of(node).addInfo(message);
    }
  }
}
