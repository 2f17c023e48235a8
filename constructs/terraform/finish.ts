import { type IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { requiredTerraformVersion } from './required-version';
import { findSecretIn, redactSecrets, SECRET_KEY_NAME } from './secrets';
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

/**
 * Every string of a stack's JSON that holds a credential; the `//` metadata cdktf writes is not configuration. The
 * path is kept as a stack of keys and joined only for a finding: the walk allocates nothing per string.
 */
export function findSynthesizedSecrets(stack: string, tf: Record<string, unknown>): SynthesizedSecret[] {
  // Nearly every stack holds nothing of the kind: one pass over its JSON text says so, far faster than a call per
  // string. Every credential is a run of 20+ letters and digits, in the text as in the string, so this never misses
  // what the walk below would find.
  const text = JSON.stringify(tf);
  if (!hasLongAlnumRun(text, 20) && !SECRET_KEY_IN_JSON.test(text)) return [];
  const found: SynthesizedSecret[] = [];
  const path: (string | number)[] = [];
  const report = (what: string) => {
    // Blocks are named by 3 keys under resource/data/terraform (`resource.<type>.<name>`), 2 elsewhere (`output.<name>`).
    const depth = path[0] === 'resource' || path[0] === 'data' || path[0] === 'terraform' ? 3 : 2;
    const block = path.slice(0, depth).join('.');
    const attribute = path.slice(depth).reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`), '');
    // Addresses can hold the key too (a resource named after a value): redacted, never printed.
    found.push({ stack: redactSecrets(stack), block: redactSecrets(block), attribute: redactSecrets(attribute), what });
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length >= 20) {
        const what = findSecretIn(value);
        if (what) report(what);
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (key === '//') continue;
        const item = (value as Record<string, unknown>)[key];
        path.push(key);
        if (typeof item === 'string' && item !== '' && SECRET_KEY_NAME.test(key) && !item.startsWith('${')) report(`a literal ${key}`);
        else visit(item);
        path.pop();
      }
    }
  };
  visit(tf);
  return found;
}

const SECRET_KEY_IN_JSON = /"(?:(?:dd_?)?(?:api|app|application)[_-]?key|password|secret|token|secret_?access_?key|aws_secret_access_key)":/i;

/** Whether `text` has `length` letters or digits in a row (a char loop: a regex with {20} is several times slower). */
function hasLongAlnumRun(text: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (++run >= length) return true;
    } else run = 0;
  }
  return false;
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
