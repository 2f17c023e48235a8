import { type IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { requiredTerraformVersion } from './required-version';
import { findSecretIn, SECRET_KEY_NAME } from './secrets';
import { aspectsOf, guardSingleCdktf } from './single-cdktf';

/*
 * The last step of every stack's synthesis: on the JSON cdktf resolved (and catalogs spliced in), state the Terraform
 * version it needs and refuse literal credentials. It wraps the stack's `toTerraform` — the method `app.synth()`,
 * `Testing.synth` and `Testing.fullSynth` call — from an Aspect, so it runs after every other wrap (catalog splices
 * are registered at construction) and sees the JSON exactly as it is written.
 */

/** One literal credential in a synthesized stack: where it is, never what it is. */
export interface SynthesizedSecret {
  readonly stack: string;
  /** `resource.datadog_monitor.x` or `locals`, `output.y`, `terraform.backend.s3`… */
  readonly block: string;
  /** The attribute path inside the block: `message`, `tags[2]`, `auth_config.aws_auth_config_role.role_name`. */
  readonly attribute: string;
  readonly what: string;
}

/** Literal credentials were found in a synthesized stack: nothing was written. */
export class SynthesizedSecretError extends Error {
  constructor(public readonly secrets: readonly SynthesizedSecret[]) {
    super(secrets.map(formatSynthesizedSecret).join('\n'));
    this.name = 'SynthesizedSecretError';
  }
}

export function formatSynthesizedSecret(s: SynthesizedSecret): string {
  return (
    `stack ${s.stack}: ${s.block}.${s.attribute}: this value holds what looks like ${s.what}; ` +
    'credentials never go into Terraform JSON (use a sensitive variable, Secrets Manager or SSM, or the provider\'s environment)'
  );
}

/** Every string of a stack's JSON that holds a credential; the `//` metadata cdktf writes is not configuration. */
export function findSynthesizedSecrets(stack: string, tf: Record<string, unknown>): SynthesizedSecret[] {
  const found: SynthesizedSecret[] = [];
  const visit = (value: unknown, block: string, attribute: string, depth: number): void => {
    if (typeof value === 'string') {
      const what = findSecretIn(value);
      if (what) found.push({ stack, block, attribute, what });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, block, `${attribute}[${i}]`, depth));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === '//') continue;
        // Blocks are named to depth 2 (`resource.<type>.<name>`, `output.<name>`); attributes below.
        if (depth < blockDepth(block)) visit(item, block === '' ? key : `${block}.${key}`, attribute, depth + 1);
        else {
          const at = attribute === '' ? key : `${attribute}.${key}`;
          if (SECRET_KEY_NAME.test(key) && typeof item === 'string' && item !== '' && !item.startsWith('${')) {
            found.push({ stack, block, attribute: at, what: `a literal ${key}` });
          } else visit(item, block, at, depth + 1);
        }
      }
    }
  };
  visit(tf, '', '', 0);
  return found;
}

/** How many keys name a block: `resource.<type>.<name>`, `data.<type>.<name>` 3; `output.<name>`, `provider.<type>` 2. */
function blockDepth(block: string): number {
  const top = block.split('.')[0];
  return top === 'resource' || top === 'data' || top === 'terraform' ? 3 : 2;
}

const FINISHED = Symbol.for('houndstack/finished-stack');

/** Wraps one stack's `toTerraform` (once): `terraform.required_version` from its content, then the credential check. */
export function finishStack(stack: TerraformStack): void {
  const s = stack as TerraformStack & { [FINISHED]?: true };
  if (s[FINISHED]) return;
  Object.defineProperty(s, FINISHED, { value: true });
  const inner = stack.toTerraform.bind(stack);
  stack.toTerraform = function toTerraformFinished(): ReturnType<TerraformStack['toTerraform']> {
    const tf = inner() as Record<string, unknown> & { terraform?: Record<string, unknown> };
    const secrets = findSynthesizedSecrets(stack.node.id, tf);
    if (secrets.length > 0) throw new SynthesizedSecretError(secrets);
    const terraform = (tf.terraform ??= {});
    // A version the stack's own code set (addOverride) wins: it knows something we do not.
    if (terraform['required_version'] === undefined) terraform['required_version'] = `>= ${requiredTerraformVersion(tf).version}`;
    return tf;
  };
}

/** The Aspect that finishes every stack below the scope it is added to (an App, or one stack). */
export class FinishStacks implements IAspect {
  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) finishStack(node);
  }
}

/**
 * Finishes every stack under `scope` (an App, or one stack): call it once the stacks are built. cdktf does not pass an
 * App's aspects to its stacks, so the aspect goes on each stack (idempotent).
 */
export function finishStacks(scope: IConstruct): void {
  const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const stack of stacks) guardSingleCdktf(stack);
  for (const stack of stacks.length > 0 ? stacks : [scope]) {
    // Through the stack's own copy of cdktf, whose synth runs it (see single-cdktf.ts).
    const aspects = aspectsOf(stack);
    if (!aspects.all.some((a) => a instanceof FinishStacks)) aspects.add(new FinishStacks());
  }
}
