/**
 * Credentials that must never be literals: Datadog API keys (32 hex), application keys (40 hex), AWS access key IDs
 * (AKIA/ASIA + 16). Found anywhere in a string (`ddapikey:<key>`, a sentence, a URL's query), not only as the whole
 * value. Pure: the accounts-file check and the synthesized-stack check (./finish) share it.
 *
 * False positives, chosen: a hex run counts only when it is exactly 32 or 40 long between non-alphanumerics (so
 * sha256 digests, 64, and UUIDs, dashed, never match), holds both a digit and a letter a–f (so long numbers do not),
 * and does not follow `/`, `:sha1:`-style prefixes or `=` of an `etag`/`md5`/`sha1`/`commit` name (git commit IDs in
 * URL paths such as `/blob/<sha1>/`, checksums). Terraform references (`${…}`) are not literals and are skipped.
 */

// One pass over the string: an AWS access key ID, or a 32/40-character hex run, between non-alphanumerics.
const CANDIDATE = /(?<![0-9A-Za-z])(?:(?:AKIA|ASIA)[0-9A-Z]{16}|[0-9a-fA-F]{32}(?:[0-9a-fA-F]{8})?)(?![0-9A-Za-z])/g;

/** What a string holds that looks like a credential, or undefined. Never returns the credential itself. */
export function findSecretIn(value: string): string | undefined {
  if (value.length < 20) return undefined;
  const text = value.includes('${') ? value.replace(/\$\{[^}]*\}/g, ' ') : value;
  for (const m of text.matchAll(CANDIDATE)) {
    const run = m[0];
    if (run.startsWith('AKIA') || run.startsWith('ASIA')) {
      if (run.length === 20) return 'an AWS access key ID';
      continue;
    }
    if (!/[0-9]/.test(run) || !/[a-fA-F]/.test(run)) continue;
    if (isChecksumContext(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    return run.length === 32 ? 'a Datadog API key' : 'a Datadog application key';
  }
  return undefined;
}

/** `text` (a resource address, a path) with whatever looks like a credential replaced by `***`: safe to print. */
export function redactSecrets(text: string): string {
  if (text.length < 20) return text;
  return text.replace(CANDIDATE, (run, offset: number) => {
    if (run.startsWith('AKIA') || run.startsWith('ASIA')) return run.length === 20 ? '***' : run;
    if (!/[0-9]/.test(run) || !/[a-fA-F]/.test(run) || isChecksumContext(text.slice(Math.max(0, offset - 12), offset))) return run;
    return '***';
  });
}

/** Text just before a hex run that says it is a digest or a commit, not a key. */
function isChecksumContext(before: string): boolean {
  return /\/$/.test(before) || /(sha1|sha256|md5|etag|commit|digest|hash|rev)[:=@ ]\s*$/i.test(before);
}

/** Key names whose non-empty value is a secret whatever it looks like. */
export const SECRET_KEY_NAME = /^((dd_?)?(api|app|application)[_-]?key|password|secret|token|secret_?access_?key|aws_secret_access_key)$/i;
