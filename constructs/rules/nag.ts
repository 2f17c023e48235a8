import { Annotations, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Synth-time policy rules in the style of cdk-nag v2: each rule has an ID, a level, a one-line cause and an
 * explanation; a finding becomes an Annotation on the offending construct (an `error` fails `cdktf synth`);
 * a suppression needs a reason and covers the construct it is added to and everything below it.
 */
export type RuleLevel = 'error' | 'warning' | 'info';

/** What a rule says about one construct. */
export type RuleResult =
  /** The rule does not look at this kind of construct, or the construct is out of its scope. */
  | { readonly applies: false }
  /** `problems` empty: compliant; otherwise one line per problem, naming the attribute and its value. */
  | { readonly applies: true; readonly problems: readonly string[] };

export interface Rule {
  /** Stable identifier used in messages and suppressions, e.g. `KNL-EC2-IMDS-HOP`. */
  readonly id: string;
  readonly level: RuleLevel;
  /** One line: what is wrong. */
  readonly cause: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** Pure: looks at the construct (and its resolved Terraform config), never changes it. */
  evaluate(node: IConstruct): RuleResult;
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

const SUPPRESSIONS = 'kennel:rule-suppressions';
const MIN_REASON_LENGTH = 10;

export interface RuleSuppression {
  /** The rule's ID. */
  readonly id: string;
  /** Why this is acceptable here; at least 10 characters, kept in the construct's metadata for review. */
  readonly reason: string;
}

/** Suppresses rules on `scope` and every construct below it. Throws if a reason is missing or too short. */
export function suppressRules(scope: IConstruct, suppressions: readonly RuleSuppression[]): void {
  for (const s of suppressions) {
    if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(
        `${scope.node.path}: suppression of ${s.id} needs a reason of at least ${MIN_REASON_LENGTH} characters, got ${JSON.stringify(s.reason)}`,
      );
    }
    scope.node.addMetadata(SUPPRESSIONS, { id: s.id, reason: s.reason.trim() });
  }
}

function findSuppression(node: IConstruct, id: string): RuleSuppression | undefined {
  for (const scope of node.node.scopes.slice().reverse()) {
    for (const entry of scope.node.metadata) {
      if (entry.type === SUPPRESSIONS && (entry.data as RuleSuppression).id === id) return entry.data as RuleSuppression;
    }
  }
  return undefined;
}

export interface RuleChecksProps {
  readonly rules: readonly Rule[];
  /**
   * Per-rule level overrides, by rule ID (e.g. make a warning an error in production accounts).
   * @default - each rule's own level
   */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
}

/** The Aspect that runs rules over a construct tree: `Aspects.of(stack).add(new RuleChecks({ rules: [...] }))`. */
export class RuleChecks implements IAspect {
  private readonly rules: readonly Rule[];
  private readonly levels: Readonly<Record<string, RuleLevel>>;

  constructor(props: RuleChecksProps) {
    this.rules = props.rules;
    this.levels = props.levels ?? {};
  }

  visit(node: IConstruct): void {
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
