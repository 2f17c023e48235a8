import { dirname, join } from 'node:path';
import * as cdktf from 'cdktf';
import { Aspects, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * One copy of cdktf per app. cdktf recognises its own objects across copies (`Symbol.for` brands, a global token map)
 * except for Aspects: `Aspects.of(scope)` keeps them under a symbol private to each copy, so an aspect added through
 * houndstack's copy is never run by the app's synth, and the rules would pass silently. So houndstack adds its aspects
 * through the copy that made the stack, and fails synth with one message when it finds a second copy.
 */

const RTTI = Symbol.for('jsii.rtti');

type Klass = abstract new (...args: never[]) => unknown;

/** The nearest class on `x`'s prototype chain that jsii tags as one of cdktf's own (`cdktf.TerraformStack`, `cdktf.App`). */
function cdktfClassOf(x: object): Klass | undefined {
  for (let proto = Object.getPrototypeOf(x) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || !Object.prototype.hasOwnProperty.call(ctor, RTTI)) continue;
    const fqn = (ctor as unknown as Record<symbol, { fqn?: unknown } | undefined>)[RTTI]?.fqn;
    if (typeof fqn === 'string' && fqn.startsWith('cdktf.')) return ctor as Klass;
  }
  return undefined;
}

/** The folder of the cdktf package that defines `klass`, from the module that exports it. */
function packageRootOf(klass: Klass): string | undefined {
  for (const m of Object.values(require.cache)) {
    const exported = m?.exports as Record<string, unknown> | undefined;
    if (exported && typeof exported === 'object' && Object.values(exported).includes(klass)) {
      return dirname(dirname(m!.filename)); // <root>/lib/<module>.js
    }
  }
  return undefined;
}

/** The folder of the cdktf package houndstack itself loads. */
export function houndstackCdktfRoot(): string {
  return dirname(dirname(require.resolve('cdktf')));
}

/**
 * The folder of the other cdktf copy `construct` (a stack or an app) was made with, or `undefined` when it is made
 * with houndstack's own copy (or with no cdktf class at all).
 */
export function otherCdktfCopy(construct: IConstruct): { readonly root: string } | undefined {
  const klass = cdktfClassOf(construct);
  if (!klass || (cdktf as Record<string, unknown>)[klass.name] === klass) return undefined;
  return { root: packageRootOf(klass) ?? 'another copy (not found among loaded modules)' };
}

/**
 * `Aspects.of(scope)` of the cdktf copy whose synth will visit `scope`: that of the stack's (or app's) own copy.
 * Aspects added here run however many copies of cdktf the app has.
 */
export function aspectsOf(scope: IConstruct): Aspects {
  const other = otherCdktfCopy(scope);
  if (other) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app's copy of cdktf, by its path
      const theirs = require(join(other.root, 'lib', 'index.js')) as { Aspects?: typeof Aspects };
      if (theirs.Aspects) return theirs.Aspects.of(scope);
    } catch {
      // not loadable by path: the guard's message says what to fix
    }
  }
  return Aspects.of(scope);
}

/** The message of a synth that found two copies of cdktf. */
export function secondCdktfCopyMessage(theirs: string): string {
  return (
    `houndstack: two copies of cdktf are loaded: this stack is made with ${theirs}, houndstack uses ` +
    `${houndstackCdktfRoot()}. Aspects added through one copy are never run by the other, so policy rules would ` +
    'silently not run. cdktf (like constructs and the @cdktf/provider-* packages) is a peer dependency of houndstack: ' +
    'the app must hold the only copy. Run `npm ls cdktf` to see both; `npm dedupe` merges them, and a local checkout ' +
    'installed by path needs `npm install --install-links <path>` (a plain file: link loads cdktf from the ' +
    "checkout's own node_modules)."
  );
}

const GUARDED = new WeakSet<object>();

/**
 * Fails synth of `scope`'s stack (a validation, run by `app.synth()` and `Testing.synth(stack, true)`) when that
 * stack is made with another copy of cdktf than houndstack's. Once per stack; cheap to call from every construct.
 */
export function guardSingleCdktf(scope: IConstruct): void {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return; // not in a stack (yet): cdktf reports that itself
  }
  if (GUARDED.has(stack)) return;
  GUARDED.add(stack);
  const other = otherCdktfCopy(stack);
  if (other) stack.node.addValidation({ validate: () => [secondCdktfCopyMessage(other.root)] });
}
