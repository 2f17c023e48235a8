import { z } from 'zod';

/**
 * A pack entry's runbook: a link (`runbookUrl`), a markdown file of steps in the repository (`runbook`), or both.
 * With `runbook`, every paging monitor of the entry gets a runbook dashboard (stacks/runbooks.ts) and its page links
 * to it (`runbookUrl`, if also set, follows as `Runbook docs:`). With neither, a paging monitor fails HS-MON-1.
 */
export function runbookFields(url: z.ZodString) {
  return {
    runbookUrl: url.optional(),
    /** Markdown steps, relative to the accounts file, e.g. runbooks/checkout-latency.md. */
    runbook: z.string().min(1).regex(/\.(md|markdown)$/i, 'must be a markdown file (.md), relative to the accounts file').optional(),
  };
}
