import { TerraformStack } from 'cdktf';
import type { App } from 'cdktf';
// cdktf's own aspect runner (what app.synth() and Testing.synth call first); not re-exported by the package index.
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { formatSynthesizedSecret, SynthesizedSecretError } from '../constructs/terraform/finish';
import { redactSecrets } from '../constructs/terraform/secrets';

/**
 * Everything `app.synth()` checks, without writing anything, and with every problem of every stack at once (cdktf
 * throws at the first stack, with a stack trace and its `skipValidation` hint). `houndstack accounts check` and
 * `npm run synth` both use it, so they report the same problems in the same words.
 */

/** One problem: the stack (the account's alias), the construct path inside it, what is wrong. */
export interface SynthProblem {
  readonly stack: string;
  readonly path: string;
  readonly message: string;
}

/** `stack payments-prod: monitors/web-latency-checkout-prod/…: HS-MON-3: name "…" is also used by …` */
export function formatSynthProblem(p: SynthProblem): string {
  // A rule that quotes a monitor's name or a path may quote a pasted key: never printed.
  return redactSecrets(`stack ${p.stack}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
}

const ERROR_ANNOTATION = '@cdktf/error';

export interface CheckAppOptions {
  /**
   * Also resolve each stack to its Terraform JSON (as synth does before writing) and check that, for literal
   * credentials. Synth does this itself while writing; `accounts check` asks for it.
   * @default false
   */
  readonly resolve?: boolean;
}

/** Runs the stacks' aspects and validations, collects error annotations; returns the problems in stack order. */
export function checkApp(app: App, options: CheckAppOptions = {}): SynthProblem[] {
  const problems: SynthProblem[] = [];
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const stack of stacks) {
    invokeAspects(stack);
    const relative = (path: string) => (path.startsWith(`${stack.node.path}/`) ? path.slice(stack.node.path.length + 1) : path === stack.node.path ? '' : path);
    for (const node of stack.node.findAll()) {
      for (const message of node.node.validate()) problems.push({ stack: stack.node.id, path: relative(node.node.path), message });
      for (const entry of node.node.metadata) {
        if (entry.type === ERROR_ANNOTATION) problems.push({ stack: stack.node.id, path: relative(node.node.path), message: String(entry.data) });
      }
    }
  }
  if (options.resolve && problems.length === 0) {
    for (const stack of stacks) {
      try {
        stack.toTerraform();
      } catch (error) {
        if (!(error instanceof SynthesizedSecretError)) throw error;
        for (const secret of error.secrets) problems.push({ stack: secret.stack, path: '', message: formatSynthesizedSecret(secret).replace(/^stack \S+: /, '') });
      }
    }
  }
  return dedupeNameClashes(problems);
}

/**
 * A name clash is reported by HS-MON-3 on each monitor that has the name (so that each stack alone fails too); in one
 * report of the whole app it is one line: the first monitor's, which names all the others.
 */
function dedupeNameClashes(problems: SynthProblem[]): SynthProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const clash = /^HS-MON-3: name (".*?") is also used by /.exec(p.message);
    if (!clash) return true;
    if (seen.has(clash[1]!)) return false;
    seen.add(clash[1]!);
    return true;
  });
}
