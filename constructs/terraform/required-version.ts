/**
 * The Terraform version a synthesized stack needs, from what its JSON uses (FACTS.md): `import` blocks 1.5, `removed`
 * blocks 1.7, S3 `use_lockfile` 1.10; otherwise the floor houndstack is tested with. Derived from the JSON itself, so a
 * stack nobody told about it (a new kind of stack, an `addOverride`) still states what it needs.
 */

/** The oldest Terraform a stack supports when it uses none of the features below: cdktf 0.21's own floor (Terraform 1.2+). */
export const TERRAFORM_VERSION_FLOOR = '1.2.0';

interface Feature {
  readonly version: string;
  readonly why: string;
  readonly uses: (tf: TerraformJson) => boolean;
}

type TerraformJson = Record<string, unknown> & { terraform?: Record<string, unknown> };

const has = (value: unknown) =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && Object.keys(value).length === 0);

const FEATURES: readonly Feature[] = [
  { version: '1.5.0', why: 'import blocks', uses: (tf) => has(tf['import']) },
  { version: '1.7.0', why: 'removed blocks', uses: (tf) => has(tf['removed']) },
  {
    version: '1.10.0',
    why: 'S3 state locking with use_lockfile',
    uses: (tf) => {
      const s3 = (tf.terraform?.['backend'] as Record<string, Record<string, unknown>> | undefined)?.['s3'];
      return s3 !== undefined && s3['use_lockfile'] === true;
    },
  },
];

const parse = (v: string) => v.split('.').map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/** The minimum Terraform version for a stack's JSON, with the features that set it. */
export function requiredTerraformVersion(tf: TerraformJson): { version: string; because: string[] } {
  let version = TERRAFORM_VERSION_FLOOR;
  const because: string[] = [];
  for (const feature of FEATURES) {
    if (!feature.uses(tf)) continue;
    because.push(`${feature.why} (${feature.version})`);
    if (newer(feature.version, version)) version = feature.version;
  }
  return { version, because };
}
