import { z } from 'zod';
// Pure models (no cdktf): the accounts file check stays light.
import { nginxLatencyProblems } from '../constructs/logs/nginx-latency-model';

/*
 * `webLatency[]` entries of an account's `monitors:`, the `source` field and the `nginx:` options of the nginx-logs
 * source (WebLatencyPack's `source` and `nginx` props, same names). monitors-schema.ts spreads `webLatencySourceFields`
 * into its entry schema and runs `checkWebLatencySource` on it.
 */

const headerUnit = z.enum(['seconds', 'milliseconds', 'microseconds']);

const nginxOptionsSchema = z.strictObject({
  /** Response header with the application's service time; Rails' X-Runtime by default. */
  serviceTimeHeader: z.string().min(1).optional(),
  serviceTimeUnit: headerUnit.optional(),
  /** Response header with the queue time the application measured from X-Request-Start. */
  queueTimeHeader: z.string().min(1).optional(),
  queueTimeUnit: headerUnit.optional(),
  serviceTimeAttribute: z.string().min(1).optional(),
  queueingDelayAttribute: z.string().min(1).optional(),
  metricPrefix: z.string().min(1).optional(),
  filterQuery: z.string().optional(),
  queuedThresholdMilliseconds: z.number().positive().optional(),
  queuedShareCritical: z.number().gt(0).lt(1).optional(),
  queuedShareWarning: z.number().gt(0).lt(1).optional(),
  logFormatName: z.string().min(1).optional(),
  accessLogPath: z.string().min(1).optional(),
  /** Where the nginx snippet is written, inside cdktf.out/stacks/<alias>/. */
  snippetPath: z.string().min(1).optional(),
});

export const webLatencySourceFields = {
  /** apm (traces, the default) or nginx-logs (nginx's JSON access logs). */
  source: z.enum(['apm', 'nginx-logs']).optional(),
  nginx: nginxOptionsSchema.optional(),
};

interface Entry {
  service: string;
  env: string;
  source?: 'apm' | 'nginx-logs' | undefined;
  nginx?: z.output<typeof nginxOptionsSchema> | undefined;
  frontService?: string | undefined;
  appOperation?: string | undefined;
  frontOperation?: string | undefined;
}

/** Options of the other source are refused, not ignored; nginx options are checked as the construct checks them. */
export function checkWebLatencySource(entry: Entry, ctx: z.RefinementCtx): void {
  if ((entry.source ?? 'apm') === 'apm') {
    if (entry.nginx) ctx.addIssue({ code: 'custom', path: ['nginx'], message: 'options of the nginx-logs source; add source: nginx-logs or remove them' });
    return;
  }
  for (const key of ['frontService', 'appOperation', 'frontOperation'] as const) {
    if (entry[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'an APM option; with source nginx-logs there are no spans' });
  }
  // The pack's own options (shares, snippetPath) are not the model's; the model ignores them.
  const snippetPath = entry.nginx?.snippetPath;
  for (const p of nginxLatencyProblems({ ...entry.nginx, service: entry.service, env: entry.env })) {
    ctx.addIssue({ code: 'custom', path: ['nginx', p.field], message: p.message });
  }
  if (snippetPath !== undefined && (snippetPath.startsWith('/') || snippetPath.split('/').includes('..'))) {
    ctx.addIssue({ code: 'custom', path: ['nginx', 'snippetPath'], message: `${JSON.stringify(snippetPath)} is not inside the stack's output directory; allowed: a relative path such as nginx/web.conf` });
  }
}
