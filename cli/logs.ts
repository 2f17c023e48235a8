import { Command, Option } from 'commander';
import { guard, problemsFound, readTextFile, unusable, valueOrThrow, withExitCodes } from './input';
import { nginxLatencyProblems, nginxLogFormat, type HeaderTimeUnit, type NginxLatencyOptions } from '../constructs/logs/nginx-latency-model';
import { previewNginxLatency, type NginxLatencyPreview } from '../constructs/logs/preview';

interface Flags {
  service: string;
  env: string;
  serviceTimeHeader?: string;
  serviceTimeUnit?: HeaderTimeUnit;
  queueTimeHeader?: string;
  queueTimeUnit?: HeaderTimeUnit;
  queuedThresholdMs?: string;
  accessLog?: string;
  json?: boolean;
}

const UNITS = ['seconds', 'milliseconds', 'microseconds'];

/** The nginx options the flags name (the same as webLatency's `nginx:` in the accounts file). */
function withOptions(command: Command): Command {
  return command
    .requiredOption('--service <name>', "the application's service (Datadog service)")
    .requiredOption('--env <env>', 'its environment (the env tag)')
    .option('--service-time-header <header>', "response header with the application's service time (default X-Runtime)")
    .addOption(new Option('--service-time-unit <unit>', 'unit of that header (default seconds)').choices(UNITS))
    .option('--queue-time-header <header>', 'response header with the queue time the application measured from X-Request-Start')
    .addOption(new Option('--queue-time-unit <unit>', 'unit of that header (default seconds)').choices(UNITS))
    .option('--queued-threshold-ms <ms>', 'a request counts as queued above this delay (default 100)')
    .option('--access-log <path>', 'path of the JSON access log (default /var/log/nginx/<service>.json.log)');
}

/** Options from flags, or the problems (one line each, naming the flag). */
function optionsFrom(flags: Flags): { options: NginxLatencyOptions; problems: string[] } {
  const problems: string[] = [];
  const threshold = flags.queuedThresholdMs === undefined ? undefined : Number(flags.queuedThresholdMs);
  if (threshold !== undefined && !Number.isFinite(threshold)) problems.push(`--queued-threshold-ms: ${JSON.stringify(flags.queuedThresholdMs)} is not a number of milliseconds`);
  const options: NginxLatencyOptions = {
    service: flags.service,
    env: flags.env,
    ...(flags.serviceTimeHeader !== undefined ? { serviceTimeHeader: flags.serviceTimeHeader } : {}),
    ...(flags.serviceTimeUnit !== undefined ? { serviceTimeUnit: flags.serviceTimeUnit } : {}),
    ...(flags.queueTimeHeader !== undefined ? { queueTimeHeader: flags.queueTimeHeader } : {}),
    ...(flags.queueTimeUnit !== undefined ? { queueTimeUnit: flags.queueTimeUnit } : {}),
    ...(threshold !== undefined && Number.isFinite(threshold) ? { queuedThresholdMilliseconds: threshold } : {}),
    ...(flags.accessLog !== undefined ? { accessLogPath: flags.accessLog } : {}),
  };
  const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('-milliseconds', '-ms').replace('access-log-path', 'access-log')}`;
  for (const p of nginxLatencyProblems(options)) problems.push(`${flag(p.field)}: ${p.message}`);
  return { options, problems };
}

/** The options; or, when a flag is unusable, one line per problem on stderr (exit code 2) and undefined. */
function usableOptions(flags: Flags): NginxLatencyOptions | undefined {
  const { options, problems } = optionsFrom(flags);
  problems.forEach(unusable);
  return problems.length > 0 ? undefined : options;
}

const seconds = (v: number) => `${v.toFixed(3)} s`;

/** The preview as lines of text. */
export function formatPreview(file: string, p: NginxLatencyPreview): string[] {
  const out = p.problems.map((x) => `error: ${file}:${x.line}: ${x.message}`);
  out.push(`${file}: ${p.lines} lines, ${p.measured} with a queueing delay (proxied, with the service-time header)`);
  if (p.serviceTime) out.push(`service time:   p50 ${seconds(p.serviceTime.p50)}, p95 ${seconds(p.serviceTime.p95)}, max ${seconds(p.serviceTime.max)}`);
  if (p.queueingDelay) out.push(`queueing delay: p50 ${seconds(p.queueingDelay.p50)}, p95 ${seconds(p.queueingDelay.p95)}, max ${seconds(p.queueingDelay.max)}`);
  if (p.measured > 0) out.push(`queued over ${p.queuedThresholdMilliseconds} ms: ${p.queued} of ${p.measured} (${((100 * p.queued) / p.measured).toFixed(1)}%)`);
  return out;
}

/** `houndstack logs`: nginx JSON access logs → service time and queueing delay. */
export function logsCommand(): Command {
  const logs = new Command('logs').description("nginx JSON access logs: the log_format houndstack generates, and what its Datadog pipeline computes");
  const snippet = withExitCodes(new Command('nginx-snippet'));
  logs.addCommand(snippet);
  withOptions(snippet)
    .summary('print the nginx log_format, access_log and proxy_set_header lines')
    .description([
      'Print the nginx snippet houndstack also writes at synth (cdktf.out/stacks/<stack>/nginx/<service>-<env>.conf):',
      'the JSON log_format, the access_log line and the X-Request-Start / X-Request-ID headers, for any config management.',
      '--agent prints the Datadog Agent log collection for the file instead.',
      'Exit code 2 if an option is unusable (one line on stderr).',
    ].join('\n'))
    .option('--agent', "print the Agent's log collection (conf.d/nginx.d/<service>.yaml) instead")
    .action((flags: Flags & { agent?: boolean }) => guard(() => {
      const options = usableOptions(flags);
      if (!options) return;
      const format = nginxLogFormat(options);
      process.stdout.write(flags.agent ? format.agentLogsConfig : format.snippet);
    }));
  const preview = withExitCodes(new Command('preview'));
  logs.addCommand(preview);
  withOptions(preview)
    .summary('what the latency pipeline computes from an nginx access log')
    .description([
      'Apply the Datadog pipeline houndstack deploys (the same model) to an nginx JSON access log written with its',
      'log_format, and print the service time and queueing delay percentiles and the share of requests that queued.',
      'Prints "error: <file>:<line>: ..." for lines that are not JSON. Exit code 1 if any line is not JSON, 2 if the',
      'file cannot be read or an option is unusable.',
    ].join('\n'))
    .argument('<file>', 'the access log; "-" for stdin')
    .option('--json', 'print one JSON object: lines, problems, measured, serviceTime, queueingDelay (seconds), queued')
    .action((file: string, flags: Flags) => guard(() => {
      const options = usableOptions(flags);
      if (!options) return;
      const text = valueOrThrow(readTextFile(file));
      const result = previewNginxLatency(text, options);
      const lines = flags.json ? [JSON.stringify(result)] : formatPreview(file, result);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (result.problems.length > 0) problemsFound();
    }));
  return logs;
}
