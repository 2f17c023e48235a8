import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { PostgresCheck } from '../../postgres-check';
import { validateForDelivery } from '../delivery-validation';
import { stackRelativePathProblem, writeFilesAtSynth } from '../../terraform/synth-files';

/**
 * The check as a plain file for configuration-management tools (Ansible, Chef, Puppet, Salt): written at synth next to
 * the stack's `cdk.tf.json`, at `cdktf.out/stacks/<stack>/<relativePath>`, the way `TerraformAsset` writes its files;
 * nothing is added to the Terraform config (there is no `local_file` provider here, and a file is not cloud state).
 * The tool copies it to `/etc/datadog-agent/conf.d/postgres.d/conf.yaml`. `content` holds the same text for tools that
 * take it from code.
 *
 * The file can only hold what is known at synth: a check with unresolved references (an RDS endpoint attribute, a
 * variable) is refused — use the SSM parameter delivery for those.
 */
export interface PostgresCheckFileProps {
  readonly check: PostgresCheck;
  /**
   * Path of the file inside the stack's output directory.
   * @default `postgres/<check id>/conf.yaml`
   */
  readonly relativePath?: string;
}

export class PostgresCheckFile extends Construct {
  /** The file's text: the check's YAML. */
  readonly content: string;
  /** Path inside the stack's output directory. */
  readonly relativePath: string;

  constructor(scope: Construct, id: string, props: PostgresCheckFileProps) {
    super(scope, id);
    const problems: string[] = [];
    this.relativePath = props.relativePath ?? `postgres/${props.check.node.id}/conf.yaml`;
    if (stackRelativePathProblem(this.relativePath)) {
      problems.push(`relativePath ${JSON.stringify(this.relativePath)} is invalid; allowed: a relative path inside the stack's output directory`);
    }
    this.content = props.check.toYaml();
    if (Token.isUnresolved(this.content)) {
      problems.push("the check holds references known only at apply time (e.g. a resource attribute); a file written at synth cannot; use PostgresCheckParameter");
    }
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });
    validateForDelivery(this, props.check, 'file');

    writeFilesAtSynth(this, () => ({ [this.relativePath]: this.content }), () => problems.length > 0);
  }
}
