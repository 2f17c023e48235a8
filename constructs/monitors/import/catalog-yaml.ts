/**
 * A fast read of a catalog file's YAML into plain data, with the same values as the `yaml` package's
 * `parseDocument(text).toJS()` (YAML 1.2 core schema): `yaml` builds a concrete syntax tree and a Document of every
 * node, which keeps comments for re-import but costs ~1.7 s for an 11,000-entry catalog (7 MB); js-yaml reads the
 * same file in ~0.25 s. Used only where plain values are wanted (synth); re-import keeps using `yaml`'s Document.
 *
 * `undefined` means "use `yaml`": the text uses what this reader does not mirror exactly (anchors and aliases, whose
 * expansion `yaml` bounds; `%YAML`/`%TAG` directives, which change the schema), or js-yaml refused it, so that every
 * problem is reported as `yaml` reports it.
 */
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

// The YAML 1.2 core schema's implicit scalars, with the `yaml` package's own patterns (yaml/dist/schema/core).
const scalar = (tag: string, test: RegExp, construct: (s: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve: (s: string | null) => test.test(s ?? ''), construct: (s: string | null) => construct(s ?? '') });

const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
    scalar('int', /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (s) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10))),
    scalar('float', /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) =>
      /nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s[0] === '-' ? -Infinity : Infinity) : parseFloat(s)),
  ],
});

const DIRECTIVE = /^%/m;

/** The plain value of a YAML text as `yaml` would read it, or undefined when `yaml` must read it (see above). */
export function fastYamlValue(text: string): unknown {
  if (DIRECTIVE.test(text)) return undefined;
  // js-yaml's loader state, to see whether the text defined anchors (an alias needs one: js-yaml refuses any other).
  let state: { anchorMap?: Record<string, unknown> } | undefined;
  let value: unknown;
  try {
    // `json: false`: a duplicate key is an error (as `uniqueKeys: true`), and then `yaml` reports it.
    value = load(text, { schema: CORE_SCHEMA, json: false, listener: (_event, s) => { state ??= s as unknown as { anchorMap?: Record<string, unknown> }; } });
  } catch {
    return undefined;
  }
  return state?.anchorMap && Object.keys(state.anchorMap).length > 0 ? undefined : value;
}
