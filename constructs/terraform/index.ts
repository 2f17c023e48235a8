export { escapeTerraformStrings, escapeTerraformTemplate } from './escape';
export { requiredTerraformVersion, TERRAFORM_VERSION_FLOOR } from './required-version';
export { findSecretIn } from './secrets';
export { findSynthesizedSecrets, finishStack, finishStacks, FinishStacks, formatSynthesizedSecret, SynthesizedSecretError } from './finish';
export type { SynthesizedSecret } from './finish';
export { stackRelativePathProblem, writeFilesAtSynth } from './synth-files';
export { aspectsOf, guardSingleCdktf, houndstackCdktfRoot, otherCdktfCopy, secondCdktfCopyMessage } from './single-cdktf';
