import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import type { IConstruct } from 'constructs';

/**
 * Plain files written at synth next to a stack's `cdk.tf.json` (`cdktf.out/stacks/<stack>/<relative path>`), the way
 * `TerraformAsset` writes its files: for what configuration management copies to hosts (the Postgres check, the nginx
 * snippet). Nothing is added to the Terraform config.
 */

/** Why `relativePath` cannot be written inside the stack's directory, or undefined when it can. */
export function stackRelativePathProblem(relativePath: string): string | undefined {
  const normalized = path.posix.normalize(relativePath);
  if (path.posix.isAbsolute(relativePath) || normalized.startsWith('..') || normalized === '.') {
    return `${JSON.stringify(relativePath)} is not inside the stack's output directory; allowed: a relative path such as nginx/web.conf`;
  }
  return undefined;
}

/**
 * Writes `files()` (relative path → content) into the stack's output directory at synth; skipped when `skip()` says
 * so (the construct has validation problems, which fail the synth anyway). Paths must pass `stackRelativePathProblem`.
 */
export function writeFilesAtSynth(scope: IConstruct, files: () => Readonly<Record<string, string>>, skip: () => boolean = () => false): void {
  addCustomSynthesis(scope, {
    onSynthesize: (session: ISynthesisSession) => {
      if (skip()) return;
      const stackDir = session.manifest.forStack(TerraformStack.of(scope)).workingDirectory;
      for (const [relativePath, content] of Object.entries(files())) {
        const target = path.join(session.outdir, stackDir, path.posix.normalize(relativePath));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
      }
    },
  });
}
